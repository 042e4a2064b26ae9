"""The programme page's "Take away" section: a button that prepares, from the store as it is
then, three download links: the programme workbook (.json, which brings the whole programme back
into another sendreflect), the Excel file and the printable report (both naming no one).

Voila refuses ``FileLink``, so the links carry the files as data URIs (as a workshop's
downloads do, :mod:`sendreflect.app.transfer`). Bringing a programme workbook in is a command on
the server (``sendreflect programme import``): this page has no upload.
"""

from __future__ import annotations

import re

import ipywidgets as w

from sendreflect.app.kit import heading, message
from sendreflect.app.transfer import JSON, XLSX, data_link
from sendreflect.store import Programme, Store, StoreError

PREPARE = "Prepare the downloads"
PREPARING = "Preparing… the report and the Excel file are read from every school's workshops."
FAILED = "The downloads could not be prepared: {reason} Nothing in the store was changed."
INTRO = (
    "<p>Take the programme away: the <strong>report</strong> (a web page that prints on A4) "
    "and the <strong>Excel file</strong> name no one, so they can be shared with governors and "
    "schools. The <strong>programme workbook</strong> (.json) holds every school's workshops, "
    "each person's answers included: keep it safe; it brings the whole programme back into "
    "another sendreflect.</p>"
)
IMPORT = (
    "<p>To bring a programme workbook into this sendreflect, run "
    "<code>sendreflect programme import FILE</code> on the server (the file that "
    "<em>Programme workbook</em> gives, or <code>sendreflect programme export</code> writes). "
    "It is all or nothing, and a programme already here is refused.</p>"
)


def programme_stem(programme: Programme) -> str:
    """A file name for a programme's downloads: its name and code, safe on every system."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", programme.name).strip("-")[:40] or "programme"
    return f"{name}-{programme.code}"


def _files(store: Store, code: str) -> list[str]:
    """The three links, made now (slow: the report and Excel file read every workshop)."""
    from sendreflect.report.programme import programme_report
    from sendreflect.workbook import programme_to_json
    from sendreflect.workbook.programme_sheets import programme_excel

    stem = programme_stem(store.programme(code))
    return [
        data_link(
            programme_report(store, code).encode("utf-8"),
            f"{stem}-report.html",
            "text/html",
            "Programme report (.html, prints on A4): naming no one",
        ),
        data_link(
            programme_excel(store, code),
            f"{stem}.xlsx",
            XLSX,
            "Excel file (.xlsx): schools, stages, QA, learning and the overview, naming no one",
        ),
        data_link(
            programme_to_json(store, code),
            f"{stem}-programme.json",
            JSON,
            "Programme workbook (.json): brings the whole programme back later",
        ),
    ]


class TakeAwaySection:
    """The section. ``widget`` is what the page shows; ``prepare`` is the button's work."""

    def __init__(self, store: Store, programme: Programme) -> None:
        self.store = store
        self.programme = programme
        self.button = w.Button(description=PREPARE, icon="download", button_style="primary")
        self.button.on_click(lambda _b: self.prepare())
        self.status = w.HTML()
        self.links = w.HTML()
        self.widget = w.VBox(
            [
                heading("Take away", 3),
                w.HTML(INTRO),
                self.button,
                self.status,
                self.links,
                heading("Import a programme workbook", 3),
                w.HTML(IMPORT),
            ]
        )
        self.widget.add_class("sr-takeaway")

    def prepare(self) -> None:
        """Make the links from the store as it is now; say so plainly if that fails."""
        from sendreflect.workbook import WorkbookError

        self.button.disabled = True
        self.links.value = ""
        self.status.value = message(PREPARING)
        try:
            links = _files(self.store, self.programme.code)
        except (StoreError, WorkbookError, OSError, ValueError) as exc:
            reason = str(exc).rstrip(".") + "."
            self.status.value = message(FAILED.format(reason=reason), "error")
            return
        finally:
            self.button.disabled = False
        items = "".join(f"<li>{link}</li>" for link in links)
        self.status.value = message(
            f"Ready: the files below are {self.programme.name} as it is now. "
            "Press the button again after changes.",
            "success",
        )
        self.links.value = f'<ul class="sr-downloads">{items}</ul>'
