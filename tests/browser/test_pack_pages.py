"""The pack's own steps in a real page: "How will you move your school?" noted by a member and
turned into an action by the facilitator in one click, and the agree card with the whole-school
pole first in its colours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendreflect import get_framework, responses
from tests.harness import wait_for

from .test_participant_page import join

pytestmark = pytest.mark.browser

NC = "national_college"
MOVE = "How will you move your school?"


def test_an_idea_on_a_move_prompt_becomes_an_action_in_one_click(server, new_page) -> None:
    code = server.store.create_workshop("Move Primary", "Baseline", [NC], code="MOVE11").code
    prompt = get_framework(NC).item("resources.move.2")
    page = new_page(390, 800)
    join(page, server.participant_url(code), "Hazel")
    titles = page.locator(".sr-nav button").all_inner_texts()
    step = next(t for t in titles if t.endswith(MOVE))
    page.get_by_label("Step", exact=True).select_option(label=step)  # one menu on a phone
    expect(page.get_by_text(prompt.text, exact=True)).to_be_visible()  # the prompt in full
    expect(page.locator(".sr-credit").last).to_contain_text("©2011 National College")
    idea = "Map every TA timetable against need, Hazel to start"
    page.get_by_label(prompt.text).fill(idea)

    def noted() -> bool:
        notes = responses.notes(server.store.answers(code))
        return bool((notes["item_id"] == prompt.id).any())

    wait_for(noted, what="the idea saved against its prompt")

    facilitator = new_page(1366, 900)
    facilitator.goto(server.facilitator_url(code))
    facilitator.get_by_role("button", name="Action plan", exact=True).click()
    ideas = facilitator.locator(".sr-ideas")
    shown = "Map every TA timetable against need, a colleague to start"
    expect(ideas.get_by_text(shown)).to_be_visible()
    expect(ideas).not_to_contain_text("Hazel")  # unnamed, even when typed into the idea
    expect(ideas.get_by_text(prompt.text)).to_be_visible()
    ideas.get_by_role("button", name="Make this an action").click()

    def planned():
        plan = responses.actions(server.store.answers(code))
        return plan if len(plan) == 1 else None

    plan = wait_for(planned, what="the idea saved as an action")
    assert plan.loc[0, "prompt"] == prompt.id and plan.loc[0, "dimension"] == "resources"
    expect(facilitator.locator(".sr-action", has_text=shown)).to_be_visible()


def test_the_agree_card_puts_the_whole_school_pole_first(server, new_page) -> None:
    page = new_page(768, 900)
    page.goto(server.facilitator_url("DEMO"))
    page.get_by_role("button", name="Agree", exact=True).click()
    poles = page.locator(".sr-poles").first
    expect(poles).to_be_visible()
    first, second = poles.locator(".sr-pole").nth(0), poles.locator(".sr-pole").nth(1)
    expect(first).to_have_class("sr-pole sr-whole")
    expect(second).to_have_class("sr-pole sr-bolt")
    green = first.evaluate("e => getComputedStyle(e).borderTopColor")
    assert green == "rgb(0, 158, 115)"
    assert second.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    labels = page.locator(".sr-choice").first.locator(".widget-radio-box label").all_inner_texts()
    assert labels[0].startswith("5 – Whole school") and labels[-1].startswith("1 – Preserve")
