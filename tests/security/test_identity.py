"""Nobody becomes someone else: attacks on a running server by an outsider who knows a
workshop's join code and a colleague's alias (both are seen on the projector)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from tests.browser.test_participant_page import join

pytestmark = pytest.mark.browser
NC = "national_college"


def test_typing_a_colleagues_alias_asks_for_their_code_and_shows_nothing_of_theirs(
    server, new_page
) -> None:
    code = server.store.create_workshop("Alias Primary", "Baseline").code
    owner = server.store.join(code, "Ash", "senco")
    server.store.save(code, owner.id, Kind.EVIDENCE, NC, "values", "Ash's private worry")
    page = new_page()
    page.goto(server.participant_url(code))
    page.get_by_label("Your alias").fill("Ash")
    page.get_by_label("Your role").select_option(label="Head teacher")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("alert")).to_contain_text("already joined as 'Ash'")
    expect(page.get_by_label("Resume code")).to_be_visible()
    page.get_by_label("Resume code").fill("AAAA-AAAA")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("alert")).to_contain_text("resume code")
    assert page.get_by_text("you are Ash").count() == 0
    assert page.get_by_text("private worry").count() == 0
    assert server.store.participant(owner.id).role == "senco"


def test_a_forged_browser_memory_opens_nothing(server, new_page) -> None:
    code = server.store.create_workshop("Memory Primary", "Baseline").code
    owner = server.store.join(code, "Birch", "senco")
    server.store.save(code, owner.id, Kind.EVIDENCE, NC, "values", "Birch's private note")
    page = new_page()
    page.goto(server.participant_url(code))
    expect(page.get_by_label("Your alias")).to_be_visible()
    for forged in (owner.id, f"{owner.id}.AAAAAAAA"):
        page.evaluate(
            "([k, v]) => window.localStorage.setItem(k, v)", [f"sendreflect:{code}", forged]
        )
        page.reload()
        expect(page.get_by_label("Your alias")).to_be_visible()
        assert page.get_by_text("you are Birch").count() == 0
        assert page.get_by_text("private note").count() == 0


def test_the_resume_code_carries_a_person_on_from_another_device(server, new_page) -> None:
    code = server.store.create_workshop("Device Primary", "Baseline").code
    laptop = new_page()
    join(laptop, server.participant_url(code), "Cedar", "SENCO")
    shown = laptop.get_by_text("Your resume code is").inner_text()
    resume = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", shown).group(0)
    laptop.get_by_role("button", name="2. Where is our school?").click()
    laptop.locator(".sr-choice").first.get_by_label("4").check()
    person = server.store.participants(code).iloc[0]["id"]
    phone = new_page(width=390, height=844)
    join(phone, server.participant_url(code), "Cedar", "SENCO", resume)
    phone.get_by_label("Step", exact=True).select_option(label="2. Where is our school?")
    expect(phone.locator(".sr-choice").first.locator("input:checked")).to_have_count(1)
    assert list(server.store.participants(code)["id"]) == [person]
