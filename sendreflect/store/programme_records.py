"""A programme's own records, the ones about no single workshop: the dates of its stages (per
triad or for the whole programme), each triad's quality-assurance record and its learning for
the celebration. Each save is one short transaction, checked by :mod:`sendreflect.peer`, and a
change keeps a history row (who, when, old and new value), as answers do.

This module owns the ``programme_records`` and ``programme_history`` tables.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import peer, validate
from sendreflect.dberrors import StoreError
from sendreflect.responses import dump_value
from sendreflect.store.base import _refused
from sendreflect.store.programmes import ProgrammeStore
from sendreflect.store.records import ProgrammeRecord
from sendreflect.store.schema import (
    now,
    programme_history_table,
    programme_record_table,
    programme_school_table,
)


def _record_value(kind: str, value: Any) -> Any:
    """A programme record's value in the canonical form ``peer.validate_record`` gives."""
    with _refused():
        return peer.validate_record(kind, value)


def _check_scope(conn: Connection, code: str, kind: str, scope: str) -> None:
    """A record is about a triad of the programme, or (a stage only) the whole programme."""
    if kind == "stage" and scope == peer.ALL_TRIADS:
        return
    triads = sorted(
        set(
            conn.scalars(
                sa.select(programme_school_table.c.triad).where(
                    programme_school_table.c.programme_code == code
                )
            )
        )
    )
    if scope not in triads:
        whole = " or '*' for the whole programme" if kind == "stage" else ""
        named = f"its triads are {', '.join(triads)}" if triads else "it has no triads yet"
        raise StoreError(
            f"there is no triad '{scope}' in programme {code} ({named}); name one{whole}."
        )


def _readable(kind: str, text: str | None) -> tuple[bool, Any]:
    """A stored record's value, or (False, None) for a row that cannot be read."""
    readable, value = validate.readable_value(text)
    if not readable or value is None:
        return readable, value
    try:
        return True, _record_value(kind, value)
    except StoreError:
        return False, None


class ProgrammeRecordStore(ProgrammeStore):
    """A programme's records and their history, on top of its schools and visits."""

    def save_programme_record(
        self, programme_code: str, scope: str, kind: str, item_id: str, value: Any, *, by: str
    ) -> bool:
        """Save one of a programme's records (``None`` clears it) in one short transaction,
        checked by ``peer.validate_record``; a change keeps its history. Returns whether
        anything changed. ``scope`` is a triad of the programme, or "*" for a whole-programme
        stage."""
        code = self.programme(programme_code).code
        with _refused():
            by = validate.check_id(by, "who made the change")
            kind, scope, item_id = peer.check_record_key(kind, scope, item_id)
        stored = dump_value(None if value is None else _record_value(kind, value))
        records, history = programme_record_table, programme_history_table
        key = {"programme_code": code, "scope": scope, "kind": kind, "item_id": item_id}
        match = sa.and_(*(records.c[k] == v for k, v in key.items()))

        def save(conn: Connection) -> bool:
            _check_scope(conn, code, kind, scope)
            found = conn.execute(sa.select(records.c.value).where(match).with_for_update()).first()
            old = None if found is None else found.value
            if old == stored:
                return False
            at = now()
            if found is None:
                conn.execute(
                    records.insert().values(**key, value=stored, updated_at=at, updated_by=by)
                )
            else:
                conn.execute(
                    records.update().where(match).values(value=stored, updated_at=at, updated_by=by)
                )
            conn.execute(
                history.insert().values(
                    id=uuid.uuid4().hex,
                    **key,
                    old_value=old,
                    new_value=stored,
                    changed_at=at,
                    changed_by=by,
                )
            )
            return True

        return self.write(save)

    def programme_records(
        self, programme_code: str, kind: str | None = None
    ) -> list[ProgrammeRecord]:
        """A programme's records (of ``kind``, or all), cleared ones left out: by kind, scope
        and, for stages, the programme's order of stages."""
        code = self.programme(programme_code).code
        query = sa.select(programme_record_table).where(
            programme_record_table.c.programme_code == code
        )
        if kind is not None:
            query = query.where(programme_record_table.c.kind == kind)
        with self._read() as conn:
            rows = conn.execute(query).all()
        found = []
        for row in rows:
            readable, value = _readable(row.kind, row.value)
            if readable and value is not None:  # a damaged row is read past
                found.append(ProgrammeRecord(**{**row._mapping, "value": value}))
        order = {stage: n for n, stage in enumerate(peer.STAGES)}
        return sorted(found, key=lambda r: (r.kind, r.scope, order.get(r.item_id, 0), r.item_id))

    def programme_history(self, programme_code: str) -> list[dict[str, Any]]:
        """Every change ever made to a programme's records, oldest first, values as stored
        text read back (``None`` for none)."""
        code = self.programme(programme_code).code
        history = programme_history_table
        query = (
            sa.select(history)
            .where(history.c.programme_code == code)
            .order_by(history.c.changed_at, history.c.id)
        )
        with self._read() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        for row in rows:
            row["old_value"] = validate.readable_value(row["old_value"])[1]
            row["new_value"] = validate.readable_value(row["new_value"])[1]
        return rows
