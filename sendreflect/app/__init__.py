"""The workshop apps (widgets → store/charts → content): ``participant_page()``,
``facilitator_page()``, ``solo_page()`` and ``programme_page()`` are what the notebooks in
``notebooks/`` call.

Each name is imported when it is first used (PEP 562): a participant's kernel imports the
participant's page only, never the facilitator's results, charts and downloads (plotly, pandas).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendreflect.app.actions import ActionPlan
    from sendreflect.app.facilitator import FacilitatorApp, facilitator_page
    from sendreflect.app.participant import ParticipantApp, participant_page
    from sendreflect.app.programme import ProgrammeApp, programme_page
    from sendreflect.app.solo import SoloApp, solo_page

_HOMES: dict[str, str] = {
    "ActionPlan": "sendreflect.app.actions",
    "FacilitatorApp": "sendreflect.app.facilitator",
    "ParticipantApp": "sendreflect.app.participant",
    "ProgrammeApp": "sendreflect.app.programme",
    "SoloApp": "sendreflect.app.solo",
    "facilitator_page": "sendreflect.app.facilitator",
    "participant_page": "sendreflect.app.participant",
    "programme_page": "sendreflect.app.programme",
    "solo_page": "sendreflect.app.solo",
}
"""Where each public name lives."""

__all__ = [
    "ActionPlan",
    "FacilitatorApp",
    "ParticipantApp",
    "ProgrammeApp",
    "SoloApp",
    "facilitator_page",
    "participant_page",
    "programme_page",
    "solo_page",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'sendreflect.app' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
