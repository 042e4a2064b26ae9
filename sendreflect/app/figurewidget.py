"""plotly's chart widget, its browser code fetched once from the server instead of sent with
every chart.

plotly's ``FigureWidget`` is an anywidget: each one sends its browser code (``widgetbundle.js``,
about 5 MB) through the kernel's socket as part of the widget, and the browser evaluates it
afresh for each chart. Under ``sendreflect serve`` (``sendreflect.voila_app``) the server serves
that file itself, cached by the browser, and says where in ``SENDREFLECT_PLOTLY_WIDGET``; a chart
here then sends a few lines that import it from there. The browser fetches and runs it once (a
facilitator's page does so as soon as it is idle after opening: :class:`Preload`) and every
chart after that shares it. Anywhere else (JupyterLab, plain Voila, nbval) the widget is
plotly's own.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING

import anywidget
import traitlets

if TYPE_CHECKING:  # plotly is imported when a chart is made: a page that only preloads has none
    import plotly.graph_objects as go

SERVED = "SENDREFLECT_PLOTLY_WIDGET"
"""The path (from the site's root, with its version) where the server serves plotly's widget
code; set by ``sendreflect.voila_app`` for its kernels."""

LOADER = """const served = await import(new URL({path}, document.baseURI).href);
export default served.default;
"""
"""The widget's browser code when the server serves plotly's: import it (once per page: the
browser keeps a module by its address) and hand anywidget what plotly's exports."""


def served_path() -> str | None:
    """Where this server serves plotly's widget code, or None when it does not."""
    return os.environ.get(SERVED) or None


@cache
def widget_class() -> type[go.FigureWidget]:
    """plotly's ``FigureWidget``, or under ``sendreflect serve`` one whose browser code is the
    few lines of :data:`LOADER`."""
    import plotly.graph_objects as go

    path = served_path()
    if path is None:
        return go.FigureWidget
    loader = LOADER.format(path=json.dumps(path))
    return type("ServedFigureWidget", (go.FigureWidget,), {"_esm": loader})


def figure_widget(figure: go.Figure) -> go.FigureWidget:
    """A chart widget of ``figure``."""
    return widget_class()(figure)


PRELOAD = """export default {
  render({ model, el }) {
    el.hidden = true;
    const path = model.get("path");
    if (!path) return;
    const load = () => import(new URL(path, document.baseURI).href).catch(() => {});
    if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 3000 });
    else setTimeout(load, 500);
  },
};
"""


class Preload(anywidget.AnyWidget):
    """An invisible part of a page that has the browser fetch and run plotly's widget code once
    the page is idle after opening, so the first chart is drawn without waiting for it (nothing
    when the server does not serve it). A chart asked for meanwhile waits for the same import."""

    _esm = PRELOAD
    path = traitlets.Unicode("").tag(sync=True)


def preload() -> Preload:
    """A :class:`Preload` of the code this server serves, if it does."""
    widget = Preload(path=served_path() or "")
    widget.add_class("sr-preload")
    return widget
