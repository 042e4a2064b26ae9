"""The facilitator dashboard's sections (Share, Participation, Results, Agree, Action plan,
Take away, and for a programme school Self and peers and Progress): what each shows when opened.

:class:`Sections` is a mixin of :class:`sendreflect.app.facilitator.FacilitatorApp`, which owns
access, the address, navigation and live updates; each section imports what it needs when it is
first shown, so the page opens without pandas or plotly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from sendreflect.app.drafts import restore_drafts
from sendreflect.app.kit import heading, message
from sendreflect.app.request import Request
from sendreflect.app.saving import SaveStatus
from sendreflect.app.share import share_html
from sendreflect.frameworks import Framework
from sendreflect.responses import TEAM, Kind
from sendreflect.store import Store, StoreError, Workshop

if TYPE_CHECKING:  # pandas and plotly come with the sections that need them
    from sendreflect.app.teamresults import TeamResults


class Sections:
    """The dashboard's sections, each a method that builds its widget (see ``FacilitatorApp``)."""

    store: Store
    request: Request
    status: SaveStatus
    framework: Framework
    library: dict[str, Framework]
    workshop: Workshop | None
    results: TeamResults | None
    admin: bool
    _seen: tuple[object, ...] | None
    _drawn: tuple[object, ...] | None

    def show(self, section: str) -> None:  # pragma: no cover - FacilitatorApp's
        raise NotImplementedError

    def _share(self) -> w.Widget:
        assert self.workshop is not None
        link = self.request.link("participant.ipynb", code=self.workshop.code)
        toggle = w.Button(
            description="Close the workshop"
            if self.workshop.status == "open"
            else "Reopen the workshop",
            icon="lock" if self.workshop.status == "open" else "unlock",
        )
        toggle.on_click(lambda _b: self._set_status())
        return w.VBox([w.HTML(share_html(link, self.workshop.code)), toggle])

    def _set_status(self) -> None:
        assert self.workshop is not None
        status = "closed" if self.workshop.status == "open" else "open"
        try:
            self.workshop = self.store.update_workshop(self.workshop.code, status=status)
        except StoreError as exc:
            self.status.show("error", str(exc))
            return
        self.show("Share")

    def _participation_html(self) -> str:
        from sendreflect.app.participation import participation_html, progress  # pandas

        assert self.workshop is not None
        people = self.store.participants(self.workshop.code)
        others = [
            self.library[f]
            for f in self.workshop.frameworks
            if f in self.library and f != self.framework.id
        ]
        answers = self.store.answers(self.workshop.code)
        table = progress(answers, people, self.framework, self.workshop.school, others)
        return participation_html(table, len(self.framework.dimensions))

    def _participation(self) -> w.Widget:
        self.participation = w.HTML(self._participation_html())
        return self.participation

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
        from sendreflect.app.teamresults import TeamResults  # plotly: pandas comes a turn later

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
        self.results = TeamResults(self.store, self.workshop, self.framework, detail=True)
        self._drawn = self._seen
        return w.VBox([self._reveal_button(), self.results.widget])

    def _agree(self) -> w.Widget:
        from sendreflect.app.agree import AgreeForm  # pandas and plotly

        assert self.workshop is not None
        form = AgreeForm(self.store, self.workshop.code, self.framework, self.status).widget
        team = f"{self.workshop.code}/{TEAM}"
        self.status.connection.replay(team, lambda d: restore_drafts(d, self.status))
        return form

    def _actions(self) -> w.Widget:
        from sendreflect.app.actions import ActionPlan  # pandas

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
        from sendreflect.app.transfer import take_away  # the workbook's pandas

        assert self.workshop is not None
        return take_away(self.store, self.workshop.code, admin=self.admin)

    def _self_and_peers(self) -> w.Widget:
        from sendreflect.app.selfpeer import SelfAndPeers  # pandas and plotly

        assert self.workshop is not None
        return SelfAndPeers(self.store, self.workshop, self.framework).widget

    def _progress(self) -> w.Widget:
        from sendreflect.app.progress import ActionProgress  # pandas

        assert self.workshop is not None
        return ActionProgress(self.store, self.workshop.code, self.framework, self.status).widget
