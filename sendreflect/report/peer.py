"""The report's peer-review parts for a programme school's self-evaluation: "Self and peers"
(its own placement beside its peer reviewers', with the agenda ordered by the gap) and each
action's progress at the triad's meetings. Both are absent (``None``, ``[]``) for a workshop
without them, so an ordinary workshop's report is unchanged.

The numbers come from :mod:`sendreflect.peerstats` as on the facilitator's page: a side's median
only where three or more people placed the school, else its agreed position, else said plainly
to be not yet agreed; only the visit's peer reviewers count. Text is plain (the template escapes
it), with every alias of either workshop replaced by "a colleague".
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from sendreflect import peerstats, responses
from sendreflect.confidential import redact
from sendreflect.frameworks import Framework
from sendreflect.peer import MEETING_NAMES
from sendreflect.peercharts import self_peer_radar
from sendreflect.peerviews import read_self_and_peers
from sendreflect.report.model import (
    ActionProgress,
    GapItem,
    MeetingProgress,
    SelfPeerSection,
    Table,
)
from sendreflect.report.svg import radar_svg
from sendreflect.responses import ACTION_STATUSES
from sendreflect.store import Store, Workshop

NOT_AGREED = {
    "self": "The team has not yet agreed its view of this dimension.",
    "peer": "The reviewers have not yet agreed their view of this dimension.",
}
RADAR_TITLE = "Radar of the school's own placement beside its peer reviewers'"


def view_text(item: dict[str, object], side: str) -> str:
    """One side's view as the report says it: "3 (median of 4)", "5 (agreed)", or not agreed."""
    return peerstats.view_of(item, side) or NOT_AGREED[side]


def gap_sentence(gap: object) -> str:
    """The gap in words, from the reviewers' side."""
    return peerstats.gap_sentence(gap, "the team")


def _radar(table: pd.DataFrame, framework: Framework) -> str:
    """The radar as a static SVG: the two lines (the table beside it gives each range)."""
    figure = self_peer_radar(table, framework)
    lines = go.Figure([t for t in figure.data if t.fill != "toself"], layout=figure.layout)
    svg = str(radar_svg(lines, RADAR_TITLE)).replace('id="radar"', 'id="self-peer-radar"', 1)
    return Markup(svg)  # drawn by radar_svg from escaped text


def self_and_peers(
    store: Store, workshop: Workshop, framework: Framework
) -> SelfPeerSection | None:
    """The "Self and peers" section, or ``None`` when no peer visit placed this school."""
    reading = read_self_and_peers(store, workshop, framework)
    if reading is None:
        return None
    table, agenda = reading.table, reading.agenda
    words = peerstats.self_peer_table(table, framework)
    return SelfPeerSection(
        visit_round=reading.visit.round,
        radar=_radar(table, framework),
        table=Table(
            "The school's own view and its peer reviewers' view, by dimension",
            list(words.columns),
            [[str(v) or "–" for v in row] for row in words.itertuples(index=False)],
        ),
        agenda=[
            GapItem(
                title=str(item["title"]),
                gap=gap_sentence(item["gap"]),
                self_view=view_text(item, "self"),
                peer_view=view_text(item, "peer"),
                self_evidence=list(item["self_evidence"]),  # type: ignore[call-overload]
                peer_evidence=list(item["peer_evidence"]),  # type: ignore[call-overload]
            )
            for item in agenda
        ],
    )


def action_progress(
    answers: pd.DataFrame, plan: pd.DataFrame, framework: Framework, aliases: list[str]
) -> list[ActionProgress]:
    """Each action of the plan with progress recorded at any triad meeting, in the plan's
    order, its meetings in order; free text redacted of ``aliases``."""
    progress = responses.progress(answers)
    progress = progress[progress["framework"] == framework.id]
    found = []
    for action in plan[plan["framework"] == framework.id].itertuples():
        rows = progress[progress["action_id"] == action.action_id]
        if rows.empty:
            continue
        meetings = [
            MeetingProgress(
                meeting=MEETING_NAMES.get(int(r.meeting), f"Meeting {r.meeting}"),
                status=ACTION_STATUSES.get(str(r.status), str(r.status)),
                status_key=str(r.status),
                note=redact(r.note, aliases),
                evidence=redact(r.evidence, aliases),
                coach_comment=redact(r.coach_comment, aliases),
            )
            for r in rows.itertuples()
        ]
        found.append(ActionProgress(redact(action.what, aliases), meetings))
    return found
