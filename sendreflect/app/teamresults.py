"""The team's results after the reveal, as a participant or (with ``detail``) the facilitator
sees them: the radar beside its table, then the texts under it.

The radar and its table are drawn from the store's plain answer records without pandas
(:func:`sendreflect.app.radar.team_radar`), so the facilitator's click on Results shows the
chart without paying for pandas while the room waits. The texts under it (the agenda, the
medians by role, the ratings, what the team wrote: :mod:`sendreflect.app.results`, which brings
pandas) are written on the kernel's next turn, once the radar has gone to the page.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import ipywidgets as w

from sendreflect.app.kit import heading
from sendreflect.app.radar import RADAR_CAPTION, Radar, team_radar
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.store import Store, Workshop
from sendreflect.store.records import AnswerRecord

if TYPE_CHECKING:
    import pandas as pd


class TeamResults:
    """The team's results as a participant sees them after the reveal; with ``detail``, the
    facilitator's. ``update()`` reads the store again and changes the numbers, rows and texts in
    place, so a projected page keeps its scroll position and whatever was opened stays open."""

    def __init__(
        self, store: Store, workshop: Workshop, framework: Framework, *, detail: bool = False
    ) -> None:
        self.store, self.workshop, self.framework, self.detail = store, workshop, framework, detail
        library = load_frameworks()
        used = [library[f] for f in workshop.frameworks if f in library]
        self.rated = [f for f in used if f.rating is not None]
        self.discussed = [f for f in used if f.counts()["questions"]]
        records = store.answer_records(workshop.code)
        self.radar = Radar(*team_radar(store, workshop, framework, records), RADAR_CAPTION)
        self.agenda, self.roles = w.HTML(), w.HTML()
        self.ratings = [w.HTML() for _ in self.rated]
        self.notes = self._panes() if self.discussed else None
        parts: list[w.Widget] = [heading("Where the team places the school", 3), self.radar.widget]
        if detail:
            parts += [heading("Agenda: where views differ most", 3), self.agenda]
            parts += [heading("By role", 3), self.roles]
            for framework_, box in zip(self.rated, self.ratings, strict=True):
                parts += [heading(framework_.short_title, 3), box]
            if self.notes is not None:
                parts += [heading("What the team wrote", 3), self.notes]
        self.widget = w.VBox(parts)
        self._texts_soon(records)

    def _panes(self) -> w.Accordion:
        """One closed pane per framework for what the team wrote (filled in by ``_texts``), so
        the projector shows one at a time."""
        panes = w.Accordion(
            children=[w.HTML() for _ in self.discussed],
            titles=tuple(f.short_title for f in self.discussed),
        )
        panes.selected_index = None
        return panes

    def _texts_soon(self, records: list[AnswerRecord]) -> None:
        """The texts under the radar, written once the radar has gone to the page (on the
        kernel's next turn, when there is an event loop): the room sees the chart first."""
        try:
            asyncio.get_running_loop().call_soon(self._texts_from, records)
        except RuntimeError:  # no event loop (a script, a test): at once
            self._texts_from(records)

    def _texts_from(self, records: list[AnswerRecord]) -> None:
        from sendreflect.responses import answers_frame  # pandas: the texts need frames

        self._texts(answers_frame([r._asdict() for r in records]))

    def _texts(self, answers: pd.DataFrame) -> None:
        from sendreflect.app import results  # pandas

        if not self.detail:
            if self.notes is not None:
                for framework, pane in zip(self.discussed, self.notes.children, strict=True):
                    pane.value = results.reflections_html(answers, framework)
            return
        aliases = list(self.store.participants(self.workshop.code)["alias"])
        self.agenda.value = results.agenda_html(answers, self.framework, aliases)
        self.roles.value = results.roles_html(answers, self.framework)
        for framework, box in zip(self.rated, self.ratings, strict=True):
            box.value = results.ratings_html(answers, framework)
        if self.notes is not None:
            for framework, pane in zip(self.discussed, self.notes.children, strict=True):
                pane.value = results.reflections_html(answers, framework, aliases)

    def update(self) -> None:
        """Show the answers as stored now, in the same widgets."""
        records = self.store.answer_records(self.workshop.code)
        self.radar.show(*team_radar(self.store, self.workshop, self.framework, records))
        self._texts_from(records)
