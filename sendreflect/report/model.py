"""What the report's template reads: plain data for each of its parts (the questions with the
notes on them, a dimension's section, an action, a table), text unescaped (the template
escapes it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    """A "Think about your school…" question (or a "How will you move your school?" prompt),
    with the notes on it. ``number`` is its place in its theme as the source prints it;
    ``quoted`` is False for the project's own questions, which the report marks as such."""

    id: str
    text: str
    notes: list[str]
    number: int = 0
    quoted: bool = True


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
    questions_quoted: bool = True
    headings_quoted: bool = True


@dataclass(frozen=True)
class Figure:
    """A number shown in a dimension's summary, as a sentence no governor can misread ("3 people
    placed the school"): ``value`` is the number as written, ``text`` the whole sentence."""

    value: str
    text: str


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
    moves: list[Question] = field(default_factory=list)
    """The "How will you move your school?" prompts with the team's ideas on each."""


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


@dataclass(frozen=True)
class GapItem:
    """One dimension of the self-and-peers agenda: both views in words, the gap in words and
    both sides' evidence (unattributed, aliases redacted)."""

    title: str
    gap: str
    self_view: str
    peer_view: str
    self_evidence: list[str]
    peer_evidence: list[str]


@dataclass(frozen=True)
class SelfPeerSection:
    """A programme school's own placement beside its peer reviewers': the radar (a static SVG,
    marked safe: drawn from escaped text), its table and the agenda ordered by the gap."""

    visit_round: str
    radar: str
    table: Table
    agenda: list[GapItem]


@dataclass(frozen=True)
class MeetingProgress:
    """An action's progress at one triad meeting ("First triad meeting"), text unescaped."""

    meeting: str
    status: str
    status_key: str
    note: str
    evidence: str
    coach_comment: str


@dataclass(frozen=True)
class ActionProgress:
    """An action and its progress at each triad meeting that recorded any."""

    what: str
    meetings: list[MeetingProgress]
