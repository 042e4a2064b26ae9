"""Self and peers: a programme school's own placement beside its peer reviewers' placement of it.

Shown in the facilitator dashboard of a school's self-evaluation once its peer visit is open
(``Store.visit_of``). The radar of :func:`sendreflect.peercharts.self_peer_radar` with its table
beside it, then the agenda ordered by the gap between the two views
(:func:`sendreflect.peerstats.gap_agenda`), each dimension with both sides' position, the gap in
words and both sides' evidence.

Confidential by default, as :mod:`sendreflect.peerstats`: a side's median is shown only where
three or more people placed the school; otherwise it is that side's agreed position, and
without one the page says plainly that the view is not yet agreed (never a median of two). Only
the visit's peer reviewers count on the peers' side. Evidence is listed without authors, any
participant's alias typed into it replaced by "a colleague", and every text is escaped.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from sendreflect import peerstats
from sendreflect.app.kit import esc, heading, message
from sendreflect.app.radar import Radar
from sendreflect.frameworks import Framework
from sendreflect.peercharts import self_peer_radar
from sendreflect.peerviews import read_self_and_peers
from sendreflect.store import Store, Workshop

CAPTION = "Our view and the peer reviewers' view, by dimension"
NOT_AGREED = {
    "self": "Your team has not yet agreed its view of this dimension.",
    "peer": "The reviewers have not yet agreed their view of this dimension.",
}
"""Said where a side has fewer than three people and no agreed position yet."""
SIDE_NAMES = {"self": "Your team", "peer": "The peer reviewers"}
EVIDENCE_NAMES = {"self": "Your team's evidence", "peer": "The peer reviewers' evidence"}


def side_html(item: dict[str, object], side: str) -> str:
    """One side's view of a dimension: "Your team: 3 (median of 4)", or plainly not agreed."""
    said = peerstats.view_of(item, side)
    if said is None:
        return f"<p>{esc(NOT_AGREED[side])}</p>"
    return f"<p><strong>{esc(SIDE_NAMES[side])}:</strong> {esc(said)}</p>"


def gap_words(gap: object) -> str:
    """The gap in words: how far, and which way, the reviewers' view is from the team's own."""
    return peerstats.gap_sentence(gap, "your team")


def evidence_html(texts: object, side: str) -> str:
    """One side's evidence on a dimension, as a list (escaped), or a line saying there is none."""
    said = EVIDENCE_NAMES[side]
    items = [str(t) for t in texts] if isinstance(texts, list) else []
    if not items:
        return f"<p><em>{esc(said)}: none written.</em></p>"
    shown = "".join(f"<li>{esc(t)}</li>" for t in items)
    return f'<div class="sr-evidence"><p>{esc(said)}:</p><ul>{shown}</ul></div>'


def agenda_html(agenda: list[dict[str, object]]) -> str:
    """The agenda, widest gap first: each dimension with both views, the gap and the evidence."""
    parts = []
    for number, item in enumerate(agenda, start=1):
        parts.append(
            f'<li class="sr-card sr-gap-item"><h4>{number}. {esc(item["title"])}</h4>'
            f"<p>{esc(gap_words(item['gap']))}</p>"
            f"{side_html(item, 'self')}{side_html(item, 'peer')}"
            f"{evidence_html(item['self_evidence'], 'self')}"
            f"{evidence_html(item['peer_evidence'], 'peer')}</li>"
        )
    return (
        f'<ol class="sr-gap-agenda" style="list-style: none; padding-left: 0">{"".join(parts)}</ol>'
    )


class SelfAndPeers:
    """The "Self and peers" section for a self-evaluation ``workshop``. ``widget`` is shown."""

    def __init__(self, store: Store, workshop: Workshop, framework: Framework) -> None:
        self.store = store
        self.workshop = workshop
        self.framework = framework
        self.visit = store.visit_of(workshop.code)
        self.agenda = w.HTML()
        self.refresh_button = w.Button(description="Show the latest views", icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.radar: Radar | None = None
        if self.visit is None:
            self.widget = w.VBox(
                [w.HTML(message("The peer visit to this school has not been opened yet."))]
            )
            return
        figure, table = self.parts()
        self.radar = Radar(figure, table, CAPTION)
        self.widget = w.VBox(
            [
                w.HTML(
                    "<p>Where your team placed the school beside where the peer reviewers "
                    f"placed it at their visit ({esc(self.visit.round)}). A median is shown "
                    "only where three or more people placed the school; otherwise each side's "
                    "agreed view.</p>"
                ),
                self.radar.widget,
                heading("Agenda: the widest gaps first", 3),
                self.agenda,
                self.refresh_button,
            ]
        )
        self.widget.add_class("sr-self-peers")

    def numbers(self) -> tuple[pd.DataFrame, list[dict[str, object]]]:
        """The self-vs-peers table and the agenda, from both workshops' answers now."""
        reading = read_self_and_peers(self.store, self.workshop, self.framework)
        assert reading is not None  # a visit, once opened, stays
        return reading.table, reading.agenda

    def parts(self) -> tuple[go.Figure, pd.DataFrame]:
        """The radar's figure and the table beside it; the agenda is drawn too."""
        table, agenda = self.numbers()
        self.table = table
        self.agenda.value = agenda_html(agenda)
        figure = self_peer_radar(table, self.framework)
        return figure, peerstats.self_peer_table(table, self.framework)

    def refresh(self) -> None:
        """Show the views as they are now, in the same radar, table and agenda."""
        if self.radar is None:
            return
        figure, table = self.parts()
        self.radar.show(figure, table)
