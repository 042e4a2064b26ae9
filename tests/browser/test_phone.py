"""The pages on a 390 px phone, in Chromium: "Think about your school…" folded to a fraction of
its questions' height, nothing wider than the phone on that step, the action plan, the agree
cards and the facilitator's workshop list, and Edit bringing the action form into view with its
first field focused.

Screenshots are written to ``tests/artefacts/`` (git-ignored) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from sendreflect.responses import TEAM
from tests.browser.test_participant_page import join

pytestmark = pytest.mark.browser
NC = "national_college"
PHONE = {"width": 390, "height": 844}
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"

OUTSIDE = """() => {
  const app = document.querySelector('.sr-app');
  const box = app.getBoundingClientRect();
  const right = box.right - parseFloat(getComputedStyle(app).paddingRight);
  return Array.from(app.querySelectorAll(
      'input, select, textarea, .jupyter-button, .sr-card, .sr-group, .widget-inline-hbox'))
    .filter(e => e.getBoundingClientRect().width > 0)
    .filter(e => e.getBoundingClientRect().right > right + 0.5)
    .map(e => `${e.tagName}.${e.className} ends at ${e.getBoundingClientRect().right}`);
}"""
"""In a page: the fields, buttons and cards that reach past the app's column (into its padding
or off the screen, where a box that hides what overflows would cut them)."""


def fits_a_phone(page, what: str) -> None:
    """Nothing on the page is wider than the phone, and no field leaves the app's column."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], what
    assert page.evaluate(OUTSIDE) == [], what
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"phone-{what}-390.png")


def test_think_about_your_school_is_folded_far_shorter_than_its_questions(server, new_page) -> None:
    code = server.store.create_workshop("Fold Primary", "Baseline", code="FOLD11").code
    page = new_page(**PHONE)
    join(page, server.participant_url(code, step="3"), "Rowan")
    expect(page.get_by_text("These questions are optional.")).to_be_visible()
    groups = page.locator(".sr-group > .sr-fold-button")
    expect(groups).to_have_count(5)
    expect(groups.first).to_contain_text("Values — 0 of 4 answered")
    fits_a_phone(page, "think-folded")

    def step_height() -> float:
        top = page.locator(".sr-optional").bounding_box()
        bottom = page.locator(".sr-credit").last.bounding_box()
        assert top is not None and bottom is not None
        return bottom["y"] + bottom["height"] - top["y"]

    folded = step_height()
    for index in range(1, 5):
        groups.nth(index).click()
    expect(page.locator(".sr-note textarea").last).to_be_visible()
    questions = page.locator(".sr-note").evaluate_all(
        "notes => notes.reduce((sum, n) => sum + n.getBoundingClientRect().height, 0)"
    )
    assert page.locator(".sr-note").count() == 29
    assert folded < questions / 2, f"folded {folded:.0f} px; the questions alone {questions:.0f}"
    assert step_height() > 2 * folded
    fits_a_phone(page, "think-unfolded")


def test_the_action_plan_and_agree_fit_a_phone_and_edit_brings_the_form_into_view(
    server, new_page
) -> None:
    code = server.store.create_workshop("Plan Primary", "Baseline", code="PHONEPLAN").code
    for number, what in enumerate(("Staff survey", "SENCO on SLT", "Governor visits"), 1):
        value = {"what": what, "dimension": "roles", "lead": "Head teacher", "target_position": 4}
        server.store.save(code, TEAM, Kind.ACTION, NC, f"action.plan11.{number}", value)
    page = new_page(**PHONE)
    page.goto(server.facilitator_url(code) + "&section=agree")
    expect(page.get_by_text("Record the position you agree").first).to_be_visible()
    fits_a_phone(page, "agree")
    page.get_by_role("button", name="Action plan", exact=True).click()
    expect(page.get_by_text("Governor visits")).to_be_visible()
    fits_a_phone(page, "action-plan")
    prompt = page.get_by_label("Prompt", exact=True)
    card = page.locator(".sr-card").filter(has_text="Governor visits")
    card.get_by_role("button", name="Edit").click()
    expect(page.get_by_label("What will we do?")).to_have_value("Governor visits")
    expect(prompt).to_be_focused()
    expect(prompt).to_be_in_viewport()
    target = page.get_by_label("Target position")
    chosen = target.evaluate('s => s.selectedOptions[0].text.replaceAll("\\u00a0", " ")')
    assert chosen == "4 – Mostly whole school"
    page.screenshot(path=ARTEFACTS / "phone-action-edit-390.png")


def test_the_facilitators_workshop_list_fits_a_phone(server, new_page) -> None:
    page = new_page(**PHONE)
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?key={server.store.facilitator_key()}")
    expect(page.get_by_role("button", name="Create workshop")).to_be_visible()
    expect(page.get_by_label("Workshop", exact=True)).to_be_visible()
    fits_a_phone(page, "workshops")
