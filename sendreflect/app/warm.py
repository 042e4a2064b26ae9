"""plotly in a facilitator's kernel before its page asks for a radar, without pandas.

A preheated facilitator kernel waits for its page with time to spare: :func:`warm_plotly` pays
there for plotly's checks of a polar chart, its template and its JSON, drawing a throwaway
chart widget shaped like the radar (pandas, which the radar's numbers need, stays out until
Results is opened: it is most of a facilitator kernel's memory past the floor's).

In a Voila page's kernel this module also keeps plotly from importing nbformat
(:func:`no_notebook_renderer`).
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
from _plotly_utils import optional_imports

from sendreflect.app.chart import chart


def no_notebook_renderer() -> None:
    """In a Voila page's kernel (Voila sets ``VOILA_PREHEAT`` in every kernel it starts), tell
    plotly not to import nbformat: only ``Figure.show()``'s notebook renderer uses it, pages draw
    their own chart widget, and it brings jsonschema with a grammar compiled at import (~1 s,
    ~20 MiB). Elsewhere (JupyterLab) plotly is left as it is."""
    skipped = getattr(optional_imports, "_not_importable", None)
    if "VOILA_PREHEAT" in os.environ and isinstance(skipped, set):
        skipped.add("nbformat")


no_notebook_renderer()


def warm_plotly() -> None:
    """Draw a throwaway chart with the radar's kinds of line, axes and template as a widget, and
    close it at once (it never reaches a page): the first radar then finds plotly set up."""
    labels = ["One", "Two", "Three"]
    line = {"mode": "lines", "legendgroup": "x", "hovertemplate": "%{text}<extra></extra>"}
    figure = go.Figure(
        [
            go.Scatterpolar(r=[1, 2, 3, 1], theta=[*labels, labels[0]], text=labels, **line),
            go.Scatterpolar(r=[2, 3, 4, 2], theta=[*labels, labels[0]], fill="toself"),
        ]
    )
    figure.update_layout(
        template="simple_white",
        height=520,
        autosize=True,
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.06},
        polar={
            "radialaxis": {"range": [0.5, 5.5], "tickvals": [1, 5], "ticktext": ["1", "5"]},
            "angularaxis": {"rotation": 90, "categoryorder": "array", "categoryarray": labels},
        },
    )
    figure.update_polars(radialaxis_layer="above traces", angularaxis_tickfont_size=13)
    figure.update_traces(line={"color": "grey", "width": 1.5}, selector={"legendgroup": "x"})
    chart(figure).close()
