"""Peer mentoring after an inspection, in plain Python: the facilitator link of a mentoring
workshop opens its own page, where the inspection's areas for development become priorities with
actions, the mentor's notes and the readiness for the monitoring visit are kept through the
store's validated save, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from sendreflect import responses
from sendreflect.app import FacilitatorApp
from sendreflect.app.mentoring import MentoringPage
from sendreflect.app.saving import SaveStatus
from tests.widgets import find

AREAS = (
    "Leaders should make sure that the curriculum is adapted for pupils with SEND.",
    "Teachers should check pupils' understanding <b>systematically</b>.",
    "Leaders should sharpen the targets in pupils' support plans.",
)


@pytest.fixture
def mentoring(sqlite_store):
    return sqlite_store.start_mentoring("Ash Primary School")


def opened(store, workshop) -> FacilitatorApp:
    return FacilitatorApp(store, code=workshop.code, key=workshop.facilitator_key)


def button(widget: w.Widget, description: str) -> w.Button:
    (found,) = find(widget, w.Button, description=description)
    return found


def one(widget: w.Widget, kind: type, description: str) -> w.Widget:
    (found,) = find(widget, kind, description=description)
    return found


def go(app: FacilitatorApp, section: str) -> w.Widget:
    (nav,) = find(app.widget, w.ToggleButtons)
    nav.value = section
    return app.widget


def add_priorities(app: FacilitatorApp, areas=AREAS) -> None:
    page = go(app, "Inspection")
    for n, area in enumerate(areas, start=1):
        one(page, w.Textarea, "Area for development").value = area
        one(page, w.Textarea, "Our priority").value = f"Priority wording {n}"
        button(page, "Add priority").click()


def test_a_mentoring_workshop_opens_its_own_page_not_the_team_dashboard(
    sqlite_store, mentoring
) -> None:
    app = opened(sqlite_store, mentoring)
    (nav,) = find(app.widget, w.ToggleButtons)
    assert list(nav.options) == [
        "Inspection",
        "Plan",
        "Mentor's notes",
        "Monitoring visit",
        "Take away",
    ]
    assert "Peer mentoring after inspection" in app.header.value
    assert "Ash Primary School" in app.header.value
    team = sqlite_store.create_workshop("Oak Primary", "Baseline", code="OAKTEAM")
    (team_nav,) = find(opened(sqlite_store, team).widget, w.ToggleButtons)
    assert "Share" in team_nav.options


def test_areas_for_development_become_priorities_in_order(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    add_priorities(app)
    table = responses.priorities(sqlite_store.answers(mentoring.code))
    assert list(table["area"]) == list(AREAS)
    assert list(table["order"]) == [1, 2, 3]
    assert list(table["priority"]) == [
        "Priority wording 1",
        "Priority wording 2",
        "Priority wording 3",
    ]
    assert all(table["updated_by"] == "facilitator")
    shown = "".join(h.value for h in find(app.widget, w.HTML))
    assert "&lt;b&gt;systematically&lt;/b&gt;" in shown
    assert "<b>systematically</b>" not in shown


def test_a_priority_can_be_changed_in_place(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    add_priorities(app, AREAS[:2])
    page = app.widget
    (first, _second) = find(page, w.Button, icon="pencil")
    first.click()
    one(page, w.Textarea, "Our priority").value = "Adapt the curriculum, subject by subject"
    button(page, "Save changes").click()
    table = responses.priorities(sqlite_store.answers(mentoring.code))
    assert len(table) == 2
    assert table.loc[0, "priority"] == "Adapt the curriculum, subject by subject"
    assert table.loc[0, "area"] == AREAS[0]


def test_a_priority_without_actions_can_be_removed_after_asking(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    add_priorities(app, AREAS[:2])
    page = go(app, "Plan")
    one(page, w.Textarea, "What will we do?").value = "Audit the curriculum"
    button(page, "Add action").click()
    page = go(app, "Inspection")
    (remove,) = find(page, w.Button, description="Remove")  # the first has an action
    remove.click()
    assert len(responses.priorities(sqlite_store.answers(mentoring.code))) == 2
    button(page, "Yes, remove priority 2").click()
    table = responses.priorities(sqlite_store.answers(mentoring.code))
    assert list(table["area"]) == [AREAS[0]]
    assert not find(page, w.Button, description="Remove")


def test_a_blank_area_is_refused_and_nothing_is_saved(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    page = go(app, "Inspection")
    one(page, w.Textarea, "Our priority").value = "Something"
    button(page, "Add priority").click()
    assert "area for development" in "".join(h.value for h in find(page, w.HTML))
    assert sqlite_store.answers(mentoring.code).empty


def test_actions_are_planned_per_priority(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    add_priorities(app)
    page = go(app, "Plan")
    choice = one(page, w.Dropdown, "For priority")
    priorities = responses.priorities(sqlite_store.answers(mentoring.code))
    second = priorities.loc[1, "priority_id"]
    choice.value = second
    one(page, w.Textarea, "What will we do?").value = "Train staff in checking understanding"
    one(page, w.Text, "Who leads it").value = "Deputy head"
    one(page, w.Textarea, "Monitoring point").value = "Lesson visits in March show it"
    one(page, w.DatePicker, "By when").value = dt.date(2027, 3, 31)
    button(page, "Add action").click()
    plan = responses.actions(sqlite_store.answers(mentoring.code))
    assert len(plan) == 1
    action = plan.iloc[0]
    assert (action["prompt"], action["lead"]) == (second, "Deputy head")
    assert action["success_criteria"] == "Lesson visits in March show it"
    assert action["by_when"].date() == dt.date(2027, 3, 31)
    assert action["framework"] == "peer_mentoring"
    shown = "".join(h.value for h in find(page, w.HTML))
    assert "Train staff in checking understanding" in shown
    status = one(page, w.Dropdown, "Status")
    status.value = "under_way"
    again = responses.actions(sqlite_store.answers(mentoring.code)).iloc[0]
    assert again["status"] == "under_way"
    assert again["success_criteria"] == "Lesson visits in March show it"


def test_an_action_is_changed_in_place_and_keeps_its_status(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    add_priorities(app, AREAS[:2])
    page = go(app, "Plan")
    one(page, w.Textarea, "What will we do?").value = "Audit the curriculum"
    button(page, "Add action").click()
    one(page, w.Dropdown, "Status").value = "under_way"
    one(page, w.Text, "How it is going").value = "Half the subjects done"
    button(page, "Change").click()
    assert one(page, w.Textarea, "What will we do?").value == "Audit the curriculum"
    second = responses.priorities(sqlite_store.answers(mentoring.code)).loc[1, "priority_id"]
    one(page, w.Dropdown, "For priority").value = second
    one(page, w.Text, "Who leads it").value = "Head of English"
    button(page, "Save changes").click()
    plan = responses.actions(sqlite_store.answers(mentoring.code))
    assert len(plan) == 1
    action = plan.iloc[0]
    assert (action["what"], action["lead"], action["prompt"]) == (
        "Audit the curriculum",
        "Head of English",
        second,
    )
    assert (action["status"], action["status_note"]) == ("under_way", "Half the subjects done")
    assert find(page, w.Button, description="Add action")


def test_the_plan_asks_for_priorities_first(sqlite_store, mentoring) -> None:
    page = go(opened(sqlite_store, mentoring), "Plan")
    assert "areas for development first" in "".join(h.value for h in find(page, w.HTML))
    assert not find(page, w.Button, description="Add action")


def test_the_mentors_notes_add_a_meeting_at_a_time(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    page = go(app, "Mentor's notes")
    one(page, w.DatePicker, "Date of meeting 1").value = dt.date(2027, 1, 12)
    one(page, w.Textarea, "Note of meeting 1").value = "Took stock of the report."
    button(page, "Save meeting 1").click()
    assert "Meeting 1 saved." in "".join(h.value for h in find(page, w.HTML))
    one(page, w.Textarea, "Note of meeting 2").value = "Reviewed the plan."
    button(page, "Save meeting 2").click()
    notes = responses.mentor_notes(sqlite_store.answers(mentoring.code))
    assert list(notes["meeting"]) == [1, 2]
    assert list(notes["note"]) == ["Took stock of the report.", "Reviewed the plan."]
    assert notes.loc[0, "date"].date() == dt.date(2027, 1, 12)
    assert find(page, w.Textarea, description="Note of meeting 3")


def test_an_empty_meeting_is_refused(sqlite_store, mentoring) -> None:
    page = go(opened(sqlite_store, mentoring), "Mentor's notes")
    button(page, "Save meeting 1").click()
    assert "date" in "".join(h.value for h in find(page, w.HTML))
    assert sqlite_store.answers(mentoring.code).empty


def test_readiness_for_the_monitoring_visit_is_kept(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    page = go(app, "Monitoring visit")
    rating = one(page, w.Dropdown, "How ready are we?")
    assert [label for label, _ in rating.options][1:] == [
        "1. Not yet ready",
        "2. Partly ready",
        "3. Mostly ready",
        "4. Ready",
    ]
    rating.value = 3
    one(page, w.Textarea, "Summary").value = "Two priorities secure; the third under way."
    one(page, w.DatePicker, "Date of the visit").value = dt.date(2027, 5, 20)
    button(page, "Save readiness").click()
    kept = responses.readiness(sqlite_store.answers(mentoring.code)).iloc[0]
    assert (kept["rating"], kept["label"]) == (3, "Mostly ready")
    assert kept["visit_date"].date() == dt.date(2027, 5, 20)
    page = go(opened(sqlite_store, mentoring), "Monitoring visit")
    assert one(page, w.Dropdown, "How ready are we?").value == 3


def test_a_save_the_store_refuses_says_so_and_changes_nothing(sqlite_store, mentoring) -> None:
    page = MentoringPage(sqlite_store, mentoring, SaveStatus(), section="notes")
    one(page.widget, w.DatePicker, "Date of meeting 1").value = dt.date(1850, 1, 1)
    button(page.widget, "Save meeting 1").click()
    said = "".join(h.value for h in find(page.widget, w.HTML))
    assert "Not saved" in said
    assert "between 2000 and 2100" in said
    assert sqlite_store.answers(mentoring.code).empty


def test_the_address_follows_the_section(sqlite_store, mentoring) -> None:
    app = opened(sqlite_store, mentoring)
    go(app, "Monitoring visit")
    assert "section=monitoring-visit" in app.address.query
    assert f"key={mentoring.facilitator_key}" in app.address.query


def test_the_store_key_starts_peer_mentoring_and_opens_it(sqlite_store) -> None:
    app = FacilitatorApp(sqlite_store, key=sqlite_store.facilitator_key())
    (school,) = find(app.widget, w.Text, description="Mentoring for")
    school.value = "Birch Academy"
    button(app.widget, "Start peer mentoring").click()
    assert app.workshop is not None
    assert (app.workshop.kind, app.workshop.school) == ("mentoring", "Birch Academy")
    notice = "".join(h.value for h in find(app.widget, w.HTML))
    assert f"key={app.workshop.facilitator_key}" in notice
    assert find(app.widget, w.ToggleButtons)[0].value == "Inspection"
