"""Uploads on a real Voila server in Chromium: a file over the limit is refused in the browser
with a plain message before any of it is sent; a good workbook comes back in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from sendreflect.workbook import to_json
from tests.browser.test_accessibility import serious
from tests.security.corpus import CORPUS, small_files

CASES = small_files()

pytestmark = pytest.mark.browser

LABEL = "Upload a workbook (.json)"


def _take_away(server, new_page, code: str):
    """The Take away section as the store key's holder sees it (bringing a workbook back writes
    everyone's answers, so the workshop's own, projected key does not offer it)."""
    page = new_page(width=1300)
    key = server.store.facilitator_key()
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?code={code}&key={key}")
    page.get_by_role("button", name="Take away").click()
    return page


def test_a_file_over_the_limit_is_refused_before_it_is_sent(server, new_page, tmp_path) -> None:
    """70 MB is more than the websocket carries: the page must say so, not drop the kernel."""
    big = tmp_path / "holiday-photos.json"
    with big.open("wb") as handle:
        handle.truncate(70 * 1024 * 1024)
    before = server.store.answers("DEMO")
    page = _take_away(server, new_page, "DEMO")
    picker = page.get_by_label(LABEL)
    expect(picker).to_have_attribute("type", "file")
    picker.set_input_files(str(big))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("holiday-photos.json was not imported")
    expect(alert).to_contain_text("more than the 5 MB a workbook can be")
    page.get_by_role("button", name="Participation").click()
    expect(page.locator(".sr-table")).to_contain_text("Cedar")
    assert server.store.answers("DEMO").equals(before)


def test_a_good_workbook_comes_back_in_through_take_away(server, new_page, tmp_path) -> None:
    store = server.store
    code = store.create_workshop("Upload Primary", "Baseline", code="UPL111").code
    ash = store.join(code, "Ash", "senco")
    store.save(code, ash.id, Kind.POSITION, "national_college", "values", 2)
    book = json.loads(to_json(store, code))
    book["participants"].append(
        {
            "id": "f" * 32,
            "alias": "Rowan",
            "role": "teacher",
            "school": "Upload Primary",
            "joined_at": book["exported_at"],
        }
    )
    path: Path = tmp_path / "upload-primary.json"
    path.write_text(json.dumps(book), encoding="utf-8")
    page = _take_away(server, new_page, code)
    page.get_by_label(LABEL).set_input_files(str(path))
    expect(page.get_by_role("status").filter(has_text="1 participant(s) added")).to_be_visible()
    assert sorted(store.participants(code)["alias"]) == ["Ash", "Rowan"]


def test_the_picker_is_a_labelled_file_input_that_axe_passes(server, new_page) -> None:
    page = _take_away(server, new_page, "DEMO")
    picker = page.get_by_label(LABEL)
    expect(picker).to_have_attribute("accept", ".json,application/json")
    assert picker.get_attribute("title") is None
    section = page.locator(".sr-file")
    expect(section).to_contain_text(LABEL)
    assert "(0)" not in section.inner_text() and "null" not in section.inner_text()
    assert serious(page) == []
    solo = new_page()
    solo.goto(server.base + "/voila/render/solo.ipynb")
    expect(solo.get_by_label("Carry on from a workbook (.json)")).to_have_attribute("type", "file")
    assert serious(solo) == []


@pytest.mark.parametrize(
    "name",
    ["bidi_override_in_school.json", "deep_nesting_small.json", "zip_bomb_small.json"],
)
def test_hostile_files_uploaded_to_the_real_server_are_refused_plainly(
    server, new_page, name: str
) -> None:
    store = server.store
    before = (store.answers("DEMO"), store.participants("DEMO"), store.history("DEMO"))
    page = _take_away(server, new_page, "DEMO")
    page.get_by_label(LABEL).set_input_files(str(CORPUS / name))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"{name} was not imported")
    expect(alert).to_contain_text(CASES[name][1])
    after = (store.answers("DEMO"), store.participants("DEMO"), store.history("DEMO"))
    assert all(a.equals(b) for a, b in zip(before, after, strict=True))
    assert list(store.workshops()["code"]).count("HOST1") == 0
