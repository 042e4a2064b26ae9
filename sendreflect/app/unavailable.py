"""The page shown when the workshop store cannot be used: what happened and what to do, in
plain English, instead of a blank page or a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, ParamSpec

import ipywidgets as w

from sendreflect.app.kit import message, stylesheet
from sendreflect.store import StoreError

P = ParamSpec("P")


PUBLIC = (
    "the workshop cannot open just now. Tell your facilitator: the window where sendreflect runs "
    "says why. Nothing already saved is lost"
)
"""What a participant's page says: the details (a file's path, steps for whoever runs the
server) are for the facilitator's page and the server's window."""


def store_problem(problem: StoreError, *, public: bool = False) -> w.Widget:
    """A page saying why the store cannot be used, and to reload once that is put right; with
    ``public`` (pages anyone may open) only that it cannot open, the details going to the
    server's window."""
    text = str(problem)
    if public:
        print(f"sendreflect: a page could not open the store: {text}", file=sys.__stderr__)
        text = PUBLIC
    body = w.HTML(
        "<header><h2>The workshop cannot open</h2></header>"
        + message(text[:1].upper() + text[1:], "error")
        + "<p>Nothing is lost by waiting: reload this page once the problem is put right.</p>"
    )
    page = w.VBox([stylesheet(), body], layout=w.Layout(width="100%"))
    page.add_class("sr-app")
    return page


def page_or_problem(page: Callable[P, w.Widget] | None = None, *, public: bool = False) -> Any:
    """Make a page function show, when the store cannot be opened or read, the page saying why
    (instead of a traceback under an empty page). Use as ``@page_or_problem`` or, for pages
    anyone may open, ``@page_or_problem(public=True)``."""
    if page is None:
        return functools.partial(page_or_problem, public=public)
    shown = page

    @functools.wraps(shown)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        try:
            return shown(*args, **kwargs)
        except StoreError as problem:
            return store_problem(problem, public=public)

    return guarded
