"""The celebration of learning and the lead's overview in a real page (Voila + Chromium), at a
phone's, a tablet's and a projector's width: the page fits, a triad's learning is saved through
its labelled form, Present shows large read-only text, and the overview's tables are there.

The views are shown by a small notebook of their own (the programme page that holds them is
another part of the app), served from a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import Store
from tests.harness import voila, wait_for
from tests.programme_builder import build_programme

pytestmark = pytest.mark.browser
WIDTHS = (390, 768, 1366)
SOURCE = """import ipywidgets as w
from sendreflect import Store
from sendreflect.app.kit import stylesheet
from sendreflect.app.celebration import celebration_view, programme_overview_view
store = Store()
code = store.programmes()[0].code
page = w.VBox([stylesheet(), celebration_view(store, code), programme_overview_view(store, code)])
page.add_class("sr-app")
page.add_class("sr-wide")
page"""


def notebook(folder: Path) -> None:
    cell = {"cell_type": "code", "execution_count": None, "id": "views", "metadata": {}}
    book = {
        "cells": [{**cell, "outputs": [], "source": SOURCE}],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "celebration.ipynb").write_text(json.dumps(book), encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("celebration")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store = Store(url)
    built = build_programme(store)
    notebook(folder / "notebooks")
    with voila(folder, url, root=folder / "notebooks") as running:
        yield running.base + "/voila/render/celebration.ipynb", store, built, folder
    store.close()


def tall(page, width: int) -> None:
    """A viewport as tall as the page, so screenshots hold all of it (Voila scrolls inside)."""
    height = page.evaluate("document.querySelector('.sr-app').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 100, 12_000)})


@pytest.mark.parametrize("width", WIDTHS)
def test_the_views_fit_and_read_at_every_width(served, new_page, width: int) -> None:
    url, _store, _built, folder = served
    page = new_page(width=width, height=900)
    page.goto(url)
    expect(page.get_by_role("heading", name="Celebration of learning")).to_be_visible()
    expect(page.get_by_text("Cohort Spring: schools, triads and stage reached")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    tall(page, width)
    page.locator(".sr-celebration").screenshot(path=str(folder / f"celebration-{width}.png"))
    overview = page.locator(".sr-programme-overview")
    overview.screenshot(path=str(folder / f"overview-{width}.png"))
    page.get_by_role("button", name="Present").click()
    shown = page.locator(".sr-present")
    expect(shown).to_contain_text("Peer visits gave a colleague new confidence")
    size = float(shown.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= (17 if width < 480 else 22)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    tall(page, width)
    shown.screenshot(path=str(folder / f"present-{width}.png"))


def test_a_triads_learning_is_saved_through_its_labelled_form(served, new_page) -> None:
    url, store, built, _folder = served
    page = new_page(width=1366, height=900)
    page.goto(url)
    south = page.locator(".sr-triad", has_text="Triad South")
    south.get_by_label("Key learnings").fill("Coaching works both ways")
    south.get_by_label("Next steps").fill("Visit again in the spring")
    south.get_by_label("Next steps").blur()
    south.get_by_role("button", name="Save triad South's learning").click()
    expect(south.get_by_role("status")).to_contain_text("Saved.")
    records = wait_for(
        lambda: [r for r in store.programme_records(built.code, "learning") if r.scope == "South"],
        what="triad South's learning",
    )
    assert records[0].value["next_steps"] == "Visit again in the spring"
