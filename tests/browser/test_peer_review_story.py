"""Peer review across schools, told whole in real pages (real Voila, real Chromium): a programme of
six schools in two triads; two self-evaluations placed by their teams; a peer visit opened from
the programme page, where two reviewers from the other schools of the triad place the host with
evidence and agree the panel's view; the host's self-vs-peer radar and gap agenda; an action
updated at the second triad meeting; a quality-assurance record; the celebration of learning
and the lead's overview.

Only the setting-up (the programme's schools, a third member of the host's team, the host's
one action) goes through the store directly; everything the issue's people do is done on a page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import responses
from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.responses import TEAM, Kind
from sendreflect.server import programme_link
from tests.harness import wait_for

pytestmark = pytest.mark.browser

CODE = "STORY1"
SCHOOLS = (
    ("Oakfield Primary", "North", True),
    ("Elmwood Primary", "North", False),
    ("Ashgrove Academy", "North", False),
    ("Birchley Infants", "South", True),
    ("Cedar Juniors", "South", False),
    ("Firbank Primary", "South", False),
)
HOST = "Elmwood Primary"
ACTION = "Share the provision map with every class teacher"
PLACE = "2. Where is our school?"
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"


def shot(page, name: str) -> None:
    """The page at a projector's and a phone's width, for a person to look at."""
    ARTEFACTS.mkdir(exist_ok=True)
    for width, height in ((1366, 1400), (390, 2400)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=ARTEFACTS / f"story-{name}-{width}.png")
    page.set_viewport_size({"width": 1366, "height": 900})


def join(page, url: str, alias: str, role: str, school: str = "") -> None:
    page.goto(url)
    page.get_by_label("Your alias").fill(alias)
    page.get_by_label("Your role").select_option(label=role)
    if school:
        page.get_by_label("Your school").fill(school)
    page.get_by_role("button", name="Join").click()
    page.get_by_text(f"you are {alias}").wait_for()


def place(page, positions: list[int], evidence: str) -> None:
    """Place the school on every dimension (``positions`` in the framework's order), with the
    evidence for the first."""
    page.get_by_label("Step", exact=True).select_option(label=PLACE)
    groups = page.locator(".sr-choice")
    for index, position in enumerate(positions):
        groups.nth(index).get_by_label(re.compile(rf"^{position}\b")).first.check()
    page.get_by_label("How do you know?").first.fill(evidence)
    page.get_by_label("How do you know?").first.blur()


def placed(store, code: str, alias: str, count: int) -> bool:
    mine = store.answers(code)
    mine = mine[mine["alias"] == alias]
    return len(mine[mine["kind"] == "position"]) == count and (mine["kind"] == "evidence").any()


@pytest.fixture
def programme(server):
    store = server.store
    store.create_programme("Riverside peer review 2026-27", lead="Sam Patel", code=CODE)
    made = {
        name: store.add_school(CODE, name, cohort="Cohort 1", triad=triad, coach=coach)
        for name, triad, coach in SCHOOLS
    }
    return made


def test_a_year_of_peer_review_in_real_pages(server, programme, new_page) -> None:  # noqa: PLR0915
    store = server.store
    host = store.workshop(programme[HOST].self_code)
    framework = continuum_of(host.frameworks, load_frameworks())
    dims = [d.id for d in framework.dimensions]
    lead_url = programme_link(server.base, store.facilitator_key(), CODE)

    # Two self-evaluations: the host's team (two on phones, one placed already) and Oakfield's.
    for alias, positions in (("Rowan-e1", [4, 4, 3, 4, 4]), ("Willow-e2", [4, 3, 3, 4, 5])):
        phone = new_page(width=390, height=844)
        join(phone, server.participant_url(host.code), alias, "Teacher")
        place(phone, positions, f"{alias} saw provision maps in every class")
        wait_for(lambda a=alias: placed(store, host.code, a, len(dims)), what=f"{alias} placed")
        phone.close()
    third = store.join(host.code, "Cedar-e3", "senco")
    for dim in dims:
        store.save(host.code, third.id, Kind.POSITION, framework.id, dim, 4)
    oak = programme["Oakfield Primary"].self_code
    phone = new_page(width=390, height=844)
    join(phone, server.participant_url(oak), "Hazel-o1", "Head teacher")
    place(phone, [3, 3, 3, 3, 3], "Our own audit last term")
    wait_for(lambda: placed(store, oak, "Hazel-o1", len(dims)), what="Oakfield's placement")
    phone.close()

    # The lead opens Elmwood's peer visit from the programme page.
    lead = new_page(width=1366, height=900)
    lead.goto(lead_url)
    lead.get_by_role("button", name=f"Open the peer visit: {HOST}").click()
    opened = lead.get_by_role("status").filter(has_text=f"The peer visit to {HOST} is open")
    expect(opened).to_be_visible()
    visit = store.visit_of(host.code)
    assert visit is not None
    expect(opened).to_contain_text(visit.code)

    # Two reviewers from the other schools of the triad place the host, with evidence.
    reviewer = "Peer reviewer (from another school)"
    for alias, school, positions in (
        ("Maple-r1", "Oakfield Primary", [2, 3, 2, 4, 4]),
        ("Alder-r2", "Ashgrove Academy", [2, 2, 3, 4, 4]),
    ):
        phone = new_page(width=390, height=844)
        join(phone, server.participant_url(visit.code), alias, reviewer, school)
        expect(phone.get_by_text(f"Peer visit to {HOST}").first).to_be_visible()
        place(phone, positions, f"Pupils could say what helps them learn ({school})")
        wait_for(lambda a=alias: placed(store, visit.code, a, len(dims)), what=f"{alias} placed")
        phone.close()

    # The panel agrees its view in the visit's facilitator page (two reviewers: never a median).
    panel = new_page(width=1366, height=900)
    panel.goto(server.facilitator_url(visit.code))
    panel.get_by_role("button", name="Agree", exact=True).click()
    agreed = [2, 3, 2, 4, 4]
    for index, position in enumerate(agreed):
        panel.locator(".sr-choice").nth(index).get_by_label(re.compile(rf"^{position} ")).check()
    wait_for(
        lambda: len(responses.agreed(store.answers(visit.code))) == len(dims),
        what="the panel's agreed positions",
    )

    # The host's team sees itself beside its peers: the radar, its table and the gap agenda.
    action_id = store.new_action_id()
    store.save(
        host.code, TEAM, Kind.ACTION, framework.id, action_id, {"what": ACTION}, by="facilitator"
    )
    team = new_page(width=1366, height=768)
    team.goto(server.facilitator_url(host.code) + "&section=self-and-peers")
    expect(team.locator(".sr-nav .mod-active")).to_have_text("Self and peers")
    expect(team.locator(".js-plotly-plot .legend").first).to_be_visible()
    table = team.locator(".sr-table", has_text="Our view and the peer reviewers' view")
    expect(table.locator("tr", has_text="median of 3").first).to_be_visible()
    expect(table.locator("tr", has_text="(agreed)").first).to_be_visible()
    expect(table).not_to_contain_text("median of 2")
    agenda = team.locator(".sr-gap-agenda")
    first = agenda.locator(".sr-gap-item").first
    expect(first).to_contain_text(framework.dimensions[0].title)  # 4 vs 2: the widest gap
    expect(agenda).to_contain_text("Pupils could say what helps them learn")
    expect(agenda).to_contain_text("saw provision maps in every class")
    for alias in ("Maple-r1", "Alder-r2", "Rowan-e1", "Willow-e2"):
        expect(agenda).not_to_contain_text(alias)

    # At the second triad meeting the action is done, with the coach school's comment.
    team.get_by_role("button", name="Progress", exact=True).click()
    card = team.locator(".sr-card", has_text=ACTION)
    card.get_by_label("Meeting", exact=True).select_option(label="Second triad meeting")
    card.get_by_label("Status at this meeting").select_option(label="Done")
    card.get_by_label("Note", exact=True).fill("Every class has the map on its wall")
    card.get_by_label("Coach school's comment").fill("Oakfield will borrow the format")
    card.get_by_role("button", name="Save progress").click()
    expect(card.get_by_text("Progress at the second triad meeting saved.")).to_be_visible()
    progress = responses.progress(store.answers(host.code)).to_dict("records")
    assert [(p["action_id"], p["meeting"], p["status"]) for p in progress] == [
        (action_id, 2, "done")
    ]

    # The quality-assurance visit to triad North.
    lead.get_by_role("button", name="Quality assurance").click()
    north = lead.locator(".sr-triad", has_text="Triad North")
    for marker in ("Supportive", "Solutions-focused", "A focused process for collaboration"):
        north.get_by_label(marker, exact=True).select_option(label="4 – Fully")
    north.get_by_label("Note", exact=True).fill("Challenge and reassurance in equal measure")
    north.get_by_role("button", name="Save: triad North").click()
    wait_for(lambda: store.programme_records(CODE, "qa"), what="the QA record")
    (qa,) = store.programme_records(CODE, "qa")
    assert qa.scope == "North" and qa.value["supportive"] == 4

    # The celebration of learning: triad North's learning, presented, with the action done.
    lead.get_by_role("button", name="Celebration").click()
    north = lead.locator(".sr-triad", has_text="Triad North")
    north.get_by_label("Key learnings").fill("Peers saw what our own audit missed")
    north.get_by_label("Next steps").fill(
        "Reviewers sit in on each other's pupil progress meetings"
    )
    north.get_by_label("Next steps").blur()
    north.get_by_role("button", name="Save triad North's learning").click()
    expect(north.get_by_role("status")).to_contain_text("Saved.")
    lead.get_by_role("button", name="Present").click()
    shown = lead.locator(".sr-present")
    expect(shown).to_contain_text("Peers saw what our own audit missed")
    expect(shown).to_contain_text(ACTION)
    shot(lead, "celebration")

    # The lead's overview: the host's self and peer placements and the gap, per cohort.
    lead.get_by_role("button", name="Overview", exact=True).click()
    overview = lead.locator(".sr-programme-overview")
    expect(overview).to_contain_text("Cohort 1")
    expect(overview.locator("tr", has_text=HOST).first).to_be_visible()
    expect(overview).to_contain_text("Where support may help")
    expect(overview).to_contain_text("Strengths to showcase")
    for alias in ("Maple-r1", "Alder-r2", "Rowan-e1", "Hazel-o1"):
        expect(overview).not_to_contain_text(alias)
    shot(lead, "overview")
