"""Statistics: the numbers a team looks at together, worked out from the tidy answer frames.

This module owns medians, ranges and spreads per dimension, the agenda from disagreement, medians
by role group, ratings, the radar's numbers as a table and a local authority's overview by school
and round. It reads the frames built by :mod:`sendreflect.responses` and the framework model only
(the per-dimension numbers are :mod:`sendreflect.radarnumbers`', put in frames), and never
touches the store, a widget, a figure or HTML.

Nothing here names anyone: notes come without their authors, and no group smaller than
:data:`MIN_GROUP` (a role, the raters of an area, a school's round) is shown apart from the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple

import pandas as pd

from sendreflect.confidential import MIN_GROUP, count_text, unattributed
from sendreflect.frameworks import Framework
from sendreflect.radarnumbers import (
    Placed,
    RadarNumbers,
    by_dimension,
    dimension_numbers,
    radar_numbers,
    radar_rows,
    targets_from,
)
from sendreflect.responses import ROLES, Kind

_STAT_TYPES = {"dimension": "string", "title": "string", "answered": "int64", "not_sure": "int64"}
_STAT_TYPES |= {"median": "Float64", "low": "Int64", "high": "Int64"}
_STAT_TYPES |= {"spread": "Float64", "std": "Float64"}
_POSITION_COLUMNS = ["subject", "alias", "role", "framework", "dimension", "position", "not_sure"]
OTHER_ROLES = f"Other roles (groups under {MIN_GROUP})"
"""The group that pools every role held by fewer than :data:`MIN_GROUP` people."""


def positions_for(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The rows of ``positions`` answering this framework's dimensions (any frame, even bare)."""
    frame = positions.reindex(columns=_POSITION_COLUMNS)
    ids = [d.id for d in framework.dimensions]
    keep = frame["framework"].eq(framework.id) & frame["dimension"].isin(ids)
    return frame[keep.fillna(False).astype(bool)]


def as_floats(series: pd.Series) -> list[float | None]:
    """Plain floats (for plotly), with missing values as ``None`` (so the point is skipped)."""
    return [None if pd.isna(v) else float(v) for v in series]


def placed(positions: pd.DataFrame) -> list[Placed]:
    """The rows of a positions frame as plain :class:`~sendreflect.radarnumbers.Placed`."""
    frame = positions.reindex(columns=_POSITION_COLUMNS)
    return [
        Placed(str(s), str(f), str(d), None if pd.isna(p) else int(p), _yes(n))
        for s, f, d, p, n in frame[["subject", "framework", "dimension", "position", "not_sure"]]
        .astype(object)
        .itertuples(index=False)
    ]


def _yes(flag: object) -> bool:
    return False if pd.isna(flag) else bool(flag)


def dimension_stats(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per-dimension counts, median, range and standard deviation, in framework order (the
    numbers of :func:`sendreflect.radarnumbers.dimension_numbers`, as a frame)."""
    rows = [astuple(d) for d in dimension_numbers(placed(positions), framework)]
    frame = pd.DataFrame(rows, columns=list(_STAT_TYPES), dtype=object)
    return frame.astype(_STAT_TYPES)


def team_summary(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per dimension, in framework order: dimension, title, answered, not_sure, median,
    low, high, spread. Dimensions nobody answered appear with <NA> statistics."""
    return dimension_stats(positions, framework).drop(columns="std")


def agenda(
    positions: pd.DataFrame,
    notes: pd.DataFrame,
    framework: Framework,
    aliases: Iterable[object] = (),
) -> pd.DataFrame:
    """The agenda from disagreement: dimensions where views diverge most come first.

    Ordered by spread, then standard deviation (both largest first, unanswered last), then
    framework order. Columns: dimension, title, spread, median, answered, not_sure, evidence (the
    notes' texts, unattributed: in alphabetical order, with any of ``aliases`` typed into them
    replaced by "a colleague"; plain text, nothing escaped or turned into HTML).
    """
    stats = dimension_stats(positions, framework)
    stats["order"] = range(len(stats))
    stats = stats.sort_values(
        ["spread", "std", "order"], ascending=[False, False, True], na_position="last"
    )
    evidence = notes.reindex(columns=["kind", "framework", "item_id", "text"])
    evidence = evidence[
        (evidence["kind"] == Kind.EVIDENCE.value) & (evidence["framework"] == framework.id)
    ]
    names = list(aliases)
    by_dimension = {
        dim: unattributed(rows["text"], names) for dim, rows in evidence.groupby("item_id")
    }
    stats["evidence"] = [by_dimension.get(dim, []) for dim in stats["dimension"]]
    columns = ["dimension", "title", "spread", "median", "answered", "not_sure", "evidence"]
    return stats[columns].reset_index(drop=True)


def role_groups(roles: pd.Series, min_group: int = MIN_GROUP) -> pd.Series:
    """Each person's group as shown: their role's words where ``min_group`` or more share the
    role, else :data:`OTHER_ROLES` if that pool is itself ``min_group`` or more, else <NA> (not
    shown apart at all). ``roles`` holds one role id per person; the result has its index, and
    groups in :data:`ROLES` order."""
    sizes = roles.value_counts()
    big = set(sizes[sizes >= min_group].index)
    pooled = ~roles.isin(big)
    labels = roles.map(lambda role: ROLES.get(role, role)).astype("string")
    labels[pooled] = OTHER_ROLES if pooled.sum() >= min_group else pd.NA
    return labels


def group_order(label: object) -> tuple[int, str]:
    """Sort key for role groups: :data:`ROLES` order, then others by name, "Other roles" last."""
    order = {words: n for n, words in enumerate(ROLES.values())}
    text = str(label)
    return (len(order) + 1 if text == OTHER_ROLES else order.get(text, len(order)), text)


def role_breakdown(
    positions: pd.DataFrame, framework: Framework, min_group: int = MIN_GROUP
) -> pd.DataFrame:
    """Median position per role group and dimension, never showing a group under ``min_group``.

    Roles are grouped by :func:`role_groups`. A median is also withheld (<NA>) where fewer than
    ``min_group`` people in the group gave a position on that dimension. Columns: group,
    dimension, title, people (people in the group), median.
    """
    frame = positions_for(positions, framework)
    people = frame.drop_duplicates("subject").set_index("subject")["role"]
    group_of = role_groups(people, min_group).dropna()
    frame = frame[frame["subject"].isin(group_of.index)]
    frame = frame.assign(group=frame["subject"].map(group_of))
    rows = []
    for label in sorted(set(group_of), key=group_order):
        members = frame[frame["group"] == label]
        count = members["subject"].nunique()
        for dimension in framework.dimensions:
            given = members[(members["dimension"] == dimension.id) & members["position"].notna()]
            enough = given["subject"].nunique() >= min_group
            median = pd.Series(given["position"].astype(int).to_numpy(), dtype="Float64").median()
            rows.append((label, dimension.id, dimension.title, count, median if enough else pd.NA))
    result = pd.DataFrame(rows, columns=["group", "dimension", "title", "people", "median"])
    types = {"group": "string", "dimension": "string", "title": "string", "people": "int64"}
    return result.astype(types | {"median": "Float64"})


def agreed_values(agreed: pd.DataFrame, framework: Framework) -> list[float | None]:
    """The agreed position on each dimension, in framework order (``None`` where none)."""
    return by_dimension(agreed_by_dimension(agreed, framework), framework)


def agreed_by_dimension(agreed: pd.DataFrame, framework: Framework) -> dict[str, object]:
    """The agreed positions of an agreed frame, by dimension id (``None`` where none)."""
    frame = agreed.reindex(columns=["framework", "dimension", "position"])
    frame = frame[frame["framework"] == framework.id].astype(object)
    return {
        d: None if pd.isna(p) else p
        for d, p in zip(frame["dimension"], frame["position"], strict=True)
    }


def target_values(targets: dict[str, int | None], framework: Framework) -> list[float | None]:
    """The target on each dimension, in framework order (``None`` where none)."""
    return by_dimension(targets, framework)


def radar_table(
    positions: pd.DataFrame,
    framework: Framework,
    *,
    agreed: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    targets: dict[str, int | None] | None = None,
    median_name: str = "Team median",
) -> pd.DataFrame:
    """The radar's numbers as a table, one row per dimension, to show beside the chart."""
    numbers = numbers_of(positions, framework, agreed=agreed, previous=previous, targets=targets)
    return radar_frame(numbers, median_name)


def numbers_of(
    positions: pd.DataFrame,
    framework: Framework,
    *,
    agreed: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    targets: dict[str, int | None] | None = None,
) -> RadarNumbers:
    """The radar's numbers (:func:`sendreflect.radarnumbers.radar_numbers`) from frames: what
    both the chart and the table beside it are drawn from."""
    return radar_numbers(
        placed(positions),
        framework,
        agreed=None if agreed is None else agreed_by_dimension(agreed, framework),
        previous=None if previous is None else placed(previous),
        targets=targets,
    )


def radar_frame(numbers: RadarNumbers, median_name: str = "Team median") -> pd.DataFrame:
    """:func:`sendreflect.radarnumbers.radar_rows` as a typed frame."""
    columns, rows = radar_rows(numbers, median_name)
    types = {"Dimension": "string", median_name: "Float64", "Lowest": "Int64"}
    types |= {"Highest": "Int64", "Not sure": "int64", "Agreed": "Int64"}
    types |= {"Earlier round median": "Float64", "Target": "Int64"}
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.astype({c: types[c] for c in columns})


def targets(actions: pd.DataFrame) -> dict[str, int]:
    """The target position per dimension: the highest among actions not dropped."""
    frame = actions.reindex(columns=["dimension", "target_position", "status"]).astype(object)
    rows = frame.where(frame.notna(), None).to_dict("records")
    return targets_from(rows)


def rating_summary(
    ratings: pd.DataFrame, framework: Framework, min_group: int = MIN_GROUP
) -> pd.DataFrame:
    """For a rating framework: each area's median rating (as its scale label) and how many
    people rated it. Columns: Area, Median rating, Rated by (text). Where fewer than
    ``min_group`` rated an area, its median is withheld and the count says "fewer than 3"."""
    assert framework.rating is not None
    mine = ratings[ratings["framework"] == framework.id]
    labels = {p.value: p.label for p in framework.rating.scale}
    rows = []
    for area in framework.rating.areas:
        given = mine.loc[mine["area"] == area.id, "rating"].dropna()
        median = given.median() if len(given) >= min_group else None
        label = "–" if median is None else labels.get(round(median), f"{median:g}")
        rows.append({"Area": area.text, "Median rating": label, "Rated by": count_text(len(given))})
    return pd.DataFrame(rows, columns=["Area", "Median rating", "Rated by"])


def school_summary(
    positions: pd.DataFrame, workshops: pd.DataFrame, min_group: int = MIN_GROUP
) -> pd.DataFrame:
    """A local authority's overview: the median position per school, round and dimension.

    ``positions`` may hold many workshops' rows (``Store.answers_for``); ``workshops`` is
    ``Store.workshops()``. One row per school and round (oldest round first within a school), a
    column per dimension id, and ``workshop`` and ``created_at`` to say which workshop it was.
    A median is withheld (<NA>) where fewer than ``min_group`` people in that round placed the
    school, and a round with no median left is left out, so no one's own view is shown as a
    school's.
    """
    index = ["school", "round", "workshop", "created_at"]
    places = workshops.set_index("code")[["school", "round", "created_at"]]
    frame = positions.dropna(subset=["position"]).join(places, on="workshop", how="inner")
    grouped = frame.groupby([*index, "dimension"])
    enough = grouped["subject"].nunique() >= min_group
    medians = grouped["position"].median()[enough]
    if medians.empty:
        return pd.DataFrame(columns=index)
    table = medians.unstack("dimension")
    table.columns.name = None
    return table.reset_index().sort_values(["school", "created_at"], ignore_index=True)


def latest_rounds(summary: pd.DataFrame) -> pd.DataFrame:
    """From :func:`school_summary`, each school's most recent round only."""
    return summary.drop_duplicates("school", keep="last").reset_index(drop=True)


def strengths_and_needs(
    latest: pd.DataFrame, framework: Framework, *, high: float = 4, low: float = 2
) -> pd.DataFrame:
    """Per dimension, the schools whose latest median is ``high`` or more (a strength to share
    with others) and those at ``low`` or less (where support may help). Columns: dimension,
    title, strong, support (lists of school names, alphabetical)."""
    by_school = latest.set_index("school")
    rows = []
    for dimension in framework.dimensions:
        medians = by_school.get(dimension.id, pd.Series(dtype=float)).dropna()
        rows.append(
            (
                dimension.id,
                dimension.title,
                sorted(medians[medians >= high].index),
                sorted(medians[medians <= low].index),
            )
        )
    return pd.DataFrame(rows, columns=["dimension", "title", "strong", "support"])
