"""What a JSON workbook holds, as pydantic models: the workshop, its participants, answers and
history, each record with no field it does not expect; and the frameworks a workbook is read
against.

This module owns the workbook's format and version, and :class:`WorkbookError`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sendreflect.frameworks import Framework, FrameworkError, load_frameworks
from sendreflect.responses import Kind
from sendreflect.store import MergeSummary

FORMAT = "sendreflect-workbook"
VERSION = 1


class WorkbookError(ValueError):
    """A workbook that cannot be imported, explained in plain English. The store is untouched."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkshopRecord(_Record):
    code: str = Field(min_length=1, max_length=32)
    school: str = Field(min_length=1)
    round: str = Field(min_length=1)
    frameworks: list[str]
    previous_code: str | None = None
    status: Literal["open", "closed"] = "open"
    revealed: bool = False
    created_at: str
    kind: Literal["team", "solo", "visit", "mentoring"] = "team"
    host_code: str | None = Field(default=None, max_length=32)
    """A peer visit's host: the self-evaluation workshop it places (only a visit has one)."""


class ParticipantRecord(_Record):
    id: str = Field(min_length=1, max_length=40)
    alias: str = Field(min_length=1, max_length=60)
    role: str
    school: str = ""
    joined_at: str


class AnswerRecord(_Record):
    subject: str = Field(min_length=1, max_length=40)
    kind: Kind
    framework: str = Field(min_length=1, max_length=64)
    item_id: str = Field(min_length=1, max_length=128)
    value: Any
    updated_at: str
    updated_by: str


class HistoryRecord(_Record):
    id: str = Field(min_length=1, max_length=40)
    subject: str
    kind: Kind
    framework: str
    item_id: str
    old_value: Any
    new_value: Any
    changed_at: str
    changed_by: str


class WorkbookFile(_Record):
    format: Literal["sendreflect-workbook"]
    version: Literal[1]
    exported_at: str
    exported_by: str = ""
    workshop: WorkshopRecord
    participants: list[ParticipantRecord]
    answers: list[AnswerRecord]
    history: list[HistoryRecord]


ImportSummary = MergeSummary
"""What an import changed (the store's :class:`~sendreflect.store.MergeSummary`)."""


def known_frameworks() -> dict[str, Framework]:
    """The loaded frameworks, or none: an export must work even while a content file is broken."""
    try:
        return load_frameworks()
    except FrameworkError:
        return {}
