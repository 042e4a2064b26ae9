"""A workshop on a facilitator's own continuum framework (docs/example-continuum.yaml, which the
test server loads through SENDREFLECT_FRAMEWORKS) in real pages: join, place, reveal, agree, act
and take the report away, each on the framework's own dimensions and scale."""

from __future__ import annotations

import base64
import urllib.parse

import pytest
from playwright.sync_api import expect

from sendreflect import get_settings, responses
from tests.harness import wait_for

pytestmark = pytest.mark.browser
OWN = "example_continuum"
TITLES = ("Belonging", "Teaching for all", "Working with families", "Using what we know")


def test_join_place_reveal_agree_act_and_report_on_its_own_dimensions(
    server, new_page, monkeypatch
) -> None:
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(server.log.parent / "frameworks"))
    get_settings.cache_clear()
    code = server.store.create_workshop("Riverside Primary", "Baseline", [OWN], code="RIVER1").code
    participant = new_page(width=390, height=844)
    participant.goto(server.participant_url(code))
    participant.get_by_label("Your alias").fill("Willow")
    participant.get_by_label("Your role").select_option(label="SENCO")
    participant.get_by_role("button", name="Join").click()
    participant.get_by_label("Step", exact=True).select_option(label="1. Where is our school?")
    expect(participant.get_by_text("Owned by everyone").first).to_be_visible()
    groups = participant.locator(".sr-choice")
    expect(groups).to_have_count(len(TITLES))
    for index in range(len(TITLES)):
        groups.nth(index).get_by_label("4", exact=True).check()
    participant.get_by_label("How do you know?").first.fill("Pupils' voice survey")
    participant.get_by_label("How do you know?").first.blur()
    wait_for(
        lambda: len(responses.positions(server.store.answers(code))) == len(TITLES),
        what="Willow's four positions",
    )

    facilitator = new_page(width=1366, height=768)
    facilitator.goto(server.facilitator_url(code))
    facilitator.get_by_role("button", name="Results").click()
    facilitator.get_by_role("button", name="Reveal the team's results").click()
    table = facilitator.locator(".sr-table", has_text="The radar's numbers")
    for title in TITLES:
        expect(table.locator("tr", has_text=title)).to_be_visible()
    expect(table).not_to_contain_text("Values")

    facilitator.get_by_role("button", name="Agree").click()
    facilitator.locator(".sr-choice").first.get_by_label("4 – Mostly shared").check()
    wait_for(lambda: not responses.agreed(server.store.answers(code)).empty, what="the agreement")
    facilitator.get_by_role("button", name="Action plan").click()
    facilitator.get_by_label("Dimension").select_option(label="Working with families")
    facilitator.get_by_label("What will we do?").fill("Good-news postcards every half term")
    facilitator.get_by_label("Target position").select_option(label="5 – Owned by everyone")
    facilitator.get_by_role("button", name="Add action").click()
    expect(facilitator.get_by_text("Action saved.")).to_be_visible()

    facilitator.get_by_role("button", name="Take away").click()
    facilitator.get_by_role("button", name="Prepare the report (HTML, prints on A4)").click()
    link = facilitator.get_by_role("link", name="Download the report (.html)")
    href = link.get_attribute("href") or ""
    data = href.split(",", 1)[1]
    report = (
        base64.b64decode(urllib.parse.unquote(data)).decode()
        if ";base64" in href.split(",", 1)[0]
        else urllib.parse.unquote(data)
    )
    for title in TITLES:
        assert title in report
    assert "Good-news postcards every half term" in report and "Owned by everyone" in report
