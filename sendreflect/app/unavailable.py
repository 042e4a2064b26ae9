"""The page shown when the workshop store cannot be used: what happened and what to do, in
plain English, instead of a blank page or a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import ipywidgets as w

from sendreflect.app.common import message, stylesheet
from sendreflect.store import StoreError

P = ParamSpec("P")


def store_problem(problem: StoreError) -> w.Widget:
    """A page saying why the store cannot be used, and to reload once that is put right."""
    text = str(problem)
    body = w.HTML(
        "<header><h2>The workshop cannot open</h2></header>"
        + message(text[:1].upper() + text[1:], "error")
        + "<p>Nothing is lost by waiting: reload this page once the problem is put right.</p>"
    )
    page = w.VBox([stylesheet(), body], layout=w.Layout(width="100%"))
    page.add_class("sr-app")
    return page


def page_or_problem(page: Callable[P, w.Widget]) -> Callable[P, w.Widget]:
    """Make a page function show, when the store cannot be opened or read, the page saying why
    (instead of a traceback under an empty page)."""

    @functools.wraps(page)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        try:
            return page(*args, **kwargs)
        except StoreError as problem:
            return store_problem(problem)

    return guarded
