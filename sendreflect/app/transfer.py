"""Taking work away and bringing it back: download links (JSON workbook, Excel, report) and an
upload control that imports a JSON workbook, all or nothing, with a clear message either way.
The upload is a :class:`~sendreflect.app.upload.FilePicker`: the browser refuses a file over the
limit before sending it, with the same words the kernel would use (``workbook.too_big``).

Voila refuses ``FileLink``, so downloads are data-URI links made from the store at that moment.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import ipywidgets as w

from sendreflect.app.kit import esc, heading, message
from sendreflect.app.upload import FilePicker
from sendreflect.settings import get_settings
from sendreflect.store import Store, StoreError, Workshop
from sendreflect.workbook import (
    ImportSummary,
    WorkbookError,
    import_workbook,
    to_json,
    to_xlsx,
    too_big,
)

JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(workshop: Workshop) -> str:
    """A file name for a workshop's downloads: its school and code, safe on every system."""
    school = re.sub(r"[^A-Za-z0-9]+", "-", workshop.school).strip("-")[:40] or "school"
    return f"{school}-{workshop.code}"


def data_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An ``<a download>`` link carrying the file itself."""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="sr-download" download="{esc(filename)}" '
        f'href="data:{mime};base64,{payload}">{esc(label)}</a>'
    )


def workbook_link(store: Store, code: str, label: str = "Download your workbook (.json)") -> str:
    workshop = store.workshop(code)
    return data_link(to_json(store, code), f"{file_stem(workshop)}-workbook.json", JSON, label)


class Downloads:
    """The workbook and Excel links, and a button that prepares the report (it is large).
    ``workbook=False`` leaves out the JSON workbook, which holds each person's answers under
    their alias: the report and the Excel file name no one."""

    def __init__(self, store: Store, code: str, *, workbook: bool = True) -> None:
        self.store = store
        self.code = code
        self.workbook = workbook
        self.links = w.HTML()
        self.report_link = w.HTML()
        self.report_button = w.Button(
            description="Prepare the report (HTML, prints on A4)", icon="file-text"
        )
        self.report_button.on_click(lambda _b: self.prepare_report())
        self.widget = w.VBox([self.links, self.report_button, self.report_link])
        self.refresh()

    def refresh(self) -> None:
        """Make the links from the store as it is now."""
        workshop = self.store.workshop(self.code)
        stem = file_stem(workshop)
        links = [
            data_link(
                to_xlsx(self.store, self.code),
                f"{stem}.xlsx",
                XLSX,
                "Excel workbook (.xlsx): positions, reflections and actions, naming no one",
            )
        ]
        if self.workbook:
            links.insert(
                0,
                workbook_link(
                    self.store, self.code, "Workbook (.json): brings everything back later"
                ),
            )
        items = "".join(f"<li>{link}</li>" for link in links)
        self.links.value = f'<ul class="sr-downloads">{items}</ul>'

    def prepare_report(self) -> None:
        from sendreflect.report import build_report

        self.report_link.value = message("Preparing the report…")
        try:
            html = build_report(self.store, self.code).encode("utf-8")
            stem = file_stem(self.store.workshop(self.code))
        except StoreError as exc:
            self.report_link.value = message(f"The report could not be prepared: {exc}", "error")
            return
        self.report_link.value = data_link(
            html, f"{stem}-report.html", "text/html", "Download the report (.html)"
        )


class Upload:
    """Bring back a JSON workbook. ``expect_code`` refuses a workbook for another workshop;
    ``into_existing=False`` refuses one for a workshop already in the store; ``solo`` restores
    only a solo reflection (see ``import_workbook``).

    The browser refuses a file over the upload limit before sending it; what arrives is checked
    again here (size first), so every file gets a plain message and a bad one changes nothing.
    """

    def __init__(
        self,
        store: Store,
        on_done: Callable[[ImportSummary], None] | None = None,
        *,
        expect_code: str | None = None,
        solo: bool = False,
        label: str = "Upload a workbook (.json)",
        into_existing: bool = True,
    ) -> None:
        self.store = store
        self.expect_code = expect_code
        self.solo = solo
        self.into_existing = into_existing
        self.on_done = on_done
        limit = get_settings().upload_limit
        self.control = FilePicker(
            label=label,
            accept=".json,application/json",
            limit=limit,
            refusal=refused("{name}", too_big(limit)),
            sending="Sending {name}…",
        )
        self.message = w.HTML()
        self.control.on_file(self._received)
        self.widget = w.VBox([self.control, self.message])

    def _received(self, name: str, data: bytes) -> None:
        self.message.value = message("Checking the workbook…")
        summary = self.receive(name, data)
        if summary is not None and self.on_done is not None:
            self.on_done(summary)

    def receive(self, name: str, data: bytes) -> ImportSummary | None:
        """Import ``data``; show what happened; return the summary, or None if refused."""
        try:
            summary = import_workbook(
                self.store,
                data,
                expect_code=self.expect_code,
                into_existing=self.into_existing,
                solo=self.solo,
            )
        except WorkbookError as exc:
            self.message.value = message(refused(name, str(exc)), "error")
            return None
        self.message.value = message(str(summary), "success")
        return summary


def refused(name: str, reason: str) -> str:
    """What a person is told when a file they chose is not imported."""
    return f"{name} was not imported: {reason}"


def take_away(store: Store, code: str, *, admin: bool) -> w.Widget:
    """The report and Excel file (naming no one) for anyone with this workshop's key; the
    JSON workbook, which holds each person's answers, and bringing one back (a write of
    everyone's answers) only with the store key, which is never projected."""
    downloads = Downloads(store, code, workbook=admin)
    intro = (
        "<p>Download the workshop to share with governors: the report and the Excel file "
        "name no one.</p>"
    )
    if not admin:
        return w.VBox(
            [
                w.HTML(
                    intro + "<p>The workbook (.json), which brings everything back later, "
                    "holds each person's answers, so it is offered only on the store key's "
                    "page (or by <code>sendreflect export</code> on the server).</p>"
                ),
                downloads.widget,
            ]
        )
    upload = Upload(store, lambda _summary: downloads.refresh(), expect_code=code)
    return w.VBox(
        [
            w.HTML(
                intro + "<p>The workbook (.json) brings everything back: upload it here, or "
                "into any sendreflect, and nothing is lost or doubled.</p>"
            ),
            downloads.widget,
            heading("Bring a workbook back", 3),
            upload.widget,
        ]
    )
