"""Remake the README's two screenshots: the participant's page on a 390 px phone and the
facilitator's results on a 1366 × 768 projector.

    python scripts/screenshots.py            # writes docs/screenshots/*.png

It starts Voila as ``sendreflect serve`` does (through the test harness), on the demo workshop in
a temporary SQLite file (so it changes no store of yours), and takes the pictures with Debian's
Chromium through Playwright. Run it from a checkout with the test tools installed (``make test``
installs them); run it again whenever a page's look changes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from sendreflect import Store, seed_demo  # noqa: E402
from sendreflect.browser import find_chromium, launch  # noqa: E402
from sendreflect.demo import CODE  # noqa: E402
from sendreflect.server import links  # noqa: E402
from tests.harness import voila  # noqa: E402

OUT = REPO / "docs" / "screenshots"
FITS = """() => { const svg = document.querySelector('.js-plotly-plot .main-svg');
  return svg && svg.getBoundingClientRect().right <= document.documentElement.clientWidth; }"""
"""The radar drawn at its box's width (not plotly's first 700 px)."""


def to_top(page, selector: str, above: int = 0) -> None:
    """Scroll the page (a Voila page scrolls inside its cells' box) so ``selector`` is ``above``
    pixels below the top, and let it settle."""
    page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate(f"document.querySelector('#rendered_cells').scrollBy(0, -{above})")
    page.wait_for_timeout(500)


def facilitator(browser, base: str, key: str, out: Path) -> None:
    """The team's results as a projector shows them: the radar beside its numbers."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB").new_page()
    page.set_default_timeout(90_000)
    page.goto(links(base, CODE, key).facilitator + "&section=results")
    expect(page.locator(".js-plotly-plot .legend")).to_be_visible()
    page.wait_for_function(FITS)
    to_top(page, ".sr-nav", above=70)
    page.screenshot(path=out / "facilitator-1366.png")
    page.context.close()


def participant(browser, base: str, out: Path) -> None:
    """A member on a phone, placing the school on the first dimension."""
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    page.set_default_timeout(90_000)
    page.goto(links(base, CODE, "").participant + "&step=2")
    page.get_by_label("Your alias").fill("Juniper")
    page.get_by_label("Your role").select_option(label="SENCO")
    page.get_by_role("button", name="Join").click()
    choice = page.locator(".sr-choice").first
    choice.get_by_label("4", exact=False).first.check()
    page.get_by_label("How do you know?").first.fill("Staff survey and lesson visits this term")
    expect(page.get_by_text("Saved at").first).to_be_visible()
    step = page.locator(".widget-vbox", has=page.locator("h2", has_text="Where is our school?"))
    step.get_by_role("button", name="What the pack says").first.click()  # the step, not Table 1
    page.evaluate("document.activeElement.blur()")
    to_top(page, "h2:has-text('Where is our school?')", above=10)
    page.screenshot(path=out / "participant-390.png")
    page.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the pictures")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("Chromium is not installed: run 'make test', which installs it.", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'screenshots.sqlite'}"
        store = Store(url)
        seed_demo(store)
        store.update_workshop(CODE, revealed=True)
        key = store.workshop(CODE).facilitator_key
        with voila(Path(folder), url) as server, sync_playwright() as playwright:
            browser = launch(playwright, chromium)
            facilitator(browser, server.base, key, args.out)
            participant(browser, server.base, args.out)
            browser.close()
    for name in ("facilitator-1366.png", "participant-390.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
