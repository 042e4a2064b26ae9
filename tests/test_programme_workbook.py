"""A whole programme as one workbook: exported with every school's self-evaluation and peer
visit nested, brought into another store unchanged, and refused whole (the store untouched,
the entry and the fix named) when any record in it breaks a rule; from the command line too."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sendreflect import TEAM, Kind, Store, WorkbookError, get_settings
from sendreflect.frameworks import PACK
from sendreflect.store.schema import metadata
from sendreflect.workbook import (
    export_programme,
    import_programme,
    programme_data,
    programme_to_json,
    to_json,
)
from tests.test_cli import sendreflect
from tests.test_workbook import ODD, snapshot

CODE = "NORTH26"
NAME = "Northshire peer review 2026-27"
SCHOOLS = [
    ("Oak Primary", "Triad A", True),
    ("Ash Academy", "Triad A", False),
    ("Elm Infants", "Triad A", False),
    ("Yew Juniors", "Triad B", False),
    ("Fir Primary", "Triad B", True),
    ("Bay School", "Triad B", False),
]
ACTION = "action.0a1b2c3d4e5f"


def _self_evaluation(store: Store, code: str) -> None:
    """Three staff place their school, agree, plan an action and record progress on it."""
    for alias, position in [("Rowan", 2), ("Hazel", 3), ("Birch", 3)]:
        person = store.join(code, alias, "senco")
        store.save(code, person.id, Kind.POSITION, PACK, "values", position)
        store.save(code, person.id, Kind.EVIDENCE, PACK, "values", f"{alias}: {ODD}")
    store.save(code, TEAM, Kind.AGREED, PACK, "values", {"position": 3, "rationale": "Most say 3"})
    store.save(code, TEAM, Kind.ACTION, PACK, ACTION, {"what": "Train TAs", "dimension": "values"})
    for meeting, status in [(1, "not_started"), (2, "under_way")]:
        value = {"status": status, "note": "Two sessions", "coach_comment": "Good start"}
        store.save(code, TEAM, Kind.PROGRESS, PACK, f"{ACTION}@{meeting}", value)
    store.save(code, TEAM, Kind.PROGRESS, PACK, f"{ACTION}@2", {"status": "done"})


def _visit(store: Store, school_id: str) -> None:
    """Two reviewers from the triad's other schools place the host and agree its position."""
    visit = store.open_visit(CODE, school_id)
    for alias, school, position in [
        ("Reviewer-O", "Oak Primary", 4),
        ("Reviewer-E", "Elm Infants", 3),
    ]:
        person = store.join(visit.code, alias, "peer_reviewer", school)
        store.save(visit.code, person.id, Kind.POSITION, PACK, "values", position)
    store.save(visit.code, TEAM, Kind.AGREED, PACK, "values", {"position": 4})


def build(store: Store) -> None:
    """A programme of six schools in two triads, with a visit, stages, QA and learning."""
    store.create_programme(NAME, lead="Jo Lead", code=CODE)
    for school, triad, coach in SCHOOLS:
        store.add_school(CODE, school, cohort="Cohort 1", triad=triad, coach=coach)
    ash = next(s for s in store.programme_schools(CODE) if s.school == "Ash Academy")
    _self_evaluation(store, ash.self_code)
    _visit(store, ash.school_id)
    save = store.save_programme_record
    save(CODE, "*", "stage", "self_evaluation", {"date": "2026-10-05", "done": False}, by="lead")
    save(CODE, "*", "stage", "self_evaluation", {"date": "2026-10-05", "done": True}, by="lead")
    save(CODE, "Triad A", "stage", "visit", {"date": "2027-01-12"}, by="facilitator")
    qa = {"date": "2027-03-01", "supportive": 4, "solutions_focused": 3, "note": ODD}
    save(CODE, "Triad A", "qa", "qa", qa, by="facilitator")
    learning = {"key_learnings": "Visits work", "next_steps": "Share them"}
    save(CODE, "Triad B", "learning", "celebration", learning, by="facilitator")
    save(CODE, "Triad B", "stage", "meeting_1", {"date": "2026-11-01"}, by="facilitator")
    save(CODE, "Triad B", "stage", "meeting_1", None, by="facilitator")  # cleared


def everything(store: Store, code: str = CODE) -> dict[str, Any]:
    """All a programme holds, comparable across stores."""
    schools = store.programme_schools(code)
    workshops = {}
    for school in schools:
        for workshop_code in filter(None, (school.self_code, school.visit_code)):
            w = store.workshop(workshop_code)
            about = (w.kind, w.host_code, w.status, w.revealed, w.created_at)
            stamps = sorted(store.answers(workshop_code, include_cleared=True)["updated_at"])
            workshops[workshop_code] = (about, snapshot(store, workshop_code), stamps)
    return {
        "programme": store.programme(code),
        "schools": schools,
        "records": store.programme_records(code),
        "history": store.programme_history(code),
        "workshops": workshops,
    }


def tables(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (the whole store), to show a refusal changed nothing."""
    with store.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(sa.select(t))), key=repr)
            for t in metadata.sorted_tables
        }


@pytest.fixture
def source(sqlite_store: Store) -> Store:
    build(sqlite_store)
    return sqlite_store


@pytest.fixture
def target(tmp_path: Path) -> Store:
    """A store that already holds work of its own: another programme and a workshop."""
    opened = Store(f"sqlite:///{tmp_path / 'target.sqlite'}")
    opened.create_programme("Westshire triads", code="WEST26")
    opened.add_school("WEST26", "Lime School", cohort="One", triad="West", coach=True)
    opened.create_workshop("Holly School", "Baseline", code="HOLLY1")
    opened.join("HOLLY1", "Sam", "senco")
    yield opened
    opened.close()


def test_a_programme_round_trips_whole_into_a_fresh_store(source: Store, store: Store) -> None:
    summary = import_programme(store, programme_to_json(source, CODE))
    assert (summary.code, summary.schools, summary.workshops) == (CODE, 6, 7)
    assert "Programme NORTH26: 6 school(s), 7 workshop(s)" in str(summary)
    brought, made = everything(store), everything(source)
    assert brought == made
    assert len(brought["workshops"]) == 7 and len(brought["history"]) == 7
    assert {r.kind for r in brought["records"]} == {"stage", "qa", "learning"}
    ash = next(s for s in brought["schools"] if s.school == "Ash Academy")
    assert store.visit_of(ash.self_code).code == ash.visit_code
    progress = store.answers(ash.self_code).query("kind == 'progress'")
    assert progress.set_index("item_id").loc[f"{ACTION}@2", "value"]["status"] == "done"
    reviewers = store.participants(ash.visit_code)
    assert set(reviewers["role"]) == {"peer_reviewer"} and "Oak Primary" in set(reviewers["school"])
    # Each workshop gets a key of its own in its new store, never the one it had.
    assert (
        store.workshop(ash.self_code).facilitator_key
        != source.workshop(ash.self_code).facilitator_key
    )
    # Self-evaluations come back as team workshops, the visit as a visit.
    assert sorted(w[0][0] for w in brought["workshops"].values()) == ["team"] * 6 + ["visit"]


def test_the_workbook_nests_each_workshop_as_its_own_workbook(source: Store) -> None:
    data = programme_data(source, CODE)
    assert data["format"] == "sendreflect-programme" and data["programme"]["lead"] == "Jo Lead"
    ash = next(s for s in data["schools"] if s["school"] == "Ash Academy")
    nested = {w["workshop"]["code"]: w for w in data["workshops"]}
    own = json.loads(to_json(source, ash["self_code"]))
    for part in ("workshop", "participants", "answers", "history"):
        assert nested[ash["self_code"]][part] == own[part]
    assert nested[ash["visit_code"]]["workshop"]["host_code"] == ash["self_code"]
    assert not any(r["item_id"] == "meeting_1" for r in data["records"])  # cleared: left out


def _record(book: dict, kind: str, item_id: str) -> dict:
    return next(r for r in book["records"] if r["kind"] == kind and r["item_id"] == item_id)


def _school(book: dict, name: str) -> dict:
    return next(s for s in book["schools"] if s["school"] == name)


def _workshop(book: dict, code: str) -> dict:
    return next(w for w in book["workshops"] if w["workshop"]["code"] == code)


def _unknown_stage(book: dict) -> None:
    _record(book, "stage", "visit")["item_id"] = "launch_day"


def _qa_of_seven(book: dict) -> None:
    _record(book, "qa", "qa")["value"]["supportive"] = 7


def _second_coach(book: dict) -> None:
    _school(book, "Elm Infants")["coach"] = True


def _visit_without_host(book: dict) -> None:
    ash = _school(book, "Ash Academy")
    book["schools"].remove(ash)
    book["workshops"].remove(_workshop(book, ash["self_code"]))


def _visit_of_another_host(book: dict) -> None:
    ash, oak = _school(book, "Ash Academy"), _school(book, "Oak Primary")
    _workshop(book, ash["visit_code"])["workshop"]["host_code"] = oak["self_code"]


def _bad_nested_answer(book: dict) -> None:
    ash = _school(book, "Ash Academy")
    answer = next(
        a for a in _workshop(book, ash["visit_code"])["answers"] if a["kind"] == "position"
    )
    answer["value"] = 42


def _triad_in_two_cohorts(book: dict) -> None:
    _school(book, "Bay School")["cohort"] = "Cohort 2"


def _record_for_no_triad(book: dict) -> None:
    _record(book, "learning", "celebration")["scope"] = "Triad Z"


def _bad_history(book: dict) -> None:
    book["history"][0]["new_value"] = {"date": "2026-10-05", "done": "yes"}


def _missing_self_evaluation(book: dict) -> None:
    yew = _school(book, "Yew Juniors")
    book["workshops"].remove(_workshop(book, yew["self_code"]))


def _stray_workshop(book: dict) -> None:
    stray = copy.deepcopy(_workshop(book, _school(book, "Oak Primary")["self_code"]))
    stray["workshop"]["code"] = "STRAY1"
    book["workshops"].append(stray)


def _programme_framework(book: dict) -> None:
    book["programme"]["framework"] = "peer_mentoring"


def _school_twice(book: dict) -> None:
    _school(book, "Bay School")["school"] = "oak primary"


TAMPERED: dict[str, tuple[Callable[[dict], None], str]] = {
    "unknown stage": (
        _unknown_stage,
        r"programme record \d+ \(stage launch_day for triad Triad A\): "
        r"there is no stage 'launch_day'; the stages are: self_evaluation",
    ),
    "QA marker of 7": (
        _qa_of_seven,
        r"programme record \d+ \(the quality-assurance record of triad Triad A\): "
        r"this quality-assurance record is not valid: 'supportive' must be a whole number "
        r"from 1 to 4",
    ),
    "second coach": (
        _second_coach,
        r"school 3 \(Elm Infants\): triad Triad A already has a coach school, Oak Primary; "
        r"a triad has one coach",
    ),
    "visit without host": (
        _visit_without_host,
        r"\(.*, Ash Academy\): it is a peer visit whose host, workshop \w+, is not the "
        r"self-evaluation of any school in the workbook",
    ),
    "visit of another host": (
        _visit_of_another_host,
        r"school \d \(Ash Academy\): its peer visit, workshop \w+, names another host \(\w+\), "
        r"not its self-evaluation \w+",
    ),
    "bad nested answer": (
        _bad_nested_answer,
        r"workshop \d+ \(\w+, Ash Academy's peer visit\): answer \d+: ",
    ),
    "triad in two cohorts": (
        _triad_in_two_cohorts,
        r"school 5 \(Bay School\): triad Triad B is in cohort Cohort 1 \(with Fir Primary\), "
        r"not Cohort 2; a triad lies in one cohort",
    ),
    "record for no triad": (
        _record_for_no_triad,
        r"programme record 1 \(the celebration record of triad Triad Z\): "
        r"there is no triad 'Triad Z' in this programme \(its triads are Triad A, Triad B\)",
    ),
    "bad history": (
        _bad_history,
        r"change 1 of the programme's records: this stage is not valid: "
        r"'done' must be true or false",
    ),
    "missing self-evaluation": (
        _missing_self_evaluation,
        r"school \d \(Yew Juniors\): its self-evaluation, workshop \w+, is not in the workbook",
    ),
    "stray workshop": (
        _stray_workshop,
        r"workshop 8 \(STRAY1, Oak Primary\): it is no school's self-evaluation or peer visit",
    ),
    "framework": (
        _programme_framework,
        r"the programme: its framework 'peer_mentoring' is not a continuum framework",
    ),
    "school twice": (
        _school_twice,
        r"school 5 \(oak primary\): it is Oak Primary again; a school joins a programme once",
    ),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_a_tampered_workbook_changes_nothing_and_names_the_entry(
    source: Store, target: Store, tmp_path: Path, name: str
) -> None:
    tamper, message = TAMPERED[name]
    book = programme_data(source, CODE)
    tamper(book)
    path = tmp_path / "northshire.json"
    path.write_text(json.dumps(book), encoding="utf-8")
    before = tables(target)
    with pytest.raises(WorkbookError) as refused:
        import_programme(target, path)
    text = str(refused.value)
    assert text.startswith("northshire.json: this programme workbook cannot be brought in (")
    assert re.search(message, text), text
    assert text.endswith(
        "Nothing in this store was changed. Export the programme again from "
        "the store it came from, and import that copy."
    )
    assert tables(target) == before
    # The untampered workbook goes in: the refusal was the tampering's alone.
    import_programme(target, programme_to_json(source, CODE))


def test_a_programme_already_here_is_refused_plainly(source: Store, target: Store) -> None:
    data = programme_to_json(source, CODE)
    import_programme(target, data)
    before = tables(target)
    with pytest.raises(WorkbookError, match=f"programme {CODE} \\({NAME}\\) is already in this"):
        import_programme(target, data)
    assert tables(target) == before


def test_a_workshop_already_here_is_refused_plainly(source: Store, target: Store) -> None:
    oak = next(s for s in source.programme_schools(CODE) if s.school == "Oak Primary")
    target.create_workshop("Oak Primary", "Our own round", code=oak.self_code)
    before = tables(target)
    with pytest.raises(
        WorkbookError,
        match=f"already has a workshop {oak.self_code} \\(Oak Primary, Our own round\\)",
    ):
        import_programme(target, programme_to_json(source, CODE))
    assert tables(target) == before


def test_a_failure_midway_writes_nothing(source: Store, target: Store) -> None:
    """A participant whose id belongs to another workshop here is met only after the
    programme, its schools and its first workshops were written: all of it is rolled back."""
    book = programme_data(source, CODE)
    number, visit = next((n, w) for n, w in enumerate(book["workshops"]) if w["participants"])
    assert number > 0  # the programme and a workshop are written before this one
    held = target.participants("HOLLY1")["id"].iloc[0]
    mine = visit["participants"][0]["id"]
    book["workshops"][number] = json.loads(json.dumps(visit).replace(mine, held))
    before = tables(target)
    with pytest.raises(WorkbookError, match="belongs to another workshop"):
        import_programme(target, json.dumps(book).encode())
    assert tables(target) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda s: to_json(s, s.programme_schools(CODE)[0].self_code), "one workshop's workbook"),
        (lambda s: programme_to_json(s, CODE)[:5000], "not a complete"),
        (lambda s: b"", "empty"),
        (
            lambda s: json.dumps({"format": "something else"}).encode(),
            "not a sendreflect programme",
        ),
        (
            lambda s: json.dumps({**programme_data(s, CODE), "version": 9}).encode(),
            "newer sendreflect",
        ),
    ],
)
def test_a_file_that_is_not_a_programme_workbook_says_what_it_is(
    source: Store, target: Store, make, message: str
) -> None:
    before = tables(target)
    with pytest.raises(WorkbookError, match=message):
        import_programme(target, make(source))
    assert tables(target) == before


def test_the_command_line_exports_and_imports_a_programme(source: Store, tmp_path: Path) -> None:
    out = tmp_path / "north.json"
    code, said, _ = sendreflect(source.url, "programme", "export", "north-26", "--out", str(out))
    assert code == 0 and f"Wrote {out}: programme {CODE}" in said
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    code, said, _ = sendreflect(fresh, "programme", "import", str(out))
    assert code == 0 and "Programme NORTH26: 6 school(s), 7 workshop(s)" in said
    assert everything(Store(fresh)) == everything(source)
    code, _, err = sendreflect(fresh, "programme", "import", str(out))
    assert code == 1 and "north.json: programme NORTH26" in err and "already in this store" in err
    book = json.loads(out.read_text())
    _qa_of_seven(book)
    out.write_text(json.dumps(book))
    code, _, err = sendreflect(
        f"sqlite:///{tmp_path / 'other.sqlite'}", "programme", "import", str(out)
    )
    assert code == 1 and "'supportive' must be a whole number from 1 to 4" in err


def test_export_names_a_programme_it_cannot_find(tmp_path: Path) -> None:
    code, _, err = sendreflect(
        f"sqlite:///{tmp_path / 's.sqlite'}", "programme", "export", "NOSUCH"
    )
    assert code == 1 and "there is no programme with the code 'NOSUCH'" in err


def test_export_writes_the_file_it_is_given(source: Store, tmp_path: Path) -> None:
    path = export_programme(source, CODE, tmp_path / "x.json")
    assert json.loads(path.read_text(encoding="utf-8"))["programme"]["code"] == CODE


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    source: Store, target: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A programme workbook may be twenty times a workshop's upload limit, and no more."""
    path = export_programme(source, CODE, tmp_path / "big.json")
    monkeypatch.setenv("SENDREFLECT_UPLOAD_LIMIT", str(path.stat().st_size // 20 - 1))
    get_settings.cache_clear()
    before = tables(target)
    with pytest.raises(WorkbookError, match=r"big\.json: this file is more than the"):
        import_programme(target, path)
    assert tables(target) == before


def test_the_command_line_names_a_file_it_cannot_find(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    code, _, err = sendreflect(db, "programme", "import", str(tmp_path / "gone.json"))
    assert code == 1 and "No such file or directory" in err and "gone.json" in err
