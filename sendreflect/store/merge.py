"""Merging a workshop's records (a workbook) into the store in one transaction: the workshop,
its participants, answers and history, the newer of two versions of an answer kept, and a solo
page restoring only its own reflection (``Store.merge`` runs this)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import validate
from sendreflect.dberrors import StoreError
from sendreflect.responses import dump_value
from sendreflect.settings import get_settings
from sendreflect.store.records import MergeSummary, Workshop
from sendreflect.store.schema import (
    _UPDATE,
    ANSWER_KEY,
    _keyed,
    answer_table,
    history_table,
    now,
    participant_table,
    workshop_table,
)
from sendreflect.validate.book import Book

CHUNK = 500
"""How many keys one ``IN (...)`` query carries, well inside every database's limit."""


def _owners(conn: Connection, column: sa.Column, ids: list[str], code: str) -> dict[str, str]:
    """Which workshop each of ``ids`` (participant or change ids) already belongs to."""
    table = column.table
    found: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        query = sa.select(column, table.c.workshop_code).where(
            column.in_(ids[start : start + CHUNK])
        )
        found.update({row[0]: row[1] for row in conn.execute(query)})
    strangers = sorted(i for i, owner in found.items() if owner != code)
    if strangers:
        raise StoreError(
            f"this workbook reuses an id ({strangers[0]}) that belongs to another workshop in "
            "this store, so it cannot be brought in; download it again from where it was made."
        )
    return found


def _check_solo_rate(conn: Connection) -> None:
    """Refuse a new solo reflection once this store has started its hourly allowance."""
    limit = get_settings().solo_per_hour
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).isoformat()
    started = conn.scalar(
        sa.select(sa.func.count())
        .where(workshop_table.c.kind == "solo")
        .where(workshop_table.c.created_at > since)
    )
    if int(started or 0) >= limit:
        raise StoreError(
            "many reflections have been started here in the last hour; try again in a while, or "
            "ask whoever runs this server"
        )


def _check_solo(conn: Connection, existing: sa.Row | None, book: Book) -> None:
    """The solo page restores only its workbook's own solo reflection: never a team workshop,
    and an existing solo reflection only from a workbook that holds its participant (an id no
    one sees, so a workbook written by hand cannot claim it)."""
    if existing is None:
        return
    if existing.kind != "solo":
        raise StoreError(
            "this workbook is for a team workshop, which opens only from its own link; ask your "
            "facilitator for it."
        )
    ids = set(
        conn.scalars(
            sa.select(participant_table.c.id).where(
                participant_table.c.workshop_code == existing.code
            )
        )
    )
    if not ids & {p["id"] for p in book.participants}:
        raise StoreError(
            "this workbook does not match the reflection it names; upload the workbook you "
            "downloaded from your own reflection."
        )


def _merge_workshop(
    conn: Connection, book: Book, into_existing: bool, solo: bool
) -> tuple[bool, tuple[str, ...]]:
    record = book.workshop
    code = record["code"]
    existing = conn.execute(sa.select(workshop_table).where(workshop_table.c.code == code)).first()
    if solo:
        _check_solo(conn, existing, book)
        # One person's own: no earlier round to read another workshop through, and a new one
        # counts against the hour's allowance as if started here now.
        record = {**record, "kind": "solo", "revealed": True, "previous_code": None}
        if existing is None:
            _check_solo_rate(conn)
            record["created_at"] = now()
    if existing is not None and not into_existing:
        raise StoreError(
            f"workshop {code} is already held here, and this workbook can only start a new one; "
            "to add to that workshop, ask its facilitator to upload the workbook in its Take away."
        )
    if existing is None:
        conn.execute(
            workshop_table.insert().values(
                **{**record, "frameworks": json.dumps(list(record["frameworks"]))},
                facilitator_key=secrets.token_urlsafe(16),
            )
        )
        return True, record["frameworks"]
    if existing.school != record["school"]:
        raise StoreError(
            f"this store already has a workshop {code} for {existing.school}, and this "
            f"workbook is for {record['school']}; import it into another store."
        )
    return False, Workshop.from_row(existing).frameworks


def _merge_participants(conn: Connection, code: str, people: list[dict[str, Any]]) -> int:
    have = _owners(conn, participant_table.c.id, [p["id"] for p in people], code)
    aliases = set(
        conn.scalars(
            sa.select(participant_table.c.alias).where(participant_table.c.workshop_code == code)
        )
    )
    fresh = [{**p, "workshop_code": code} for p in people if p["id"] not in have]
    for person in fresh:
        if person["alias"] in aliases:
            raise StoreError(
                f"this workshop already has another participant called '{person['alias']}'; "
                "the workbook cannot be merged into it."
            )
    if fresh:
        conn.execute(participant_table.insert(), fresh)
    return len(fresh)


def _newer(incoming: str, stored: str) -> bool:
    """Whether a (checked, never future) timestamp is later than a stored one; a stored stamp
    that cannot be read loses to any real one."""
    then = validate.parse_timestamp(stored)
    return then is None or validate.parse_timestamp(incoming) > then  # type: ignore[operator]


def _merge_answers(
    conn: Connection, code: str, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Insert answers the store lacks; replace one only with a different, newer value. Returns
    each change made, as a history row without its id."""
    current = {
        (r.subject, r.kind, r.framework, r.item_id): (r.value, r.updated_at)
        for r in conn.execute(sa.select(answer_table).where(answer_table.c.workshop_code == code))
    }
    inserts, updates, changes = [], [], []
    for a in records:
        found = (a["subject"], a["kind"], a["framework"], a["item_id"])
        key = dict(zip(ANSWER_KEY, (code, *found), strict=True))
        value = dump_value(a["value"])
        stored = current.get(found)
        if stored is None:
            inserts.append(
                {
                    **key,
                    "value": value,
                    "updated_at": a["updated_at"],
                    "updated_by": a["updated_by"],
                }
            )
        elif stored[0] != value and _newer(a["updated_at"], stored[1]):
            updates.append(
                {
                    **_keyed(key),
                    "new_value": value,
                    "new_at": a["updated_at"],
                    "new_by": a["updated_by"],
                }
            )
        else:
            continue
        changes.append(
            {
                **key,
                "old_value": None if stored is None else stored[0],
                "new_value": value,
                "changed_at": a["updated_at"],
                "changed_by": a["updated_by"],
            }
        )
    if inserts:
        conn.execute(answer_table.insert(), inserts)
    if updates:
        conn.execute(_UPDATE, updates)
    return changes


def _record_changes(
    conn: Connection, changes: list[dict[str, Any]], book: list[dict[str, Any]]
) -> int:
    """Every change a merge makes keeps its history: a change the workbook's own history does
    not show (a workbook edited, or written by hand) gets a history row of its own."""
    shown = {
        (h["subject"], h["kind"], h["framework"], h["item_id"], dump_value(h["new_value"]))
        for h in book
    }
    missing = [
        {**change, "id": uuid.uuid4().hex}
        for change in changes
        if (*(change[k] for k in ANSWER_KEY[1:]), change["new_value"]) not in shown
    ]
    if missing:
        conn.execute(history_table.insert(), missing)
    return len(missing)


def _merge_history(conn: Connection, code: str, changes: list[dict[str, Any]]) -> int:
    known = _owners(conn, history_table.c.id, [c["id"] for c in changes], code)
    fresh = [
        {
            **c,
            "old_value": dump_value(c["old_value"]),
            "new_value": dump_value(c["new_value"]),
            "workshop_code": code,
        }
        for c in changes
        if c["id"] not in known
    ]
    if fresh:
        conn.execute(history_table.insert(), fresh)
    return len(fresh)


def _merge(conn: Connection, book: Book, into_existing: bool, solo: bool) -> MergeSummary:
    code = book.workshop["code"]
    created, uses = _merge_workshop(conn, book, into_existing, solo)
    strange = {a["framework"] for a in [*book.answers, *book.history]} - set(uses)
    if strange:
        raise StoreError(
            f"workshop {code} here does not use the framework '{sorted(strange)[0]}' that this "
            "workbook's answers are in; import it into another store."
        )
    added = _merge_participants(conn, code, book.participants)
    changes = _merge_answers(conn, code, book.answers)
    recorded = _merge_history(conn, code, book.history)
    recorded += _record_changes(conn, changes, book.history)
    return MergeSummary(code, created, added, len(changes), recorded)
