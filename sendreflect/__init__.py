"""sendreflect: a reflection pack for school leadership teams on how their leadership serves
pupils with special educational needs and disabilities (SEND).

The front door::

    import sendreflect as sr

    store = sr.Store()                      # SENDREFLECT_DB, or an SQLite file
    sr.seed_demo(store)                     # the fictional DEMO workshop
    answers = store.answers("DEMO")         # the tidy frame, one row per answer
    sr.responses.positions(answers)         # typed frame of positions on each continuum
    framework = sr.get_framework("national_college")

Each name is imported when it is first used (PEP 562), so importing one part of the package (a
participant's page in its kernel) does not load the rest, nor pandas with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendreflect import responses
    from sendreflect.demo import seed_demo
    from sendreflect.frameworks import (
        Framework,
        FrameworkError,
        get_framework,
        load_frameworks,
        parse_framework,
    )
    from sendreflect.responses import TEAM, AnswerError, Kind
    from sendreflect.settings import Settings, get_settings
    from sendreflect.store import Participant, Store, StoreError, UnknownWorkshop, Workshop
    from sendreflect.workbook import WorkbookError, export, import_workbook

_HOMES: dict[str, str] = {
    "TEAM": "sendreflect.responses",
    "AnswerError": "sendreflect.responses",
    "Framework": "sendreflect.frameworks",
    "FrameworkError": "sendreflect.frameworks",
    "Kind": "sendreflect.responses",
    "Participant": "sendreflect.store",
    "Settings": "sendreflect.settings",
    "Store": "sendreflect.store",
    "StoreError": "sendreflect.store",
    "UnknownWorkshop": "sendreflect.store",
    "WorkbookError": "sendreflect.workbook",
    "Workshop": "sendreflect.store",
    "export": "sendreflect.workbook",
    "get_framework": "sendreflect.frameworks",
    "get_settings": "sendreflect.settings",
    "import_workbook": "sendreflect.workbook",
    "load_frameworks": "sendreflect.frameworks",
    "parse_framework": "sendreflect.frameworks",
    "seed_demo": "sendreflect.demo",
}
"""Where each public name lives."""

__all__ = [
    "TEAM",
    "AnswerError",
    "Framework",
    "FrameworkError",
    "Kind",
    "Participant",
    "Settings",
    "Store",
    "StoreError",
    "UnknownWorkshop",
    "WorkbookError",
    "Workshop",
    "export",
    "get_framework",
    "get_settings",
    "import_workbook",
    "load_frameworks",
    "parse_framework",
    "responses",
    "seed_demo",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    if name == "responses":
        return importlib.import_module("sendreflect.responses")
    if name not in _HOMES:
        raise AttributeError(f"module 'sendreflect' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
