"""A programme of peer review as an Excel workbook, for a local authority's or trust's lead to
share: its schools and triads, the stages of the year, the quality-assurance records, the
learning of the celebration, the self-vs-peer overview and the actions completed.

Everything is read by :mod:`sendreflect.report.programme_data`, as the programme report reads it,
so the workbook names no one: every alias of the programme's workshops typed into free text is
"a colleague" here too, and a side placed by fewer than three people shows its agreed position.
No cell can run as a formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from sendreflect.peer import QA_MARKERS
from sendreflect.report import programme_data as pdata
from sendreflect.store import Store
from sendreflect.workbook.spreadsheet import xlsx_bytes

WHOLE_PROGRAMME = "Whole programme"
"""The "triad" of a stage set for the whole programme."""


def _about(data: pdata.ProgrammeData) -> pd.DataFrame:
    p = data.programme
    rows = [
        ("Programme", p.name),
        ("Programme code", p.code),
        ("Led by", p.lead),
        ("Schools placed on", data.framework.short_title),
        ("Scale", data.framework.scale_text()),
        ("Exported", dt.date.today().isoformat()),
        ("Rule", "Medians only where three or more placed a school; else the agreed position."),
    ]
    return pd.DataFrame(rows, columns=["About", "Value"])


def _schools(data: pdata.ProgrammeData) -> pd.DataFrame:
    reached = {t.name: t.stage_reached for t in data.triads}
    return pd.DataFrame(
        {
            "Cohort": [s.cohort for s in data.schools],
            "Triad": [s.triad for s in data.schools],
            "Coach school": ["Yes" if s.coach else "No" for s in data.schools],
            "School": [s.school for s in data.schools],
            "Self-evaluation code": [s.self_code for s in data.schools],
            "Peer visit code": [s.visit_code or "" for s in data.schools],
            "Stage reached": [reached.get(s.triad, "") for s in data.schools],
        }
    )


def _stages(data: pdata.ProgrammeData) -> pd.DataFrame:
    scopes = [(WHOLE_PROGRAMME, data.stages), *((t.name, t.stages) for t in data.triads)]
    rows = [
        (scope, row.label, row.date, "Yes" if row.done else "No")
        for scope, stages in scopes
        for row in stages
    ]
    return pd.DataFrame(rows, columns=["Triad", "Stage", "Date", "Done"])


def _qa(data: pdata.ProgrammeData) -> pd.DataFrame:
    columns = ["Triad", "Date", *QA_MARKERS.values(), "Note"]
    rows = [
        [t.name, t.qa_date, *(words for _label, words in t.qa), t.qa_note]
        for t in data.triads
        if t.qa
    ]
    return pd.DataFrame(rows, columns=columns)


def _learning(data: pdata.ProgrammeData) -> pd.DataFrame:
    rows = [
        (t.name, t.key_learnings, t.next_steps)
        for t in data.triads
        if t.key_learnings or t.next_steps
    ]
    return pd.DataFrame(rows, columns=["Triad", "Key learnings", "Next steps"])


def _overview(data: pdata.ProgrammeData) -> pd.DataFrame:
    """One row per school and dimension: its own placement, its peers', and the gap."""
    rows = [
        (
            school["cohort"],
            school["triad"],
            school["school"],
            d.title,
            school[f"self_{d.id}"],
            school[f"peer_{d.id}"],
            school[f"gap_{d.id}"],
        )
        for school in data.overview.to_dict("records")
        for d in data.framework.dimensions
    ]
    columns = ["Cohort", "Triad", "School", "Dimension", "Self", "Peers", "Gap (peers − self)"]
    return pd.DataFrame(rows, columns=columns)


def _completed(data: pdata.ProgrammeData) -> pd.DataFrame:
    rows = [
        (t.name, c.school, c.what, c.dimension, c.how) for t in data.triads for c in t.completed
    ]
    return pd.DataFrame(rows, columns=["Triad", "School", "Action", "Dimension", "How we know"])


def programme_sheets(store: Store, code: str) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, by title, as read for the programme report."""
    data = pdata.programme_data(store, code)
    return {
        "About": _about(data),
        "Schools": _schools(data),
        "Stages": _stages(data),
        "Quality assurance": _qa(data),
        "Learning": _learning(data),
        "Overview": _overview(data),
        "Actions completed": _completed(data),
    }


def programme_excel(store: Store, code: str) -> bytes:
    """The programme's Excel workbook (.xlsx). Raises the store's ``UnknownProgramme`` for a
    code the store does not hold."""
    return xlsx_bytes(programme_sheets(store, code))


def write_programme_excel(store: Store, code: str, out: str | Path) -> Path:
    """Write the programme's Excel workbook to ``out``; return the path."""
    path = Path(out)
    path.write_bytes(programme_excel(store, code))
    return path
