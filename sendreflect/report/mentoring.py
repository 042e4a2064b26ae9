"""The report of a school's peer mentoring after an inspection (a workshop of kind "mentoring"):
its priorities, each with the inspection's area for development and its actions; the mentor's
note of each meeting; and the school's readiness for the monitoring visit. One self-contained
HTML page that prints on A4, rendered with autoescaping, like the workshop report.

Nobody is named: any participant's alias typed into free text is replaced by "a colleague" here,
before the template escapes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sendreflect import responses
from sendreflect.confidential import redact
from sendreflect.formats import format_date
from sendreflect.frameworks import load_frameworks
from sendreflect.report.templating import FONT_STACK, environment
from sendreflect.responses import ACTION_STATUSES, READINESS_LABELS
from sendreflect.store import Store
from sendreflect.validate import MENTORING


@dataclass(frozen=True)
class PlannedAction:
    what: str
    lead: str
    monitoring: str
    by_when: str
    status: str
    status_key: str
    status_note: str


@dataclass(frozen=True)
class PrioritySection:
    number: int
    area: str
    priority: str
    actions: list[PlannedAction] = field(default_factory=list)


@dataclass(frozen=True)
class Meeting:
    number: int
    date: str
    note: str


@dataclass(frozen=True)
class Readiness:
    rating: str
    summary: str
    visit_date: str


def _actions(plan: pd.DataFrame, free: Any) -> list[PlannedAction]:
    return [
        PlannedAction(
            what=free(a.what),
            lead=free(a.lead),
            monitoring=free(a.success_criteria),
            by_when=format_date(a.by_when),
            status=ACTION_STATUSES.get(str(a.status), str(a.status)),
            status_key=str(a.status),
            status_note=free(a.status_note),
        )
        for a in plan.itertuples()
    ]


def _readiness(frame: pd.DataFrame, free: Any) -> Readiness | None:
    if frame.empty:
        return None
    row = frame.iloc[0]
    rated = 0 if pd.isna(row["rating"]) else int(row["rating"])
    rating = f"{rated} of 4: {READINESS_LABELS[rated]}" if rated else ""
    return Readiness(rating, free(row["summary"]), format_date(row["visit_date"]))


def mentoring_context(store: Store, code: str) -> dict[str, object]:
    """Everything the mentoring report shows, as plain data (text unescaped: the template
    escapes it)."""
    workshop = store.workshop(code)
    answers = store.answers(code)
    answers = answers[answers["framework"] == MENTORING]
    aliases = list(store.participants(code)["alias"])

    def free(text: object) -> str:
        return "" if text is None or text is pd.NA else redact(text, aliases)

    plan = responses.actions(answers)
    priorities = [
        PrioritySection(
            number=n,
            area=free(p.area),
            priority=free(p.priority),
            actions=_actions(plan[plan["prompt"] == p.priority_id], free),
        )
        for n, p in enumerate(responses.priorities(answers).itertuples(), start=1)
    ]
    meetings = [
        Meeting(int(m.meeting), format_date(m.date), free(m.note))
        for m in responses.mentor_notes(answers).itertuples()
    ]
    source = load_frameworks()[MENTORING].source
    return {
        "workshop": workshop,
        "date": format_date(workshop.created_at),
        "today": format_date(dt.date.today()),
        "priorities": priorities,
        "meetings": meetings,
        "readiness": _readiness(responses.readiness(answers), free),
        "credit": " ".join((source.citation, source.notice or source.credit)),
    }


def build_mentoring_report(store: Store, code: str) -> str:
    """The mentoring report on workshop ``code`` as one self-contained HTML page."""
    template = environment().get_template("mentoring.html.j2")
    return template.render(font_stack=FONT_STACK, **mentoring_context(store, code))
