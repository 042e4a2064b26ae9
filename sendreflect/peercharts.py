"""Peer charts: the self-vs-peers radar, a school's own placement beside its peer reviewers'.

This module owns how that radar looks: one axis per dimension, the school's self-evaluation and
its peer reviewers as two lines, and each side's spread shaded only where that side has one (only
where three or more people placed the school, see :mod:`sendreflect.peerstats`). It draws with
the helpers of :mod:`sendreflect.charts`, so both radars share their palette (Okabe–Ito), axes
and layout, and lines differ by dash and marker as well as colour. The numbers come from
:func:`sendreflect.peerstats.self_vs_peer`; nothing here reads the store, builds a widget or
writes HTML.

The figure is an ordinary polar figure like :func:`sendreflect.charts.radar`'s, so the page's
``app.radar.Radar`` shows it with :func:`sendreflect.peerstats.self_peer_table` beside it, and
takes new numbers in place through ``Radar.show``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sendreflect.charts import LINES, PALETTE, lay_out, line, rgba, wrap_title
from sendreflect.frameworks import Framework
from sendreflect.peerstats import SIDES, gap_text, side_text
from sendreflect.stats import as_floats

SPREADS: dict[str, tuple[str, str, str]] = {
    "self": ("Our spread (lowest to highest)", PALETTE[5], "solid"),
    "peer": ("Peer reviewers' spread (lowest to highest)", PALETTE[6], "dot"),
}
"""Each side's shaded spread: name, colour and the dash of its edge (so it reads without
colour where the two overlap)."""


def _hover(table: pd.DataFrame, side: str) -> list[str]:
    """Each point's hover text: whose line, the dimension, the value and its basis ("median of
    4, range 2 to 4" or "agreed"), and on the peers' line the gap from the school's own view."""
    name = LINES[side][0]
    texts = []
    for row in table.itertuples(index=False):
        said = side_text(*(getattr(row, f"{side}_{c}") for c in ("median", "basis", "low", "high")))
        text = f"{name}<br>{row.title}: {said or 'not placed'}"
        if side == "peer" and (gap := gap_text(row.gap)):
            text += f"<br>Gap from our view: {gap}"
        texts.append(text)
    return texts


def _band_points(
    low: list[float | None], high: list[float | None], theta: list[str]
) -> tuple[list[float | None], list[str]]:
    """The spread as shapes: between two neighbouring dimensions that both have one, the band
    from lowest to highest; a dimension alone, a line from its lowest to its highest. Shapes are
    separated by a gap (``None``), so nothing is drawn where a side has no spread."""
    count = len(theta)
    here = [lo is not None and hi is not None for lo, hi in zip(low, high, strict=True)]
    r: list[float | None] = []
    angles: list[str] = []
    for i in range(count):
        after, before = (i + 1) % count, (i - 1) % count
        if not here[i]:
            continue
        if count > 1 and here[after]:
            r += [high[i], high[after], low[after], low[i], high[i], None]
            angles += [theta[i], theta[after], theta[after], theta[i], theta[i], theta[i]]
        elif count == 1 or not here[before]:
            r += [low[i], high[i], None]
            angles += [theta[i], theta[i], theta[i]]
    return r, angles


def _spread(table: pd.DataFrame, side: str, theta: list[str]) -> go.Scatterpolar | None:
    """One side's spread, shaded in its colour; ``None`` when it has none anywhere."""
    low, high = as_floats(table[f"{side}_low"]), as_floats(table[f"{side}_high"])
    r, angles = _band_points(low, high, theta)
    if not r:
        return None
    name, colour, dash = SPREADS[side]
    return go.Scatterpolar(
        r=r,
        theta=angles,
        mode="lines",
        name=name,
        fill="toself",
        fillcolor=rgba(colour, 0.18),
        line={"color": rgba(colour, 0.75), "width": 1.5, "dash": dash},
        hoverinfo="skip",
        connectgaps=False,
        legendrank=len(LINES) + 1 + SIDES.index(side),
    )


def self_peer_radar(
    table: pd.DataFrame, framework: Framework, *, title: str | None = None
) -> go.Figure:
    """The self-vs-peers radar from :func:`sendreflect.peerstats.self_vs_peer`'s table: the
    spreads where present, then the lines "Our self-evaluation" (solid, circles) and "Peer
    reviewers" (dashed, diamonds). A side with no position on a dimension leaves a gap there;
    nothing is guessed. Hover text says each value's basis ("median of 4", "agreed")."""
    rows = table.set_index("dimension").reindex([d.id for d in framework.dimensions])
    rows = rows.assign(title=[d.title for d in framework.dimensions]).reset_index()
    labels = [wrap_title(d.title) for d in framework.dimensions]
    theta = [*labels, *labels[:1]]
    traces = [s for side in SIDES if (s := _spread(rows, side, labels)) is not None]
    for side in SIDES:
        values = as_floats(rows[f"{side}_median"])
        traces.append(line(side, values, theta, _hover(rows, side)))
    figure = go.Figure(traces)
    lay_out(figure, labels, title, framework.tick_labels())
    return figure
