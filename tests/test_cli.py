"""The command line, run as a user runs it: the installed ``sendreflect`` script."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from tests.commands import run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_frameworks_lists_each_with_its_counts(db: str) -> None:
    out = run("frameworks", db=db).stdout
    assert "national_college:" in out
    assert "5 dimensions, 12 themes, 33 questions, 16 prompts, 7 examples" in out
    assert "sen_leaders:" in out and "8 areas" in out


def test_check_framework_accepts_a_good_file_and_explains_a_bad_one(db: str, tmp_path) -> None:
    good = Path(__file__).parents[1] / "docs" / "example-framework.yaml"
    assert "is valid" in run("check-framework", str(good), db=db).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("kind: discussion", "kind: quiz"))
    result = run("check-framework", str(bad), db=db, check=False)
    assert result.returncode == 1
    assert "bad.yaml" in result.stderr and "'kind'" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_export_import_round_trip(db: str, tmp_path: Path) -> None:
    assert "created" in run("demo", db=db).stdout
    assert "already there" in run("demo", db=db).stdout
    out = tmp_path / "demo.json"
    run("export", "demo", "--format", "json", "--out", str(out), db=db)
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    first = run("import", str(out), db=other).stdout
    assert "6 participant(s) added" in first
    assert "nothing changed" in run("import", str(out), db=other).stdout
    again = tmp_path / "again.json"
    run("export", "DEMO", "--out", str(again), db=other)
    a, b = json.loads(out.read_text()), json.loads(again.read_text())
    for book in (a, b):
        book.pop("exported_at")
    assert a == b
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"demo.{fmt}"
        run("export", "DEMO", "--format", fmt, "--out", str(path), db=db)
        assert path.stat().st_size > 1000
    assert "DEMO25" in run("workshops", db=db).stdout


def test_new_creates_a_workshop_with_a_code(db: str) -> None:
    out = run("new", "--school", "Oak Primary", "--round", "Baseline, 2026", db=db).stdout
    assert "created for Oak Primary" in out
    result = run(
        "new", "--school", "Oak", "--round", "R", "--framework", "nope", db=db, check=False
    )
    assert result.returncode == 1 and "choose from" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "NOPE"), "no workshop with the code"),
        (("import", "/no/such/file.json"), "No such file"),
        (("export", "DEMO", "--out", "/no/such/folder/x.json"), "No such file"),
    ],
)
def test_errors_are_plain_english_with_a_non_zero_exit(db: str, args, message) -> None:
    run("demo", db=db)
    result = run(*args, db=db, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_bad_upload_via_the_cli_leaves_the_store_as_it_was(db: str, tmp_path: Path) -> None:
    run("demo", db=db)
    before = run("workshops", db=db).stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sendreflect-workbook", "version": 1, "workshop": ')
    result = run("import", str(bad), db=db, check=False)
    assert result.returncode == 1 and "cut short" in result.stderr
    assert run("workshops", db=db).stdout == before


def test_keys_shows_and_replaces_each_key_with_a_warning_on_the_store_key(db: str) -> None:
    run("demo", db=db)
    shown = run("keys", db=db).stdout
    assert "Store key:" in shown and "never project it" in shown
    store_key = shown.split("Store key: ", 1)[1].split()[0]
    own = run("keys", "demo", db=db).stdout
    assert "Workshop DEMO" in own and store_key not in own
    rotated = run("keys", "DEMO", "--rotate", db=db).stdout
    assert "new key" in rotated and rotated.split(": ", 1)[1].split()[0] not in own
    again = run("keys", "--rotate", db=db).stdout
    assert "New store key" in again and store_key not in again
    assert store_key not in run("keys", db=db).stdout
    missing = run("keys", "NOPE99", db=db, check=False)
    assert missing.returncode == 1 and "no workshop" in missing.stderr


def test_a_short_chosen_code_is_refused_in_plain_english(db: str) -> None:
    result = run("new", "--school", "Oak", "--round", "R", "--code", "AB1", db=db, check=False)
    assert result.returncode == 1 and "at least 6" in result.stderr
    assert "Traceback" not in result.stderr


def test_adopt_brings_a_solo_reflection_into_the_workshop_list(db: str) -> None:
    from sendreflect import Store

    solo = Store(db).create_workshop("Lone Primary", "Solo reflection", kind="solo").code
    assert solo not in run("workshops", db=db).stdout
    assert "now in the workshop list" in run("adopt", solo, db=db).stdout
    assert solo in run("workshops", db=db).stdout
    assert "already a team workshop" in run("adopt", solo, db=db).stdout


def sendreflect(db: str, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process, as ``main`` runs it: exit code, output, errors."""
    from sendreflect.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", db, *args])
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def ok(db: str, *args: str) -> str:
    code, out, err = sendreflect(db, *args)
    assert code == 0, err
    return out


def test_a_programme_is_run_from_the_command_line(db: str) -> None:
    from sendreflect import Store

    out = ok(db, "programme", "new", "Northshire peer review", "--lead", "Jo", "--code", "NORTH1")
    assert "Programme NORTH1 created: Northshire peer review (national_college)" in out
    for school, triad, coach in [("Oak Primary", "A", True), ("Ash Academy", "A", False)]:
        out = ok(
            db,
            "programme",
            "add-school",
            "north1",
            school,
            "--cohort",
            "One",
            "--triad",
            triad,
            *(["--coach"] if coach else []),
        )
        assert f"{school} (id " in out and "Self-evaluation " in out
        assert "facilitator key (opens this workshop only): " in out
    assert "the triad's coach school" not in out
    store = Store(db)
    ash = store.programme_schools("NORTH1")[1]
    out = ok(db, "programme", "visit", "NORTH1", "ash-academy")
    visit = store.visit_of(ash.self_code)
    assert visit is not None and f"Peer visit {visit.code} created for Ash Academy" in out
    assert visit.facilitator_key in out and f"sendreflect serve --workshop {visit.code}" in out
    again = ok(db, "programme", "visit", "NORTH1", "Ash Academy")
    assert f"already open: {visit.code}" in again
    ok(db, "programme", "stage", "NORTH1", "visit", "--date", "2027-01-12", "--triad", "A")
    out = ok(db, "programme", "stage", "NORTH1", "self_evaluation", "--date", "2026-10-05")
    assert "Self-evaluation for the whole programme: 2026-10-05 (saved)" in out
    out = ok(db, "programme", "stage", "NORTH1", "self_evaluation", "--done")
    assert "2026-10-05, done (saved)" in out
    shown = ok(db, "programme", "show", "NORTH1")
    assert "Programme NORTH1: Northshire peer review, led by Jo" in shown
    oak_line = next(line for line in shown.splitlines() if "Oak Primary" in line)
    assert "(coach)" in oak_line and "not opened" in oak_line
    ash_line = next(line for line in shown.splitlines() if "Ash Academy" in line)
    assert ash.self_code in ash_line and visit.code in ash_line
    assert "Peer visits" in shown and "triad A" in shown and "2027-01-12" in shown
    assert shown.index("Self-evaluation  whole") < shown.index("Peer visits")
    listed = ok(db, "programme", "list")
    assert "NORTH1" in listed and "Northshire peer review" in listed
    assert visit.code not in ok(db, "workshops")


def test_a_school_starts_mentoring_from_the_command_line(db: str) -> None:
    from sendreflect import Store

    out = ok(db, "mentoring", "start", "Holly High")
    code = out.split("Mentoring workshop ", 1)[1].split()[0]
    workshop = Store(db).workshop(code)
    assert workshop.kind == "mentoring" and workshop.facilitator_key in out
    assert "Peer mentoring after inspection" in out
    assert code not in ok(db, "workshops")
    failed, _, err = sendreflect(db, "adopt", code)
    assert failed == 1 and "a school's mentoring, not a solo reflection" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("programme", "show", "NOPE99"), "no programme with the code 'NOPE99'"),
        (("programme", "new", "X", "--framework", "sen_leaders"), "not a continuum framework"),
        (
            ("programme", "add-school", "NORTH1", "oak primary", "--cohort", "One", "--triad", "B"),
            "already in this programme",
        ),
        (
            (
                "programme",
                "add-school",
                "NORTH1",
                "Elm",
                "--cohort",
                "One",
                "--triad",
                "A",
                "--coach",
            ),
            "already has a coach school",
        ),
        (("programme", "stage", "NORTH1", "tea", "--date", "2027-01-01"), "no stage 'tea'"),
        (("programme", "stage", "NORTH1", "visit", "--date", "01/02/2027"), "such as 2027-03-15"),
        (("programme", "stage", "NORTH1", "visit", "--triad", "Z", "--done"), "no triad 'Z'"),
        (("programme", "visit", "NORTH1", "elm"), "has no school 'elm'; its schools: oak-primary"),
        (("mentoring", "start", "Holly", "--framework", "peer_support"), "not a continuum"),
    ],
)
def test_programme_errors_are_plain_english(db: str, args, message) -> None:
    ok(db, "programme", "new", "North", "--code", "NORTH1")
    ok(
        db,
        "programme",
        "add-school",
        "NORTH1",
        "Oak Primary",
        "--cohort",
        "One",
        "--triad",
        "A",
        "--coach",
    )
    before = ok(db, "programme", "show", "NORTH1")
    code, out, err = sendreflect(db, *args)
    assert code == 1 and out == ""
    assert err.startswith("sendreflect: ") and message in err, err
    assert ok(db, "programme", "show", "NORTH1") == before


def test_programme_list_says_how_to_start(db: str) -> None:
    assert "No programmes yet: run 'sendreflect programme new NAME'." in ok(db, "programme", "list")
