"""A chart on a page: a plotly figure drawn in the browser by sendreflect's own chart code.

plotly's ``FigureWidget`` carries plotly's whole browser bundle (about 5 MB, every kind of
chart), which a browser takes about two seconds to start on a small laptop: the room waited
for it at the reveal. The pages draw only radars, so :class:`Chart` draws with
``sendreflect/static/chart.js`` instead: plotly.js with only its polar chart (about 1 MB, a
tenth of the time to start; built from ``js/`` by ``make chart``). The figure is still built
with plotly in Python and sent as its JSON; plotly.js's ``react`` redraws only what changed, so
a chart given new numbers keeps its place.

Under ``sendreflect serve`` (``sendreflect.voila_app``) the server serves that file itself,
cached by the browser, and says where in ``SENDREFLECT_CHART_SCRIPT``; a chart then sends a few
lines that import it from there, and a facilitator's page fetches it as soon as it is idle
after opening (:class:`Preload`). Anywhere else (JupyterLab, plain Voila, nbval) a chart carries
the file itself.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

if TYPE_CHECKING:  # plotly is imported when a chart is made: a page that only preloads has none
    import plotly.graph_objects as go

SERVED = "SENDREFLECT_CHART_SCRIPT"
"""The path (from the site's root, with its version) where the server serves the chart code;
set by ``sendreflect.voila_app`` for its kernels."""

CODE = Path(__file__).resolve().parents[1] / "static" / "chart.js"
"""The charts' browser code, built from ``js/chart.js``."""

LOADER = """const served = await import(new URL({path}, document.baseURI).href);
export default served.default;
"""
"""A chart's browser code when the server serves the file: import it (once per page: the
browser keeps a module by its address) and hand anywidget what it exports."""


def served_path() -> str | None:
    """Where this server serves the chart code, or None when it does not."""
    return os.environ.get(SERVED) or None


class Chart(anywidget.AnyWidget):
    """A plotly figure on a page. ``figure`` is the figure it draws (change it, then
    :meth:`draw`); ``data`` and ``layout`` are the figure's. ``label`` names the chart for a
    screen reader, which finds its numbers in the table beside it."""

    spec = traitlets.Dict().tag(sync=True)
    """The figure as plotly.js reads it (its JSON)."""
    label = traitlets.Unicode("").tag(sync=True)

    def __init__(self, figure: go.Figure, label: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.figure = figure
        self.draw()

    @property
    def data(self) -> tuple[Any, ...]:
        return tuple(self.figure.data)

    @property
    def layout(self) -> Any:
        return self.figure.layout

    def draw(self, figure: go.Figure | None = None) -> None:
        """Draw ``figure`` (or the chart's own, after changing it) in the page."""
        if figure is not None:
            self.figure = figure
        self.spec = json.loads(self.figure.to_json())


@cache
def chart_class() -> type[Chart]:
    """:class:`Chart` with its browser code: under ``sendreflect serve`` the few lines of
    :data:`LOADER`, elsewhere the file itself. One class a kernel."""
    path = served_path()
    code: str | Path = CODE if path is None else LOADER.format(path=json.dumps(path))
    return type("PageChart", (Chart,), {"_esm": code})


def chart(figure: go.Figure, label: str = "") -> Chart:
    """A chart of ``figure`` for a page."""
    return chart_class()(figure, label=label)


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
    """An invisible part of a page that has the browser fetch and run the chart code once the
    page is idle after opening, so the first chart is drawn without waiting for it (nothing
    when the server does not serve it). A chart asked for meanwhile waits for the same import."""

    _esm = PRELOAD
    path = traitlets.Unicode("").tag(sync=True)


def preload() -> Preload:
    """A :class:`Preload` of the code this server serves, if it does."""
    widget = Preload(path=served_path() or "")
    widget.add_class("sr-preload")
    return widget
