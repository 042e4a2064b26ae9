"""What the kernel asks of the page in the browser: that its address follow what is open, that
charts fit the box they are drawn in, and that a step opened opens at its top.

Small front-end pieces (anywidgets), each invisible. ``Address`` rewrites the page's query
string with ``history.replaceState`` (no reload, no new history entry), so a reload, a bookmark or
a second screen returns to the same workshop and section. ``FitCharts`` tells the kernel its box's
width whenever that width changes, so a chart drawn before its box was laid out (at plotly's
default 700 px) is redrawn at the box's width and never stays wider than a phone. ``OpenAt``
scrolls a step's heading to the top of the screen and focuses it. ``Notice`` is a quiet note in
the corner of the screen."""

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
    """Put one inside a chart's box (a box with the class ``sr-fit``): ``width`` is the box's
    width in the browser, measured whenever it changes, for the chart to be drawn at. Plotly's
    figure widget sizes itself once, when drawn; one drawn before its box was laid out (a
    section opened after the page loaded) keeps plotly's 700 px otherwise. A page being left
    (reloaded, closed) measures no more: its kernel's connection is closing, and a width sent
    then could not arrive."""

    _esm = """
    function render({ model, el }) {
      let pending = null;
      let leaving = false;
      window.addEventListener("pagehide", () => { leaving = true; clearTimeout(pending); });
      window.addEventListener("beforeunload", () => { leaving = true; clearTimeout(pending); });
      const measure = (box) => {
        if (pending || leaving) { return; }
        pending = setTimeout(() => {
          pending = null;
          if (leaving || !el.isConnected) { return; }
          const width = Math.floor(box.getBoundingClientRect().width);
          if (width > 0 && Math.abs(width - model.get("width")) > 2) {
            model.set("width", width);
            model.save_changes();
          }
        }, 100);
      };
      const watch = () => {
        const box = el.isConnected && (el.closest(".sr-fit") || el.parentElement);
        if (!box) { setTimeout(watch, 200); return; }
        new ResizeObserver(() => measure(box)).observe(box);
        measure(box);
      };
      watch();
    }
    export default { render };
    """
    width = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)


class Notice(anywidget.AnyWidget):
    """A quiet note in the corner of the screen, wherever the page is scrolled, with one button
    (``action``); ``clicks`` counts its presses. An empty ``text`` hides it.

    It is drawn on the page's body, outside the app's boxes, so it stays in the corner while the
    page scrolls and appearing moves nothing the room is reading."""

    _esm = """
    function render({ model, el }) {
      const note = document.createElement("div");
      note.className = "sr-toast";
      note.setAttribute("role", "status");
      const words = document.createElement("span");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sr-toast-button";
      button.addEventListener("click", () => {
        model.set("clicks", model.get("clicks") + 1);
        model.save_changes();
      });
      note.append(words, button);
      const draw = () => {
        words.textContent = model.get("text");
        button.textContent = model.get("action");
        note.hidden = !model.get("text");
      };
      model.on("change:text", draw);
      model.on("change:action", draw);
      draw();
      document.body.append(note);
      return () => note.remove();
    }
    export default { render };
    """
    text = traitlets.Unicode("").tag(sync=True)
    action = traitlets.Unicode("Show them").tag(sync=True)
    clicks = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)


class Reveal(anywidget.AnyWidget):
    """Put one inside a form's box (a box with the class ``sr-reveal``): each :meth:`show`
    scrolls that box into view and focuses its first field, for a form filled from elsewhere on
    the page (an action's Edit button far below it). The box stops below the page's sticky
    bar, not behind it."""

    _esm = """
    function render({ model, el }) {
      model.on("change:asks", () => {
        const box = el.closest(".sr-reveal") || el.parentElement;
        if (!box) { return; }
        const bar = document.querySelector(".sr-bar");  // the page's sticky bar, if any
        box.style.scrollMarginTop = `${bar ? bar.getBoundingClientRect().height + 8 : 8}px`;
        box.scrollIntoView({ block: "start" });
        const field = box.querySelector("input:not([type=hidden]), select, textarea");
        if (field) { field.focus({ preventScroll: true }); }
      });
    }
    export default { render };
    """
    asks = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)

    def show(self) -> None:
        """Bring the form into view and put the cursor in its first field."""
        self.asks += 1


class OpenAt(anywidget.AnyWidget):
    """Brings a step's heading to the top of the screen, below the page's sticky bar, and
    focuses it, each time :meth:`bring` is called: someone pressing "Next" at the bottom of a
    long step lands at the next step's first line, and a screen reader reads its heading.

    The heading is found by its ``data-sr-step`` attribute (put ``tabindex="-1"`` on it so it
    can take the focus). It is waited for, since the kernel sends the step's widgets before the
    browser has drawn them, and put back at the top once more while the rest of the step is
    drawn below it, unless the person has scrolled meanwhile. Nothing moves when the page is
    first drawn."""

    _esm = """
    function render({ model, el }) {
      let moved = false;
      const touched = () => { moved = true; };
      for (const kind of ["wheel", "touchstart", "keydown", "mousedown"]) {
        window.addEventListener(kind, touched, { capture: true, passive: true });
      }
      const place = (heading) => {
        const app = heading.closest(".sr-app") || document;
        const bar = app.querySelector(".sr-bar");
        let margin = bar ? bar.getBoundingClientRect().height + 8 : 8;
        heading.style.scrollMarginTop = `${margin}px`;
        heading.scrollIntoView({ block: "start" });
        if (!bar) { return; }
        // the bar, now held at the top, may sit a little below the top of the scrolling box
        const gap = heading.getBoundingClientRect().top - bar.getBoundingClientRect().bottom - 8;
        if (Math.abs(gap) > 1) {
          margin -= gap;
          heading.style.scrollMarginTop = `${margin}px`;
          heading.scrollIntoView({ block: "start" });
        }
      };
      const open = () => {
        const step = model.get("step");
        if (!step) { return; }
        const asked = model.get("asks");
        const started = Date.now();
        const look = () => {
          if (model.get("asks") !== asked) { return; }
          const heading = document.querySelector(`[data-sr-step="${step}"]`);
          if (!heading || !heading.isConnected) {
            if (Date.now() - started < 10000) { setTimeout(look, 40); }
            return;
          }
          moved = false;
          place(heading);
          heading.focus({ preventScroll: true });
          for (const wait of [150, 500, 1200]) {
            setTimeout(() => {
              if (!moved && model.get("asks") === asked && heading.isConnected) { place(heading); }
            }, wait);
          }
        };
        look();
      };
      model.on("change:asks", open);
    }
    export default { render };
    """
    step = traitlets.Unicode("").tag(sync=True)
    asks = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)

    def bring(self, step: str) -> None:
        """Bring the heading marked ``data-sr-step="<step>"`` to the top and focus it."""
        self.step = step
        self.asks += 1
