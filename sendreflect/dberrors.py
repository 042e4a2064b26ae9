"""What the store says when its database fails: each failure as a plain-English ``StoreError``.

A database fails in a handful of ways people can act on: its disk is full, it is read-only, its
file is damaged, another program holds it locked for too long, its server is down, or the server
refuses the login or has no such database. :func:`translated` turns SQLite's and PostgreSQL's
errors into one :class:`StoreFailure` subclass for each, saying what happened and what to do, so
a page shows the reason at once and the command line prints one line instead of a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError


class StoreError(RuntimeError):
    """Something the store cannot do, explained in plain English."""


class StoreFailure(StoreError):
    """The database under the store failed; the message says what happened and what to do."""

    text = (
        "the workshop store {where} reported a problem ({detail}). Try again; if it keeps "
        "happening, restart sendreflect and check the database"
    )

    def __init__(self, where: str, detail: str = "") -> None:
        self.where = where
        self.detail = detail
        super().__init__(self.text.format(where=where, detail=detail) + ".")


class StoreFull(StoreFailure):
    """The disk holding the store (or the store's own size limit) is full."""

    text = (
        "the workshop store {where} is full: there is no room left on the disk that holds it. "
        "Free some disk space on the server (or ask whoever runs sendreflect to), then try again"
    )


class StoreReadOnly(StoreFailure):
    """The store can be read but not written."""

    text = (
        "the workshop store {where} is read-only: its file, its folder or the database is set "
        "so nothing can be written. Make it writable again (or ask whoever runs sendreflect "
        "to), then try again"
    )


class StoreCorrupt(StoreFailure):
    """The store's file is damaged or is not a database at all."""

    text = (
        "the workshop store {where} is damaged and cannot be read. Stop sendreflect, put back "
        "a backup of the file (or start a new store and import a workbook export), then start "
        "sendreflect again"
    )


class StoreBusy(StoreFailure):
    """Another program held the store locked for longer than sendreflect waits."""

    text = (
        "the workshop store {where} is busy: another program has kept it locked for too long. "
        "Try again in a minute; if it stays busy, close other programs that use the store or "
        "restart sendreflect"
    )


class StoreCannotOpen(StoreFailure):
    """The store's file cannot be opened or created."""

    text = (
        "the workshop store {where} cannot be opened: its folder is missing or may not be "
        "written, or the file may not be read. Check the path and its permissions (or "
        "SENDREFLECT_DB), then try again"
    )


class StoreDiskError(StoreFailure):
    """The disk reported an error while the store was read or written."""

    text = (
        "the disk holding the workshop store {where} reported an error while reading or "
        "writing it. Check the disk on the server, then try again"
    )


class StoreUnreachable(StoreFailure):
    """The database server is down, shutting down, or cannot be reached."""

    text = (
        "cannot reach the database server of the workshop store ({where}): it is down or not "
        "accepting connections. Start it (or check the address in SENDREFLECT_DB), then try "
        "again"
    )


class StoreLoginRefused(StoreFailure):
    """The database server refused the user name or password."""

    text = (
        "the database server of the workshop store ({where}) refused the user name or "
        "password. Correct them in SENDREFLECT_DB, then try again"
    )


class StoreMissing(StoreFailure):
    """The database server has no database of the store's name."""

    text = (
        "the database server has no database for the workshop store ({where}). Create it "
        "(for example with createdb) or correct the name in SENDREFLECT_DB, then try again"
    )


class StoreAddressInvalid(StoreFailure):
    """The store's address is not one sendreflect can use."""

    text = (
        "the workshop store's address cannot be used ({detail}). Set SENDREFLECT_DB "
        "(or --db) to a URL such as sqlite:////path/to/workshops.sqlite or "
        "postgresql://user:password@host/database"
    )


SQLITE_CODES: dict[int, type[StoreFailure]] = {
    13: StoreFull,  # SQLITE_FULL
    8: StoreReadOnly,  # SQLITE_READONLY
    11: StoreCorrupt,  # SQLITE_CORRUPT
    26: StoreCorrupt,  # SQLITE_NOTADB
    5: StoreBusy,  # SQLITE_BUSY
    6: StoreBusy,  # SQLITE_LOCKED
    14: StoreCannotOpen,  # SQLITE_CANTOPEN
    10: StoreDiskError,  # SQLITE_IOERR
}

SQLSTATES: dict[str, type[StoreFailure]] = {
    "53100": StoreFull,  # disk_full
    "25006": StoreReadOnly,  # read_only_sql_transaction
    "42501": StoreReadOnly,  # insufficient_privilege
    "XX001": StoreCorrupt,  # data_corrupted
    "XX002": StoreCorrupt,  # index_corrupted
    "55P03": StoreBusy,  # lock_not_available
    "57014": StoreBusy,  # query_canceled (a statement timeout)
    "57P01": StoreUnreachable,  # admin_shutdown
    "57P02": StoreUnreachable,  # crash_shutdown
    "57P03": StoreUnreachable,  # cannot_connect_now
    "08000": StoreUnreachable,  # connection_exception
    "08001": StoreUnreachable,  # unable to connect
    "08006": StoreUnreachable,  # connection_failure
    "28P01": StoreLoginRefused,  # invalid_password
    "28000": StoreLoginRefused,  # invalid_authorization_specification
    "3D000": StoreMissing,  # invalid_catalog_name
}

WORDS: tuple[tuple[str, type[StoreFailure]], ...] = (
    ("disk is full", StoreFull),
    ("no space left", StoreFull),
    ("read-only", StoreReadOnly),
    ("readonly", StoreReadOnly),
    ("malformed", StoreCorrupt),
    ("not a database", StoreCorrupt),
    ("locked", StoreBusy),
    ("lock timeout", StoreBusy),
    ("unable to open database", StoreCannotOpen),
    ("password authentication failed", StoreLoginRefused),
    ("authentication failed", StoreLoginRefused),
    ('role "', StoreLoginRefused),  # PostgreSQL: 'role "x" does not exist'
    ('database "', StoreMissing),  # PostgreSQL: 'database "x" does not exist'
    ("refused", StoreUnreachable),
    ("could not connect", StoreUnreachable),
    ("connection failed", StoreUnreachable),
    ("server closed the connection", StoreUnreachable),
    ("terminating connection", StoreUnreachable),
    ("timeout expired", StoreUnreachable),
    ("could not translate host name", StoreUnreachable),
    ("name or service not known", StoreUnreachable),
    ("shutting down", StoreUnreachable),
    ("starting up", StoreUnreachable),
)


def where(url: sa.URL | str) -> str:
    """Where the store is, for a message: an SQLite file's path or a server's address (never a
    user name or password)."""
    try:
        url = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        return "(an address that cannot be read)"
    if url.get_backend_name() == "sqlite":
        path = (url.database or ":memory:").removeprefix("file:")
        return f"'{path}'"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()} at {host}{port}/{url.database or ''}"


def _kind(error: BaseException) -> type[StoreFailure]:
    """Which failure a database driver's error is, by its error code, else by its words."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in SQLITE_CODES:
        return SQLITE_CODES[code & 0xFF]
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if state in SQLSTATES:
        return SQLSTATES[state]
    text = str(error).lower()
    return next((kind for word, kind in WORDS if word in text), StoreFailure)


def translate(error: BaseException, url: sa.URL | str) -> StoreFailure:
    """The plain-English failure for a database error met by the store at ``url``."""
    original = getattr(error, "orig", None) or error
    detail = (str(original).strip().splitlines() or [type(original).__name__])[0]
    return _kind(original)(where(url), detail)


@contextmanager
def translated(url: sa.URL | str) -> Iterator[None]:
    """Raise any database failure inside as its :class:`StoreFailure` (chained to the original).

    An ``IntegrityError`` is left as it is: it is a clash the store handles (and retries), not a
    failure of the database.
    """
    try:
        yield
    except IntegrityError:
        raise
    except (DBAPIError, sqlite3.Error) as error:
        raise translate(error, url) from error


def unusable_address(url: str, error: Exception) -> StoreFailure:
    """The failure for a store address that cannot be used: unparsable, an unknown kind of
    database, its driver not installed, or an SQLite folder that cannot be made."""
    detail = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, OSError):
        return StoreCannotOpen(where(url), detail)
    if isinstance(error, ImportError) and "psycopg" in detail:
        detail = "PostgreSQL needs psycopg: pip install 'sendreflect[postgres]'"
    return StoreAddressInvalid(where(url), detail)
