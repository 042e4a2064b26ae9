"""The radar as a static SVG drawing, for a report light enough to e-mail: the same traces, colours,
dashes and markers as the plotly radar of :mod:`sendreflect.charts`, drawn without plotly.js.

Every piece of text (axis titles, legend) is escaped here; the drawing holds no script and loads
nothing.
"""

from __future__ import annotations

import math
from html import escape

import plotly.graph_objects as go
from markupsafe import Markup

WIDTH, HEIGHT = 680, 560
CENTRE_X, CENTRE_Y, RADIUS = 340, 250, 165
LOW, HIGH = 0.5, 5.5
DASHES = {"solid": "", "dash": "7 4", "dot": "2 3", "dashdot": "8 3 2 3"}


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    """Where ``value`` on the ``index``-th of ``count`` spokes falls (clockwise from the top)."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    length = (value - LOW) / (HIGH - LOW) * RADIUS
    return CENTRE_X + length * math.cos(angle), CENTRE_Y + length * math.sin(angle)


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _label(text: str, x: float, y: float, anchor: str) -> str:
    lines = [escape(part) for part in text.split("<br>")]
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else 1.15}em">{line}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="axis">{spans}</text>'


def _grid(labels: list[str], ticks: dict[int, str]) -> list[str]:
    """The rings at each point of the scale with their numbers, the spokes and their titles."""
    count = len(labels)
    parts = []
    for value, text in ticks.items():
        ring = [_point(i, count, value) for i in range(count)]
        parts.append(f'<polygon points="{_points(ring)}" class="ring"/>')
        x, y = _point(0, count, value)
        parts.append(f'<text x="{x + 4:.1f}" y="{y - 3:.1f}" class="tick">{escape(text)}</text>')
    for i, label in enumerate(labels):
        x, y = _point(i, count, HIGH)
        parts.append(
            f'<line x1="{CENTRE_X}" y1="{CENTRE_Y}" x2="{x:.1f}" y2="{y:.1f}" class="spoke"/>'
        )
        lx, ly = _point(i, count, HIGH + 0.45)
        anchor = "middle" if abs(lx - CENTRE_X) < 20 else ("start" if lx > CENTRE_X else "end")
        parts.append(_label(label, lx, ly + (0 if ly > CENTRE_Y else -8), anchor))
    return parts


def _marker(symbol: str, x: float, y: float, size: float, colour: str) -> str:
    half = size / 2
    if symbol == "square":
        corner = f'x="{x - half:.1f}" y="{y - half:.1f}"'
        return f'<rect {corner} width="{size}" height="{size}" fill="{colour}"/>'
    if symbol == "diamond":
        corners = [(x, y - half), (x + half, y), (x, y + half), (x - half, y)]
        return f'<polygon points="{_points(corners)}" fill="{colour}"/>'
    if symbol == "star":
        corners = [
            (
                x + (half if k % 2 == 0 else half / 2.2) * math.cos(-math.pi / 2 + k * math.pi / 5),
                y + (half if k % 2 == 0 else half / 2.2) * math.sin(-math.pi / 2 + k * math.pi / 5),
            )
            for k in range(10)
        ]
        return f'<polygon points="{_points(corners)}" fill="{colour}" stroke="#fff"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{half * 0.8:.1f}" fill="{colour}"/>'


def _trace(trace: go.Scatterpolar, index_of: dict[str, int], count: int) -> list[str]:
    """One trace: a filled ring, or lines broken where a value is missing, and its markers."""
    found = [
        (index_of[t], float(r)) for r, t in zip(trace.r, trace.theta, strict=True) if r is not None
    ]
    points = [_point(i, count, r) for i, r in found]
    line = trace.line
    colour = line.color or "#000"
    if trace.fill == "toself":
        fill = f'fill="{trace.fillcolor}" fill-rule="evenodd"'
        return [f'<polygon points="{_points(points)}" {fill} stroke="{colour}" stroke-width="1"/>']
    parts = []
    if "lines" in (trace.mode or ""):
        segment: list[tuple[float, float]] = []
        for r, t in zip(trace.r, trace.theta, strict=True):
            if r is None:
                parts.append(_polyline(segment, colour, line.width or 1, line.dash or "solid"))
                segment = []
            else:
                segment.append(_point(index_of[t], count, float(r)))
        parts.append(_polyline(segment, colour, line.width or 1, line.dash or "solid"))
    if "markers" in (trace.mode or ""):
        size = trace.marker.size or 8
        parts += [_marker(trace.marker.symbol or "circle", x, y, size, colour) for x, y in points]
    return parts


def _polyline(points: list[tuple[float, float]], colour: str, width: float, dash: str) -> str:
    if len(points) < 2:
        return ""
    dashes = f' stroke-dasharray="{DASHES[dash]}"' if DASHES.get(dash) else ""
    return (
        f'<polyline points="{_points(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{dashes}/>'
    )


def _legend(figure: go.Figure) -> list[str]:
    """The legend, in plotly's order: one sample line or marker and a name per kind of trace."""
    shown = [t for t in figure.data if t.showlegend is not False]
    shown.sort(key=lambda t: t.legendrank or 1000)
    parts, x, y = [], 20.0, HEIGHT - 40.0
    for trace in shown:
        needed = 40 + 6.4 * len(trace.name)
        if x + needed > WIDTH - 10:
            x, y = 20.0, y + 20
        parts += _legend_entry(trace, x, y)
        x += needed
    return parts


def _legend_entry(trace: go.Scatterpolar, x: float, y: float) -> list[str]:
    """One entry of the legend: a sample of the trace's fill, line or marker, and its name."""
    colour, parts = trace.line.color or "#000", []
    if trace.fill == "toself":
        box = f'x="{x:.0f}" y="{y - 6:.0f}" width="22" height="10"'
        parts.append(f'<rect {box} fill="{trace.fillcolor}"/>')
    elif "lines" in (trace.mode or ""):
        dash = trace.line.dash or "solid"
        parts.append(_polyline([(x, y), (x + 22, y)], colour, trace.line.width or 1, dash))
    if "markers" in (trace.mode or ""):
        symbol, size = trace.marker.symbol or "circle", trace.marker.size or 8
        parts.append(_marker(symbol, x + 11, y, size, colour))
    label = escape(trace.name)
    parts.append(f'<text x="{x + 28:.0f}" y="{y + 4:.0f}" class="legend">{label}</text>')
    return parts


def radar_svg(figure: go.Figure, title: str) -> Markup:
    """The plotly radar of :func:`sendreflect.charts.radar` drawn as one static SVG element."""
    polar = figure.layout.polar
    labels = list(polar.angularaxis.categoryarray)
    ticks = dict(zip(polar.radialaxis.tickvals, polar.radialaxis.ticktext, strict=True))
    index_of = {label: i for i, label in enumerate(labels)}
    parts = _grid(labels, ticks)
    for trace in figure.data:
        parts += _trace(trace, index_of, len(labels))
    parts += _legend(figure)
    style = (
        "<style>.ring{fill:none;stroke:#d0d0d0}.spoke{stroke:#d0d0d0}"
        ".axis{font-size:12px;fill:#1a1a1a}.tick{font-size:10px;fill:#555}"
        ".legend{font-size:11px;fill:#1a1a1a}</style>"
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" id="radar">'
        f"<title>{escape(title)}</title>{style}{''.join(p for p in parts if p)}</svg>"
    )
