"""What the report's template reads: plain data for each of its parts (the questions with the
notes on them, a dimension's section, an action, a table), text unescaped (the template
escapes it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    """A "Think about your school…" question, quoted exactly, with the notes on it."""

    id: str
    text: str
    notes: list[str]


@dataclass(frozen=True)
class ThemeNotes:
    title: str
    questions: list[Question]


@dataclass
class OtherFramework:
    """A framework the workshop used beside the pack: its ratings and the notes on its questions."""

    id: str
    title: str
    citation: str
    credit: str
    ratings: Table | None
    themes: list[ThemeNotes]
    has_questions: bool


@dataclass(frozen=True)
class Figure:
    """A number shown in a dimension's summary: label and value as text."""

    label: str
    value: str


@dataclass
class DimensionSection:
    id: str
    title: str
    whole_school: str
    bolt_on: str
    figures: list[Figure]
    agreed_position: str
    rationale: str
    dissent: str
    evidence: list[str]
    themes: list[ThemeNotes]
    context_theme: str = ""
    actions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActionRow:
    what: str
    prompt: str
    dimension: str
    lead: str
    others: str
    by_when: str
    success_criteria: str
    target: str
    status: str
    status_key: str
    status_note: str


@dataclass(frozen=True)
class Table:
    """A table ready for the template: caption, column headings and rows of text (the first
    cell of each row is its row heading)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
