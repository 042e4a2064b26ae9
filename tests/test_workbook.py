"""Workbooks: lossless JSON round trips, CSV and Excel exports, imports that are all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sendreflect import TEAM, Kind, Store, WorkbookError, import_workbook
from sendreflect.demo import BASELINE_CODE, CODE
from sendreflect.frameworks import PACK
from sendreflect.workbook import export, read_workbook, to_csv, to_json, to_xlsx

ODD = "<script>alert(1)</script> =SUM(A1:A9) '; DROP TABLE answers; -- 🙂 שלום"


def snapshot(store: Store, code: str) -> tuple:
    """Everything a workshop holds, comparable across stores (ordering made stable)."""
    answers = store.answers(code, include_cleared=True).drop(columns="updated_at")
    answers["value"] = answers["value"].map(lambda v: json.dumps(v, sort_keys=True))
    people = store.participants(code).sort_values("id", ignore_index=True)
    changes = store.history(code).sort_values("id", ignore_index=True)
    for column in ("old_value", "new_value"):
        changes[column] = changes[column].map(lambda v: json.dumps(v, sort_keys=True))
    workshop = store.workshop(code)
    return (
        (workshop.school, workshop.round, workshop.frameworks, workshop.previous_code),
        answers.to_dict("records"),
        people.to_dict("records"),
        changes.to_dict("records"),
    )


def test_the_demo_round_trips_every_answer_into_an_empty_store(
    demo_store: Store, store: Store
) -> None:
    data = to_json(demo_store, CODE)
    summary = import_workbook(store, data)
    assert summary.created_workshop
    assert summary.answers_written == len(demo_store.answers(CODE))
    assert snapshot(store, CODE) == snapshot(demo_store, CODE)
    kinds = set(store.answers(CODE)["kind"])
    # The demo is one school's own workshop: every kind but peer review's (progress at triad
    # meetings, a mentoring plan), whose round trip tests/test_peer.py checks.
    peer_kinds = {Kind.PROGRESS, Kind.PRIORITY, Kind.MENTOR_NOTE, Kind.READINESS}
    assert kinds == {k.value for k in Kind if k not in peer_kinds}


def test_importing_the_same_workbook_twice_changes_nothing(demo_store: Store, store: Store) -> None:
    data = to_json(demo_store, CODE)
    import_workbook(store, data)
    before = snapshot(store, CODE)
    again = import_workbook(store, data)
    assert not again.changed
    assert "nothing changed" in str(again)
    assert snapshot(store, CODE) == before


def test_a_later_workbook_brings_new_work_into_the_store(demo_store: Store, store: Store) -> None:
    import_workbook(store, to_json(demo_store, CODE))
    rowan = demo_store.participants(CODE).set_index("alias").loc["Rowan", "id"]
    demo_store.save(CODE, rowan, Kind.POSITION, "national_college", "teaching", 4)
    summary = import_workbook(store, to_json(demo_store, CODE))
    assert summary.answers_written == 1 and summary.history_added == 1
    assert snapshot(store, CODE) == snapshot(demo_store, CODE)


def test_free_text_survives_exactly(sqlite_store: Store, tmp_path: Path) -> None:
    sqlite_store.create_workshop("Oak", "R", code="OAK111")
    ash = sqlite_store.join("OAK111", "Ash", "senco")
    sqlite_store.save("OAK111", ash.id, Kind.EVIDENCE, "national_college", "values", ODD)
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    import_workbook(other, to_json(sqlite_store, "OAK111"))
    assert other.answers("OAK111").loc[0, "value"] == ODD
    csv = pd.read_csv(io.BytesIO(to_csv(sqlite_store, "OAK111")), encoding="utf-8-sig")
    assert csv.loc[0, "value"] == ODD
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(sqlite_store, "OAK111")))["Reflections"]
    cell = sheet["C2"]
    assert cell.value == ODD
    assert cell.data_type == "s"


def test_csv_is_tidy_with_the_exact_prompt(demo_store: Store) -> None:
    frame = pd.read_csv(io.BytesIO(to_csv(demo_store, CODE)), encoding="utf-8-sig")
    assert len(frame) == len(demo_store.answers(CODE))
    row = frame[frame["item_id"] == "values.think.2"].iloc[0]
    assert row["item_text"].startswith("Is there a widespread commitment to inclusion")


def test_excel_has_a_sheet_for_each_kind_of_answer(demo_store: Store) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_store, CODE)))
    assert book.sheetnames == [
        "About",
        "Continuum",
        "Positions",
        "Reflections",
        "Ratings",
        "Agreed",
        "Actions",
    ]
    positions = list(book["Positions"].iter_rows(values_only=True))
    assert len(positions) - 1 == 30
    actions = [row[0] for row in book["Actions"].iter_rows(min_row=2, values_only=True)]
    assert "Re-plan TA deployment so support follows need, not labels" in actions
    assert book["Actions"].freeze_panes == "A2"


def test_excel_names_no_one(demo_store: Store) -> None:
    """Like the report, the Excel file may reach governors: no alias or role beside an answer,
    and an alias typed into a note reads "a colleague"."""
    people = demo_store.participants(CODE).set_index("alias")["id"]
    demo_store.save(
        CODE, people["Ash"], Kind.EVIDENCE, "national_college", "values", "As Hazel said"
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_store, CODE)))
    cells = [
        str(value)
        for name in book.sheetnames[1:]
        for row in book[name].iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert "As a colleague said" in cells
    for alias in people.index:
        assert not any(re.search(rf"\b{alias}\b", cell) for cell in cells), alias
    for word in ("Participant", "Role", "Dissent"):  # an action's lead is a role, as asked
        assert word not in cells, word


def _bad_files(demo_store: Store) -> dict[str, bytes]:
    good = json.loads(to_json(demo_store, CODE))
    newer = {**good, "version": 99}
    wrong_value = json.loads(json.dumps(good))
    wrong_value["answers"][0]["kind"] = "position"
    wrong_value["answers"][0]["value"] = 42
    orphan = json.loads(json.dumps(good))
    personal = next(a for a in orphan["answers"] if a["subject"] != TEAM)
    personal["subject"] = "somebody-else"
    raw = to_json(demo_store, CODE)
    return {
        "corrupt": b"{not json at all",
        "truncated": raw[: len(raw) // 2],
        "excel": to_xlsx(demo_store, CODE),
        "empty": b"",
        "binary": bytes(range(256)) * 4,
        "foreign": json.dumps({"name": "some other app", "rows": []}).encode(),
        "newer": json.dumps(newer).encode(),
        "bad value": json.dumps(wrong_value).encode(),
        "orphan answer": json.dumps(orphan).encode(),
        "a list": b"[1, 2, 3]",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt", "not a complete"),
        ("truncated", "cut short"),
        ("excel", "Excel"),
        ("empty", "empty"),
        ("binary", "not a complete"),
        ("foreign", "not a sendreflect workbook"),
        ("newer", "newer sendreflect"),
        ("bad value", "damaged"),
        ("orphan answer", "nobody"),
        ("a list", "not a sendreflect workbook"),
    ],
)
def test_bad_files_get_a_clear_message_and_leave_the_store_untouched(
    demo_store: Store, store: Store, name: str, message: str
) -> None:
    import_workbook(store, to_json(demo_store, BASELINE_CODE))
    before = snapshot(store, BASELINE_CODE)
    with pytest.raises(WorkbookError, match=message):
        import_workbook(store, _bad_files(demo_store)[name])
    assert snapshot(store, BASELINE_CODE) == before
    assert list(store.workshops()["code"]) == [BASELINE_CODE]


def test_oversized_uploads_are_refused_before_parsing(demo_store: Store) -> None:
    with pytest.raises(WorkbookError, match="more than"):
        read_workbook(b" " * 2_000_000 + to_json(demo_store, CODE), limit=1_000_000)


def test_a_workbook_for_another_workshop_is_refused_where_one_is_expected(
    demo_store: Store, store: Store
) -> None:
    with pytest.raises(WorkbookError, match="open that workshop"):
        import_workbook(store, to_json(demo_store, CODE), expect_code="ELM111")
    assert store.workshops().empty


def test_a_clash_with_another_school_is_refused_whole(demo_store: Store, store: Store) -> None:
    store.create_workshop("Elm Academy", "R", code=CODE)
    with pytest.raises(WorkbookError, match="Elm Academy"):
        import_workbook(store, to_json(demo_store, CODE))
    assert store.participants(CODE).empty


def test_a_clashing_alias_writes_nothing(demo_store: Store, store: Store) -> None:
    data = json.loads(to_json(demo_store, CODE))
    import_workbook(store, to_json(demo_store, BASELINE_CODE))
    store.create_workshop(
        data["workshop"]["school"], "R", data["workshop"]["frameworks"], code=CODE
    )
    store.join(CODE, "Rowan", "teacher")
    before = snapshot(store, CODE)
    with pytest.raises(WorkbookError, match="already has another participant called 'Rowan'"):
        import_workbook(store, json.dumps(data).encode())
    assert snapshot(store, CODE) == before


def test_team_answers_survive_the_round_trip(demo_store: Store, store: Store) -> None:
    import_workbook(store, to_json(demo_store, CODE))
    frame = store.answers(CODE)
    team = frame[frame["subject"] == TEAM]
    assert set(team["kind"]) == {"agreed", "action"}


def test_a_failure_midway_writes_nothing(demo_store: Store, store: Store) -> None:
    """A change whose id belongs to another workshop is only found after the workshop, its
    participants and answers were written in the same transaction: all of it is rolled back."""
    import_workbook(store, to_json(demo_store, BASELINE_CODE))
    before = snapshot(store, BASELINE_CODE)
    data = json.loads(to_json(demo_store, CODE))
    data["history"][-1]["id"] = store.history(BASELINE_CODE)["id"].iloc[0]
    with pytest.raises(WorkbookError, match="belongs to another workshop"):
        import_workbook(store, json.dumps(data).encode())
    assert list(store.workshops()["code"]) == [BASELINE_CODE]
    assert snapshot(store, BASELINE_CODE) == before
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM participants").scalar() == len(
            store.participants(BASELINE_CODE)
        )


def test_a_page_anyone_may_open_cannot_add_to_a_workshop_already_held(
    demo_store: Store, store: Store
) -> None:
    """Solo mode's upload needs no key: it may start a workshop, never join one it found."""
    data = to_json(demo_store, CODE)
    assert import_workbook(store, data, into_existing=False).created_workshop
    before = snapshot(store, CODE)
    with pytest.raises(WorkbookError, match="already held here"):
        import_workbook(store, data, into_existing=False)
    assert snapshot(store, CODE) == before


def test_an_edited_workbook_cannot_change_an_answer_without_history(demo_store: Store) -> None:
    """A workbook edited by hand (or written from scratch) may change an answer only as a real
    edit would: the change is kept in the history, beside who the file says gave it."""
    book = json.loads(to_json(demo_store, CODE))
    answer = next(a for a in book["answers"] if a["kind"] == "position")
    answer["value"] = 1 if answer["value"] != 1 else 2
    answer["updated_at"] = dt.datetime.now(dt.timezone.utc).isoformat()
    before = len(demo_store.history(CODE))
    summary = import_workbook(demo_store, json.dumps(book).encode())
    assert summary.answers_written == 1 and summary.history_added == 1
    changes = demo_store.history(CODE)
    assert len(changes) == before + 1
    last = changes[changes["subject"] == answer["subject"]].iloc[-1]
    assert last["new_value"] == answer["value"] and last["item_id"] == answer["item_id"]


def test_a_peer_visit_travels_in_its_workbook_and_keeps_its_host(tmp_path) -> None:
    source = Store(f"sqlite:///{tmp_path / 'a.db'}")
    programme = source.create_programme("North triads 2026-27")
    schools = [
        source.add_school(programme.code, name, cohort="One", triad="North", coach=name == "Oak")
        for name in ("Oak", "Elm", "Ash")
    ]
    visit = source.open_visit(programme.code, schools[1].school_id)
    reviewer = source.join(visit.code, "Rowan-R", "peer_reviewer")
    source.save(visit.code, reviewer.id, "position", PACK, "values", 4)
    path = export(source, visit.code, "json", tmp_path / "visit.json")
    assert json.loads(path.read_text())["workshop"]["host_code"] == schools[1].self_code

    target = Store(f"sqlite:///{tmp_path / 'b.db'}")
    import_workbook(target, path)
    brought = target.workshop(visit.code)
    assert (brought.kind, brought.host_code) == ("visit", schools[1].self_code)
    assert len(target.answers(visit.code)) == 1
