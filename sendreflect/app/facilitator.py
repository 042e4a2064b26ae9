"""The facilitator view: share the workshop, watch participation, reveal the team's results,
agree positions and write the action plan.

It opens only with a facilitator key: the store's (every workshop) or the workshop's own. The
team's results stay hidden until the facilitator reveals them, so no one anchors on others'
answers. Participation and results refresh every few seconds while the page is open.

The page opens without pandas: each section imports what it needs when it is first shown. A
preheated kernel sets plotly up while it waits for its page (see ``facilitator_page``).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from sendreflect.app.chart import preload
from sendreflect.app.kit import esc, message, stylesheet
from sendreflect.app.mentoring import open_mentoring
from sendreflect.app.page import Address, Notice
from sendreflect.app.request import Request
from sendreflect.app.saving import SaveStatus
from sendreflect.app.sections import Sections
from sendreflect.app.unavailable import page_or_problem
from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.store import Store, StoreError, Workshop

if TYPE_CHECKING:  # pandas and plotly come with the sections that need them
    from sendreflect.app.teamresults import TeamResults

REFRESH_SECONDS = 5.0
SECTIONS = ("Share", "Participation", "Results", "Agree", "Action plan", "Take away")
PEER_SECTIONS = ("Self and peers", "Progress")
"""A programme school's self-evaluation also has Self and peers (once its peer visit is open,
after Agree) and Progress on its actions at the triad's meetings (after Action plan)."""


def slug(section: str) -> str:
    """A section's name as the address shows it: ``Action plan`` → ``action-plan``."""
    return section.lower().replace(" ", "-")


def section_named(name: str) -> str:
    """The section an address names, or Share for none or one unknown."""
    every = (*SECTIONS, *PEER_SECTIONS)
    return next((s for s in every if slug(s) == name.strip().lower()), SECTIONS[0])


class FacilitatorApp(Sections):
    """The facilitator's page for one workshop. ``widget`` is what the notebook displays.

    The page's address follows what is open (the workshop, with its own key, and the section),
    so a reload, a bookmark or a second screen comes back to the same place. The store key is
    never put into the address: a workshop opened from the store key's list is addressed with
    that workshop's own key."""

    def __init__(
        self, store: Store, code: str = "", key: str = "", request: Request | None = None
    ) -> None:
        self.store = store
        self.key = key
        self.request = request or Request({}, "http://localhost:8866", "/voila/render/x.ipynb")
        self.status = SaveStatus(idle="")
        self.library = load_frameworks()
        self.framework = continuum_of((), self.library)  # the opened workshop's, once opened
        self.header = w.HTML()
        self.body = w.VBox()
        self.address = Address()
        self.notice = Notice()
        self.notice.observe(lambda _change: self.show_new_answers(), names="clicks")
        self.widget = w.VBox(
            [
                stylesheet(),
                preload(),  # the charts' code, run while the facilitator reads
                self.status.connection,
                self.address,
                self.notice,
                self.header,
                self.status.widget,
                self.body,
            ]
        )
        self.widget.add_class("sr-app")
        self.widget.add_class("sr-wide")  # a projector has room for the radar beside its table
        self.workshop: Workshop | None = None
        self.results: TeamResults | None = None
        self._seen: tuple[object, ...] | None = None
        self._drawn: tuple[object, ...] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self.admin = store.is_store_key(key)
        self.first_section = section_named(self.request.query.get("section", ""))
        if code:
            self.open(code)
        elif self.admin:
            self._show_workshops()
        else:
            self._locked(
                "Open this page with the facilitator link that 'sendreflect serve' "
                "printed, or the link the facilitator of your workshop shared."
            )

    # -- access and set-up ---------------------------------------------------------------------

    def _locked(self, text: str) -> None:
        self.header.value = "<header><h2>Facilitator view</h2></header>"
        self.body.children = [w.HTML(message(text, "error"))]

    def open(self, code: str) -> None:
        """Open a workshop's dashboard, if the key allows it."""
        try:
            allowed = self.store.can_facilitate(code, self.key)
        except StoreError as exc:
            self._locked(str(exc))
            return
        if not allowed:
            self._locked(
                "This link does not open the facilitator view of this workshop. "
                "Use the facilitator link, not the participants' link."
            )
            return
        self.workshop = self.store.workshop(code)
        self.framework = continuum_of(self.workshop.frameworks, self.library)
        if not open_mentoring(self):  # a mentoring workshop has its own page
            self._build_dashboard()

    def _show_workshops(self) -> None:
        from sendreflect.app.workshops import WorkshopList  # the overview's pandas and plotly

        self.header.value = "<header><h2>Workshops</h2></header>"
        self.workshop_list = WorkshopList(self.store, self.library, self.open)
        self.body.children = self.workshop_list.widgets

    # -- dashboard -----------------------------------------------------------------------------

    def _build_dashboard(self) -> None:
        assert self.workshop is not None
        ws = self.workshop
        self.header.value = (
            f"<header><h2>{esc(ws.school)}</h2><p>{esc(ws.round)} · workshop "
            f"<strong>{esc(ws.code)}</strong></p></header>"
        )
        self.sections: dict[str, Callable[[], w.Widget]] = self._sections(ws)
        first = self.first_section if self.first_section in self.sections else SECTIONS[0]
        self.nav = w.ToggleButtons(
            options=list(self.sections), value=first, style={"button_width": "auto"}
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show(change["new"]), names="value")
        extra: list[w.Widget] = []
        notices: list[w.Widget] = []
        if self.admin:
            from sendreflect.app.workshops import own_link_notice

            back = w.Button(description="All workshops", icon="list")
            back.add_class("sr-link-button")
            back.on_click(lambda _b: self._back())
            extra.append(back)
            notices.append(own_link_notice(self.request, self.workshop))
        self.body.children = [*notices, self.nav, self.page, *extra]
        self.first_section = SECTIONS[0]  # a workshop opened later starts at Share
        self.show(self.nav.value)
        self._schedule()

    def _sections(self, ws: Workshop) -> dict[str, Callable[[], w.Widget]]:
        """The dashboard's sections in order, with a programme school's own where they apply."""
        builders = (self._share, self._participation, self._results, self._agree)
        sections = dict(zip(SECTIONS[:4], builders, strict=True))
        school = self.store.school_of(ws.code) if ws.kind == "team" else None
        programme_self = school is not None and school.self_code == ws.code
        if programme_self and self.store.visit_of(ws.code) is not None:
            sections["Self and peers"] = self._self_and_peers
        sections["Action plan"] = self._actions
        if programme_self:
            sections["Progress"] = self._progress
        sections["Take away"] = self._take_away
        return sections

    def _back(self) -> None:
        """Back to the store key's list. The address keeps the last workshop's own link (the
        store key is never put back into it)."""
        self.stop()
        self.workshop = None
        self.results = None
        self.notice.text = ""
        self._show_workshops()

    def show(self, section: str) -> None:
        self.results = None
        self.notice.text = ""
        try:
            self._seen = self._state()
            self.page.children = [self.sections[section]()]
        except StoreError as exc:
            self.page.children = [w.HTML(message(str(exc), "error"))]
        self._follow(section)

    def _follow(self, section: str) -> None:
        """Put the open workshop and section into the page's address."""
        if self.workshop is None:
            return
        self.address.follow(
            code=self.workshop.code,
            key=self.workshop.facilitator_key,
            section=slug(section),
            token=self.request.query.get("token", ""),
        )

    # -- live updates --------------------------------------------------------------------------

    def _schedule(self) -> None:
        """Look for changes in a few seconds: one timer per page, whichever workshop is open."""
        self.stop()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(REFRESH_SECONDS, self._tick)

    def stop(self) -> None:
        """Stop looking for changes (a workshop closed, the page going)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self) -> None:
        self._timer = None
        try:
            self.refresh()
        except StoreError as exc:
            self.status.show("problem", f"The page cannot refresh: {exc}")
        finally:
            if self.workshop is not None:
                self._schedule()

    def refresh(self) -> None:
        """Bring the live section up to date in place. Participation shows new counts and rows
        at once; Results offer new answers ("3 new answers: show") and change only when asked.
        Revealing, hiding, closing or reopening (from another screen) redraws the section."""
        if self.workshop is None or self.nav.value not in ("Participation", "Results"):
            return
        seen = self._state()
        if seen == self._seen:
            return
        before, self._seen = self._seen, seen
        if before is None or seen[-2:] != before[-2:]:
            self.show(self.nav.value)
        elif self.nav.value == "Participation":
            self.participation.value = self._participation_html()
        elif self.results is not None:
            self._offer(seen)

    def _offer(self, seen: tuple[object, ...]) -> None:
        """Say quietly that answers came in since the results were drawn, with a button to show
        them; the results themselves stay as they are until then."""
        new = int(str(seen[0])) - int(str((self._drawn or seen)[0]))  # counts of answers
        said = f"{new} new answer{'s' if new != 1 else ''}" if new > 0 else "Answers changed"
        self.notice.text = f"{said} since this was drawn."

    def show_new_answers(self) -> None:
        """Show the answers given since the results were drawn, in the same charts and tables."""
        if self.results is None:
            return
        self.results.update()
        self._drawn = self._state()
        self.notice.text = ""

    def _state(self) -> tuple[object, ...]:
        """What the live sections depend on: the answers' activity, revealed and open or closed.
        The workshop read for it is kept, so a change is drawn from what was compared."""
        assert self.workshop is not None
        self.workshop = workshop = self.store.workshop(self.workshop.code)
        return (*self.store.activity(workshop.code), workshop.revealed, workshop.status)


@page_or_problem
def facilitator_page(store: Store | None = None) -> w.Widget:
    """The facilitator view for the page's request (``?code=…&key=…``). A preheated kernel sets
    plotly up first (:func:`~sendreflect.app.warm.warm_plotly`) and imports what draws Results'
    radar, while no one is waiting for it, and leaves pandas (most of a kernel's memory past the
    floor's) for the texts under the radar."""
    from sendreflect.app.request import current_request
    from sendreflect.app.warm import warm_plotly

    if os.environ.get("VOILA_PREHEAT", "False") != "False":  # as request.wait_for_request
        warm_plotly()
        import sendreflect.app.teamresults  # noqa: F401  Results' radar: plotly, not pandas
    request = current_request()
    app = FacilitatorApp(
        store or Store(),
        code=request.query.get("code", ""),
        key=request.query.get("key", ""),
        request=request,
    )
    return app.widget
