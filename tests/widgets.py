"""Helpers the widget tests share: finding widgets by kind and attributes, and joining a workshop
as a person would in the participant app (in plain Python, no page)."""

from __future__ import annotations

import ipywidgets as w

from sendreflect import Store
from sendreflect.app import ParticipantApp


def find(widget: w.Widget, kind: type, **attrs: object) -> list[w.Widget]:
    """Every widget of ``kind`` below ``widget`` whose attributes match."""
    found = []
    if isinstance(widget, kind) and all(getattr(widget, k, None) == v for k, v in attrs.items()):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += find(child, kind, **attrs)
    return found


def joined(
    store: Store, code: str, alias: str = "Yew", role: str = "teacher", resume: str = ""
) -> ParticipantApp:
    """A participant app that has joined ``code`` with the join form."""
    app = ParticipantApp(store, code=code)
    app.form.alias.value = alias
    app.form.role.value = role
    app.form.resume_code.value = resume
    app.form.button.click()
    assert app.participant is not None
    return app
