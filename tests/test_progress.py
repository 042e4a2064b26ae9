"""Progress on a programme school's actions at the triad's three meetings, in plain Python: saved
through the store by the facilitator, summarised per action, nothing lost when a save fails."""

from __future__ import annotations

import ipywidgets as w
import pytest

from sendreflect import responses
from sendreflect.app.facilitator import FacilitatorApp
from sendreflect.app.progress import ActionProgress
from sendreflect.app.request import Request
from sendreflect.responses import TEAM, Kind
from tests.test_selfpeer import programme
from tests.widgets import find


def add_action(store, code: str, fw: str, what: str) -> str:
    action_id = store.new_action_id()
    store.save(code, TEAM, Kind.ACTION, fw, action_id, {"what": what}, by="facilitator")
    return action_id


@pytest.fixture
def planned(sqlite_store):
    made = programme(sqlite_store, visit=False)
    made.actions = [
        add_action(sqlite_store, made.host.code, made.framework.id, what)
        for what in ("Audit the <b>provision</b> map", "Train teaching assistants")
    ]
    return made


def section(store, made) -> ActionProgress:
    request = Request({"section": "progress"}, "http://localhost:8866", "/voila/render/f.ipynb")
    app = FacilitatorApp(store, made.host.code, made.host.facilitator_key, request=request)
    assert app.nav.value == "Progress"
    assert app.nav.options.index("Progress") == app.nav.options.index("Action plan") + 1
    assert app.address.query.endswith("section=progress")
    (box,) = app.page.children
    progress = ActionProgress(store, made.host.code, made.framework, app.status)
    assert [c.description for c in find(box, w.Button) if c.description == "Save progress"] == [
        "Save progress"
    ] * len(progress.cards)
    return progress


def field(card, description: str) -> w.Widget:
    (found,) = find(card.widget, w.ValueWidget, description=description)
    return found


def test_progress_at_the_second_meeting_is_saved_by_the_facilitator(planned, sqlite_store):
    progress = section(sqlite_store, planned)
    card = progress.cards[planned.actions[0]]
    field(card, "Meeting").value = 2
    field(card, "Status at this meeting").value = "under_way"
    field(card, "Note").value = "Half the map done"
    field(card, "Evidence").value = "Draft map shared"
    field(card, "Coach school's comment").value = "Good pace <script>"
    card.save_button.click()
    saved = responses.progress(sqlite_store.answers(planned.host.code))
    (row,) = saved.to_dict("records")
    assert (row["action_id"], row["meeting"], row["status"]) == (planned.actions[0], 2, "under_way")
    assert row["coach_comment"] == "Good pace <script>" and row["updated_by"] == "facilitator"
    summary = progress.summary.value
    assert "Under way" in summary and "Audit the &lt;b&gt;provision&lt;/b&gt; map" in summary
    assert "<b>provision" not in summary and "&lt;script&gt;" not in card.said.value
    assert "Not recorded" in summary  # the second action has none yet


def test_choosing_a_meeting_shows_what_it_recorded(planned, sqlite_store):
    progress = section(sqlite_store, planned)
    card = progress.cards[planned.actions[1]]
    field(card, "Status at this meeting").value = "done"
    field(card, "Note").value = "All trained"
    assert card.save()
    field(card, "Meeting").value = 3
    assert field(card, "Note").value == "" and field(card, "Status at this meeting").value == (
        "not_started"
    )
    field(card, "Meeting").value = 1
    assert field(card, "Note").value == "All trained"
    again = ActionProgress(sqlite_store, planned.host.code, planned.framework, progress.status)
    assert field(again.cards[planned.actions[1]], "Status at this meeting").value == "done"


def test_a_save_that_fails_says_why_and_keeps_the_typing(planned, sqlite_store):
    progress = section(sqlite_store, planned)
    card = progress.cards[planned.actions[0]]
    field(card, "Evidence").value = "pasted\u202etext"
    field(card, "Note").value = "Keep me"
    assert not card.save()
    assert "Not saved" in card.said.value and "sr-error" in card.said.value
    assert "retype it" in card.said.value and "&lt;div" not in card.said.value
    assert field(card, "Note").value == "Keep me"
    assert responses.progress(sqlite_store.answers(planned.host.code)).empty


def test_no_actions_yet_says_so_and_a_plain_workshop_has_no_progress(sqlite_store):
    made = programme(sqlite_store, visit=False)
    empty = ActionProgress(sqlite_store, made.host.code, made.framework, None)  # type: ignore[arg-type]
    assert "No actions yet" in empty.widget.children[1].value
    plain = sqlite_store.create_workshop("Oakfield Primary", "Baseline", code="PLAIN8")
    app = FacilitatorApp(sqlite_store, plain.code, plain.facilitator_key)
    assert "Progress" not in app.nav.options


def test_typing_for_one_meeting_is_kept_while_another_is_shown(planned, sqlite_store):
    progress = section(sqlite_store, planned)
    card = progress.cards[planned.actions[0]]
    field(card, "Note").value = "Typed, not saved"
    field(card, "Meeting").value = 2
    assert field(card, "Note").value == ""
    field(card, "Meeting").value = 1
    assert field(card, "Note").value == "Typed, not saved"
    assert "Not saved yet" in card.said.value
    assert card.save()
    field(card, "Meeting").value = 3
    assert card.drafts == {}  # saved: nothing left to keep
