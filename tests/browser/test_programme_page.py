"""A peer-review programme's page in real Voila and Chromium: a programme of six schools in two
triads (two added through the page), its table at a phone's and a projector's width, a peer
visit opened from the page with its join code read off it, a stage and a quality-assurance
record saved through the page into the store, and the page locked without the store's key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect.server import programme_link, store_link
from tests.browser.test_accessibility import serious
from tests.harness import wait_for

pytestmark = pytest.mark.browser
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
CODE = "PEERPG"
BY_STORE = (("Oak Primary", "North", True), ("Elm Primary", "North", False))
BY_STORE += (("Ash Academy", "South", True), ("Birch Infants", "South", False))
BY_PAGE = (("Fir Primary", "North"), ("Cedar Juniors", "South"))


@pytest.fixture(scope="module")
def programme(server):
    store = server.store
    programme = store.create_programme("Riverside triads 2026-27", lead="Sam Patel", code=CODE)
    for school, triad, coach in BY_STORE:
        store.add_school(CODE, school, cohort="Cohort 1", triad=triad, coach=coach)
    return programme


def url(server, key: str | None = None) -> str:
    key = server.store.facilitator_key() if key is None else key
    return programme_link(server.base, key, CODE)


def shot(page, name: str, width: int) -> None:
    """The whole page (Voila scrolls inside its own box, so the screen is made tall for it)."""
    ARTEFACTS.mkdir(exist_ok=True)
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 2600})
    page.wait_for_timeout(300)
    page.screenshot(path=ARTEFACTS / f"programme-{name}-{width}.png")
    page.set_viewport_size(before)


def test_schools_visit_stage_and_qa_through_the_page(server, programme, new_page) -> None:
    store = server.store
    page = new_page(width=1366, height=900)
    page.goto(url(server))
    expect(page.get_by_role("heading", name="Riverside triads 2026-27")).to_be_visible()
    for school, triad in BY_PAGE:
        page.get_by_label("School", exact=True).fill(school)
        page.get_by_label("Cohort", exact=True).fill("Cohort 1")
        page.get_by_label("Triad", exact=True).fill(triad)
        page.get_by_role("button", name="Add school").click()
        expect(page.get_by_text(f"{school} is a school in triad {triad}")).to_be_visible()
    wait_for(lambda: len(store.programme_schools(CODE)) == 6, what="six schools")
    table = page.locator(".sr-schools")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table.locator("tr", has_text="Oak Primary")).to_contain_text("Coach school")
    expect(table.locator("tr", has_text="Fir Primary")).to_contain_text("Member school")
    shot(page, "schools", 1366)

    page.get_by_role("button", name="Open the peer visit: Elm Primary").click()
    opened = page.locator(".sr-success", has_text="The peer visit to Elm Primary is open")
    expect(opened).to_be_visible()
    found = re.search(r"join code (\w+)", opened.inner_text())
    assert found is not None
    (elm,) = [s for s in store.programme_schools(CODE) if s.school == "Elm Primary"]
    assert found.group(1) == elm.visit_code
    assert store.workshop(elm.visit_code).kind == "visit"
    expect(table.locator("tr", has_text="Elm Primary")).to_contain_text(elm.visit_code)

    page.get_by_role("button", name="Stages").click()
    north = page.locator(".sr-triad", has_text="Triad North")
    north.get_by_label("Peer visits").fill("2027-02-03")
    north.locator(".sr-stage").nth(2).get_by_label("Done").check()
    wait_for(
        lambda: (
            [
                r.value
                for r in store.programme_records(CODE, "stage")
                if (r.scope, r.item_id) == ("North", "visit") and r.value["done"]
            ]
            == [{"date": "2027-02-03", "done": True}]
        ),
        what="the North triad's peer visits stage",
    )
    expect(north.get_by_text("Saved: Peer visits for triad North.")).to_be_visible()
    shot(page, "stages", 1366)

    page.get_by_role("button", name="Quality assurance").click()
    south = page.locator(".sr-triad", has_text="Triad South")
    south.get_by_label("Date of the visit").fill("2027-05-04")
    south.get_by_label("Supportive").select_option(label="4 – Fully")
    south.get_by_label("Solutions-focused").select_option(label="3 – Mostly")
    south.get_by_label("A focused process for collaboration").select_option(label="2 – In part")
    south.get_by_label("Note").fill("Warm, and the agenda kept to the gaps")
    south.get_by_label("Note").blur()
    south.get_by_role("button", name="Save: triad South").click()
    expect(south.get_by_text("Saved: the quality-assurance record")).to_be_visible()
    (qa,) = store.programme_records(CODE, "qa")
    assert qa.scope == "South"
    assert qa.value == {
        "date": "2027-05-04",
        "supportive": 4,
        "solutions_focused": 3,
        "focused_process": 2,
        "note": "Warm, and the agenda kept to the gaps",
    }
    shot(page, "qa", 1366)
    page.get_by_role("button", name="Schools and triads").click()
    expect(table.locator("tr", has_text="Fir Primary")).to_contain_text("Peer visits")


@pytest.mark.parametrize("width", [390, 768])
def test_the_table_fits_a_phone_and_a_tablet(server, programme, new_page, width) -> None:
    page = new_page(width=width, height=844)
    page.goto(url(server))
    table = page.locator(".sr-schools")
    expect(table.locator("tr", has_text="Oak Primary")).to_be_visible()
    expect(page.get_by_label("School", exact=True)).to_be_visible()
    shot(page, "schools", width)
    page.get_by_role("button", name="Quality assurance").click()
    expect(page.get_by_label("Supportive").first).to_be_visible()
    shot(page, "qa", width)
    page.get_by_role("button", name="Stages").click()
    expect(page.get_by_label("Peer visits").first).to_be_visible()
    shot(page, "stages", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_page_is_locked_without_the_store_key(server, programme, new_page) -> None:
    own = server.store.workshop(server.store.programme_schools(CODE)[0].self_code)
    for key in ("", own.facilitator_key):
        page = new_page(width=1366, height=800)
        page.goto(url(server, key))
        expect(page.get_by_role("alert")).to_contain_text("workshop list")
        expect(page.get_by_text("Riverside triads")).to_have_count(0)
        expect(page.get_by_role("button", name="Schools and triads")).to_have_count(0)


def test_the_workshop_list_starts_a_programme_with_a_link_to_its_page(server, new_page) -> None:
    page = new_page(width=390, height=844)
    page.goto(store_link(server.base, server.store.facilitator_key()))
    page.get_by_label("Programme", exact=True).fill("Hillside trust peer review")
    page.get_by_label("Lead", exact=True).fill("Jo Bloggs")
    page.get_by_role("button", name="Create programme").click()
    link = page.get_by_role("link", name="Open its page")
    expect(link).to_be_visible()
    (made,) = [p for p in server.store.programmes() if p.name == "Hillside trust peer review"]
    assert f"programme.ipynb?programme={made.code}&key=" in (link.get_attribute("href") or "")
    expect(page.get_by_role("link", name="Hillside trust peer review")).to_be_visible()
    shot(page, "list", 390)
    link.click()
    expect(page.get_by_role("heading", name="Hillside trust peer review")).to_be_visible()
    expect(page.get_by_text("No schools yet")).to_be_visible()


@pytest.mark.parametrize("section", ["Schools and triads", "Stages", "Quality assurance"])
def test_axe_finds_no_serious_problem(server, programme, new_page, section) -> None:
    page = new_page(width=1366, height=900)
    page.goto(url(server))
    page.get_by_role("button", name=section).click()
    expect(page.locator(".sr-triad, .sr-schools").first).to_be_visible()
    assert serious(page) == []
