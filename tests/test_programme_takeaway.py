"""The programme page's Take away section, in plain Python: its button prepares three data-URI
links (the report, the Excel file and the programme workbook), each carrying the programme as
it is now; a failure says so plainly; importing is a command, not an upload."""

from __future__ import annotations

import base64
import html
import json
import re
from io import BytesIO

import ipywidgets as w
import pytest
from openpyxl import load_workbook

from sendreflect import Store
from sendreflect.app import ProgrammeApp
from sendreflect.app import programme_takeaway as takeaway
from sendreflect.app.request import Request
from sendreflect.store import StoreError
from tests.programme_builder import ALIAS, SCRIPT, build_programme
from tests.widgets import find

REQUEST = Request({}, "http://school.example", "/voila/render/programme.ipynb")
LINK = re.compile(r'<a class="sr-download" download="([^"]+)" href="data:([^;]+);base64,([^"]+)">')


@pytest.fixture
def built(sqlite_store: Store):
    return build_programme(sqlite_store)


def section(store: Store, code: str) -> w.VBox:
    app = ProgrammeApp(store, code, store.facilitator_key(), REQUEST)
    app.nav.value = "Take away"
    return app.page.children[0]


def texts(widget: w.Widget) -> str:
    return "\n".join(h.value for h in find(widget, w.HTML))


def files(widget: w.Widget) -> dict[str, tuple[str, bytes]]:
    """Each download link's file name → (its type, its bytes)."""
    found = LINK.findall(texts(widget))
    return {html.unescape(name): (mime, base64.b64decode(data)) for name, mime, data in found}


def prepare(widget: w.Widget) -> None:
    (button,) = find(widget, w.Button, description=takeaway.PREPARE)
    button.click()


def test_nothing_is_made_until_asked_and_import_is_a_command(sqlite_store, built) -> None:
    page = section(sqlite_store, built.code)
    assert files(page) == {}
    assert "sendreflect programme import FILE" in texts(page)
    assert find(page, w.FileUpload) == []


def test_the_button_prepares_the_report_excel_and_workbook(sqlite_store, built) -> None:
    page = section(sqlite_store, built.code)
    prepare(page)
    stem = f"Northshire-peer-review-2026-27-{built.code}"
    got = files(page)
    assert sorted(got) == sorted([f"{stem}-report.html", f"{stem}.xlsx", f"{stem}-programme.json"])
    mime, report = got[f"{stem}-report.html"]
    assert mime == "text/html" and b"Northshire peer review 2026-27" in report
    assert SCRIPT.encode() not in report and ALIAS.encode() not in report
    mime, excel = got[f"{stem}.xlsx"]
    assert mime.endswith("spreadsheetml.sheet")
    book = load_workbook(BytesIO(excel))
    assert "Overview" in book.sheetnames and "Actions completed" in book.sheetnames
    mime, workbook = got[f"{stem}-programme.json"]
    book_data = json.loads(workbook)
    assert mime == "application/json" and book_data["programme"]["code"] == built.code
    assert len(book_data["schools"]) == 6
    assert 'role="status"' in texts(page) and "Ready" in texts(page)


def test_the_links_are_the_programme_as_it_is_when_pressed(sqlite_store, built) -> None:
    page = section(sqlite_store, built.code)
    prepare(page)
    sqlite_store.add_school(built.code, "Yew Primary", cohort="Summer", triad="South")
    prepare(page)
    (json_file,) = [data for name, (_m, data) in files(page).items() if name.endswith(".json")]
    assert len(json.loads(json_file)["schools"]) == 7


def test_preparing_is_shown_and_a_failure_is_said_plainly(sqlite_store, built, monkeypatch) -> None:
    page = section(sqlite_store, built.code)
    seen = []

    def broken(store, code):
        seen.append(texts(page))
        raise StoreError("the store could not be read")

    monkeypatch.setattr(takeaway, "_files", broken)
    prepare(page)
    assert "Preparing…" in seen[0]
    said = texts(page)
    assert 'role="alert"' in said and "could not be prepared: the store could not be read." in said
    assert files(page) == {}
    (button,) = find(page, w.Button, description=takeaway.PREPARE)
    assert not button.disabled
