"""A mentoring plan's report and Excel sheets: its priorities with their actions, the mentor's
notes and the readiness for the monitoring visit, escaped, naming no one."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sendreflect import peer
from sendreflect.report import build_report
from sendreflect.responses import TEAM, Kind
from sendreflect.store import Store
from sendreflect.workbook import import_workbook, to_json, to_xlsx


def save(store, code, kind, item, value) -> None:
    store.save(code, TEAM, kind, "peer_mentoring", item, value, by="facilitator")


@pytest.fixture
def plan(sqlite_store):
    workshop = sqlite_store.start_mentoring("Ash <i>Primary</i>")
    sqlite_store.join(workshop.code, "Rowanberry", "senco")
    code = workshop.code
    first, second = peer.new_priority_id(), peer.new_priority_id()
    save(sqlite_store, code, Kind.PRIORITY, first, {"area": "Adapt the curriculum", "order": 1})
    area = "Check understanding <script>alert(1)</script>"
    save(sqlite_store, code, Kind.PRIORITY, second, {"area": area, "priority": "Check", "order": 2})
    action = {
        "what": "Train staff with Rowanberry",
        "prompt": second,
        "lead": "Deputy head",
        "success_criteria": "Lesson visits show it",
        "by_when": "2027-03-31",
        "status": "under_way",
    }
    save(sqlite_store, code, Kind.ACTION, sqlite_store.new_action_id(), action)
    note = {"date": "2027-01-12", "note": "Took stock of the report."}
    save(sqlite_store, code, Kind.MENTOR_NOTE, peer.meeting_item(1), note)
    ready = {"rating": 3, "summary": "Nearly there.", "visit_date": "2027-05-20"}
    save(sqlite_store, code, Kind.READINESS, peer.MONITORING_VISIT, ready)
    return code


def test_the_report_shows_the_whole_plan(sqlite_store, plan) -> None:
    html = build_report(sqlite_store, plan)
    assert "Peer mentoring after inspection" in html
    assert "Ash &lt;i&gt;Primary&lt;/i&gt;" in html
    assert html.index("Adapt the curriculum") < html.index("Check understanding")
    assert "No actions for this priority yet." in html  # the first priority has none
    assert "Deputy head" in html
    assert "Lesson visits show it" in html
    assert "31 March 2027" in html
    assert "Under way" in html
    assert "Took stock of the report." in html
    assert "12 January 2027" in html
    assert "3 of 4: Mostly ready" in html
    assert "20 May 2027" in html
    assert "Nearly there." in html


def test_the_report_escapes_and_names_no_one(sqlite_store, plan) -> None:
    html = build_report(sqlite_store, plan)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Rowanberry" not in html
    assert "Train staff with a colleague" in html


def test_excel_has_the_mentoring_sheets(sqlite_store, plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sqlite_store, plan)))
    assert {"Priorities", "Mentor's notes", "Readiness"} <= set(book.sheetnames)
    rows = list(book["Priorities"].values)
    assert rows[0][:4] == ("Priority", "Area for development", "Our priority", "Action")
    assert rows[1][1] == "Adapt the curriculum"
    assert rows[1][3] is None
    assert rows[2][3] == "Train staff with a colleague"
    assert rows[2][7] == "Under way"
    assert list(book["Mentor's notes"].values)[1][2] == "Took stock of the report."
    assert list(book["Readiness"].values)[1][:3] == (3, "Mostly ready", "Nearly there.")
    assert "Rowanberry" not in str([list(book[s].values) for s in book.sheetnames])


def test_a_workshop_without_a_plan_has_no_mentoring_sheets(sqlite_store) -> None:
    workshop = sqlite_store.create_workshop("Oak Primary", "Baseline", code="OAKPLN")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sqlite_store, workshop.code)))
    assert not {"Priorities", "Mentor's notes", "Readiness"} & set(book.sheetnames)


def test_the_plan_round_trips_through_its_workbook(sqlite_store, plan, tmp_path) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    import_workbook(other, to_json(sqlite_store, plan))
    assert other.workshop(plan).kind == "mentoring"
    columns = ["kind", "framework", "item_id", "value"]
    mine = sqlite_store.answers(plan)[columns].sort_values("item_id").reset_index(drop=True)
    theirs = other.answers(plan)[columns].sort_values("item_id").reset_index(drop=True)
    assert mine.equals(theirs)
    html = build_report(other, plan)
    assert "Train staff with a colleague" in html and "3 of 4: Mostly ready" in html
