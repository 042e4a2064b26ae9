"""Small answer frames for peer review's tests: people placing a school, a panel's agreed
positions and evidence, and self vs peers worked out from them."""

from __future__ import annotations

import pandas as pd

from sendreflect import peerstats, responses
from sendreflect.responses import answers_frame

DIMS = ("values", "teaching", "resources", "roles", "services")


def answer(subject: str, kind: str, item: str, value: object, fw: str = "national_college"):
    return {
        "workshop": "WKSHOP",
        "subject": subject,
        "alias": "Team" if subject == "team" else subject.title(),
        "role": "" if subject == "team" else "teacher",
        "kind": kind,
        "framework": fw,
        "item_id": item,
        "value": value,
        "updated_at": "2026-11-01T10:00:00+00:00",
        "updated_by": subject,
    }


def frames(
    placed: dict[str, list[object]], agreed: dict[str, int] | None = None, notes=()
) -> pd.DataFrame:
    """An answers frame: dimension → each person's position (person n is 'member<n>'), the
    team's agreed positions, and (alias, dimension, text) evidence notes."""
    rows = [
        answer(f"member{n}", "position", dim, value)
        for dim, values in placed.items()
        for n, value in enumerate(values)
    ]
    rows += [answer("team", "agreed", d, {"position": p}) for d, p in (agreed or {}).items()]
    rows += [answer(alias, "evidence", dim, text) for alias, dim, text in notes]
    return answers_frame(rows)


def empty_notes() -> pd.DataFrame:
    return responses.notes(answers_frame([]))


def compare(framework, mine, theirs) -> pd.DataFrame:
    return peerstats.self_vs_peer(
        responses.positions(mine),
        responses.positions(theirs),
        framework,
        responses.agreed(mine),
        responses.agreed(theirs),
    )
