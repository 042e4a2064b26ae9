"""The facilitator view: share the workshop, watch participation, reveal the team's results,
agree positions and write the action plan.

It opens only with a facilitator key: the store's (every workshop) or the workshop's own. The
team's results stay hidden until the facilitator reveals them, so no one anchors on others'
answers. Participation and results refresh every few seconds while the page is open.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import ipywidgets as w
import pandas as pd
import segno

from sendreflect.app.actions import ActionPlan
from sendreflect.app.agree import AgreeForm
from sendreflect.app.drafts import restore_drafts
from sendreflect.app.kit import esc, heading, message, stylesheet
from sendreflect.app.request import Request
from sendreflect.app.results import results_view, table_html
from sendreflect.app.saving import SaveStatus
from sendreflect.app.transfer import Downloads, Upload
from sendreflect.app.unavailable import page_or_problem
from sendreflect.app.workshops import WorkshopList
from sendreflect.frameworks import Framework, continuum_of, load_frameworks
from sendreflect.responses import TEAM, Kind
from sendreflect.store import Store, StoreError, Workshop

REFRESH_SECONDS = 5.0


def progress(
    answers: pd.DataFrame, people: pd.DataFrame, framework: Framework, home: str = ""
) -> pd.DataFrame:
    """Who has done how much of each step, by alias only: no role beside an alias, as this table
    may be projected and a role held by one person would name them. Anyone from a school other
    than ``home`` (a triad's visiting peer reviewer, known to the room) has that school beside
    their alias."""
    context_ids = {q.id for q in framework.context_questions()}
    think_ids = {q.id for q in framework.think_questions()}
    mine = answers[answers["framework"] == framework.id]
    dimensions = len(framework.dimensions)
    rows = []
    for person in people.itertuples():
        own = mine[mine["subject"] == person.id]
        notes = set(own.loc[own["kind"] == "reflection", "item_id"])
        visiting = person.school and person.school != home
        rows.append(
            {
                "Alias": person.alias + (f" (visiting from {person.school})" if visiting else ""),
                "Context": f"{len(notes & context_ids)} of {len(context_ids)}",
                "Positions": f"{(own['kind'] == 'position').sum()} of {dimensions}",
                "Evidence": f"{(own['kind'] == 'evidence').sum()} of {dimensions}",
                "Think about your school": f"{len(notes & think_ids)} of {len(think_ids)}",
            }
        )
    columns = ["Alias", "Context", "Positions", "Evidence", "Think about your school"]
    if not framework.context_theme_id:  # a framework without a context analysis has no step
        columns.remove("Context")
    return pd.DataFrame(rows, columns=columns)


class FacilitatorApp:
    """The facilitator's page for one workshop. ``widget`` is what the notebook displays."""

    def __init__(
        self, store: Store, code: str = "", key: str = "", request: Request | None = None
    ) -> None:
        self.store = store
        self.key = key
        self.request = request or Request({}, "http://localhost:8866", "/voila/render/x.ipynb")
        self.status = SaveStatus()
        self.library = load_frameworks()
        self.framework = continuum_of((), self.library)  # the opened workshop's, once opened
        self.header = w.HTML()
        self.body = w.VBox()
        self.widget = w.VBox(
            [stylesheet(), self.status.connection, self.header, self.status.widget, self.body]
        )
        self.widget.add_class("sr-app")
        self.widget.add_class("sr-wide")  # a projector has room for the radar beside its table
        self.workshop: Workshop | None = None
        self._seen: tuple[object, ...] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self.admin = store.is_store_key(key)
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
        self._build_dashboard()

    def _show_workshops(self) -> None:
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
        self.sections: dict[str, Callable[[], w.Widget]] = {
            "Share": self._share,
            "Participation": self._participation,
            "Results": self._results,
            "Agree": self._agree,
            "Action plan": self._actions,
            "Take away": self._take_away,
        }
        self.nav = w.ToggleButtons(
            options=list(self.sections), description="Show", style={"button_width": "auto"}
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show(change["new"]), names="value")
        extra: list[w.Widget] = []
        first: list[w.Widget] = []
        if self.admin:
            back = w.Button(description="All workshops", icon="list")
            back.add_class("sr-link-button")
            back.on_click(lambda _b: self._back())
            extra.append(back)
            first.append(self._own_link_notice())
        self.body.children = [*first, self.nav, self.page, *extra]
        self.show(self.nav.value)
        self._schedule()

    def _own_link_notice(self) -> w.HTML:
        """Opened with the store key: point to the workshop's own link, which opens only it, so
        the store key never reaches a projector's address bar or a school's browser history."""
        assert self.workshop is not None
        own = self.request.link(
            "facilitator.ipynb", code=self.workshop.code, key=self.workshop.facilitator_key
        )
        return w.HTML(
            '<div class="sr-message sr-info" role="note">This page was opened with the store key, '
            "which opens every workshop. To project this workshop or hand it to its facilitator, "
            f'use its own link, which opens only it: <a href="{esc(own)}" target="_top">'
            "this workshop's facilitator link</a>.</div>"
        )

    def _back(self) -> None:
        self.workshop = None
        self._show_workshops()

    def show(self, section: str) -> None:
        try:
            self.page.children = [self.sections[section]()]
            self._seen = self._state()
        except StoreError as exc:
            self.page.children = [w.HTML(message(str(exc), "error"))]

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(REFRESH_SECONDS, self._tick)

    def _tick(self) -> None:
        try:
            self.refresh()
        except StoreError as exc:
            self.status.show("problem", f"The page cannot refresh: {exc}")
        finally:
            self._schedule()

    def refresh(self) -> None:
        """Redraw the live section shown when answers or the workshop changed since drawn."""
        if self.workshop is None or self.nav.value not in ("Participation", "Results"):
            return
        seen = self._state()
        if seen != self._seen:
            self.workshop = self.store.workshop(self.workshop.code)
            self.page.children = [self.sections[self.nav.value]()]
            self._seen = seen

    def _state(self) -> tuple[object, ...]:
        assert self.workshop is not None
        workshop = self.store.workshop(self.workshop.code)
        return (*self.store.activity(workshop.code), workshop.revealed, workshop.status)

    def _answers(self) -> pd.DataFrame:
        assert self.workshop is not None
        return self.store.answers(self.workshop.code)

    # -- sections --------------------------------------------------------------------------------

    def _share(self) -> w.Widget:
        assert self.workshop is not None
        link = self.request.link("participant.ipynb", code=self.workshop.code)
        qr = segno.make(link, error="m").svg_inline(
            scale=4, title="QR code of the participant link"
        )
        toggle = w.Button(
            description="Close the workshop"
            if self.workshop.status == "open"
            else "Reopen the workshop",
            icon="lock" if self.workshop.status == "open" else "unlock",
        )
        toggle.on_click(lambda _b: self._set_status())
        return w.VBox(
            [
                w.HTML(
                    "<p>Participants open this link (or scan the code) on a laptop or phone, or go "
                    "to the participant page and type the code "
                    f"<strong>{esc(self.workshop.code)}</strong>.</p>"
                    f'<p class="sr-link">{esc(link)}</p>'
                    f'<div class="sr-qr" role="img" aria-label="QR code of the participant link">'
                    f"{qr}</div>"
                ),
                toggle,
            ]
        )

    def _set_status(self) -> None:
        assert self.workshop is not None
        status = "closed" if self.workshop.status == "open" else "open"
        try:
            self.workshop = self.store.update_workshop(self.workshop.code, status=status)
        except StoreError as exc:
            self.status.show("error", str(exc))
            return
        self.show("Share")

    def _participation(self) -> w.Widget:
        assert self.workshop is not None
        people = self.store.participants(self.workshop.code)
        table = progress(self._answers(), people, self.framework, home=self.workshop.school)
        updated = dt.datetime.now().strftime("%H:%M:%S")
        if table.empty:
            body = message("No one has joined yet. Share the link or the QR code.")
        else:
            body = table_html(table, f"{len(table)} participant(s), updated {updated}")
        return w.HTML(body)

    def _reveal_button(self) -> w.Button:
        assert self.workshop is not None
        revealed = self.workshop.revealed
        button = w.Button(
            description="Hide the team's results" if revealed else "Reveal the team's results",
            icon="eye-slash" if revealed else "eye",
            button_style="" if revealed else "primary",
        )
        button.on_click(lambda _b: self.reveal(not revealed))
        return button

    def reveal(self, shown: bool = True) -> None:
        """Show (or hide again) the team's results, here and on participants' pages."""
        assert self.workshop is not None
        try:
            self.workshop = self.store.update_workshop(self.workshop.code, revealed=shown)
        except StoreError as exc:
            self.status.show("error", str(exc))
            return
        self.show("Results")

    def _results(self) -> w.Widget:
        assert self.workshop is not None
        if not self.workshop.revealed:
            return w.VBox(
                [
                    w.HTML(
                        message(
                            "The team's results are hidden until you reveal them, so no one "
                            "anchors on others' answers."
                        )
                    ),
                    self._reveal_button(),
                ]
            )
        return w.VBox(
            [
                self._reveal_button(),
                results_view(self.store, self.workshop, self.framework, detail=True),
            ]
        )

    def _agree(self) -> w.Widget:
        assert self.workshop is not None
        form = AgreeForm(self.store, self.workshop.code, self.framework, self.status).widget
        team = f"{self.workshop.code}/{TEAM}"
        self.status.connection.replay(team, lambda d: restore_drafts(d, self.status))
        return form

    def _actions(self) -> w.Widget:
        assert self.workshop is not None
        parts: list[w.Widget] = []
        previous = self.store.previous_answers(self.workshop)
        if previous is not None and (previous["kind"] == Kind.ACTION.value).any():
            earlier = self.store.workshop(str(self.workshop.previous_code))
            parts += [
                heading(f"The plan from {earlier.round}", 3),
                w.HTML(
                    "<p>Start from the plan the team made last time: how has each action "
                    "gone? Record its status and a note.</p>"
                ),
                ActionPlan(
                    self.store, earlier.code, self.framework, self.status, form=False
                ).widget,
            ]
        parts.append(ActionPlan(self.store, self.workshop.code, self.framework, self.status).widget)
        return w.VBox(parts)

    def _take_away(self) -> w.Widget:
        """The report and Excel file (naming no one) for anyone with this workshop's key; the
        JSON workbook, which holds each person's answers, and bringing one back (a write of
        everyone's answers) only with the store key, which is never projected."""
        assert self.workshop is not None
        downloads = Downloads(self.store, self.workshop.code, workbook=self.admin)
        intro = (
            "<p>Download the workshop to share with governors: the report and the Excel file "
            "name no one.</p>"
        )
        if not self.admin:
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
        upload = Upload(
            self.store, lambda _summary: downloads.refresh(), expect_code=self.workshop.code
        )
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


@page_or_problem
def facilitator_page(store: Store | None = None) -> w.Widget:
    """The facilitator view for the page's request (``?code=…&key=…``)."""
    from sendreflect.app.request import current_request

    request = current_request()
    app = FacilitatorApp(
        store or Store(),
        code=request.query.get("code", ""),
        key=request.query.get("key", ""),
        request=request,
    )
    return app.widget
