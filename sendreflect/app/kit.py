"""The widget kit both apps build their pages from: escaped HTML, headings, message boxes,
examples that open and close, and the stylesheet (quoted lists are in ``sourcetext``).

This module owns how a piece of text becomes safe HTML on the page. Widgets here are plain
ipywidgets; they work the same in Voila, in JupyterLab and in a test that builds them in plain
Python, sets ``.value`` and calls ``.click()``.
"""

from __future__ import annotations

import html
from importlib.resources import files

import ipywidgets as w

ONCE = {"continuous_update": False}
"""For a form's text fields, read when a button is pressed: send the value once, when the field
is left, not at every keystroke. Keystroke messages are throttled per widget in the browser, so
the button's click could reach the kernel before the last letters typed (a join as "Junipe")."""


def esc(text: object) -> str:
    """Free text made safe to put inside HTML."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Escaped text with its blank-line-separated paragraphs as ``<p>`` elements."""
    return "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def stylesheet() -> w.HTML:
    """The app's stylesheet, as a widget that applies it to the page."""
    css = files("sendreflect.app").joinpath("style.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}</style>", layout=w.Layout(display="none"))


def heading(text: str, level: int = 2) -> w.HTML:
    return w.HTML(f"<h{level}>{esc(text)}</h{level}>")


def message(text: str, kind: str = "info") -> str:
    """A message box's HTML: ``info``, ``error`` or ``success``."""
    role = "alert" if kind == "error" else "status"
    if "." not in text.split(" ", 1)[0]:  # a sentence, not a file's name such as notes.json
        text = text[:1].upper() + text[1:]
    return f'<div class="sr-message sr-{kind}" role="{role}">{esc(text)}</div>'


def toggle_example(title: str, text: str) -> w.VBox:
    """A button that shows or hides an example from a real school."""
    body = w.HTML(f'<div class="sr-example">{paragraphs(text)}</div>')
    body.layout.display = "none"
    button = w.Button(description=f"Show {title}", icon="book", tooltip=f"Show {title}")
    button.add_class("sr-link-button")

    def flip(_button: w.Button) -> None:
        hidden = body.layout.display == "none"
        body.layout.display = None if hidden else "none"
        button.description = f"{'Hide' if hidden else 'Show'} {title}"
        button.tooltip = button.description

    button.on_click(flip)
    return w.VBox([button, body])
