"""Printing the report: the HTML written to a file and, if asked, an A4 PDF printed from it by
Debian's Chromium through Playwright, fully offline (started by :mod:`sendreflect.browser`).

This module owns the files a report is written to, and what is said when the PDF cannot be made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sendreflect.browser import find_chromium, launch
from sendreflect.report.render import ReportError, build_report
from sendreflect.store import Store

RADAR_DRAWN = (
    "() => { const radar = document.getElementById('radar');"
    " return !radar || radar.tagName.toLowerCase() === 'svg'"
    " || radar.querySelector('.main-svg') !== null; }"
)
"""True once the radar is drawn: the static SVG at once, plotly's once plotly.js has drawn it (or
there is no radar to draw)."""


def print_pdf(html: str, out: Path, *, chromium: str) -> None:
    """Print ``html`` to an A4 PDF at ``out`` with the Chromium at ``chromium``, fully offline."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ReportError(
            "PDF needs the playwright package: pip install playwright (no browser download is "
            "needed; Debian's chromium is used)"
        ) from None
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright, chromium)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing may come from outside
                page.set_content(html, wait_until="load")
                page.wait_for_function(RADAR_DRAWN, timeout=30_000)
                page.pdf(path=str(out), format="A4", print_background=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(f"Chromium could not print the PDF ({chromium}): {first}") from None


def write_report(store: Store, code: str, out: Path, *, pdf: bool = False) -> list[Path]:
    """Write the HTML report to ``out`` and, with ``pdf``, a PDF next to it; return the paths.

    Without Chromium the HTML is still written and :class:`ReportError` says how to install it.
    """
    return write_html(lambda: build_report(store, code), out, pdf=pdf)


def write_html(make: Callable[[], str], out: Path, *, pdf: bool = False) -> list[Path]:
    """Write the page ``make`` builds to ``out`` and, with ``pdf``, an A4 PDF next to it; return
    the paths. Without Chromium the HTML is still written and :class:`ReportError` says how to
    install it. Every report (a workshop's, a programme's) is written this way."""
    out = Path(out)
    if pdf and out.suffix.lower() == ".pdf":
        raise ReportError(
            f"name the HTML file (e.g. {out.with_suffix('.html').name}); "
            "the PDF is written next to it"
        )
    html = make()
    out.write_text(html, encoding="utf-8")
    written = [out]
    if pdf:
        chromium = find_chromium()
        if chromium is None:
            raise ReportError(
                "PDF needs Chromium: install it with 'apt-get install chromium' (Debian/Ubuntu); "
                f"the HTML report was still written to {out}"
            )
        target = out.with_suffix(".pdf")
        try:
            print_pdf(html, target, chromium=chromium)
        except ReportError as exc:
            raise ReportError(f"{exc}; the HTML report was still written to {out}") from None
        written.append(target)
    return written
