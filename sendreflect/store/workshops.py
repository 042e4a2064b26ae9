"""Workshops and keys: creating, reading, changing and deleting workshops, and the facilitator
keys that open them (the store's own and each workshop's).

This module owns the ``workshops`` table and the store-wide key in ``meta``.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import validate
from sendreflect.dberrors import StoreError
from sendreflect.frameworks import PACK, load_frameworks, with_continuum
from sendreflect.store.base import StoreBase, _refused, _unknown, claim_code
from sendreflect.store.merge import _check_solo_rate
from sendreflect.store.records import KINDS, Workshop, _chosen_code
from sendreflect.store.schema import (
    answer_table,
    history_table,
    meta_table,
    normalise_code,
    now,
    participant_table,
    programme_school_table,
    programme_table,
    workshop_table,
)

if TYPE_CHECKING:
    import pandas as pd


def _workshop_row(
    school: str,
    round: str,
    frameworks: list[str] | tuple[str, ...],
    previous_code: str | None = None,
    kind: str = "team",
) -> dict[str, Any]:
    """A new workshop's row (all but its code), checked: what ``create_workshop`` inserts."""
    if not school.strip() or not round.strip():
        raise StoreError("a workshop needs a school name and a round (e.g. 'Baseline, 2026')")
    if kind not in KINDS:
        raise StoreError(f"a workshop's kind is one of: {', '.join(KINDS)}")
    with _refused():
        school = validate.check_name(school, "the school's name")
        round = validate.check_name(round, "the round")
        library = load_frameworks()
        frameworks = validate.check_frameworks(with_continuum(frameworks, library), library)
        if previous_code:
            validate.check_code(previous_code, "the earlier round's code")
    return {
        "school": school.strip(),
        "round": round.strip(),
        "frameworks": json.dumps(list(frameworks)),
        "previous_code": normalise_code(previous_code) if previous_code else None,
        "status": "open",
        "revealed": kind == "solo",
        "facilitator_key": secrets.token_urlsafe(16),
        "created_at": now(),
        "kind": kind,
    }


def _insert_workshop(conn: Connection, row: dict[str, Any], wanted: str | None = None) -> str:
    """Insert a workshop's row under the ``wanted`` code (refused if taken) or a made-up one;
    returns its code (never a programme's, so one code names one thing)."""
    return claim_code(conn, workshop_table, row, wanted, unique_across=(programme_table,))


def _programme_holding(conn: Connection, code: str) -> sa.Row | None:
    """The programme school whose self-evaluation or peer visit is workshop ``code``."""
    schools = programme_school_table
    return conn.execute(
        sa.select(schools.c.programme_code, schools.c.school).where(
            sa.or_(schools.c.self_code == code, schools.c.visit_code == code)
        )
    ).first()


class WorkshopStore(StoreBase):
    """The store's workshops and facilitator keys."""

    def facilitator_key(self) -> str:
        """The store's facilitator key (made on first use): it opens every workshop's
        facilitator view. Each workshop also has a key of its own that opens only it."""

        def ensure(conn: Connection) -> str:
            found = conn.scalar(
                sa.select(meta_table.c.value).where(meta_table.c.key == "facilitator_key")
            )
            if found:
                return found
            key = secrets.token_urlsafe(16)
            conn.execute(meta_table.insert().values(key="facilitator_key", value=key))
            return key

        return self.write(ensure)

    def is_store_key(self, key: str) -> bool:
        """Whether ``key`` is the store-wide key (the workshop list and the overview)."""
        return bool(key) and secrets.compare_digest(key, self.facilitator_key())

    def can_facilitate(self, code: str, key: str) -> bool:
        """Whether ``key`` opens the facilitator view of workshop ``code``: its own key, or the
        store-wide one."""
        if not key:
            return False
        workshop = self.workshop(code)
        return secrets.compare_digest(key, workshop.facilitator_key) or self.is_store_key(key)

    def rotate_key(self, code: str | None = None) -> str:
        """Replace a workshop's key (or, without ``code``, the store-wide key) with a new one and
        return it: links holding the old key stop opening anything."""
        key = secrets.token_urlsafe(16)
        if code is None:
            self.facilitator_key()
            self.write(
                lambda conn: conn.execute(
                    meta_table.update()
                    .where(meta_table.c.key == "facilitator_key")
                    .values(value=key)
                )
            )
            return key
        clean = self.workshop(code).code
        self.write(
            lambda conn: conn.execute(
                workshop_table.update()
                .where(workshop_table.c.code == clean)
                .values(facilitator_key=key)
            )
        )
        return key

    # -- workshops -----------------------------------------------------------------------------

    def create_workshop(
        self,
        school: str,
        round: str,
        frameworks: list[str] | tuple[str, ...] = (PACK,),
        *,
        code: str | None = None,
        previous_code: str | None = None,
        kind: str = "team",
    ) -> Workshop:
        """Create a workshop and return it; a join code is made up unless one is given.

        ``kind="solo"`` makes one person's reflection: kept out of the workshop list, earlier
        rounds and the overview, and limited to ``SENDREFLECT_SOLO_PER_HOUR`` new ones an hour.
        ``"visit"`` and ``"mentoring"`` (made by ``open_visit`` and ``start_mentoring``) are kept
        out of the list and the overview too.
        """
        row = _workshop_row(school, round, frameworks, previous_code, kind)
        wanted = _chosen_code(code)

        def insert(conn: Connection) -> str:
            if kind == "solo":
                _check_solo_rate(conn)
            return _insert_workshop(conn, row, wanted)

        return self.workshop(self.write(insert))

    def workshop(self, code: str) -> Workshop:
        """The workshop with this join code, or :class:`UnknownWorkshop` saying what to do."""
        clean = normalise_code(code)
        with self._read() as conn:
            row = conn.execute(
                sa.select(workshop_table).where(workshop_table.c.code == clean)
            ).first()
        if row is None:
            raise _unknown(code)
        return Workshop.from_row(row)

    def workshops(self, kind: str | None = "team") -> pd.DataFrame:
        """Every workshop of ``kind`` (team workshops unless asked; ``None`` for all): code,
        school, round, status, created_at, previous_code, participants."""
        import pandas as pd

        count = (
            sa.select(sa.func.count())
            .where(participant_table.c.workshop_code == workshop_table.c.code)
            .scalar_subquery()
        )
        query = sa.select(
            workshop_table.c.code,
            workshop_table.c.school,
            workshop_table.c.round,
            workshop_table.c.status,
            workshop_table.c.created_at,
            workshop_table.c.previous_code,
            count.label("participants"),
        ).order_by(workshop_table.c.created_at.desc())
        if kind is not None:
            query = query.where(workshop_table.c.kind == kind)
        with self._read() as conn:
            return pd.DataFrame(
                conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys())
            )

    def update_workshop(self, code: str, **changes: Any) -> Workshop:
        """Change a workshop's status ('open'/'closed'), revealed flag, school or round."""
        allowed = {"status", "revealed", "school", "round", "previous_code", "kind"}
        unknown = set(changes) - allowed
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of a workshop")
        if changes.get("status", "open") not in ("open", "closed"):
            raise StoreError("a workshop's status is 'open' or 'closed'")
        if changes.get("kind", "team") not in KINDS:
            raise StoreError(f"a workshop's kind is one of: {', '.join(KINDS)}")
        clean = self.workshop(code).code
        with _refused():
            for field in {"school", "round"} & set(changes):
                changes[field] = validate.check_name(changes[field], f"the {field}")
        self.write(
            lambda conn: conn.execute(
                workshop_table.update().where(workshop_table.c.code == clean).values(**changes)
            )
        )
        return self.workshop(clean)

    def delete_workshop(self, code: str) -> bool:
        """Remove a workshop with its participants, answers and history. Returns if it existed.
        A programme's self-evaluation or peer visit is refused: the programme points at it."""
        clean = normalise_code(code)

        def delete(conn: Connection) -> bool:
            held = _programme_holding(conn, clean)
            if held is not None:
                raise StoreError(
                    f"workshop {clean} is part of {held.school}'s peer review in programme "
                    f"{held.programme_code}, so it is kept with the programme and cannot be "
                    "deleted on its own."
                )
            conn.execute(history_table.delete().where(history_table.c.workshop_code == clean))
            conn.execute(answer_table.delete().where(answer_table.c.workshop_code == clean))
            conn.execute(
                participant_table.delete().where(participant_table.c.workshop_code == clean)
            )
            return (
                conn.execute(workshop_table.delete().where(workshop_table.c.code == clean)).rowcount
                > 0
            )

        self._checked = {pair for pair in self._checked if pair[0] != clean}
        self._uses.pop(clean, None)
        return self.write(delete)
