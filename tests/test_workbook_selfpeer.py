"""The Excel workbook of a programme school's self-evaluation: a "Self and peers" sheet and a
"Progress" sheet, each only when present, naming no one and running no formula."""

from __future__ import annotations

import io

import openpyxl

from sendreflect import demo
from sendreflect.peer import progress_item
from sendreflect.responses import TEAM, Kind
from sendreflect.workbook import to_xlsx
from tests.test_progress import add_action
from tests.test_selfpeer import agreed, placed, programme  # noqa: F401 - the fixture


def rows(book: openpyxl.Workbook, title: str) -> list[dict[str, object]]:
    sheet = book[title]
    head = [c.value for c in sheet[1]]
    return [
        dict(zip(head, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_self_and_peers_sheet_has_both_sides_by_dimension(placed, sqlite_store) -> None:  # noqa: F811
    agreed(sqlite_store, placed.visit.code, placed.framework.id, placed.second, 1)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sqlite_store, placed.host.code)))
    first, second, *rest = rows(book, "Self and peers")
    titles = [d.title for d in placed.framework.dimensions]
    assert [r["Dimension"] for r in (first, second, *rest)] == titles
    assert (first["Our position"], first["Our basis"], first["Our lowest"]) == (3, "median of 3", 2)
    assert first["Peer reviewers' position"] is None  # two reviewers, no agreed view: no median
    assert first["Peer reviewers' people"] == 2 and first["Gap (peers − ours)"] is None
    assert (second["Peer reviewers' position"], second["Peer reviewers' basis"]) == (1, "agreed")
    assert second["Gap (peers − ours)"] == -2 and second["Peer reviewers' lowest"] is None
    assert first["Our evidence"] == "a colleague runs <b>reviews</b>"
    assert first["Peer reviewers' evidence"] == "Pupil voice <i>is</i> strong"
    assert "Progress" not in book.sheetnames
    cells = [str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row]
    assert not any(a in c for a in ("Rowan-s1", "Hazel-r1", "Maple-r2") for c in cells)


def test_progress_sheet_lists_each_action_by_meeting(sqlite_store) -> None:
    made = programme(sqlite_store, visit=False)
    code, fw = made.host.code, made.framework.id
    person = sqlite_store.join(code, "Rowan-x1", "teacher")
    assert person.alias == "Rowan-x1"
    later = add_action(sqlite_store, code, fw, "Audit the provision map")
    for meeting, status in ((3, "done"), (1, "under_way")):
        value = {"status": status, "note": "=HYPERLINK(1)", "coach_comment": "Thanks Rowan-x1"}
        sqlite_store.save(code, TEAM, Kind.PROGRESS, fw, progress_item(later, meeting), value)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sqlite_store, code)))
    assert "Self and peers" not in book.sheetnames  # no visit yet
    found = rows(book, "Progress")
    assert [(r["Meeting"], r["Status"]) for r in found] == [
        ("First triad meeting", "Under way"),
        ("Third triad meeting", "Done"),
    ]
    assert found[0]["Action"] == "Audit the provision map"
    assert found[0]["Coach school's comment"] == "Thanks a colleague"
    assert book["Progress"]["D2"].data_type == "s"  # typed text, never a formula


def test_an_ordinary_workshop_has_neither_sheet(demo_store) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_store, demo.CODE)))
    assert "Self and peers" not in book.sheetnames and "Progress" not in book.sheetnames
