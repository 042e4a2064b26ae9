"""Charts: the team's aggregates and the plotly charts drawn from them.

This module owns the numbers a team looks at together (medians, ranges, the agenda from
disagreement, medians by role) and the radar chart with its companion table. It reads the tidy
frames built by :mod:`sendreflect.responses` and the framework model only; it never touches the
store or any widget, and it builds no HTML (escaping text is the renderer's job).

Nothing here names anyone: notes come without their authors, and no group smaller than
:data:`MIN_GROUP` (a role, the raters of an area, a school's round) is shown apart from the rest.

Every trace uses the Okabe–Ito colour-blind-safe palette, and lines also differ by dash style and
marker, so no chart relies on colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from sendreflect.confidential import MIN_GROUP, count_text, unattributed
from sendreflect.frameworks import Framework
from sendreflect.responses import ROLES, Kind

PALETTE: tuple[str, ...] = (
    "#000000",  # black
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
)
"""The Okabe–Ito palette (Okabe and Ito, 2008), safe for the common kinds of colour blindness."""

GREY = "rgba(110,110,110,0.45)"
TICK_LABELS = {1: "1 specialists", 2: "2", 3: "3", 4: "4", 5: "5 whole school"}
# The lines over the spread: name, colour, dash, marker, line width, marker size (legend order).
LINES: dict[str, tuple[str, str, str, str, float, int]] = {
    "median": ("Team median", PALETTE[5], "solid", "circle", 4, 9),
    "agreed": ("Agreed position", PALETTE[6], "dash", "diamond", 2.5, 12),
    "previous": ("Median, earlier round", PALETTE[3], "dot", "square", 2.5, 8),
    "target": ("Target", PALETTE[7], "dashdot", "star", 2.5, 13),
}
_STAT_TYPES = {"dimension": "string", "title": "string", "answered": "int64", "not_sure": "int64"}
_STAT_TYPES |= {"median": "Float64", "low": "Int64", "high": "Int64"}
_STAT_TYPES |= {"spread": "Float64", "std": "Float64"}
_POSITION_COLUMNS = ["subject", "alias", "role", "framework", "dimension", "position", "not_sure"]
OTHER_ROLES = f"Other roles (groups under {MIN_GROUP})"
"""The group that pools every role held by fewer than :data:`MIN_GROUP` people."""


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _positions_for(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The rows of ``positions`` answering this framework's dimensions (any frame, even bare)."""
    frame = positions.reindex(columns=_POSITION_COLUMNS)
    ids = [d.id for d in framework.dimensions]
    keep = frame["framework"].eq(framework.id) & frame["dimension"].isin(ids)
    return frame[keep.fillna(False).astype(bool)]


def _values(series: pd.Series) -> list[float | None]:
    """Plain floats for plotly, with missing values as ``None`` (so the point is skipped)."""
    return [None if pd.isna(v) else float(v) for v in series]


def _fmt(value: object) -> str:
    return "–" if pd.isna(value) else f"{float(value):g}"


def _stats(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per-dimension counts, median, range and standard deviation, in framework order."""
    frame = _positions_for(positions, framework)
    rows = []
    for dimension in framework.dimensions:
        mine = frame[frame["dimension"] == dimension.id]
        values = pd.Series(mine["position"].dropna().astype(int).to_numpy(), dtype="Float64")
        not_sure = int(mine["not_sure"].fillna(False).astype(bool).sum())
        low, high = (values.min(), values.max()) if len(values) else (pd.NA, pd.NA)
        median, std = (values.median(), values.std(ddof=0)) if len(values) else (pd.NA, pd.NA)
        spread = high - low if len(values) else pd.NA
        counts = (dimension.id, dimension.title, len(values), not_sure)
        rows.append((*counts, median, low, high, spread, std))
    return pd.DataFrame(rows, columns=list(_STAT_TYPES)).astype(_STAT_TYPES)


def team_summary(positions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per dimension, in framework order: dimension, title, answered, not_sure, median,
    low, high, spread. Dimensions nobody answered appear with <NA> statistics."""
    return _stats(positions, framework).drop(columns="std")


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
    stats = _stats(positions, framework)
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
    frame = _positions_for(positions, framework)
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


def _wrap(title: str, width: int = 16) -> str:
    """A long axis label broken onto two lines at the space nearest its middle."""
    if len(title) <= width or " " not in title:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:cut]}<br>{title[cut + 1 :]}"


def _agreed_values(agreed: pd.DataFrame, framework: Framework) -> list[float | None]:
    frame = agreed.reindex(columns=["framework", "dimension", "position"])
    frame = frame[frame["framework"] == framework.id]
    chosen = dict(zip(frame["dimension"], frame["position"], strict=True))
    return _values(pd.Series([chosen.get(d.id) for d in framework.dimensions], dtype=object))


def _target_values(targets: dict[str, int | None], framework: Framework) -> list[float | None]:
    return _values(pd.Series([targets.get(d.id) for d in framework.dimensions], dtype=object))


def _line(
    key: str, values: list[float | None], theta: list[str], text: list[str], name: str = ""
) -> go.Scatterpolar:
    """One of :data:`LINES` as a closed polygon (named as in LINES unless ``name`` is given); a
    missing value leaves a gap."""
    default_name, colour, dash, symbol, width, size = LINES[key]
    name = name or default_name
    line = {"color": colour, "width": width, "dash": dash}
    marker = {"symbol": symbol, "size": size, "line": {"color": "white", "width": 1}}
    return go.Scatterpolar(
        r=[*values, *values[:1]],
        theta=theta,
        text=[*text, *text[:1]],
        name=name,
        line=line,
        mode="lines+markers",
        marker=marker,
        legendrank=list(LINES).index(key) + 1,
        hovertemplate="%{text}<extra></extra>",
    )


def radar(
    positions: pd.DataFrame,
    framework: Framework,
    *,
    agreed: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    targets: dict[str, int | None] | None = None,
    show_individuals: bool = True,
    title: str | None = None,
    median_name: str = "Team median",
) -> go.Figure:
    """The radar: one axis per dimension, anonymised individual views, the spread, the team
    median and, when given, the agreed positions, the earlier round's median and the targets.

    Not-sure answers and missing values leave a gap in that polygon; nothing is guessed.
    """
    stats = _stats(positions, framework)
    dimensions = framework.dimensions
    labels = [_wrap(d.title) for d in dimensions]
    theta = [*labels, *labels[:1]]

    def hover(name: str, values: list[float | None]) -> list[str]:
        return [f"{name}<br>{d.title}: {_fmt(v)}" for d, v in zip(dimensions, values, strict=True)]

    traces: list[go.Scatterpolar] = []
    if stats["answered"].gt(0).any():
        high, low = _values(stats["high"]), _values(stats["low"])
        # One ring: round the highest values, then back round the lowest; the middle stays empty.
        traces.append(
            go.Scatterpolar(
                r=[*high, high[0], low[0], *low[::-1]],
                theta=[*theta, *theta[::-1]],
                mode="lines",
                name="Spread (lowest to highest)",
                fill="toself",
                fillcolor=_rgba(PALETTE[1], 0.25),
                line={"color": _rgba(PALETTE[1], 0.7), "width": 1},
                hoverinfo="skip",
                connectgaps=True,
                legendrank=len(LINES) + 1,
            )
        )
    if show_individuals:
        frame = _positions_for(positions, framework)
        for number, (_, person) in enumerate(frame.groupby("subject", sort=True), start=1):
            values = _values(person.set_index("dimension")["position"].reindex(stats["dimension"]))
            traces.append(
                go.Scatterpolar(
                    r=[*values, values[0]],
                    theta=theta,
                    mode="lines",
                    name="Individual views",
                    meta=f"Participant {number}",
                    legendgroup="individuals",
                    showlegend=number == 1,
                    legendrank=len(LINES) + 2,
                    line={"color": GREY, "width": 1},
                    text=hover(f"Participant {number}", values),
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    if previous is not None:
        before = _values(_stats(previous, framework)["median"])
        traces.append(_line("previous", before, theta, hover("Median, earlier round", before)))
    summary = [
        f"{t}<br>{median_name} {_fmt(m)}<br>Range {_fmt(lo)} to {_fmt(hi)}, {ns} not sure"
        for t, m, lo, hi, ns in stats[["title", "median", "low", "high", "not_sure"]].values
    ]
    traces.append(_line("median", _values(stats["median"]), theta, summary, median_name))
    if targets is not None:
        wanted = _target_values(targets, framework)
        traces.append(_line("target", wanted, theta, hover("Target", wanted)))
    if agreed is not None:
        chosen = _agreed_values(agreed, framework)
        traces.append(_line("agreed", chosen, theta, hover("Agreed position", chosen)))
    fig = go.Figure(traces)
    angular = {"direction": "clockwise", "rotation": 90, "showgrid": True, "type": "category"}
    radial = {"range": [0.5, 5.5], "tickvals": list(TICK_LABELS), "showgrid": True}
    radial |= {"ticktext": list(TICK_LABELS.values()), "angle": 90 - 180 / max(len(labels), 1)}
    fig.update_layout(
        template="simple_white",
        colorway=list(PALETTE),
        height=520,
        autosize=True,
        font={"size": 14},
        hoverlabel={"font_size": 14},
        title={"text": title} if title else None,
        margin={"l": 80, "r": 80, "t": 70 if title else 30, "b": 30},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.06, "yanchor": "top"},
        polar={
            "radialaxis": radial,
            "angularaxis": angular | {"categoryorder": "array", "categoryarray": labels},
        },
    )
    return fig


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
    stats = _stats(positions, framework)
    table = stats[["title", "median", "low", "high", "not_sure"]].set_axis(
        ["Dimension", median_name, "Lowest", "Highest", "Not sure"], axis="columns"
    )
    if agreed is not None:
        table["Agreed"] = pd.array(_agreed_values(agreed, framework), dtype="Int64")
    if previous is not None:
        table["Earlier round median"] = _stats(previous, framework)["median"]
    if targets is not None:
        table["Target"] = pd.array(_target_values(targets, framework), dtype="Int64")
    return table


def targets(actions: pd.DataFrame) -> dict[str, int]:
    """The target position per dimension: the highest among actions not dropped."""
    live = actions[(actions["status"] != "dropped") & actions["target_position"].notna()]
    return {
        str(dimension): int(target)
        for dimension, target in live.groupby("dimension")["target_position"].max().items()
        if dimension
    }


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
