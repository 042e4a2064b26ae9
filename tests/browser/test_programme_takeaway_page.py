"""The programme page's Take away section in real Voila and Chromium, at a phone's, a tablet's and a
projector's width: the button prepares the three links, each downloads its file (the Excel
file read back), the section fits the screen and axe finds no serious problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sendreflect.server import programme_link
from tests.browser.test_accessibility import serious

pytestmark = pytest.mark.browser
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
CODE = "TAKEAW"


@pytest.fixture(scope="module")
def programme(server):
    store = server.store
    programme = store.create_programme("Lakeside triads 2026-27", lead="Jo Khan", code=CODE)
    for school, coach in (("Oak Primary", True), ("Elm Primary", False), ("Ash Academy", False)):
        store.add_school(CODE, school, cohort="Cohort 1", triad="Lakes", coach=coach)
    store.save_programme_record(
        CODE,
        "Lakes",
        "learning",
        "celebration",
        {"key_learnings": "<script>alert(1)</script> Visits built trust", "next_steps": "More"},
        by="facilitator",
    )
    return programme


@pytest.mark.parametrize("width", [390, 768, 1366])
def test_the_take_away_section_prepares_and_downloads(
    server, programme, new_page, width, tmp_path
) -> None:
    page = new_page(width=width, height=900)
    page.goto(programme_link(server.base, server.store.facilitator_key(), CODE))
    page.get_by_role("button", name="Take away").click()
    expect(page.get_by_text("sendreflect programme import FILE")).to_be_visible()
    page.get_by_role("button", name="Prepare the downloads").click()
    expect(page.get_by_role("status").filter(has_text="Ready")).to_be_visible()
    excel = page.get_by_role("link", name="Excel file (.xlsx)", exact=False)
    with page.expect_download() as info:
        excel.click()
    download = info.value
    assert download.suggested_filename == f"Lakeside-triads-2026-27-{CODE}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(path)
    learning = [c.value for row in book["Learning"].iter_rows() for c in row]
    assert "<script>alert(1)</script> Visits built trust" in learning
    with page.expect_download() as info:
        page.get_by_role("link", name="Programme workbook (.json)", exact=False).click()
    info.value.save_as(tmp_path / "book.json")
    assert json.loads((tmp_path / "book.json").read_text())["programme"]["code"] == CODE
    expect(page.get_by_role("link", name="Programme report (.html", exact=False)).to_be_visible()
    ARTEFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 1600})
    page.wait_for_timeout(300)
    page.screenshot(path=ARTEFACTS / f"programme-takeaway-{width}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious(page) == []
