"""The participant app in a real page: join, answer, reload, and find everything again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from tests.harness import wait_for

pytestmark = pytest.mark.browser

DIMENSIONS = ["values", "teaching", "resources", "roles", "services"]
CHOICES = {"values": "4", "teaching": "2", "resources": "Not sure", "roles": "1", "services": "5"}


def join(page, url: str, alias: str, role: str = "Teacher", resume: str = "") -> None:
    """Join as a person would; with ``resume``, as someone who joined before (the page asks for
    their resume code once it sees the alias is taken)."""
    page.goto(url)
    page.get_by_label("Your alias").fill(alias)
    page.get_by_label("Your role").select_option(label=role)
    page.get_by_role("button", name="Join").click()
    if resume:
        page.get_by_label("Resume code").fill(resume)
        page.get_by_role("button", name="Join").click()
    page.get_by_text(f"you are {alias}").wait_for()


def answers_of(server, code: str, alias: str):
    frame = server.store.answers(code)
    return frame[frame["alias"] == alias]


def test_join_place_every_dimension_reload_and_find_every_answer(server, new_page) -> None:
    code = server.store.create_workshop("Reload Primary", "Baseline", code="RELOAD1").code
    page = new_page()
    join(page, server.participant_url(code), "Willow")
    page.get_by_role("button", name="2. Where is our school?").click()
    groups = page.locator(".sr-choice")
    notes = page.get_by_label("How do you know?")
    for index, dimension in enumerate(DIMENSIONS):
        groups.nth(index).get_by_label(CHOICES[dimension], exact=False).first.check()
        notes.nth(index).fill(f"Evidence for {dimension} <b>bold?</b> 🙂")

    def all_saved():
        mine = answers_of(server, code, "Willow")
        return len(mine) == 10 and len(mine[mine["kind"] == "evidence"]) == 5

    wait_for(all_saved, what="ten answers in the store")
    page.get_by_text("Saved at").wait_for()

    page.reload()
    page.get_by_text("you are Willow").wait_for()
    page.get_by_role("button", name="2. Where is our school?").click()
    for index, dimension in enumerate(DIMENSIONS):
        checked = groups.nth(index).locator("input:checked")
        expect(checked).to_have_count(1)
        label = groups.nth(index).locator("label:has(input:checked)").inner_text()
        assert label.startswith(CHOICES[dimension])
        assert notes.nth(index).input_value() == f"Evidence for {dimension} <b>bold?</b> 🙂"
    assert page.locator("b", has_text="bold?").count() == 0


def test_a_new_tab_or_kernel_comes_back_as_the_same_participant(server, new_page) -> None:
    code = server.store.create_workshop("Tab Primary", "Baseline", code="TABS11").code
    page = new_page()
    join(page, server.participant_url(code), "Alder")
    page.get_by_role("button", name="3. Think about your school…").click()
    note = "We know from lesson visits; unsure about supply staff."
    page.get_by_label("Do leaders have a shared understanding").fill(note)
    wait_for(lambda: len(answers_of(server, code, "Alder")) == 1, what="the note saved")
    other = page.context.new_page()
    other.goto(server.participant_url(code))
    other.get_by_text("you are Alder").wait_for()
    other.get_by_role("button", name="3. Think about your school…").click()
    assert other.get_by_label("Do leaders have a shared understanding").input_value() == note


def test_an_unknown_code_says_what_to_do(server, new_page) -> None:
    page = new_page()
    page.goto(server.participant_url("NOPE99"))
    page.get_by_text("there is no workshop with the code").wait_for()
    page.get_by_label("Your alias").fill("Oak")
    page.get_by_label("Your role").select_option(label="SENCO")
    page.get_by_role("button", name="Join").click()
    assert page.get_by_role("alert").inner_text().startswith("There is no workshop")


def test_typing_the_code_by_hand_works(server, new_page) -> None:
    code = server.store.create_workshop("Typed Primary", "Baseline", code="TYPED1").code
    page = new_page()
    page.goto(server.base + "/voila/render/participant.ipynb")
    page.get_by_label("Workshop code").fill("typed-1")
    join_alias = "Holly"
    page.get_by_label("Your alias").fill(join_alias)
    page.get_by_label("Your role").select_option(label="Governor")
    page.get_by_role("button", name="Join").click()
    page.get_by_text(f"you are {join_alias}").wait_for()
    assert list(server.store.participants(code)["alias"]) == [join_alias]


def test_a_step_can_be_opened_directly_from_the_link(server, new_page) -> None:
    code = server.store.create_workshop("Step Primary", "Baseline", code="STEP11").code
    person = server.store.join(code, "Elm", "senco")
    server.store.save(code, person.id, Kind.POSITION, "national_college", "values", 3)
    page = new_page()
    join(page, server.participant_url(code, step="2"), "Elm", "SENCO", person.resume_code)
    expect(page.locator(".sr-choice").first.locator("input:checked")).to_have_count(1)


def test_a_phone_sized_screen_works_without_sideways_scrolling(server, new_page) -> None:
    code = server.store.create_workshop("Phone Primary", "Baseline", code="PHONE1").code
    page = new_page(width=390, height=844)
    join(page, server.participant_url(code), "Rowan")
    page.get_by_label("Step", exact=True).select_option(label="2. Where is our school?")
    page.locator(".sr-choice").first.get_by_label("3").check()
    wait_for(lambda: len(answers_of(server, code, "Rowan")) == 1, what="the phone's answer")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, f"the page is {scroll}px wide on a 390px phone"
    page.screenshot(path=str(server.log.parent / "phone.png"), full_page=True)


def test_a_note_is_saved_once_after_a_pause_in_typing_not_per_keystroke(server, new_page) -> None:
    code = server.store.create_workshop("Typing Primary", "Baseline", code="TYPING1").code
    page = new_page()
    join(page, server.participant_url(code), "Poplar")
    box = page.get_by_label("Do leaders base their approaches to SEN/D on an analysis")
    sentence = "Our SEF has a context section."
    box.press_sequentially(sentence, delay=40)
    saved = wait_for(
        lambda: (
            (frame := answers_of(server, code, "Poplar")).shape[0] == 1
            and frame.iloc[0]["value"] == sentence
        ),
        what="the typed note",
    )
    assert saved
    changes = server.store.history(code)
    assert len(changes) == 1, f"{len(changes)} saves for one sentence typed"
    expect(page.get_by_text("Saved at")).to_be_visible()


def test_the_whole_join_and_an_answer_work_from_the_keyboard(server, new_page) -> None:
    code = server.store.create_workshop("Keys Primary", "Baseline", code="KEYS11").code
    page = new_page()
    page.goto(server.participant_url(code))
    page.get_by_label("Your alias").focus()
    page.keyboard.type("Juniper")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.type("SENCO")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("you are Juniper").wait_for()
    page.get_by_role("button", name="2. Where is our school?").focus()
    page.keyboard.press("Enter")
    # whole school first, as the pack puts it: the next option along is 4
    page.locator(".sr-choice").first.get_by_label("5 – whole school").focus()
    page.keyboard.press("ArrowRight")
    wait_for(lambda: answers_of(server, code, "Juniper").shape[0] == 1, what="a keyboard answer")
    assert answers_of(server, code, "Juniper").iloc[0]["value"] == 4
    for _ in range(8):  # each option is its own tab stop in ipywidgets' radio buttons
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "TEXTAREA":
            break
    assert page.evaluate("document.activeElement.closest('.sr-note') !== null")
    page.keyboard.type("Seen in three classes")
    wait_for(lambda: answers_of(server, code, "Juniper").shape[0] == 2, what="a typed note")
