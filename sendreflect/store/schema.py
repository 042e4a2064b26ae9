"""The store's schema: its tables, the two statements every save runs, and the upgrades from
one store version to the next. The only place the tables are defined; only the store package
reads or writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

SCHEMA_VERSION = 3

metadata = sa.MetaData()

meta_table = sa.Table(
    "sendreflect_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

workshop_table = sa.Table(
    "workshops",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("school", sa.Text, nullable=False),
    sa.Column("round", sa.Text, nullable=False),
    sa.Column("frameworks", sa.Text, nullable=False),
    sa.Column("previous_code", sa.String(32)),
    sa.Column("status", sa.String(16), nullable=False, default="open"),
    sa.Column("revealed", sa.Boolean, nullable=False, default=False),
    sa.Column("facilitator_key", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, server_default="team"),
    sa.Column("host_code", sa.String(32)),
)

participant_table = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("workshop_code", sa.String(32), nullable=False, index=True),
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("school", sa.Text, nullable=False, default=""),
    sa.Column("joined_at", sa.String(40), nullable=False),
    sa.Column("secret_hash", sa.String(64)),
    sa.UniqueConstraint("workshop_code", "alias", name="uq_participant_alias"),
)

answer_table = sa.Table(
    "answers",
    metadata,
    sa.Column("workshop_code", sa.String(32), primary_key=True),
    sa.Column("subject", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("framework", sa.String(64), primary_key=True),
    sa.Column("item_id", sa.String(128), primary_key=True),
    sa.Column("value", sa.Text),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("updated_by", sa.String(40), nullable=False),
)

history_table = sa.Table(
    "answer_history",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("workshop_code", sa.String(32), nullable=False, index=True),
    sa.Column("subject", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("framework", sa.String(64), nullable=False),
    sa.Column("item_id", sa.String(128), nullable=False),
    sa.Column("old_value", sa.Text),
    sa.Column("new_value", sa.Text),
    sa.Column("changed_at", sa.String(40), nullable=False),
    sa.Column("changed_by", sa.String(40), nullable=False),
)

programme_table = sa.Table(
    "programmes",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("framework", sa.String(64), nullable=False),
    sa.Column("lead", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
)

programme_school_table = sa.Table(
    "programme_schools",
    metadata,
    sa.Column("programme_code", sa.String(32), primary_key=True),
    sa.Column("school_id", sa.String(40), primary_key=True),
    sa.Column("school", sa.Text, nullable=False),
    sa.Column("cohort", sa.Text, nullable=False),
    sa.Column("triad", sa.Text, nullable=False),
    sa.Column("coach", sa.Boolean, nullable=False, default=False),
    sa.Column("self_code", sa.String(32), nullable=False, index=True),
    sa.Column("visit_code", sa.String(32)),
)

programme_record_table = sa.Table(
    "programme_records",
    metadata,
    sa.Column("programme_code", sa.String(32), primary_key=True),
    sa.Column("scope", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("item_id", sa.String(128), primary_key=True),
    sa.Column("value", sa.Text),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("updated_by", sa.String(40), nullable=False),
)

programme_history_table = sa.Table(
    "programme_history",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("programme_code", sa.String(32), nullable=False, index=True),
    sa.Column("scope", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("item_id", sa.String(128), nullable=False),
    sa.Column("old_value", sa.Text),
    sa.Column("new_value", sa.Text),
    sa.Column("changed_at", sa.String(40), nullable=False),
    sa.Column("changed_by", sa.String(40), nullable=False),
)

PROGRAMME_TABLES = (
    programme_table,
    programme_school_table,
    programme_record_table,
    programme_history_table,
)

ANSWER_KEY = ("workshop_code", "subject", "kind", "framework", "item_id")
_KEY_MATCH = sa.and_(*(answer_table.c[k] == sa.bindparam(f"key_{k}") for k in ANSWER_KEY))
# Built once: a save runs these two statements, so no save pays for compiling them again.
_CURRENT = sa.select(answer_table.c.value).where(_KEY_MATCH).with_for_update()
_UPDATE = (
    answer_table.update()
    .where(_KEY_MATCH)
    .values(
        value=sa.bindparam("new_value"),
        updated_at=sa.bindparam("new_at"),
        updated_by=sa.bindparam("new_by"),
    )
)


def _keyed(key: dict[str, str]) -> dict[str, str]:
    """An answer's key as the parameters of ``_CURRENT`` and ``_UPDATE``."""
    return {f"key_{k}": v for k, v in key.items()}


def now() -> str:
    """The current time as ISO-8601 UTC text, as every timestamp is stored."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def normalise_code(code: str) -> str:
    """Join codes are case-insensitive and ignore spaces and dashes typed by people."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _add_kinds_and_secrets(conn: Connection) -> None:
    """Version 1 to 2: workshops gain their kind (team or solo), participants a resume code's
    hash. Participants from before have none, so their alias cannot be taken over."""
    conn.exec_driver_sql(
        "ALTER TABLE workshops ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'team'"
    )
    conn.exec_driver_sql("ALTER TABLE participants ADD COLUMN secret_hash VARCHAR(64)")


def _add_programmes(conn: Connection) -> None:
    """Version 2 to 3: peer review across schools. Workshops gain the host a peer visit is
    for; programmes, their schools, their records and those records' history get tables."""
    conn.exec_driver_sql("ALTER TABLE workshops ADD COLUMN host_code VARCHAR(32)")
    metadata.create_all(conn, tables=list(PROGRAMME_TABLES))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _add_kinds_and_secrets,
    2: _add_programmes,
}
"""Upgrades keyed by the version they start from; each brings a store up by one version."""
