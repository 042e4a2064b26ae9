"""Rendering the report: the Jinja2 environment and the one self-contained HTML page.

This module owns how the report's content becomes HTML: the template
``templates/report.html.j2``, rendered with autoescaping so every piece of typed text is escaped,
and the radar drawn at the width of an A4 page. The page opens offline and nothing is fetched from
the network (no CDN, no web fonts). The radar is a static SVG drawing, so the file stays light
enough to e-mail; ``interactive=True`` inlines plotly.js once and draws the interactive radar.
"""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from sendreflect.report.context import report_context
from sendreflect.report.mentoring import build_mentoring_report
from sendreflect.report.svg import radar_svg
from sendreflect.report.templating import FONT_STACK, ReportError, environment
from sendreflect.store import Store

CHART_WIDTH, CHART_HEIGHT = 680, 480
"""The radar's size in CSS pixels: 680 px is the width of an A4 page inside 15 mm margins."""


def radar_html(figure: go.Figure) -> Markup:
    """The radar as an HTML fragment at the page's width, drawn by the inlined plotly.js."""
    figure.update_layout(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        autosize=False,
        font={"family": FONT_STACK, "size": 12},
        margin={"l": 130, "r": 130, "t": 30, "b": 20},
    )
    html = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id="radar",
        config={"displayModeBar": False, "responsive": False, "staticPlot": False},
    )
    return Markup(html)


@functools.cache
def plotly_js() -> Markup:
    """plotly.js, to inline once in the page."""
    source = plotly.offline.get_plotlyjs()
    if "</script" in source.lower():  # pragma: no cover - plotly.js never holds one
        raise ReportError("this plotly.js cannot be inlined safely; reinstall plotly")
    return Markup(source)


RADAR_TITLE = "Radar of whole-school positioning"


def build_report(store: Store, code: str, *, interactive: bool = False) -> str:
    """The report on workshop ``code`` as one self-contained HTML page that opens offline: the
    radar drawn as a static SVG, or with ``interactive`` as plotly's chart (plotly.js inlined)."""
    if store.workshop(code).kind == "mentoring":  # its plan, notes and readiness: its own report
        return build_mentoring_report(store, code)
    context = report_context(store, code)
    figure = context.pop("figure")
    assert isinstance(figure, go.Figure)
    template = environment().get_template("report.html.j2")
    radar = radar_html(figure) if interactive else radar_svg(figure, RADAR_TITLE)
    return template.render(
        plotly_js=plotly_js() if interactive else "",
        radar=radar,
        font_stack=FONT_STACK,
        **context,
    )
