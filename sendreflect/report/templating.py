"""The reports' templates: one Jinja2 environment (autoescaping, so every piece of typed text is
escaped, and an error for any name a template lacks), the font stack and the one error a report
raises. Every report (a workshop's, a mentoring plan's, a programme's) renders through this
module; it imports nothing else of sendreflect.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", '
    '"DejaVu Sans", Arial, sans-serif'
)
"""The system's own fonts: nothing is fetched, so a report opens offline."""
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class ReportError(RuntimeError):
    """A report that cannot be made, explained in plain English."""


@functools.cache
def environment() -> jinja2.Environment:
    """The reports' Jinja2 environment: autoescaping, and an error for any name a template
    lacks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
