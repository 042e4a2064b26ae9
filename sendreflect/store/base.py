"""The store's base: its engine, read and write transactions (a write retried while another
writer holds the lock) and how a refused check or an unknown code is reported.

This module owns the transactions every read and write of the store runs in.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from sendreflect import validate
from sendreflect.dberrors import StoreError, translated
from sendreflect.frameworks import Framework
from sendreflect.store.engine import WriterQueue, _retryable
from sendreflect.store.records import CODE_ALPHABET, UnknownWorkshop

T = TypeVar("T")


def _unknown(code: str) -> UnknownWorkshop:
    return UnknownWorkshop(
        f"there is no workshop with the code '{code}'. Check the code with your facilitator; "
        "codes are letters and digits, such as K7QF3M."
    )


def claim_code(
    conn: Connection,
    table: sa.Table,
    row: dict[str, Any],
    wanted: str | None,
    *,
    unique_across: tuple[sa.Table, ...] = (),
) -> str:
    """Insert ``row`` into ``table`` under the ``wanted`` code (refused if taken) or a made-up
    one, and return the code. A code is taken when ``table`` or any of ``unique_across`` (tables
    with a ``code`` column) holds it: a join code never names a workshop and a programme both."""
    while True:
        chosen = wanted or "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        taken = any(
            conn.scalar(sa.select(t.c.code).where(t.c.code == chosen))
            for t in (table, *unique_across)
        )
        if taken and wanted:
            raise StoreError(f"the code {chosen} is already used; choose another")
        if not taken:
            conn.execute(table.insert().values(code=chosen, **row))
            return chosen


@contextmanager
def _refused() -> Iterator[None]:
    """Raise what validation refuses as a :class:`StoreError`."""
    try:
        yield
    except validate.Invalid as exc:
        raise StoreError(str(exc)) from None


class StoreBase:
    """What every part of the store shares: the engine, the transactions and what it has read
    once (each workshop's frameworks, the pairs of workshop and participant seen valid)."""

    engine: Engine
    queue: WriterQueue
    attempts: int
    _checked: set[tuple[str, str]]
    _uses: dict[str, tuple[str, ...]]
    _frameworks: dict[str, Framework] | None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(self.engine.url), self.engine.connect() as conn, conn.begin():
            yield conn

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction, retrying when another writer holds the lock.
        A database failure is raised as the :class:`StoreFailure` that explains it."""
        with translated(self.engine.url):
            for attempt in range(1, self.attempts + 1):
                try:
                    with self.queue.turn(), self.engine.connect() as conn:
                        conn.execution_options(sendreflect_write=True)
                        with conn.begin():
                            return work(conn)
                except (OperationalError, IntegrityError) as exc:
                    if attempt == self.attempts or not _retryable(exc):
                        raise
                    time.sleep(min(0.5, 0.01 * 2**attempt) * random.random())
        raise AssertionError("unreachable")
