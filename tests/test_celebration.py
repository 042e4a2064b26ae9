"""The celebration of learning and the lead's overview, as widgets in plain Python: a triad's
learning saved through its form, refused text saving nothing, Present showing large read-only
text, the programme report's download link, and the overview per cohort naming no one."""

from __future__ import annotations

import base64
import html
import re

import ipywidgets as w

from sendreflect import Store
from sendreflect.app.celebration import celebration_view, programme_overview_view
from sendreflect.responses import Kind
from tests.programme_builder import NC, SCRIPT, build_programme
from tests.widgets import find

ALIASES = ("Marigold", "Birchwood", "Hazelnut", "Rowan-1", "Willow-1")


def triad_form(view: w.Widget, name: str) -> w.VBox:
    """The form of triad ``name``: the box whose heading names it."""
    boxes = [
        box
        for box in find(view, w.VBox)
        if "sr-triad" in box._dom_classes
        and any(f"Triad {name} (" in getattr(c, "value", "") for c in box.children)
    ]
    assert len(boxes) == 1
    return boxes[0]


def field(box: w.Widget, description: str) -> w.Textarea:
    (found,) = find(box, w.Textarea, description=description)
    return found


def button(box: w.Widget, description: str) -> w.Button:
    (found,) = find(box, w.Button, description=description)
    return found


def shown_text(widget: w.Widget) -> str:
    """Every HTML widget's markup below ``widget``."""
    return "".join(h.value for h in find(widget, w.HTML))


def learning(store: Store, code: str, triad: str) -> dict | None:
    found = [r.value for r in store.programme_records(code, kind="learning") if r.scope == triad]
    return found[0] if found else None


def test_a_triads_learning_is_saved_from_its_form(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    view = celebration_view(sqlite_store, built.code)
    south = triad_form(view, "South")
    assert field(south, "Key learnings").continuous_update is False
    field(south, "Key learnings").value = "Coaching works both ways"
    field(south, "Next steps").value = "Visit again in the spring"
    button(south, "Save triad South's learning").click()
    assert learning(sqlite_store, built.code, "South") == {
        "key_learnings": "Coaching works both ways",
        "next_steps": "Visit again in the spring",
    }
    assert "Saved." in shown_text(south)
    north = triad_form(view, "North")
    assert field(north, "Key learnings").value.startswith(SCRIPT)  # as typed, for its author


def test_refused_text_says_why_and_changes_nothing(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    before = learning(sqlite_store, built.code, "North")
    north = triad_form(celebration_view(sqlite_store, built.code), "North")
    field(north, "Next steps").value = "Bad\x00text"
    button(north, "Save triad North's learning").click()
    said = shown_text(north)
    assert 'role="alert"' in said and "Not saved" in said
    assert learning(sqlite_store, built.code, "North") == before


def test_the_forms_show_each_triads_schools_and_actions_completed(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    view = celebration_view(sqlite_store, built.code)
    north = shown_text(triad_form(view, "North"))
    assert "Schools: Oak Primary (coach school), Ash Academy, Elm Infants" in north
    assert "Audit the provision map" in north and "Done by triad meeting 2" in north
    assert "Train all staff on adaptive teaching" in north and "Review the timetable" not in north
    assert "No action is marked done yet." in shown_text(triad_form(view, "South"))


def test_present_shows_large_read_only_text_naming_no_one(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    view = celebration_view(sqlite_store, built.code)
    (present,) = find(view, w.ToggleButton, description="Present")
    (shown,) = [h for h in find(view, w.HTML) if 'class="sr-present"' in h.value]
    assert shown.layout.display == "none"
    south = triad_form(view, "South")
    field(south, "Key learnings").value = "Rowan-1 asked the best questions"
    button(south, "Save triad South's learning").click()
    present.value = True
    assert shown.layout.display is None and triad_form(view, "South").layout.display is None
    (editing,) = [b for b in find(view, w.VBox) if triad_form(view, "South") in b.children]
    assert editing.layout.display == "none"
    assert present.description == "Stop presenting"
    assert "a colleague asked the best questions" in shown.value  # read again on presenting
    assert html.escape(SCRIPT, quote=True) in shown.value and SCRIPT not in shown.value
    assert "Peer visits gave a colleague new confidence" in shown.value
    for alias in ALIASES:
        assert alias.casefold() not in shown.value.casefold()
    present.value = False
    assert shown.layout.display == "none" and editing.layout.display is None


def test_the_programme_report_downloads_from_a_link(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    view = celebration_view(sqlite_store, built.code)
    button(view, "Prepare the programme report").click()
    (link,) = [h.value for h in find(view, w.HTML) if "sr-download" in h.value]
    found = re.search(r'download="([^"]+)" href="data:text/html;base64,([^"]+)"', link)
    assert found and found.group(1) == f"Northshire-peer-review-2026-27-{built.code}-report.html"
    page = base64.b64decode(found.group(2)).decode("utf-8")
    assert "Triad North (cohort Spring)" in page and "Marigold" not in page


def test_the_overview_shows_each_cohort_naming_no_one(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    page = shown_text(programme_overview_view(sqlite_store, built.code))
    for caption in (
        "Cohort Spring: schools, triads and stage reached",
        "Cohort Spring: each school&#x27;s own placement / its peers&#x27;",
        "Cohort Summer: the gap per dimension (peers minus self)",
    ):
        assert f"<caption>{caption}</caption>" in page
    assert "<td>Ash Academy</td><td>4 / 2</td>" in page
    assert "<td>Ash Academy</td><td>−2</td>" in page
    assert "<td>Oak Primary</td><td>North</td><td>Yes</td><td>Peer visits</td>" in page
    assert "Strengths to showcase" in page and "Where support may help" in page
    assert "Chosen where a school&#x27;s own placement and its peers&#x27; are both 4" in page
    assert "Oak Primary (triad North), Approaches to teaching and learning: itself 4" in page
    assert "Ash Academy (triad North), Values: itself 4, peers 2" in page
    for alias in ALIASES:
        assert alias.casefold() not in page.casefold()


def test_a_side_placed_by_two_shows_its_agreed_position_or_a_dash(sqlite_store: Store) -> None:
    built = build_programme(sqlite_store)
    elm = built.schools["Elm Infants"]
    for alias in ("Poppy-1", "Daisy-1"):
        person = sqlite_store.join(elm.self_code, alias, "teacher")
        sqlite_store.save(elm.self_code, person.id, Kind.POSITION, NC, "values", 5)
    page = shown_text(programme_overview_view(sqlite_store, built.code))
    assert "<td>Elm Infants</td><td>– / –</td>" in page  # two placed it, nothing agreed
    sqlite_store.save(
        elm.self_code, "team", Kind.AGREED, NC, "values", {"position": 3}, by="facilitator"
    )
    page = shown_text(programme_overview_view(sqlite_store, built.code))
    assert "<td>Elm Infants</td><td>3 / –</td>" in page


def test_an_unknown_programme_says_so_plainly(sqlite_store: Store) -> None:
    for view in (celebration_view, programme_overview_view):
        said = shown_text(view(sqlite_store, "NOSUCH"))
        assert 'role="alert"' in said and "no programme with the code" in said


def test_a_programme_without_schools_says_so(sqlite_store: Store) -> None:
    code = sqlite_store.create_programme("Empty triads 2026-27").code
    for view in (celebration_view, programme_overview_view):
        assert "No schools have joined this programme yet." in shown_text(view(sqlite_store, code))
