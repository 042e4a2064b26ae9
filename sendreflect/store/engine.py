"""Connecting: an SQLAlchemy engine for the store's URL, tuned so that many kernels can write
one SQLite file at once, and which database errors are worth another try."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from sendreflect.dberrors import unusable_address


def _private_file(path: Path) -> None:
    """Make the SQLite file (and its folder) readable by this account only, before SQLite
    creates it world-readable; its journal files take the same permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if "?" not in path.name and not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _engine_for(url: str, busy_timeout: float = 30) -> Engine:
    """An engine for ``url``; one that cannot be made raises a plain :class:`StoreError`."""
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        if url.startswith("sqlite:///") and not url.startswith(
            ("sqlite:///:memory:", "sqlite:///file:")
        ):
            _private_file(Path(url.removeprefix("sqlite:///")).expanduser())
        connect = {"connect_timeout": 10} if url.startswith("postgresql+psycopg://") else {}
        engine = sa.create_engine(
            url, pool_pre_ping=not url.startswith("sqlite"), connect_args=connect
        )
    except (sa.exc.ArgumentError, ImportError, OSError) as exc:
        raise unusable_address(url, exc) from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine, busy_timeout)
    return engine


def _tune_sqlite(engine: Engine, busy_timeout: float) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("sendreflect_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _retryable(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return isinstance(exc, IntegrityError) or any(
        word in text for word in ("locked", "busy", "deadlock", "could not serialize")
    )
