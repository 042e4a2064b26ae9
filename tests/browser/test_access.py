"""Odd text shown exactly and escaped, workshops kept apart, and nothing private served."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect import Kind, Store
from sendreflect.server import notebooks_dir
from tests.browser.test_participant_page import answers_of, join
from tests.harness import voila, wait_for

pytestmark = pytest.mark.browser

ODD_TEXTS = [
    "<img src=x onerror=\"document.body.dataset.hacked='yes'\"> <script>alert(1)</script>",
    "Robert'); DROP TABLE answers;-- and 1=1 OR ''=''",
    "Emoji 🧑‍🏫👩🏽‍🦽 and right-to-left: مرحبا بالعالم · שלום עולם",
    "Long note: " + "inclusion matters. " * 500,
]


def test_odd_text_is_stored_and_shown_exactly_and_escaped(server, new_page) -> None:
    code = server.store.create_workshop("Odd Primary", "Baseline", code="ODD111").code
    page = new_page()
    join(page, server.participant_url(code), "Quince <b>")
    page.get_by_role("button", name="2. Where is our school?").click()
    boxes = page.get_by_label("How do you know?")
    for index, text in enumerate(ODD_TEXTS):
        boxes.nth(index).fill(text)
    wait_for(
        lambda: len(answers_of(server, code, "Quince <b>")) == len(ODD_TEXTS), what="the odd notes"
    )
    stored = answers_of(server, code, "Quince <b>").set_index("item_id")["value"]
    assert sorted(stored) == sorted(ODD_TEXTS)
    page.reload()
    page.get_by_text("you are Quince <b>").wait_for()
    page.get_by_role("button", name="2. Where is our school?").click()
    for index, text in enumerate(ODD_TEXTS):
        expect(boxes.nth(index)).to_have_value(text)

    server.store.update_workshop(code, revealed=True)
    facilitator = new_page(width=1300)
    facilitator.goto(server.facilitator_url(code))
    facilitator.get_by_role("button", name="Results").click()
    agenda = facilitator.locator("ol").first
    expect(agenda).to_contain_text("<script>alert(1)</script>")
    expect(agenda).to_contain_text("مرحبا بالعالم")
    facilitator.get_by_role("button", name="Participation").click()
    expect(facilitator.locator(".sr-table")).to_contain_text("Quince <b>")
    for shown in (page, facilitator):
        assert shown.evaluate("document.body.dataset.hacked") is None
        assert shown.locator("img[src='x']").count() == 0


def test_a_participant_of_one_workshop_cannot_see_another(server, new_page) -> None:
    store: Store = server.store
    ours = store.create_workshop("Ours Primary", "Baseline", code="OURS11").code
    theirs = store.create_workshop("Theirs Primary", "Baseline", code="THEIRS1").code
    them = store.join(theirs, "Secret", "senco")
    store.save(
        theirs,
        them.id,
        Kind.EVIDENCE,
        "national_college",
        "values",
        "Confidential evidence about pupil X",
    )
    store.update_workshop(theirs, revealed=True)
    page = new_page()
    join(page, server.participant_url(ours), "Curious")
    page.goto(server.participant_url(theirs))
    expect(page.get_by_label("Your alias")).to_be_visible()
    assert page.get_by_text("you are Curious").count() == 0
    assert page.get_by_text("Confidential evidence").count() == 0
    page.goto(server.base + f"/voila/render/facilitator.ipynb?code={theirs}&key=")
    expect(page.get_by_role("alert")).to_contain_text("does not open the facilitator view")
    assert page.get_by_text("Confidential evidence").count() == 0


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_server_never_serves_the_store_notebooks_or_python(tmp_path: Path) -> None:
    root = tmp_path / "served"
    shutil.copytree(notebooks_dir(), root)
    (root / "workshops.sqlite").write_bytes(b"SQLite format 3\x00 private")
    (root / "helper.py").write_text("SECRET = 1\n")
    (root / "voila.json").write_text("{}")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Store(url)
    with voila(tmp_path, url, root=root) as running:
        base = running.base
        for private in (
            "workshops.sqlite",
            "helper.py",
            "participant.ipynb",
            "voila.json",
            "../store.sqlite",
        ):
            for prefix in ("/voila/files/", "/files/", "/voila/static/", "/"):
                assert status(base + prefix + private) in (403, 404), prefix + private
        assert status(base + "/voila/files/logo.png") == 200  # images only, as Voila allows
