"""Peer review across schools: the records a programme keeps that belong to no one workshop.

A programme (a local authority's or trust's year of peer review) has stages with dates, per triad
or for the whole programme; a quality-assurance record per triad against the source's markers;
and each triad's key learnings for the celebration of learning. This module owns their names,
their pydantic models and :func:`validate_record`, the check every programme record passes before
the store writes it. It never touches the store.

The answers kept inside a school's workshops (progress on actions, a mentoring plan's priorities,
the mentor's notes, readiness for the monitoring visit) are kinds of answer in
:mod:`sendreflect.responses`; :data:`READINESS_LABELS` is re-exported here for convenience.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sendreflect.responses import READINESS_LABELS
from sendreflect.validate import (
    EARLIEST,
    LATEST_DATE,
    MAX_ITEM,
    MEETINGS,
    MENTORING,
    MONITORING_VISIT,
    Invalid,
    check_name,
    check_text,
)

__all__ = [
    "ALL_TRIADS",
    "MAX_NOTE",
    "MEETINGS",
    "MEETING_NAMES",
    "MENTORING",
    "MONITORING_VISIT",
    "QA_MARKERS",
    "QA_SCALE",
    "READINESS_LABELS",
    "RECORD_KINDS",
    "STAGES",
    "Learning",
    "QARecord",
    "RecordError",
    "StageRecord",
    "check_record_key",
    "check_triad",
    "meeting_item",
    "new_priority_id",
    "progress_item",
    "titled",
    "validate_record",
]

MEETING_NAMES: dict[int, str] = {
    1: "First triad meeting",
    2: "Second triad meeting",
    3: "Third triad meeting",
}
"""What the page, the report and the workbook call each of the triad's :data:`MEETINGS`."""

STAGES: dict[str, str] = {
    "self_evaluation": "Self-evaluation",
    "meeting_1": "First triad meeting: action plan",
    "visit": "Peer visits",
    "meeting_2": "Second triad meeting",
    "qa_visit": "Quality-assurance visit",
    "meeting_3": "Third triad meeting",
    "celebration": "Celebration of learning",
}
"""The stages of a programme's year, in order: stage id → label."""

QA_MARKERS: dict[str, str] = {
    "supportive": "Supportive",
    "solutions_focused": "Solutions-focused",
    "focused_process": "A focused process for collaboration",
}
"""What a quality-assurance visit looks for (the source's markers): field → label."""

QA_SCALE: dict[int, str] = {
    1: "Not yet",
    2: "In part",
    3: "Mostly",
    4: "Fully",
}
"""How far a triad's process showed a QA marker (1–4)."""

RECORD_KINDS = ("stage", "qa", "learning")
ALL_TRIADS = "*"
"""The scope of a stage set for the whole programme rather than one triad."""
MAX_NOTE = 20_000


class RecordError(Invalid):
    """A programme record that does not fit its kind, explained in plain English."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageRecord(_Record):
    """When a stage happens (or happened) and whether it is done."""

    date: dt.date | None = None
    done: bool = Field(default=False, strict=True)


class QARecord(_Record):
    """How a triad's process went at the quality-assurance visit: each marker 1–4 (None until
    rated), with a note."""

    date: dt.date | None = None
    supportive: int | None = Field(default=None, ge=1, le=4, strict=True)
    solutions_focused: int | None = Field(default=None, ge=1, le=4, strict=True)
    focused_process: int | None = Field(default=None, ge=1, le=4, strict=True)
    note: str = Field(default="", strict=True)


class Learning(_Record):
    """A triad's key learnings and next steps, shared at the celebration of learning."""

    key_learnings: str = Field(default="", strict=True)
    next_steps: str = Field(default="", strict=True)


_MODELS: dict[str, type[_Record]] = {"stage": StageRecord, "qa": QARecord, "learning": Learning}
_NAMES = {"stage": "stage", "qa": "quality-assurance record", "learning": "celebration record"}
_FIELDS: dict[str, str] = {
    "date": "its date must be a date such as 2027-03-15, or empty",
    "done": "'done' must be true or false",
    "supportive": "'supportive' must be a whole number from 1 to 4, or empty",
    "solutions_focused": "'solutions_focused' must be a whole number from 1 to 4, or empty",
    "focused_process": "'focused_process' must be a whole number from 1 to 4, or empty",
    "note": "the note must be text",
    "key_learnings": "the key learnings must be text",
    "next_steps": "the next steps must be text",
}
_TEXT_NAMES = {
    "note": "the note",
    "key_learnings": "the 'key learnings' text",
    "next_steps": "the 'next steps' text",
}


def _kind(kind: Any) -> str:
    if kind not in RECORD_KINDS:
        raise RecordError(
            f"there is no programme record called '{str(kind)[:40]}'; "
            f"the kinds are: {', '.join(RECORD_KINDS)}"
        )
    return kind


def _explain(kind: str, exc: ValidationError) -> RecordError:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    what = _NAMES[kind]
    if first["type"] == "extra_forbidden":
        allowed = ", ".join(_MODELS[kind].model_fields)
        return RecordError(f"a {what} has no field '{field[:40]}'; its fields are: {allowed}")
    if field in _FIELDS:
        return RecordError(f"this {what} is not valid: {_FIELDS[field]}")
    return RecordError(f"this {what} is not valid: it must be a set of named fields")


def validate_record(kind: str, value: Any) -> dict[str, Any] | None:
    """Check a programme record's value against its kind (one of :data:`RECORD_KINDS`) and
    return its canonical, JSON-ready form; ``None`` clears the record.

    Raises :class:`RecordError` (an :class:`~sendreflect.responses.AnswerError`) in plain English,
    naming the field and what would fix it."""
    kind = _kind(kind)
    if value is None:
        return None
    try:
        clean = _MODELS[kind].model_validate(value).model_dump(mode="json")
    except ValidationError as exc:
        raise _explain(kind, exc) from None
    if clean.get("date"):
        when = dt.date.fromisoformat(clean["date"])
        if not EARLIEST.date() <= when <= LATEST_DATE:
            raise RecordError(f"a {_NAMES[kind]}'s date ({when}) should be between 2000 and 2100")
    for field, label in _TEXT_NAMES.items():
        if field in clean:
            try:
                check_text(clean[field], label, limit=MAX_NOTE)
            except Invalid as exc:
                raise RecordError(str(exc)) from None
    return clean


def check_triad(value: Any) -> str:
    """A triad's name: a name of at most 200 characters, never ``"*"`` (which stands for every
    triad of the programme)."""
    name = check_name(value, "the triad's name")
    if name == ALL_TRIADS:
        raise RecordError("'*' stands for the whole programme; give the triad a name of its own")
    return name


def check_record_key(kind: Any, scope: Any, item_id: Any) -> tuple[str, str, str]:
    """The key of a programme record, checked: a stage's scope is a triad's name or
    :data:`ALL_TRIADS` and its item one of :data:`STAGES`; a QA record's scope is a triad and its
    item ``"qa"``; a celebration record's scope is a triad and its item ``"celebration"``."""
    kind = _kind(kind)
    where = ALL_TRIADS if kind == "stage" and scope == ALL_TRIADS else check_triad(scope)
    if not isinstance(item_id, str) or len(item_id) > MAX_ITEM:
        raise RecordError(f"a {_NAMES[kind]} does not name what it records")
    if kind == "stage" and item_id not in STAGES:
        raise RecordError(
            f"there is no stage '{item_id[:40]}'; the stages are: {', '.join(STAGES)}"
        )
    expected = {"qa": "qa", "learning": "celebration"}.get(kind)
    if expected is not None and item_id != expected:
        raise RecordError(f"a {_NAMES[kind]} is kept under '{expected}', not '{item_id[:40]}'")
    return kind, where, item_id


def progress_item(action_id: str, meeting: int) -> str:
    """The item id of progress on an action at one of the triad's :data:`MEETINGS`."""
    if meeting not in MEETINGS:
        raise RecordError(f"progress is recorded at meeting 1, 2 or 3, not {meeting}")
    return f"{action_id}@{meeting}"


def new_priority_id() -> str:
    """A fresh item id for a priority of a mentoring plan (``pri-`` and 12 hex digits)."""
    return "pri-" + uuid.uuid4().hex[:12]


def meeting_item(number: int) -> str:
    """The item id of the mentor's note of mentoring meeting ``number`` (1–12)."""
    if not 1 <= number <= 12:
        raise RecordError(f"a mentoring plan has meetings 1 to 12, not {number}")
    return f"meeting-{number}"


def titled(kind: str, name: str) -> str:
    """A cohort's or triad's name as a heading says it: "Triad North", but "Cohort 1" (not
    "Cohort Cohort 1") for a name that already starts with its kind."""
    first = name.split(maxsplit=1)[0].casefold() if name.strip() else ""
    return name if first == kind.casefold() else f"{kind} {name}"
