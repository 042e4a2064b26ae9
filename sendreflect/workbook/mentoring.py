"""The Excel sheets of a mentoring plan after an inspection: its priorities with their actions,
the mentor's notes and the readiness for the monitoring visit. Each sheet is there only when the
workshop has such answers; like the other sheets they name no one (aliases typed into the text
are replaced by "a colleague")."""

from __future__ import annotations

import pandas as pd

from sendreflect import responses
from sendreflect.confidential import redact
from sendreflect.validate import MENTORING


def _free(values: pd.Series, aliases: list[str]) -> list[str]:
    return [redact(v, aliases) for v in values]


def _plan(priorities: pd.DataFrame, actions: pd.DataFrame, aliases: list[str]) -> pd.DataFrame:
    """One row per action under its priority (a priority with none has one row of its own)."""
    rows = []
    for number, p in enumerate(priorities.itertuples(), start=1):
        mine = actions[actions["prompt"] == p.priority_id]
        head = {"Priority": number, "Area for development": p.area, "Our priority": p.priority}
        if mine.empty:
            rows.append(head)
        for a in mine.itertuples():
            rows.append(
                head
                | {
                    "Action": a.what,
                    "Who leads it": a.lead,
                    "Monitoring point": a.success_criteria,
                    "By when": None if pd.isna(a.by_when) else a.by_when.date(),
                    "Status": responses.ACTION_STATUSES.get(str(a.status), str(a.status)),
                    "Status note": a.status_note,
                }
            )
    columns = ["Priority", "Area for development", "Our priority", "Action", "Who leads it"]
    columns += ["Monitoring point", "By when", "Status", "Status note"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in [*columns[1:6], "Status note"]:
        frame[column] = _free(frame[column].fillna(""), aliases)
    return frame


def mentoring_sheets(answers: pd.DataFrame, aliases: list[str]) -> dict[str, pd.DataFrame]:
    """The mentoring plan's sheets present in ``answers`` (a workshop's answers frame)."""
    answers = answers[answers["framework"] == MENTORING]
    sheets: dict[str, pd.DataFrame] = {}
    priorities = responses.priorities(answers)
    if not priorities.empty:
        sheets["Priorities"] = _plan(priorities, responses.actions(answers), aliases)
    notes = responses.mentor_notes(answers)
    if not notes.empty:
        sheets["Mentor's notes"] = pd.DataFrame(
            {
                "Meeting": notes["meeting"],
                "Date": [None if pd.isna(d) else d.date() for d in notes["date"]],
                "Note": _free(notes["note"], aliases),
            }
        )
    ready = responses.readiness(answers)
    if not ready.empty:
        sheets["Readiness"] = pd.DataFrame(
            {
                "Readiness (1 to 4)": ready["rating"],
                "Readiness means": ready["label"].fillna(""),
                "Summary": _free(ready["summary"], aliases),
                "Monitoring visit": [None if pd.isna(d) else d.date() for d in ready["visit_date"]],
            }
        )
    return sheets
