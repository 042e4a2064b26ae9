"""The host school's facilitator page in a real browser: Self and peers (the radar, its table and
the agenda by gap) at a phone's and a projector's width, and an action's progress at the second
triad meeting saved through the page and found in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import responses
from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.responses import TEAM, Kind
from tests.browser.test_accessibility import serious
from tests.harness import wait_for

pytestmark = pytest.mark.browser
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
FITS = """() => { const svg = document.querySelector('.js-plotly-plot .main-svg');
  const viewport = document.documentElement.clientWidth;
  return svg && svg.getBoundingClientRect().right <= viewport + 0.5; }"""
ACTION = "Audit the provision map with class teachers"


def host_with_visit(store, tag: str) -> tuple[str, str]:
    """A triad whose host (Elmwood) placed itself (three people) and was placed at its visit by
    two reviewers with the panel's agreed positions; its plan has one action. Returns the host's
    self-evaluation code and the action's id."""
    made = store.create_programme(f"Page triads {tag}")
    schools = [
        store.add_school(made.code, name, cohort="One", triad="North", coach=name == "Oakfield")
        for name in ("Oakfield", "Elmwood", "Ashgrove")
    ]
    host = store.workshop(schools[1].self_code)
    visit = store.open_visit(made.code, schools[1].school_id)
    fw = continuum_of(host.frameworks, load_frameworks())
    dims = [d.id for d in fw.dimensions]
    for n, alias in enumerate(("Rowan-p1", "Birch-p2", "Cedar-p3")):
        person = store.join(host.code, alias, "teacher")
        for i, dim in enumerate(dims):
            store.save(host.code, person.id, Kind.POSITION, fw.id, dim, 2 + (n + i) % 3)
    store.save(host.code, person.id, Kind.EVIDENCE, fw.id, dims[0], "Termly reviews with parents")
    for alias, school in (("Hazel-r1", "Oakfield"), ("Maple-r2", "Ashgrove")):
        reviewer = store.join(visit.code, alias, "peer_reviewer", school=school)
        for i, dim in enumerate(dims):
            store.save(visit.code, reviewer.id, Kind.POSITION, fw.id, dim, 1 + i % 5)
    store.save(visit.code, reviewer.id, Kind.EVIDENCE, fw.id, dims[0], "Pupils knew their targets")
    for i, dim in enumerate(dims):
        agreed = {"position": 1 + i % 5, "rationale": "The panel agreed"}
        store.save(visit.code, TEAM, Kind.AGREED, fw.id, dim, agreed, by="facilitator")
    action_id = store.new_action_id()
    store.save(host.code, TEAM, Kind.ACTION, fw.id, action_id, {"what": ACTION}, by="facilitator")
    return host.code, action_id


@pytest.mark.parametrize("width", [390, 768, 1366])
def test_the_host_sees_itself_beside_its_peers(server, new_page, width) -> None:
    code, _action = host_with_visit(server.store, f"view {width}")
    page = new_page(width=width, height=844 if width < 500 else 768 if width > 800 else 1024)
    page.goto(server.facilitator_url(code) + "&section=self-and-peers")
    expect(page.locator(".sr-nav .mod-active")).to_have_text("Self and peers")
    expect(page.locator(".js-plotly-plot .legend").first).to_be_visible()
    page.wait_for_function(FITS)  # the radar drawn at its box's width, inside the screen
    table = page.locator(".sr-table", has_text="Our view and the peer reviewers' view")
    expect(table.locator("tr", has_text="(agreed)").first).to_be_visible()
    expect(table).not_to_contain_text("median of 2")
    agenda = page.locator(".sr-gap-agenda")
    expect(agenda.locator(".sr-gap-item").first).to_contain_text("Gap")
    expect(agenda).to_contain_text("Pupils knew their targets")
    expect(agenda).to_contain_text("Termly reviews with parents")
    for alias in ("Hazel-r1", "Maple-r2", "Rowan-p1"):
        expect(agenda).not_to_contain_text(alias)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"self-and-peers-{width}.png")
    page.locator(".sr-side-by-side").first.screenshot(
        path=ARTEFACTS / f"self-and-peers-radar-{width}.png"
    )
    agenda.locator(".sr-gap-item").first.scroll_into_view_if_needed()
    page.screenshot(path=ARTEFACTS / f"self-and-peers-agenda-{width}.png")
    if width == 1366:
        assert serious(page) == []  # axe-core: nothing serious or critical


def test_progress_at_the_second_meeting_is_saved_through_the_page(server, new_page) -> None:
    code, action_id = host_with_visit(server.store, "progress")
    page = new_page(width=1366, height=768)
    page.goto(server.facilitator_url(code))
    page.get_by_role("button", name="Progress", exact=True).click()
    expect(page.locator(".sr-nav .mod-active")).to_have_text("Progress")
    card = page.locator(".sr-card", has_text=ACTION)
    card.get_by_label("Meeting", exact=True).select_option(label="Second triad meeting")
    card.get_by_label("Status at this meeting").select_option(label="Under way")
    card.get_by_label("Note", exact=True).fill("Half the classes audited")
    card.get_by_label("Coach school's comment").fill("Share the audit form with Ashgrove")
    card.get_by_role("button", name="Save progress").click()
    expect(card.get_by_text("Progress at the second triad meeting saved.")).to_be_visible()

    def saved() -> bool:
        rows = responses.progress(server.store.answers(code))
        return any(
            r["action_id"] == action_id and r["meeting"] == 2 and r["status"] == "under_way"
            for r in rows.to_dict("records")
        )

    wait_for(saved, what="the action's progress at the second meeting")
    summary = page.locator(".sr-table", has_text="Each action's status at each triad meeting")
    expect(summary.locator("tr", has_text=ACTION)).to_contain_text("Under way")
    ARTEFACTS.mkdir(exist_ok=True)
    card.scroll_into_view_if_needed()
    page.screenshot(path=ARTEFACTS / "progress-1366.png")
    assert serious(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    card.scroll_into_view_if_needed()
    page.screenshot(path=ARTEFACTS / "progress-390.png")
