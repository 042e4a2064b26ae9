"""A peer-review programme's page, for its lead: the schools and triads (adding schools, opening
peer visits), the stages of the year, the quality-assurance records, the celebration of learning
and the lead's overview.

It opens only with the store's key (``?programme=CODE&key=…``), like the store key's list of
workshops: whoever holds that key runs the store's programmes. Without it, or for a programme the
store does not hold, the page says so in plain English and shows nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from sendreflect.app.kit import esc, message, stylesheet
from sendreflect.app.request import Request
from sendreflect.app.unavailable import page_or_problem
from sendreflect.frameworks import load_frameworks
from sendreflect.store import Programme, Store, StoreError

SECTIONS = (
    "Schools and triads",
    "Stages",
    "Quality assurance",
    "Celebration",
    "Overview",
    "Take away",
)
LOCKED = (
    "Open this page with a programme's link from the workshop list, which the store key's "
    "facilitator link opens ('sendreflect serve' prints it)."
)
NOT_YET = "{what} is not in this version of sendreflect yet."


class ProgrammeApp:
    """The page of one programme. ``widget`` is what the notebook displays."""

    def __init__(
        self, store: Store, code: str = "", key: str = "", request: Request | None = None
    ) -> None:
        self.store = store
        self.request = request or Request({}, "http://localhost:8866", "/voila/render/x.ipynb")
        self.header = w.HTML()
        self.body = w.VBox()
        self.widget = w.VBox([stylesheet(), self.header, self.body])
        self.widget.add_class("sr-app")
        self.widget.add_class("sr-wide")
        self.programme: Programme | None = None
        if not store.is_store_key(key):
            self._locked(LOCKED)
            return
        if not code:
            self._locked("This link names no programme: open it from the workshop list.")
            return
        try:
            self.programme = store.programme(code)
        except StoreError as exc:
            self._locked(str(exc))
            return
        self._build(key)

    def _locked(self, text: str) -> None:
        self.header.value = "<header><h2>Peer-review programme</h2></header>"
        self.body.children = [w.HTML(message(text, "error"))]

    def _build(self, key: str) -> None:
        assert self.programme is not None
        p = self.programme
        framework = load_frameworks().get(p.framework)
        placed = esc(framework.short_title if framework else p.framework)
        lead = f" · led by {esc(p.lead)}" if p.lead else ""
        back = self.request.link("facilitator.ipynb", key=key)
        self.header.value = (
            f"<header><h2>{esc(p.name)}</h2><p>Peer-review programme <strong>{esc(p.code)}"
            f"</strong>{lead} · schools placed on {placed} · "
            f'<a href="{esc(back)}" class="sr-download" target="_top">'
            "All workshops and programmes</a></p></header>"
        )
        self.sections: dict[str, Callable[[], w.Widget]] = dict(
            zip(
                SECTIONS,
                (
                    self._schools,
                    self._stages,
                    self._qa,
                    self._celebration,
                    self._overview,
                    self._take_away,
                ),
                strict=True,
            )
        )
        self.nav = w.ToggleButtons(
            options=list(SECTIONS), value=SECTIONS[0], style={"button_width": "auto"}
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show(change["new"]), names="value")
        self.body.children = [self.nav, self.page]
        self.show(SECTIONS[0])

    def show(self, section: str) -> None:
        """Draw a section afresh from the store."""
        try:
            self.page.children = [self.sections[section]()]
        except StoreError as exc:
            self.page.children = [w.HTML(message(str(exc), "error"))]

    # -- sections --------------------------------------------------------------------------------

    def _schools(self) -> w.Widget:
        from sendreflect.app.triads import SchoolsSection  # pandas, for the stage reached

        assert self.programme is not None
        return SchoolsSection(self.store, self.programme, self.request).widget

    def _stages(self) -> w.Widget:
        from sendreflect.app.stages import StagesSection

        assert self.programme is not None
        return StagesSection(self.store, self.programme).widget

    def _qa(self) -> w.Widget:
        from sendreflect.app.stages import QASection

        assert self.programme is not None
        return QASection(self.store, self.programme).widget

    def _celebration(self) -> w.Widget:
        assert self.programme is not None
        try:
            from sendreflect.app.celebration import celebration_view  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return w.HTML(message(NOT_YET.format(what="The celebration of learning")))
        return celebration_view(self.store, self.programme.code)  # type: ignore[no-any-return,unused-ignore]

    def _overview(self) -> w.Widget:
        assert self.programme is not None
        try:
            from sendreflect.app.celebration import programme_overview_view  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return w.HTML(message(NOT_YET.format(what="The lead's overview")))
        return programme_overview_view(self.store, self.programme.code)  # type: ignore[no-any-return,unused-ignore]

    def _take_away(self) -> w.Widget:
        from sendreflect.app.programme_takeaway import TakeAwaySection

        assert self.programme is not None
        return TakeAwaySection(self.store, self.programme).widget


@page_or_problem
def programme_page(store: Store | None = None) -> w.Widget:
    """A programme's page for the page's request (``?programme=CODE&key=<the store's key>``)."""
    from sendreflect.app.request import current_request

    request = current_request()
    app = ProgrammeApp(
        store or Store(),
        code=request.query.get("programme", ""),
        key=request.query.get("key", ""),
        request=request,
    )
    return app.widget
