"""A peer-review programme's page, in plain Python: it opens only with the store's key; schools
are added to cohorts and triads, peer visits opened, stages and quality-assurance records saved,
each through the store, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from sendreflect.app import FacilitatorApp, ProgrammeApp
from sendreflect.app.programme import SECTIONS
from sendreflect.app.request import Request
from sendreflect.server import programme_link
from tests.widgets import find

REQUEST = Request({"token": "tok123"}, "http://school.example", "/voila/render/programme.ipynb")


@pytest.fixture
def programme(sqlite_store):
    programme = sqlite_store.create_programme("North triads 2026-27", lead="Sam", code="NORTHP")
    for name, triad, coach in (("Oak", "North", True), ("Elm <b>Primary</b>", "North", False)):
        sqlite_store.add_school(programme.code, name, cohort="One", triad=triad, coach=coach)
    return programme


def opened(store, code="NORTHP", key=None) -> ProgrammeApp:
    return ProgrammeApp(store, code, store.facilitator_key() if key is None else key, REQUEST)


def button(widget: w.Widget, name: str) -> w.Button:
    (found,) = find(widget, w.Button, description=name)
    return found


def text_of(widget: w.Widget) -> str:
    return "\n".join(h.value for h in find(widget, w.HTML))


def test_the_page_opens_only_with_the_store_key(sqlite_store, programme) -> None:
    own_key = sqlite_store.workshop(sqlite_store.programme_schools("NORTHP")[0].self_code)
    for key in ("", "wrong-key", own_key.facilitator_key):
        app = opened(sqlite_store, key=key)
        assert 'role="alert"' in text_of(app.widget) and "workshop list" in text_of(app.widget)
        assert find(app.widget, w.ToggleButtons) == []
        assert "North triads" not in text_of(app.widget)


def test_an_unknown_programme_is_said_plainly(sqlite_store, programme) -> None:
    app = opened(sqlite_store, code="NOSUCH")
    assert "no programme with the code" in text_of(app.widget)
    assert find(app.widget, w.ToggleButtons) == []


def test_the_table_shows_each_school_its_role_stage_and_links(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    assert app.nav.options == SECTIONS
    table = app.page.children[0].children[1].value
    oak, elm = sqlite_store.programme_schools("NORTHP")
    assert "Coach school" in table and "Member school" in table
    assert "Elm &lt;b&gt;Primary&lt;/b&gt;" in table and "<b>Primary</b>" not in table
    assert "Not started" in table and "Not opened yet" in table
    own = sqlite_store.workshop(oak.self_code)
    assert f"code={oak.self_code}&amp;key={own.facilitator_key}&amp;token=tok123" in table
    assert f"participant.ipynb?code={elm.self_code}&amp;token=tok123" in table
    assert sqlite_store.facilitator_key() not in table  # each workshop's own key, never the store's


def test_a_school_is_added_through_the_form(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    section = app.page.children[0]
    find(section, w.Text, description="School")[0].value = "Ash Academy"
    find(section, w.Combobox, description="Cohort")[0].value = "One"
    find(section, w.Combobox, description="Triad")[0].value = "South"
    find(section, w.Checkbox, description="This school is its triad's coach")[0].value = True
    button(section, "Add school").click()
    ash = [s for s in sqlite_store.programme_schools("NORTHP") if s.school == "Ash Academy"]
    assert len(ash) == 1 and ash[0].triad == "South" and ash[0].coach
    assert "Ash Academy is the coach school of triad South" in text_of(section)
    assert "Ash Academy" in section.children[1].value
    assert find(section, w.Text, description="School")[0].value == ""


def test_a_refused_school_is_explained_and_changes_nothing(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    section = app.page.children[0]
    find(section, w.Text, description="School")[0].value = "Birch"
    find(section, w.Combobox, description="Cohort")[0].value = "One"
    find(section, w.Combobox, description="Triad")[0].value = "North"
    find(section, w.Checkbox, description="This school is its triad's coach")[0].value = True
    button(section, "Add school").click()
    assert "already has a coach school" in text_of(section)
    assert 'role="alert"' in text_of(section)
    find(section, w.Text, description="School")[0].value = ""
    button(section, "Add school").click()
    assert len(sqlite_store.programme_schools("NORTHP")) == 2


def test_opening_a_peer_visit_shows_its_join_code_and_links(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    section = app.page.children[0]
    button(section, "Open the peer visit: Elm <b>Primary</b>").click()
    elm = [s for s in sqlite_store.programme_schools("NORTHP") if s.school_id.startswith("elm")]
    visit = sqlite_store.workshop(elm[0].visit_code)
    assert visit.kind == "visit"
    shown = text_of(section)
    assert f"join code <strong>{visit.code}</strong>" in shown
    assert f"code={visit.code}&amp;key={visit.facilitator_key}" in shown
    assert "The peer visit to Elm &lt;b&gt;Primary&lt;/b&gt; is open" in shown
    # once open, its button goes and the table carries its links
    assert find(section, w.Button, description="Open the peer visit: Elm <b>Primary</b>") == []
    assert f"participant.ipynb?code={visit.code}" in section.children[1].value


def test_a_stage_is_saved_when_it_changes_and_shows_as_reached(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    app.nav.value = "Stages"
    (triad,) = find(app.page, w.VBox, _dom_classes=("sr-card", "sr-triad"))
    find(triad, w.DatePicker, description="Peer visits")[0].value = dt.date(2027, 2, 3)
    dones = find(triad, w.Checkbox, description="Done")
    dones[2].value = True  # the third stage, Peer visits
    (record,) = sqlite_store.programme_records("NORTHP", "stage")
    assert (record.scope, record.item_id) == ("North", "visit")
    assert record.value == {"date": "2027-02-03", "done": True}
    assert "Saved: Peer visits for triad North." in text_of(triad)
    app.nav.value = "Schools and triads"
    assert "Peer visits" in app.page.children[0].children[1].value
    app.nav.value = "Stages"  # drawn again from the store
    (triad,) = find(app.page, w.VBox, _dom_classes=("sr-card", "sr-triad"))
    assert find(triad, w.Checkbox, description="Done")[2].value is True


def test_a_qa_record_is_saved_with_its_button(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    app.nav.value = "Quality assurance"
    find(app.page, w.DatePicker, description="Date of the visit")[0].value = dt.date(2027, 5, 4)
    find(app.page, w.Dropdown, description="Supportive")[0].value = 4
    find(app.page, w.Dropdown, description="Solutions-focused")[0].value = 3
    find(app.page, w.Textarea, description="Note")[0].value = "Warm & <focused>"
    button(app.page, "Save: triad North").click()
    (record,) = sqlite_store.programme_records("NORTHP", "qa")
    assert record.scope == "North"
    assert record.value == {
        "date": "2027-05-04",
        "supportive": 4,
        "solutions_focused": 3,
        "focused_process": None,
        "note": "Warm & <focused>",
    }
    assert "Saved: the quality-assurance record for triad North." in text_of(app.page)
    app.nav.value = "Stages"
    app.nav.value = "Quality assurance"
    assert find(app.page, w.Dropdown, description="Supportive")[0].value == 4


def test_a_refused_qa_record_is_explained_and_changes_nothing(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    app.nav.value = "Quality assurance"
    find(app.page, w.Textarea, description="Note")[0].value = "bad \x07 bell"
    button(app.page, "Save: triad North").click()
    assert 'role="alert"' in text_of(app.page)
    assert sqlite_store.programme_records("NORTHP", "qa") == []


def test_celebration_and_overview_open_without_error(sqlite_store, programme) -> None:
    app = opened(sqlite_store)
    for section in ("Celebration", "Overview"):
        app.nav.value = section
        assert len(app.page.children) == 1
        assert 'role="alert"' not in text_of(app.page)


def test_a_programme_page_before_its_schools_says_what_to_do(sqlite_store) -> None:
    sqlite_store.create_programme("Empty programme", code="EMPTYP")
    app = opened(sqlite_store, code="EMPTYP")
    assert "No schools yet" in text_of(app.page)
    app.nav.value = "Stages"
    assert "Add the programme&#x27;s schools and triads first" in text_of(app.page)


def test_the_workshop_list_starts_a_programme_and_links_to_it(sqlite_store, monkeypatch) -> None:
    monkeypatch.setenv("QUERY_STRING", "token=tok123")
    key = sqlite_store.facilitator_key()
    app = FacilitatorApp(sqlite_store, key=key)
    find(app.widget, w.Text, description="Programme")[0].value = "South triads"
    find(app.widget, w.Text, description="Lead")[0].value = "Jo Bloggs"
    button(app.widget, "Create programme").click()
    (created,) = sqlite_store.programmes()
    assert (created.name, created.lead) == ("South triads", "Jo Bloggs")
    shown = text_of(app.widget)
    link = f"programme.ipynb?programme={created.code}&amp;key={key}&amp;token=tok123"
    assert shown.count(link) == 2  # in the list, and in the message saying it started
    button(app.widget, "Create programme").click()  # no name: refused, nothing made
    assert 'role="alert"' in text_of(app.widget)
    assert len(sqlite_store.programmes()) == 1


def test_the_programme_link_names_the_programme_and_the_store_key() -> None:
    link = programme_link("http://host:8866/", "KEY", "NORTHP", "tok")
    assert link == (
        "http://host:8866/voila/render/programme.ipynb?programme=NORTHP&key=KEY&token=tok"
    )
