"""A workshop's burst: 30 real pages open the participant link at once, each with its own kernel
on the running server, join one workshop and answer it together.

Each page has a browser context of its own, as each person has their own device: the app keeps
who joined in the browser, so two tabs of one browser are one person. Past the server's gate most
pages show "the workshop is busy" and ask again while kernels are started a few at a time.
Every page then joins, places the school on every dimension and writes a note and a
reflection, all pages in turn so the saves of 30 kernels interleave. Afterwards every answer is
in the store exactly once: none lost, none twice. A page that says "Not saved: connection lost"
(its kernel starved of the two cores for longer than the page waits to hear it) must either hear
its kernel again or, reloaded as it asks, carry its person on.
"""

from __future__ import annotations

import secrets
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.harness import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

PEOPLE = 30
CONTEXTS = PEOPLE
DIMENSIONS = ["values", "teaching", "resources", "roles", "services"]
PER_PERSON = len(DIMENSIONS) + 2  # a position on each dimension, one note, one reflection
LOADED = 600_000
"""Milliseconds a page may take to become usable while 29 others start beside it on two
cores (each page is checked, never timed)."""


def position_for(number: int, index: int) -> int:
    return (number + index) % 5 + 1


def kernel_of(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def shut_down(base: str, kernel_id: str) -> None:
    """Free a page's kernel (Voila's own unload request is refused, voila-dashboards/voila#1458),
    so the 30 kernels do not weigh on the tests after this one."""
    token = secrets.token_hex(16)
    request = urllib.request.Request(
        f"{base}/api/kernels/{kernel_id}",
        method="DELETE",
        headers={"X-XSRFToken": token, "Cookie": f"_xsrf={token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60):
            pass
    except OSError as exc:  # already gone: say so, but let the test's own outcome stand
        print(f"kernel {kernel_id} was not shut down: {exc}")


def open_pages(browser, url: str, problems: list[str], seen_busy: list[str]) -> tuple[list, list]:
    """30 pages, each in its own context, all sent to ``url`` before any has loaded."""
    size = {"width": 1000, "height": 900}
    contexts = [browser.new_context(viewport=size) for _ in range(CONTEXTS)]
    pages = []
    for number in range(PEOPLE):
        page = contexts[number % CONTEXTS].new_page()
        page.set_default_timeout(120_000)

        def on_response(response, number=number) -> None:
            if response.status == 503 and "/voila/render/" in response.url:
                seen_busy.append(str(number))  # the gate's busy page: it asks again by itself
            elif response.status >= 400 and "/voila/api/shutdown/" not in response.url:
                problems.append(f"page {number}: {response.status} {response.url}")

        page.on("response", on_response)
        page.on("pageerror", lambda exc, number=number: problems.append(f"page {number}: {exc}"))
        pages.append(page)
    for page in pages:  # navigate all at once: none waits for another's response
        page.evaluate("url => { window.location.href = url; }", url)
    return contexts, pages


def join(page, number: int) -> None:
    alias = page.get_by_label("Your alias")
    expect(alias).to_be_editable(timeout=LOADED)
    alias.fill(f"Page {number:02d}")
    page.get_by_label("Your role").select_option(label="Teacher")
    page.get_by_role("button", name="Join").click()
    page.get_by_text(f"you are Page {number:02d}").wait_for()
    page.get_by_role("button", name="2. Where is our school?").click()


def answer(pages: list) -> None:
    """Every page answers, in turn: each dimension on every page before the next dimension."""
    for index in range(len(DIMENSIONS)):
        for number, page in enumerate(pages):
            group = page.locator(".sr-choice").nth(index)
            group.get_by_label(str(position_for(number, index)), exact=False).first.check()
    for number, page in enumerate(pages):
        page.get_by_label("How do you know?").first.fill(f"Evidence {number}: «values» ✓")
    for number, page in enumerate(pages):
        page.get_by_role("button", name="3. Think about your school…").click()
        page.get_by_role("heading", name="3. Think about your school…").wait_for()
        page.locator(".sr-note textarea").first.fill(f"Reflection {number}")


def told_the_truth(page) -> None:
    """The page no longer says its answers are not saved; or, if it still does, a reload (what
    it asks for) brings its person back to their step, connected."""
    status = page.locator(".sr-status").first
    try:
        expect(status).not_to_contain_text("Not saved", timeout=90_000)
    except AssertionError:
        page.reload()
        expect(page.locator("[data-sr-step]").first).to_be_visible(timeout=LOADED)
        expect(status).not_to_contain_text("Not saved", timeout=90_000)


def test_thirty_real_pages_at_once_lose_nothing_and_double_nothing(server, browser) -> None:
    code = server.store.create_workshop("Burst Primary", "Baseline", code="BURST1").code
    problems: list[str] = []
    seen_busy: list[str] = []
    contexts, pages = open_pages(browser, server.participant_url(code), problems, seen_busy)
    kernels: set[str] = set()
    expected = PEOPLE * PER_PERSON
    try:
        for number, page in enumerate(pages):
            join(page, number)
            kernels.add(kernel_of(page))
        assert len(kernels) == PEOPLE, "two pages shared a kernel"
        answer(pages)
        try:
            wait_for(lambda: len(server.store.answers(code)) == expected, timeout=120)
        except AssertionError:
            per_person = server.store.answers(code).groupby("alias").size()
            short = {a: n for a, n in per_person.items() if n != PER_PERSON}
            raise AssertionError(
                f"{per_person.sum()} of {expected} answers; short: {short}"
            ) from None
        for page in pages:
            told_the_truth(page)
    finally:
        for context in contexts:
            context.close()
        for kernel_id in kernels:
            shut_down(server.base, kernel_id)
    assert not problems, problems
    assert seen_busy, "no page met the gate: the room never asked for more than it builds at once"
    frame = server.store.answers(code)
    assert frame["alias"].nunique() == PEOPLE
    assert not frame.duplicated(["subject", "kind", "framework", "item_id"]).any()
    assert (frame.groupby("alias").size() == PER_PERSON).all()
    for _, row in frame[frame["kind"] == "position"].iterrows():
        number = int(row["alias"].split()[-1])
        assert row["value"] == position_for(number, DIMENSIONS.index(row["item_id"]))
    evidence = frame[frame["kind"] == "evidence"]
    assert all(v.startswith("Evidence ") and v.endswith("» ✓") for v in evidence["value"])
    assert len(server.store.history(code)) == expected, "an answer was written more than once"
