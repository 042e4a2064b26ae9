"""The store key's list of peer-review programmes: start one (a name and its lead) and open each
programme's own page (its schools and triads, stages, quality assurance and celebration).

A programme's page is another notebook (``programme.ipynb``), opened with the store's key, so
each programme is a link rather than a view inside the workshop list.
"""

from __future__ import annotations

import ipywidgets as w

from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.request import Request, request_in_environment
from sendreflect.app.saving import PROBLEMS
from sendreflect.store import Programme, Store


def page_request() -> Request:
    """The request this page was opened with, as :func:`~sendreflect.app.request.current_request`
    put it into the environment when the page opened (read again here without waiting for it)."""
    return request_in_environment("facilitator.ipynb")


def programme_href(store: Store, request: Request, code: str) -> str:
    """The link to a programme's page, with the store's key (the key of the page that shows it)."""
    return request.link("programme.ipynb", programme=code, key=store.facilitator_key())


class ProgrammeList:
    """Start a programme and the list of programmes, each a link to its page; ``widgets`` go on
    the store key's page."""

    def __init__(self, store: Store, request: Request | None = None) -> None:
        self.store = store
        self.request = request or page_request()
        self.name = w.Text(description="Programme", placeholder="e.g. North triads 2026-27", **ONCE)
        self.lead = w.Text(description="Lead", placeholder="e.g. Sam Patel, SEND adviser", **ONCE)
        for field in (self.name, self.lead):
            field.style.description_width = "8em"
            field.add_class("sr-field")
        self.button = w.Button(description="Create programme", icon="plus")
        self.button.on_click(lambda _b: self.create())
        self.message = w.HTML()
        self.listing = w.HTML(self._listing_html())
        self.widgets: list[w.Widget] = [
            heading("Peer-review programmes", 3),
            w.HTML(
                "<p>A programme holds a year of peer review across schools: cohorts, triads "
                "with a coach school, self-evaluations, peer visits and their stages.</p>"
            ),
            self.listing,
            heading("Start a programme", 4),
            self.name,
            self.lead,
            self.button,
            self.message,
        ]

    def _listing_html(self) -> str:
        programmes = self.store.programmes()
        if not programmes:
            return "<p>No programmes yet.</p>"
        items = "".join(self._item(p) for p in programmes)
        return f'<ul class="sr-programmes" aria-label="Programmes">{items}</ul>'

    def _item(self, programme: Programme) -> str:
        href = programme_href(self.store, self.request, programme.code)
        lead = f", led by {esc(programme.lead)}" if programme.lead else ""
        return (
            f'<li><a href="{esc(href)}" class="sr-download" target="_top">'
            f"{esc(programme.name)}</a> "
            f"(code {esc(programme.code)}{lead})</li>"
        )

    def create(self) -> None:
        """Start the programme the form describes and show the link to its page."""
        try:
            programme = self.store.create_programme(self.name.value, lead=self.lead.value)
        except PROBLEMS as exc:
            self.message.value = message(str(exc), "error")
            return
        href = programme_href(self.store, self.request, programme.code)
        self.message.value = (
            '<div class="sr-message sr-success" role="status">Programme '
            f"{esc(programme.name)} started (code {esc(programme.code)}). "
            f'<a href="{esc(href)}" class="sr-download" target="_top">Open its page</a> '
            "to add its schools.</div>"
        )
        self.name.value = ""
        self.lead.value = ""
        self.listing.value = self._listing_html()
