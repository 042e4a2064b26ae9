"""Charts: the plotly figures drawn from the team's statistics.

This module owns how the radar looks: one axis per dimension, the anonymised individual views,
the spread, the team median and, when given, the agreed positions, the earlier round's median
and the targets. The numbers come from :mod:`sendreflect.radarnumbers` (the same numbers
:mod:`sendreflect.stats` puts in frames), so :func:`draw_radar` needs no pandas; nothing here
reads the store, builds a widget or writes HTML (escaping text is the renderer's job).

Every trace uses the Okabe–Ito colour-blind-safe palette, and lines also differ by dash style and
marker, so no chart relies on colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from sendreflect.formats import format_number
from sendreflect.frameworks import Dimension, Framework
from sendreflect.radarnumbers import DimensionNumbers, RadarNumbers

if TYPE_CHECKING:  # the frames come in through radar(); draw_radar() needs no pandas
    import pandas as pd

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
# The lines over the spread: name, colour, dash, marker, line width, marker size (legend order);
# "self" and "peer" are the self-vs-peers radar's (sendreflect.peercharts).
LINES: dict[str, tuple[str, str, str, str, float, int]] = {
    "median": ("Team median", PALETTE[5], "solid", "circle", 4, 9),
    "agreed": ("Agreed position", PALETTE[6], "dash", "diamond", 2.5, 12),
    "previous": ("Median, earlier round", PALETTE[3], "dot", "square", 2.5, 8),
    "target": ("Target", PALETTE[7], "dashdot", "star", 2.5, 13),
    "self": ("Our self-evaluation", PALETTE[5], "solid", "circle", 4, 9),
    "peer": ("Peer reviewers", PALETTE[6], "dash", "diamond", 3.5, 12),
}


def rgba(hex_colour: str, alpha: float) -> str:
    """A palette colour ("#0072B2") made see-through, for a shaded area."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def wrap_title(title: str, width: int = 16) -> str:
    """A long axis label broken onto two lines at the space nearest its middle."""
    if len(title) <= width or " " not in title:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:cut]}<br>{title[cut + 1 :]}"


def line(
    key: str, values: list[float | None], theta: list[str], text: list[str], name: str = ""
) -> go.Scatterpolar:
    """One of :data:`LINES` as a closed polygon (named as in LINES unless ``name`` is given); a
    missing value leaves a gap. Targets are markers only: a line joining them across dimensions
    would read as a position the team holds."""
    default_name, colour, dash, symbol, width, size = LINES[key]
    name = name or default_name
    stroke = {"color": colour, "width": width, "dash": dash}
    marker = {"symbol": symbol, "size": size, "line": {"color": "white", "width": 1}}
    return go.Scatterpolar(
        r=[*values, *values[:1]],
        theta=theta,
        text=[*text, *text[:1]],
        name=name,
        line=stroke,
        mode="markers" if key == "target" else "lines+markers",
        marker=marker,
        legendrank=list(LINES).index(key) + 1,
        hovertemplate="%{text}<extra></extra>",
    )


def _hover(dimensions: list[Dimension], name: str, values: list[float | None]) -> list[str]:
    """Each point's hover text: whose line it is, the dimension and the value."""
    return [
        f"{name}<br>{d.title}: {format_number(v)}" for d, v in zip(dimensions, values, strict=True)
    ]


def _spread(stats: list[DimensionNumbers], theta: list[str]) -> go.Scatterpolar:
    """The spread as one ring: round the highest values, then back round the lowest; the middle
    stays empty."""
    high, low = _floats(d.high for d in stats), _floats(d.low for d in stats)
    return go.Scatterpolar(
        r=[*high, high[0], low[0], *low[::-1]],
        theta=[*theta, *theta[::-1]],
        mode="lines",
        name="Spread (lowest to highest)",
        fill="toself",
        fillcolor=rgba(PALETTE[1], 0.25),
        line={"color": rgba(PALETTE[1], 0.7), "width": 1},
        hoverinfo="skip",
        connectgaps=True,
        legendrank=len(LINES) + 1,
    )


def _floats(values: Iterable[float | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _individuals(
    people: list[list[float | None]], framework: Framework, theta: list[str]
) -> list[go.Scatterpolar]:
    """One grey line per person, numbered, never named."""
    traces = []
    for number, values in enumerate(people, start=1):
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
                text=_hover(framework.dimensions, f"Participant {number}", values),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def _median(stats: list[DimensionNumbers], theta: list[str], median_name: str) -> go.Scatterpolar:
    """The team median, its hover text saying the range and how many were not sure."""
    summary = [
        f"{d.title}<br>{median_name} {format_number(d.median)}<br>"
        f"Range {format_number(d.low)} to {format_number(d.high)}, {d.not_sure} not sure"
        for d in stats
    ]
    return line("median", [d.median for d in stats], theta, summary, median_name)


def lay_out(figure: go.Figure, labels: list[str], title: str | None, ticks: dict[int, str]) -> None:
    """The radar's axes, legend and size."""
    angular = {"direction": "clockwise", "rotation": 90, "showgrid": True, "type": "category"}
    radial = {"range": [0.5, 5.5], "tickvals": list(ticks), "showgrid": True}
    radial |= {"ticktext": list(ticks.values()), "angle": 90 - 180 / max(len(labels), 1)}
    figure.update_layout(
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
    from sendreflect.stats import numbers_of  # pandas: frames in

    numbers = numbers_of(positions, framework, agreed=agreed, previous=previous, targets=targets)
    return draw_radar(
        numbers, framework, show_individuals=show_individuals, title=title, median_name=median_name
    )


def draw_radar(
    numbers: RadarNumbers,
    framework: Framework,
    *,
    show_individuals: bool = True,
    title: str | None = None,
    median_name: str = "Team median",
) -> go.Figure:
    """The radar of :func:`radar` from its plain numbers (no pandas)."""
    stats = numbers.dimensions
    dimensions = framework.dimensions
    labels = [wrap_title(d.title) for d in dimensions]
    theta = [*labels, *labels[:1]]
    traces: list[go.Scatterpolar] = []
    if any(d.answered > 0 for d in stats):
        traces.append(_spread(stats, theta))
    if show_individuals:
        traces += _individuals(numbers.people, framework, theta)
    if numbers.previous is not None:
        before = numbers.previous
        name = "Median, earlier round"
        traces.append(line("previous", before, theta, _hover(dimensions, name, before)))
    traces.append(_median(stats, theta, median_name))
    if numbers.targets is not None:
        wanted = numbers.targets
        traces.append(line("target", wanted, theta, _hover(dimensions, "Target", wanted)))
    if numbers.agreed is not None:
        chosen = numbers.agreed
        name = "Agreed position"
        traces.append(line("agreed", chosen, theta, _hover(dimensions, name, chosen)))
    figure = go.Figure(traces)
    lay_out(figure, labels, title, framework.tick_labels())
    return figure
