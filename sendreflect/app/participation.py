"""Participation: who has done what the workshop needs (a position and its evidence on each
dimension), and, apart, what else they wrote or rated, as a table the projector can show.

By alias only: no role beside an alias, as a role held by one person would name them. What the
workshop needs is counted against its total ("4 of 5"); the other steps are extra and counted
without a total, so no one looks behind for not answering every optional question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from sendreflect.app.kit import message
from sendreflect.app.radar import table_html
from sendreflect.frameworks import Framework

NEEDS = "Positions", "Evidence"


def _extra(own: pd.DataFrame, framework: Framework, others: Iterable[Framework]) -> str:
    """What a person did beyond what the workshop needs, in words ("2 context notes, …")."""
    notes = own[(own["kind"] == "reflection") & (own["framework"] == framework.id)]
    context_ids = {q.id for q in framework.context_questions()}
    context = int(notes["item_id"].isin(context_ids).sum())
    think = len(notes) - context
    said = []
    if framework.context_theme_id and context:
        said.append(f"{context} on the context")
    if think:
        said.append(f"{think} on the questions")
    for other in others:
        mine = own[own["framework"] == other.id]
        if other.rating is not None and (rated := int((mine["kind"] == "rating").sum())):
            said.append(f"{other.short_title}: {rated} of {len(other.rating.areas)} rated")
        elif written := int((mine["kind"] == "reflection").sum()):
            said.append(f"{other.short_title}: {written} written")
    return "; ".join(said) or "–"


def progress(
    answers: pd.DataFrame,
    people: pd.DataFrame,
    framework: Framework,
    home: str = "",
    others: Iterable[Framework] = (),
) -> pd.DataFrame:
    """One row per person: positions and evidence given of the dimensions, whether that is all
    the workshop needs, and what else they did (notes, and for ``others``, the workshop's other
    frameworks, areas rated or notes written). Anyone from a school other than ``home`` (a
    triad's visiting peer reviewer, known to the room) has that school beside their alias."""
    others = list(others)
    dimensions = {d.id for d in framework.dimensions}
    rows = []
    for person in people.itertuples():
        own = answers[answers["subject"] == person.id]
        mine = own[(own["framework"] == framework.id) & own["item_id"].isin(dimensions)]
        placed = int((mine["kind"] == "position").sum())
        evidence = int((mine["kind"] == "evidence").sum())
        visiting = person.school and person.school != home
        ready = placed == evidence == len(dimensions)
        rows.append(
            {
                "Alias": person.alias + (f" (visiting from {person.school})" if visiting else ""),
                "Positions": f"{placed} of {len(dimensions)}",
                "Evidence": f"{evidence} of {len(dimensions)}",
                "Ready": "Yes" if ready else "Not yet",
                "Also written or rated": _extra(own, framework, others),
            }
        )
    columns = ["Alias", *NEEDS, "Ready", "Also written or rated"]
    return pd.DataFrame(rows, columns=columns)


def participation_html(table: pd.DataFrame, dimensions: int) -> str:
    """The participation table with a sentence saying how many are ready, and when."""
    if table.empty:
        return message("No one has joined yet. Share the link or the QR code.")
    ready = int((table["Ready"] == "Yes").sum())
    updated = dt.datetime.now().strftime("%H:%M")
    return (
        f'<p class="sr-lead">{ready} of {len(table)} ready: a position and its evidence on each '
        f"of the {dimensions} dimensions. Anything else is extra.</p>"
        + table_html(table, f"{len(table)} participant(s), updated {updated}")
    )
