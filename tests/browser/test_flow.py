"""A participant's flow through the steps, in Chromium on a 390 px phone and a 1366 px screen:
Next opens the next step at its heading, the save status stays in view at the bottom of a step,
a reload returns to the open step, and on a phone the steps are one menu.

Screenshots of the participant's page at 390, 768 and 1366 px are written to ``tests/artefacts/``
(git-ignored) for a person to look at; the README shows ``participant-390.png``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from tests.browser.test_participant_page import answers_of, join
from tests.harness import wait_for

pytestmark = pytest.mark.browser
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
SCROLLER = "document.querySelector('#rendered_cells')"
"""What scrolls in a Voila page: its cells' box, not the window."""
PLACE = "2. Where is our school?"
THINK = "3. Think about your school…"
PHONE, WIDE = 390, 1366


def screen(width: int) -> dict[str, int]:
    return {"width": width, "height": 844 if width < 500 else 1024 if width < 1000 else 768}


def open_step(page, width: int, label: str) -> None:
    """Open a step as a person would: the menu on a phone, the step's button on a wide screen."""
    if width <= 600:
        page.get_by_label("Step", exact=True).select_option(label=label)
    else:
        page.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()


def box(page, selector: str) -> dict[str, float]:
    """An element's box on the screen, with the screen's height."""
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, height: window.innerHeight }; }""",
        selector,
    )


def to_the_bottom(page) -> None:
    page.evaluate(f"{SCROLLER}.scrollTo(0, {SCROLLER}.scrollHeight)")
    page.wait_for_timeout(300)
    assert page.evaluate(f"{SCROLLER}.scrollTop") > 0, "the step is not taller than the screen"


@pytest.mark.parametrize("width", [PHONE, WIDE])
def test_next_opens_the_next_step_at_its_heading(server, new_page, width) -> None:
    code = server.store.create_workshop("Next Primary", "Baseline", code=f"NEXT{width}").code
    page = new_page(**screen(width))
    join(page, server.participant_url(code), "Hazel")
    open_step(page, width, PLACE)
    to_the_bottom(page)
    page.get_by_role("button", name="Next: Think about your school…").click()
    heading = '[data-sr-step="3"]'
    page.wait_for_function(  # settled: the heading just below the bar that stays at the top
        """(h) => { const top = document.querySelector(h)?.getBoundingClientRect().top;
          const bar = document.querySelector('.sr-bar').getBoundingClientRect().bottom;
          return top !== undefined && top >= bar - 1 && top <= bar + 40; }""",
        arg=heading,
    )
    top, bar = box(page, heading)["top"], box(page, ".sr-bar")["bottom"]
    assert bar < 0.4 * screen(width)["height"], f"the bar takes {bar}px of the screen"
    assert bar - 1 <= top <= bar + 40, f"the heading is at {top}px, the bar ends at {bar}px"
    assert page.evaluate("document.activeElement.dataset.srStep") == "3"  # read out next


def test_the_save_status_stays_in_view_at_the_bottom_of_a_step_on_a_phone(server, new_page) -> None:
    code = server.store.create_workshop("Status Primary", "Baseline", code="STATUS1").code
    page = new_page(**screen(PHONE))
    join(page, server.participant_url(code), "Aspen")
    open_step(page, PHONE, PLACE)
    to_the_bottom(page)
    page.locator(".sr-choice").last.get_by_label("2").check()
    wait_for(lambda: len(answers_of(server, code, "Aspen")) == 1, what="the phone's answer")
    status = page.locator(".sr-bar .sr-status")
    expect(status).to_contain_text("Saved at")
    expect(status).to_be_in_viewport(ratio=1)
    expect(page.locator(".sr-bar")).to_contain_text("Step 2 of")
    where = box(page, ".sr-bar .sr-status")
    assert where["top"] >= 0 and where["bottom"] <= where["height"], where


@pytest.mark.parametrize("width", [PHONE, WIDE])
def test_a_reload_returns_to_the_open_step(server, new_page, width) -> None:
    code = server.store.create_workshop("Again Primary", "Baseline", code=f"AGAIN{width}").code
    person = server.store.join(code, "Linden", "teacher")
    server.store.save(code, person.id, Kind.POSITION, "national_college", "values", 4)
    page = new_page(**screen(width))
    join(page, server.participant_url(code), "Linden", resume=person.resume_code)
    open_step(page, width, THINK)
    page.wait_for_function("() => location.search.includes('step=3')")
    query = parse_qs(urlsplit(page.url).query)
    assert query["code"] == [code] and query["step"] == ["3"], page.url
    open_step(page, width, PLACE)
    page.wait_for_function("() => location.search.includes('step=2')")
    page.reload()
    page.get_by_text("you are Linden").wait_for()
    expect(page.get_by_role("heading", name=PLACE, exact=True)).to_be_visible()
    expect(page.locator(".sr-choice").first.locator("input:checked")).to_have_count(1)
    if width <= 600:
        expect(page.get_by_label("Step", exact=True)).to_have_value(PLACE)
    else:
        expect(page.locator(".sr-step-buttons .mod-active")).to_have_text(PLACE)


@pytest.mark.parametrize("width", [PHONE, WIDE])
def test_the_steps_are_one_menu_on_a_phone_and_buttons_on_a_wide_screen(
    server, new_page, width
) -> None:
    code = server.store.create_workshop("Menu Primary", "Baseline", code=f"MENU{width}").code
    page = new_page(**screen(width))
    join(page, server.participant_url(code), "Rowan")
    expect(page.locator(".sr-bar")).to_contain_text("Step 1 of")
    menus = page.locator("select:visible")
    buttons = page.locator(".sr-step-buttons button:visible")
    if width <= 600:
        expect(menus).to_have_count(1)
        expect(buttons).to_have_count(0)
        expect(page.locator('[data-sr-step="1"]')).to_be_visible()
        first = box(page, '[data-sr-step="1"]')  # the first screen reaches the step itself
        assert first["bottom"] < first["height"], f"the step's heading is at {first}"
    else:
        expect(menus).to_have_count(0)
        expect(buttons.first).to_be_visible()
        assert buttons.count() >= 5
    open_step(page, width, THINK)
    expect(page.locator(".sr-bar")).to_contain_text("Step 3 of")


@pytest.mark.parametrize("width", [PHONE, 768, WIDE])
def test_screenshots_of_the_participant_page(server, new_page, width) -> None:
    code = server.store.create_workshop("Picture Primary", "Baseline", code=f"PIC{width}").code
    page = new_page(**screen(width))
    join(page, server.participant_url(code), "Juniper")
    open_step(page, width, PLACE)
    page.locator(".sr-choice").first.get_by_label("4").check()
    expect(page.locator(".sr-bar .sr-status")).to_contain_text("Saved at")
    page.evaluate("""document.querySelector('[data-sr-step="2"]').scrollIntoView()""")
    page.wait_for_timeout(300)  # the step as it opened, with the answer saved
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"participant-{width}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
