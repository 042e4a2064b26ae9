"""A programme school's self-evaluation beside its peer visit, read from the store once for the
facilitator's page, the report and the Excel workbook alike.

:func:`read_self_and_peers` reads both workshops' answers and works out
:func:`sendreflect.peerstats.self_vs_peer` and :func:`~sendreflect.peerstats.gap_agenda`: only
the visit's peer reviewers count on the peers' side (the host's own staff who joined the visit do
not), and every alias of either workshop is redacted from the evidence. Nothing here escapes
text or draws anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sendreflect import peerstats, responses
from sendreflect.frameworks import Framework
from sendreflect.store import Store, Workshop

PEER_REVIEWER = "peer_reviewer"
"""The role of a reviewer from another school (as the participant page's join form offers it)."""


def reviewers_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a visit's positions or notes given by its peer reviewers."""
    return frame[frame["role"] == PEER_REVIEWER].reset_index(drop=True)


@dataclass(frozen=True)
class SelfAndPeersReading:
    """The visit, :func:`peerstats.self_vs_peer`'s table and :func:`peerstats.gap_agenda`'s
    agenda (plain text, aliases redacted), and every alias of either workshop."""

    visit: Workshop
    table: pd.DataFrame
    agenda: list[dict[str, object]]
    aliases: list[str]


def read_self_and_peers(
    store: Store, workshop: Workshop, framework: Framework
) -> SelfAndPeersReading | None:
    """The school's own placement beside its reviewers', or ``None`` when this workshop is not
    a self-evaluation whose peer visit has been opened."""
    visit = store.visit_of(workshop.code) if workshop.kind == "team" else None
    if visit is None:
        return None
    mine, theirs = store.answers(workshop.code), store.answers(visit.code)
    table = peerstats.self_vs_peer(
        responses.positions(mine),
        reviewers_only(responses.positions(theirs)),
        framework,
        responses.agreed(mine),
        responses.agreed(theirs),
    )
    aliases = [str(a) for c in (workshop.code, visit.code) for a in store.participants(c)["alias"]]
    agenda = peerstats.gap_agenda(
        table,
        responses.notes(mine),
        reviewers_only(responses.notes(theirs)),
        framework,
        aliases=aliases,
    )
    return SelfAndPeersReading(visit, table, agenda, aliases)
