"""sendreflect: a reflection pack for school leadership teams on how their leadership serves
pupils with special educational needs and disabilities (SEND).

The front door::

    import sendreflect as sr

    store = sr.Store()                      # SENDREFLECT_DB, or an SQLite file
    sr.seed_demo(store)                     # the fictional DEMO workshop
    answers = store.answers("DEMO")         # the tidy frame, one row per answer
    sr.responses.positions(answers)         # typed frame of positions on each continuum
    framework = sr.get_framework("national_college")
"""

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
