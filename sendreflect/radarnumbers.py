"""The radar's numbers in plain Python: per dimension, how many placed the school and how many
were not sure, the median, lowest, highest, spread and standard deviation; each person's line;
the earlier round's medians, the targets and the agreed positions.

This is the one place these numbers are worked out. :mod:`sendreflect.stats` makes its frames
from them (for reports and the overview) and :mod:`sendreflect.charts` draws the radar from them,
so the facilitator's Results can draw the radar straight from the store's plain records
(:func:`placed_from_records`) without importing pandas while the room waits for the reveal.
It reads the framework model only; no pandas, no store, no widget.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sendreflect.frameworks import Framework

NOT_SURE = "not_sure"  # as responses.NOT_SURE (that module brings pydantic)


class Placed(NamedTuple):
    """One position given: who, on which framework's dimension, the position (``None`` when
    not sure or missing) and whether it was "not sure"."""

    subject: str
    framework: str
    dimension: str
    position: int | None
    not_sure: bool


@dataclass(frozen=True)
class DimensionNumbers:
    """One dimension's numbers; statistics are ``None`` where nobody placed the school."""

    dimension: str
    title: str
    answered: int
    not_sure: int
    median: float | None
    low: int | None
    high: int | None
    spread: float | None
    std: float | None


@dataclass(frozen=True)
class RadarNumbers:
    """Everything the radar and its table show, in framework order."""

    dimensions: list[DimensionNumbers]
    people: list[list[float | None]]
    """Each person's positions (people in order of their id, never named)."""
    previous: list[float | None] | None = None
    targets: list[float | None] | None = None
    agreed: list[float | None] | None = None


def mine(placed: Iterable[Placed], framework: Framework) -> list[Placed]:
    """The positions answering this framework's dimensions."""
    ids = {d.id for d in framework.dimensions}
    return [p for p in placed if p.framework == framework.id and p.dimension in ids]


def dimension_numbers(placed: Iterable[Placed], framework: Framework) -> list[DimensionNumbers]:
    """Per-dimension counts, median, range, spread and standard deviation, in framework order."""
    given = mine(placed, framework)
    rows = []
    for dimension in framework.dimensions:
        here = [p for p in given if p.dimension == dimension.id]
        values = [int(p.position) for p in here if p.position is not None]
        not_sure = sum(1 for p in here if p.not_sure)
        low = min(values) if values else None
        high = max(values) if values else None
        median = float(statistics.median(values)) if values else None
        std = statistics.pstdev(values) if values else None
        spread = float(high - low) if low is not None and high is not None else None
        numbers = (len(values), not_sure, median, low, high, spread, std)
        rows.append(DimensionNumbers(dimension.id, dimension.title, *numbers))
    return rows


def by_dimension(chosen: Mapping[str, Any], framework: Framework) -> list[float | None]:
    """A value per dimension, in framework order, as plain floats (``None`` where none)."""
    values = [chosen.get(d.id) for d in framework.dimensions]
    return [None if v is None or v != v else float(v) for v in values]  # v != v: NaN


def radar_numbers(
    placed: Iterable[Placed],
    framework: Framework,
    *,
    agreed: Mapping[str, Any] | None = None,
    previous: Iterable[Placed] | None = None,
    targets: Mapping[str, Any] | None = None,
) -> RadarNumbers:
    """The radar's numbers: ``agreed`` and ``targets`` map dimension ids to positions,
    ``previous`` holds the earlier round's positions."""
    given = mine(placed, framework)
    people: dict[str, dict[str, int | None]] = {}
    for p in given:
        people.setdefault(p.subject, {})[p.dimension] = p.position
    lines = [by_dimension(people[s], framework) for s in sorted(people)]
    earlier = None
    if previous is not None:
        earlier = [d.median for d in dimension_numbers(previous, framework)]
    return RadarNumbers(
        dimension_numbers(given, framework),
        lines,
        previous=earlier,
        targets=None if targets is None else by_dimension(targets, framework),
        agreed=None if agreed is None else by_dimension(agreed, framework),
    )


def radar_rows(
    numbers: RadarNumbers, median_name: str = "Team median"
) -> tuple[list[str], list[list[Any]]]:
    """The radar's numbers as a table's columns and rows, one row per dimension."""
    columns = ["Dimension", median_name, "Lowest", "Highest", "Not sure"]
    rows: list[list[Any]] = [
        [d.title, d.median, d.low, d.high, d.not_sure] for d in numbers.dimensions
    ]
    extra = {"Agreed": numbers.agreed, "Earlier round median": numbers.previous}
    extra |= {"Target": numbers.targets}
    for name, values in extra.items():
        if values is not None:
            columns.append(name)
            whole = name != "Earlier round median"
            for row, value in zip(rows, values, strict=True):
                row.append(int(value) if whole and value is not None else value)
    return columns, rows


def placed_from_records(records: Iterable[Any]) -> list[Placed]:
    """The positions among a store's plain answer records (``Store.answer_records``)."""
    return [
        Placed(
            r.subject,
            r.framework,
            r.item_id,
            None if r.value == NOT_SURE else int(r.value),
            r.value == NOT_SURE,
        )
        for r in records
        if r.kind == "position" and r.value is not None
    ]


def agreed_from_records(records: Iterable[Any], framework: Framework) -> dict[str, Any]:
    """The team's agreed position per dimension of this framework, from plain records."""
    return {
        r.item_id: r.value.get("position")
        for r in records
        if r.kind == "agreed" and r.framework == framework.id and isinstance(r.value, dict)
    }


def targets_from(actions: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """The target position per dimension: the highest among actions not dropped."""
    best: dict[str, int] = {}
    for action in actions:
        target, dimension = action.get("target_position"), action.get("dimension")
        if action.get("status") == "dropped" or target is None or target != target or not dimension:
            continue
        best[str(dimension)] = max(best.get(str(dimension), int(target)), int(target))
    return dict(sorted(best.items()))


def targets_from_records(records: Iterable[Any]) -> dict[str, int]:
    """The targets (:func:`targets_from`) of the actions among plain records."""
    return targets_from(
        r.value for r in records if r.kind == "action" and isinstance(r.value, dict)
    )
