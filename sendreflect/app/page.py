"""What the kernel asks of the page in the browser: that its address follow what is open, and
that charts fit the box they are drawn in.

Two small front-end pieces (anywidgets), each invisible. ``Address`` rewrites the page's query
string with ``history.replaceState`` (no reload, no new history entry), so a reload, a bookmark or
a second screen returns to the same workshop and section. ``FitCharts`` redraws the plotly charts
in its box at the box's width whenever that width changes, so a radar drawn before its box was
laid out (at plotly's default 700 px) never stays wider than a phone.
"""

from __future__ import annotations

from urllib.parse import urlencode

import anywidget
import ipywidgets as w
import traitlets


class Address(anywidget.AnyWidget):
    """The page's query string, kept in step with ``query`` (an encoded query, no ``?``).

    Only a Voila page is changed (never JupyterLab's own address), and only ever to a query the
    kernel sent: an empty ``query`` leaves the address alone."""

    _esm = """
    function render({ model, el }) {
      const apply = () => {
        const query = model.get("query");
        if (!query) { return; }
        let page;
        try {
          page = window.top;
          if (!page.location.pathname.includes("/voila/render/")) { return; }
        } catch (e) { return; }
        if (page.location.search === "?" + query) { return; }
        page.history.replaceState(page.history.state, "",
          page.location.pathname + "?" + query + page.location.hash);
      };
      model.on("change:query", apply);
      apply();
    }
    export default { render };
    """
    query = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)

    def follow(self, **params: str) -> None:
        """Show ``params`` (in this order, empty ones left out) as the page's query string."""
        self.query = urlencode({k: v for k, v in params.items() if v})


class FitCharts(anywidget.AnyWidget):
    """Put one inside a box of charts: whenever a chart in the box is drawn wider or narrower
    than its place, the charts are redrawn at their place's width (a window ``resize``, which
    plotly's figure widgets answer by fitting their box)."""

    _esm = """
    function render({ model, el }) {
      let pending = null;
      const misfit = (box) => Array.from(box.querySelectorAll(".js-plotly-plot")).some((plot) => {
        const svg = plot.querySelector(".main-svg");
        return svg && Math.abs(svg.getBoundingClientRect().width - plot.clientWidth) > 2;
      });
      const check = (box) => {
        if (pending) { return; }
        pending = setTimeout(() => {
          pending = null;
          if (misfit(box)) { window.dispatchEvent(new Event("resize")); }
        }, 150);
      };
      const watch = () => {
        const box = el.closest(".sr-fit") || el.parentElement;
        if (!el.isConnected || !box) { setTimeout(watch, 200); return; }
        new ResizeObserver(() => check(box)).observe(box);
        new MutationObserver(() => check(box)).observe(box, { childList: true, subtree: true });
        check(box);
      };
      watch();
    }
    export default { render };
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)
