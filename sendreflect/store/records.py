"""What the store hands out (a workshop, a participant, one answer as a plain record, what a
merge changed), its errors, and the rules for the codes people type: join codes and resume codes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa

from sendreflect import validate
from sendreflect.dberrors import StoreError
from sendreflect.store.schema import normalise_code

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MIN_CODE_LENGTH = 6
"""A join code chosen by hand is at least this long, so it cannot be guessed in a few tries."""
PUBLIC_CODES = frozenset({"DEMO"})
"""Codes that may be shorter: the fictional demo workshop, public by design."""
KINDS = ("team", "solo", "visit", "mentoring")
"""A team workshop (facilitated), one person's solo reflection, kept apart from the team's, a
peer visit (reviewers from other schools placing a host school) or a school's mentoring after
inspection. Only team workshops are in the workshop list, earlier rounds and the overview."""


class UnknownWorkshop(StoreError):
    """No workshop has this join code."""


class UnknownProgramme(StoreError):
    """No programme of peer review has this code."""


class AliasTaken(StoreError):
    """Someone has already joined the workshop with this alias, and no matching resume code was
    given: the alias is theirs, and nobody else becomes them by typing it."""


@dataclass(frozen=True)
class Workshop:
    code: str
    school: str
    round: str
    frameworks: tuple[str, ...]
    previous_code: str | None
    status: str
    revealed: bool
    facilitator_key: str
    created_at: str
    kind: str = "team"
    host_code: str | None = None
    """A peer visit's host: the join code of the self-evaluation it places the school beside."""

    @classmethod
    def from_row(cls, row: sa.Row) -> Workshop:
        data = dict(row._mapping)
        readable, uses = validate.readable_value(data["frameworks"])
        data["frameworks"] = tuple(uses) if readable and isinstance(uses, list) else ()
        data["revealed"] = bool(data["revealed"])
        return cls(**data)


@dataclass(frozen=True)
class Programme:
    """A local authority's or trust's year of peer review across schools."""

    code: str
    name: str
    framework: str
    """The continuum framework every school's self-evaluation and visit places it on."""
    lead: str
    created_at: str


@dataclass(frozen=True)
class ProgrammeSchool:
    """A school in a programme: its cohort and triad, whether it coaches the triad, and the
    join codes of its self-evaluation and (once opened) its peer visit."""

    programme_code: str
    school_id: str
    school: str
    cohort: str
    triad: str
    coach: bool
    self_code: str
    visit_code: str | None = None


class ProgrammeRecord(NamedTuple):
    """One record of a programme (a stage's date, a quality-assurance visit, a triad's
    learning), its value read back from the store as plain data."""

    programme_code: str
    scope: str
    kind: str
    item_id: str
    value: Any
    updated_at: str
    updated_by: str


class AnswerRecord(NamedTuple):
    """One answer as plain data, without pandas: the fields of the tidy frame's columns
    (``responses.ANSWER_COLUMNS``), ``updated_at`` as ISO 8601 text. What a participant's page
    reads of its own answers; the frames for results and reports are built from these."""

    workshop: str
    subject: str
    alias: str
    role: str
    kind: str
    framework: str
    item_id: str
    value: Any
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class Participant:
    id: str
    workshop_code: str
    alias: str
    role: str
    school: str
    joined_at: str
    resume_code: str = field(default="", repr=False)
    """Only just after joining: the secret that lets this person carry on, on this or another
    device. The store keeps only its hash, so it is shown to the person once."""

    @property
    def token(self) -> str:
        """What the browser remembers: the participant's id and resume code together."""
        return f"{self.id}.{self.resume_code}" if self.resume_code else ""


def new_resume_code() -> str:
    """A resume code: eight characters people can read and type (about 40 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(normalise_code(secret).encode("ascii", "ignore")).hexdigest()


def _secret_matches(secret: str, stored: str | None) -> bool:
    return bool(secret and stored) and secrets.compare_digest(_hash_secret(secret), str(stored))


def _chosen_code(code: str | None) -> str | None:
    """A join code chosen by hand, normalised and checked (``None`` when one is to be made)."""
    if code is None:
        return None
    try:
        wanted = validate.check_code(code)  # normalised, never empty, at most 32
    except validate.Invalid as exc:
        raise StoreError(str(exc)) from None
    if len(wanted) < MIN_CODE_LENGTH and wanted not in PUBLIC_CODES:
        raise StoreError(
            f"a join code needs at least {MIN_CODE_LENGTH} letters or digits, so it cannot be "
            "guessed; leave it out and one is made up for you"
        )
    return wanted


@dataclass(frozen=True)
class MergeSummary:
    """What a merge changed."""

    code: str
    created_workshop: bool
    participants_added: int
    answers_written: int
    history_added: int

    @property
    def changed(self) -> bool:
        return bool(
            self.created_workshop
            or self.participants_added
            or self.answers_written
            or self.history_added
        )

    def __str__(self) -> str:
        if not self.changed:
            return f"Workshop {self.code}: already up to date; nothing changed."
        return (
            f"Workshop {self.code}: {self.participants_added} participant(s) added, "
            f"{self.answers_written} answer(s) written, {self.history_added} change(s) of "
            "history added."
        )
