"""Validation of a workshop's whole record set (a workbook brought back): the workshop, its
participants, answers and history, every record checked by :mod:`sendreflect.validate` and
returned in canonical form, ready for ``Store.merge``.

This module owns the limits on a record set's size and the rule that nothing appears twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sendreflect.frameworks import Framework
from sendreflect.validate import (
    Invalid,
    check_alias,
    check_answer,
    check_by,
    check_code,
    check_frameworks,
    check_id,
    check_name,
    check_role,
    check_subject,
    check_timestamp,
)

MAX_PARTICIPANTS = 1_000
MAX_ANSWERS = 100_000
MAX_HISTORY = 200_000
WORKSHOP_KINDS = ("team", "solo", "visit", "mentoring")
"""A team's workshop, one person's own reflection, a peer visit to a host school, a mentoring
plan after an inspection (as the store's ``KINDS``)."""


@dataclass(frozen=True)
class Book:
    """A workshop's records, every one checked and in canonical form, ready to merge."""

    workshop: dict[str, Any]
    participants: list[dict[str, Any]]
    answers: list[dict[str, Any]]
    history: list[dict[str, Any]]


def _records(data: Mapping[str, Any], name: str, limit: int) -> list[Mapping[str, Any]]:
    found = data.get(name, [])
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise Invalid(f"its {name} are not a list of records")
    if len(found) > limit:
        raise Invalid(f"it holds {len(found):,} {name}, more than the {limit:,} a workshop can")
    return found


def _where(what: str, number: int, exc: Invalid) -> Invalid:
    return Invalid(f"{what} {number + 1}: {exc}")


def _check_workshop(record: Any, frameworks: Mapping[str, Framework], now: dt.datetime) -> dict:
    if not isinstance(record, Mapping):
        raise Invalid("it has no workshop")
    previous = record.get("previous_code")
    status = record.get("status", "open")
    if status not in ("open", "closed") or not isinstance(record.get("revealed", False), bool):
        raise Invalid("the workshop's status is not 'open' or 'closed'")
    kind = record.get("kind", "team")
    if kind not in WORKSHOP_KINDS:
        raise Invalid(f"the workshop's kind is not one of: {', '.join(WORKSHOP_KINDS)}")
    host = record.get("host_code")
    if (host is None) != (kind != "visit"):
        raise Invalid("a peer visit names its host's workshop (host_code), and only a visit does")
    clean = {
        "code": check_code(record.get("code")),
        "school": check_name(record.get("school"), "the school's name"),
        "round": check_name(record.get("round"), "the round"),
        "frameworks": check_frameworks(record.get("frameworks"), frameworks),
        "previous_code": None if previous is None else check_code(previous, "the earlier code"),
        "status": status,
        "revealed": record.get("revealed", False),
        "created_at": check_timestamp(record.get("created_at"), "when it was created", now=now),
        "kind": kind,
    }
    if host is not None:  # only a visit's record carries the column
        clean["host_code"] = check_code(host, "the host's workshop code")
    return clean


def _check_participant(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {
        "id": check_id(record.get("id"), "a participant's id"),
        "alias": check_alias(record.get("alias")),
        "role": check_role(record.get("role")),
        "school": check_name(record.get("school", ""), "the participant's school", required=False),
        "joined_at": check_timestamp(record.get("joined_at"), "when they joined", now=now),
    }


def _check_answer_record(
    record: Mapping[str, Any],
    workshop: Mapping[str, Any],
    frameworks: Mapping[str, Framework],
    people: Collection[str],
    now: dt.datetime,
) -> dict[str, Any]:
    kind, value = check_answer(
        frameworks,
        workshop["frameworks"],
        record.get("kind"),
        record.get("framework"),
        record.get("item_id"),
        record.get("value"),
    )
    return {
        "subject": check_subject(kind, record.get("subject"), people),
        "kind": kind.value,
        "framework": record["framework"],
        "item_id": record["item_id"],
        "value": value,
        "updated_at": check_timestamp(record.get("updated_at"), "when it was answered", now=now),
        "updated_by": check_by(record.get("updated_by"), people),
    }


def _check_change(
    record: Mapping[str, Any],
    workshop: Mapping[str, Any],
    frameworks: Mapping[str, Framework],
    people: Collection[str],
    now: dt.datetime,
) -> dict[str, Any]:
    values = []
    for field in ("old_value", "new_value"):
        kind, value = check_answer(
            frameworks,
            workshop["frameworks"],
            record.get("kind"),
            record.get("framework"),
            record.get("item_id"),
            record.get(field),
        )
        values.append(value)
    return {
        "id": check_id(record.get("id"), "a change's id"),
        "subject": check_subject(kind, record.get("subject"), people),
        "kind": kind.value,
        "framework": record["framework"],
        "item_id": record["item_id"],
        "old_value": values[0],
        "new_value": values[1],
        "changed_at": check_timestamp(record.get("changed_at"), "when it was changed", now=now),
        "changed_by": check_by(record.get("changed_by"), people),
    }


def _unique(keys: list[Any], what: str) -> None:
    if len(keys) != len(set(keys)):
        raise Invalid(f"{what} appears twice")


def check_book(
    data: Mapping[str, Any], frameworks: Mapping[str, Framework], *, now: dt.datetime | None = None
) -> Book:
    """Check a workshop's whole record set (workshop, participants, answers, history) and return
    it in canonical form, or raise :class:`Invalid` naming the first record that is wrong."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if not isinstance(data, Mapping):
        raise Invalid("it is not a set of records")
    workshop = _check_workshop(data.get("workshop"), frameworks, now)
    people: list[dict[str, Any]] = []
    for number, record in enumerate(_records(data, "participants", MAX_PARTICIPANTS)):
        try:
            people.append(_check_participant(record, now))
        except Invalid as exc:
            raise _where("participant", number, exc) from None
    _unique([p["id"] for p in people], "a participant's id")
    _unique([p["alias"] for p in people], "two participants share one alias: an alias")
    ids = {p["id"] for p in people}
    answers: list[dict[str, Any]] = []
    for number, record in enumerate(_records(data, "answers", MAX_ANSWERS)):
        try:
            answers.append(_check_answer_record(record, workshop, frameworks, ids, now))
        except Invalid as exc:
            raise _where("answer", number, exc) from None
    keys = [(a["subject"], a["kind"], a["framework"], a["item_id"]) for a in answers]
    _unique(keys, "one answer")
    changes: list[dict[str, Any]] = []
    for number, record in enumerate(_records(data, "history", MAX_HISTORY)):
        try:
            changes.append(_check_change(record, workshop, frameworks, ids, now))
        except Invalid as exc:
            raise _where("change", number, exc) from None
    _unique([c["id"] for c in changes], "a change's id")
    return Book(workshop, people, answers, changes)
