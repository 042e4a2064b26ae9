"""Peer mentoring after an inspection in a real page: from the facilitator link of a mentoring
workshop, three of the inspection's recommendations become priorities with actions, the mentor
notes two meetings, the readiness for the monitoring visit is summed up, and the report taken
away shows all of it. Screenshots of each section at phone and desktop widths."""

from __future__ import annotations

import base64
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import responses
from tests.browser.test_accessibility import serious
from tests.harness import wait_for

pytestmark = pytest.mark.browser
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
AREAS = (
    "Leaders should make sure that the curriculum is adapted for pupils with SEND.",
    "Teachers should check pupils' understanding systematically.",
    "Leaders should sharpen the targets in pupils' support plans.",
)
ACTIONS = (
    "Map each subject's adaptations",
    "Train staff in checking understanding",
    "Rewrite targets with families",
)


def section(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".sr-nav .mod-active")).to_have_text(name)


def shot(page, name: str, width: int) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"mentoring-{name}-{width}.png", full_page=True)


def report_of(page) -> str:
    page.get_by_role("button", name="Prepare the report (HTML, prints on A4)").click()
    href = page.get_by_role("link", name="Download the report (.html)").get_attribute("href")
    head, data = (href or ",").split(",", 1)
    if ";base64" in head:
        return base64.b64decode(urllib.parse.unquote(data)).decode()
    return urllib.parse.unquote(data)


def plan_actions(page) -> None:
    """An action per priority; one done, one changed through its card's Change button."""
    section(page, "Plan")
    for index, what in enumerate(ACTIONS):
        page.get_by_label("For priority").select_option(index=index)
        page.get_by_label("What will we do?").fill(what)
        page.get_by_label("Who leads it").fill("SENCO")
        page.get_by_label("Monitoring point").fill(f"Checked at meeting {index + 2}")
        page.get_by_label("By when").fill("2027-03-31")
        page.get_by_role("button", name="Add action").click()
        expect(page.locator(".sr-action", has_text=what)).to_be_visible()
    page.locator(".sr-card", has_text=ACTIONS[0]).get_by_label("Status").select_option(label="Done")
    expect(page.locator(".sr-card", has_text=ACTIONS[0]).get_by_text("Saved.")).to_be_visible()
    page.locator(".sr-card", has_text=ACTIONS[2]).get_by_role("button", name="Change").click()
    expect(page.get_by_label("What will we do?")).to_have_value(ACTIONS[2])
    expect(page.get_by_label("For priority")).to_be_focused()  # the form brought into view
    page.get_by_label("Who leads it").fill("Assistant head")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Action saved.")).to_be_visible()
    expect(page.locator(".sr-card", has_text=ACTIONS[2])).to_contain_text("Assistant head")


def test_a_mentoring_plan_from_recommendations_to_the_monitoring_visit(server, new_page) -> None:
    workshop = server.store.start_mentoring("Ash Primary School")
    code = workshop.code
    page = new_page(width=1366, height=1800)  # tall: a Voila page scrolls inside its box
    page.goto(server.facilitator_url(code))
    expect(page.get_by_text("Peer mentoring after inspection")).to_be_visible()
    for number, area in enumerate(AREAS, start=1):
        page.get_by_label("Area for development").fill(area)
        page.get_by_label("Our priority").fill(f"Priority {number} in our words")
        page.get_by_role("button", name="Add priority").click()
        expect(page.get_by_text(f"Priority {number}", exact=True)).to_be_visible()
    shot(page, "inspection", 1366)

    plan_actions(page)
    shot(page, "plan", 1366)

    section(page, "Mentor's notes")
    for number, note in ((1, "Took stock of the report."), (2, "Reviewed the plan's actions.")):
        page.get_by_label(f"Date of meeting {number}").fill(f"2027-0{number}-12")
        page.get_by_label(f"Note of meeting {number}").fill(note)
        page.get_by_role("button", name=f"Save meeting {number}").click()
        expect(page.get_by_text(f"Meeting {number} saved.")).to_be_visible()
    shot(page, "notes", 1366)

    section(page, "Monitoring visit")
    page.get_by_label("How ready are we?").select_option(label="3. Mostly ready")
    page.get_by_label("Summary").fill("Two priorities secure; targets still being rewritten.")
    page.get_by_label("Date of the visit").fill("2027-05-20")
    page.get_by_role("button", name="Save readiness").click()
    expect(page.get_by_text("Readiness saved.")).to_be_visible()
    shot(page, "monitoring-visit", 1366)

    wait_for(lambda: len(responses.readiness(server.store.answers(code))) == 1, what="readiness")
    answers = server.store.answers(code)
    plan = responses.actions(answers)
    priorities = responses.priorities(answers)
    assert list(priorities["area"]) == list(AREAS)
    assert dict(zip(plan["what"], plan["prompt"], strict=True)) == dict(
        zip(ACTIONS, priorities["priority_id"], strict=True)
    )
    assert list(responses.mentor_notes(answers)["meeting"]) == [1, 2]

    section(page, "Take away")
    report = report_of(page)
    for text in (*AREAS, *ACTIONS, "Took stock of the report.", "Reviewed the plan's actions."):
        assert text.replace("'", "&#39;") in report, text
    assert "3 of 4: Mostly ready" in report and "20 May 2027" in report
    assert "Two priorities secure; targets still being rewritten." in report


@pytest.mark.parametrize("width", [390, 768])
def test_screenshots_of_the_mentoring_page(server, new_page, width) -> None:
    """Each section at a phone's and a tablet's width: no serious accessibility problem, nothing
    wider than the screen, and a screenshot to look at."""
    workshop = server.store.start_mentoring(f"Screenshot Academy {width}")
    page = new_page(width=width, height=1600)  # tall: a Voila page scrolls inside its box
    page.goto(server.facilitator_url(workshop.code))
    page.get_by_label("Area for development").fill(AREAS[0])
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_text("Priority saved.")).to_be_visible()
    drawn = {
        "Inspection": "The priorities",
        "Plan": "No actions for this priority yet.",
        "Mentor's notes": "Meeting 1",
        "Monitoring visit": "Readiness for the monitoring visit",
        "Take away": "Prepare the report (HTML, prints on A4)",
    }
    for name, sign in drawn.items():
        section(page, name)
        expect(page.get_by_text(sign, exact=True).first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is wider than the screen by {overflow} px"
        assert serious(page) == [], name
        shot(page, name.lower().replace("'", "").replace(" ", "-"), width)
