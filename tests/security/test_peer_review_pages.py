"""Peer review's pages against a running server: a visiting reviewer's key and a school's own key
open nothing beyond their one workshop (not the host's Self and peers, not another school's
dashboard, not the programme page), and hostile text typed on a page is shown as text in the
programme table and in the host's agenda, never run."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.responses import TEAM, Kind
from sendreflect.server import links, programme_link

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"
REFUSED = "This link does not open the facilitator view of this workshop"


@pytest.fixture
def triad(server):
    """A triad whose host school (Elm) has its visit open, two reviewers' evidence placed, and
    one reviewer's evidence written as hostile HTML."""
    store = server.store
    made = store.create_programme("Attack triads")
    schools = {
        name: store.add_school(made.code, name, cohort="One", triad="East", coach=name == "Oak")
        for name in ("Oak", "Elm", "Ash")
    }
    host = store.workshop(schools["Elm"].self_code)
    visit = store.open_visit(made.code, schools["Elm"].school_id)
    fw = continuum_of(host.frameworks, load_frameworks())
    dim = fw.dimensions[0].id
    for alias, school in (("Holly-rv", "Oak"), ("Ivy-rv", "Ash")):
        reviewer = store.join(visit.code, alias, "peer_reviewer", school=school)
        store.save(visit.code, reviewer.id, Kind.POSITION, fw.id, dim, 2)
    store.save(visit.code, reviewer.id, Kind.EVIDENCE, fw.id, dim, HOSTILE)
    store.save(visit.code, TEAM, Kind.AGREED, fw.id, dim, {"position": 2}, by="facilitator")
    return made.code, schools, host, visit


def test_a_visit_key_opens_neither_the_host_nor_another_school(server, triad, new_page) -> None:
    _programme, schools, host, visit = triad
    page = new_page(width=390, height=844)
    for code in (host.code, schools["Oak"].self_code):
        page.goto(links(server.base, code, visit.facilitator_key).facilitator)
        expect(page.get_by_text(REFUSED)).to_be_visible()
        expect(page.get_by_role("button", name="Self and peers")).to_have_count(0)
        expect(page.get_by_text("Elm", exact=True)).to_have_count(0)


def test_a_schools_own_key_opens_only_its_own_workshop(server, triad, new_page) -> None:
    programme, schools, host, visit = triad
    page = new_page(width=390, height=844)
    for code in (visit.code, schools["Oak"].self_code):
        page.goto(links(server.base, code, host.facilitator_key).facilitator)
        expect(page.get_by_text(REFUSED)).to_be_visible()
    page.goto(programme_link(server.base, host.facilitator_key, programme))
    expect(page.get_by_text("Open this page with a programme's link")).to_be_visible()
    expect(page.get_by_text("Ash", exact=True)).to_have_count(0)
    assert server.store.programme_records(programme) == []


def test_hostile_text_is_shown_as_text(server, triad, new_page) -> None:
    programme, _schools, host, _visit = triad
    page = new_page(width=1366, height=900)
    page.goto(programme_link(server.base, server.store.facilitator_key(), programme))
    page.get_by_label("School", exact=True).fill(HOSTILE)
    page.get_by_label("Cohort", exact=True).fill("One")
    page.get_by_label("Triad", exact=True).fill("West")
    page.get_by_role("button", name="Add school").click()
    expect(page.locator(".sr-table", has_text="Oak").first).to_contain_text("onerror=")
    assert page.locator("img[src='x']").count() == 0
    page.goto(links(server.base, host.code, host.facilitator_key).facilitator)
    page.get_by_role("button", name="Self and peers").click()
    agenda = page.locator(".sr-gap-agenda")
    expect(agenda).to_contain_text("onerror=")
    expect(agenda).not_to_contain_text("Holly-rv")
    assert page.locator("img[src='x']").count() == 0
    assert page.title() != "pwned"
