"""The facilitator's page in a real room, in Chromium: the radar inside a 390 px phone and a
1366 px projector, a save elsewhere that neither scrolls nor closes the projected results, a
reload that returns to the same workshop and section, and Share warning about localhost.

Screenshots of the facilitator's sections at 390, 768 and 1366 px are written to
``tests/artefacts/`` (git-ignored) for a person to look at."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from sendreflect import Kind, Store, get_framework, seed_demo
from tests.harness import ServerProcess

pytestmark = pytest.mark.browser
NC = "national_college"
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
SCROLLER = "document.querySelector('#rendered_cells')"
"""What scrolls in a Voila page: its cells' box, not the window."""
EVIDENCE = ("Seen in lessons", "The SEF says so", "Governors asked about it")


def team(server, code: str) -> None:
    """Three people (the smallest group shown apart) with a position and evidence on each."""
    for number, alias in enumerate(("Ash", "Birch", "Cedar")):
        person = server.store.join(code, alias, "teacher").id
        for index, dimension in enumerate(get_framework(NC).dimensions):
            value = 1 + (index + number * 2) % 5
            server.store.save(code, person, Kind.POSITION, NC, dimension.id, value)
            server.store.save(code, person, Kind.EVIDENCE, NC, dimension.id, EVIDENCE[number])


FITS = """() => { const svg = document.querySelector('.js-plotly-plot .main-svg');
  const viewport = document.documentElement.clientWidth;
  return svg && svg.getBoundingClientRect().right <= viewport + 0.5; }"""
"""In a page: whether the radar's right edge is inside the viewport."""


def open_section(page, server, code: str, section: str) -> None:
    page.goto(server.facilitator_url(code) + f"&section={section}")
    expect(page.locator(".sr-nav .mod-active")).to_have_text(section.replace("-", " ").title())


def inside_viewport(page, selector: str) -> dict[str, float]:
    """The element's box and the viewport's width."""
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          return { left: box.left, right: box.right, width: box.width,
                   viewport: document.documentElement.clientWidth };
        }""",
        selector,
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_the_radar_and_its_legend_fit_a_phone_and_a_projector(server, new_page, width) -> None:
    code = server.store.create_workshop("Fit Primary", "Baseline", code=f"FIT{width}").code
    team(server, code)
    server.store.update_workshop(code, revealed=True)
    page = new_page(width=width, height=844 if width < 500 else 768)
    for attempt in ("opened after the page", "reload"):
        if attempt == "opened after the page":  # drawn before its box was laid out
            open_section(page, server, code, "share")
            page.get_by_role("button", name="Results", exact=True).click()
        else:
            page.reload()
            expect(page.locator(".sr-nav .mod-active")).to_have_text("Results")
        expect(page.locator(".js-plotly-plot .legend")).to_be_visible()

        def fits() -> bool:
            svg = inside_viewport(page, ".js-plotly-plot .main-svg")
            return svg["left"] >= 0 and svg["right"] <= svg["viewport"] + 0.5

        page.wait_for_function(FITS)
        assert fits(), f"{attempt}: {inside_viewport(page, '.js-plotly-plot .main-svg')}"
        legend = inside_viewport(page, ".js-plotly-plot .legend")
        assert legend["right"] <= legend["viewport"] + 0.5, f"{attempt}: legend {legend}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_save_elsewhere_neither_scrolls_nor_closes_the_projected_results(
    server, new_page
) -> None:
    code = server.store.create_workshop("Still Primary", "Baseline", code="STILL1").code
    team(server, code)
    ash = server.store.participants(code).set_index("alias").loc["Ash", "id"]
    server.store.save(code, ash, Kind.REFLECTION, NC, "values.think.2", "We talk about it")
    server.store.update_workshop(code, revealed=True)
    page = new_page(width=1366, height=768)
    ARTEFACTS.mkdir(exist_ok=True)
    open_section(page, server, code, "results")
    pane = page.get_by_text("National College support pack", exact=True)
    pane.scroll_into_view_if_needed()
    pane.click()
    expect(page.get_by_text("We talk about it")).to_be_visible()
    page.evaluate(f"{SCROLLER}.scrollBy(0, 120)")
    read = page.get_by_text("We talk about it")
    before = read.bounding_box()["y"]  # where the room reads it on the screen
    assert page.evaluate(f"{SCROLLER}.scrollTop") > 0

    birch = server.store.participants(code).set_index("alias").loc["Birch", "id"]
    server.store.save(code, birch, Kind.REFLECTION, NC, "values.think.3", "A second note")
    expect(page.get_by_text("1 new answer since this was drawn")).to_be_visible(timeout=30_000)
    assert read.bounding_box()["y"] == pytest.approx(before, abs=2)
    expect(read).to_be_visible()
    assert page.get_by_text("A second note").count() == 0  # only when asked

    show = page.get_by_role("button", name="Show them")
    expect(show).to_be_in_viewport()  # in the corner, however far down the page is scrolled
    page.screenshot(path=ARTEFACTS / "facilitator-results-new-answers-1366.png")
    show.click()
    expect(page.get_by_text("A second note")).to_be_visible()
    expect(read).to_be_visible()
    assert read.bounding_box()["y"] == pytest.approx(before, abs=60)  # no jump to the top


def test_a_reload_returns_to_the_same_workshop_and_section(server, new_page) -> None:
    server.store.create_workshop("Bookmark Primary", "Baseline", code="BOOK11")
    own = server.store.workshop("BOOK11").facilitator_key
    store_key = server.store.facilitator_key()
    page = new_page(width=1366, height=768)
    page.goto(server.base + f"/voila/render/facilitator.ipynb?key={store_key}")
    expect(page.get_by_label("Workshop", exact=True)).to_be_visible()
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "facilitator-workshops-1366.png")
    page.get_by_label("Workshop", exact=True).select_option(
        label="BOOK11: Bookmark Primary, Baseline"
    )
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Bookmark Primary")).to_be_visible()
    page.get_by_role("button", name="Participation").click()
    page.wait_for_function("() => location.search.includes('section=participation')")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"code": ["BOOK11"], "key": [own], "section": ["participation"]}
    assert store_key not in page.url
    page.reload()
    expect(page.get_by_role("heading", name="Bookmark Primary")).to_be_visible()
    expect(page.locator(".sr-nav .mod-active")).to_have_text("Participation")


def test_share_on_localhost_warns_that_phones_cannot_open_it(server, new_page) -> None:
    code = server.store.create_workshop("Share Primary", "Baseline", code="SHARE1").code
    page = new_page(width=1366, height=768)
    open_section(page, server, code, "share")
    expect(page.get_by_text("Only this computer can open this address")).to_be_visible()
    size = page.locator(".sr-join-code").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64
    qr = page.locator(".sr-qr svg").bounding_box()
    assert qr is not None and qr["width"] >= 250


@pytest.mark.parametrize("width", [390, 768, 1366])
def test_screenshots_of_the_facilitator_pages(server, new_page, width) -> None:
    """Not a check of pixels: pictures of each section for a person to look at."""
    code = f"SHOT{width}"
    server.store.create_workshop("Screenshot Primary", "Baseline", code=code)
    team(server, code)
    server.store.update_workshop(code, revealed=True)
    ARTEFACTS.mkdir(exist_ok=True)
    page = new_page(width=width, height=844 if width < 500 else 768 if width > 800 else 1024)
    open_section(page, server, code, "share")
    drawn = {
        "Share": ".sr-join-code",
        "Participation": ".sr-lead",
        "Results": ".js-plotly-plot .legend",
        "Agree": ".sr-summary",
    }
    for section, sign in drawn.items():
        page.get_by_role("button", name=section, exact=True).click()
        expect(page.locator(".sr-nav .mod-active")).to_have_text(section)
        expect(page.locator(sign).first).to_be_visible()
        if section == "Results":
            page.wait_for_function(FITS)  # the chart drawn at its box's width
        if section == "Agree":  # text boxes in the page's font, not a typewriter's
            font = page.locator("textarea").first.evaluate("e => getComputedStyle(e).fontFamily")
            assert "mono" not in font.lower(), font
        page.screenshot(path=ARTEFACTS / f"facilitator-{section.lower()}-{width}.png")
        if section == "Results":  # a Voila page scrolls inside its cells' box: the whole radar
            radar = page.locator(".sr-side-by-side").first
            radar.screenshot(path=ARTEFACTS / f"facilitator-radar-{width}.png")


NETWORK = "192.0.2.10"
"""A documentation-only address (TEST-NET-1) standing for the laptop's address on the school's
network: printed and shown, never contacted."""
SERVE_ON_A_NETWORK = (
    "import sys, sendreflect.server as server; "
    f"server.lan_address = lambda: {NETWORK!r}; "
    "from sendreflect.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_with_host_serve_and_share_show_the_network_address(tmp_path, new_page) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite'}"
    seed_demo(Store(url))
    command = [sys.executable, "-c", SERVE_ON_A_NETWORK, "serve", "--no-browser", "--host"]
    with ServerProcess(
        lambda port: [*command, "0.0.0.0", "--port", str(port)],
        log=tmp_path / "serve.log",
        env={**os.environ, "SENDREFLECT_DB": url},
        printed="Press Ctrl+C",
    ) as served:
        printed = dict(line.split(": ", 1) for line in served.lines if ": http" in line)
        assert printed["participant"].startswith(f"http://{NETWORK}:{served.port}/voila/")
        assert "&token=" in printed["participant"]
        assert not any(line.startswith("Note:") for line in served.lines)
        page = new_page(width=1366, height=768)
        page.goto(printed["facilitator"].replace(NETWORK, "127.0.0.1"))  # only loopback
        expect(page.locator(".sr-join-code")).to_have_text("DEMO")
        expect(page.locator(".sr-share .sr-link")).to_contain_text(f"http://{NETWORK}:")
        assert page.get_by_text("Only this computer can open this address").count() == 0
        page.screenshot(path=ARTEFACTS / "facilitator-share-on-a-network-1366.png")
        page.context.close()  # before its server stops
