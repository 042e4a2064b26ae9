"""Store: workshops, participants and answers in any SQLAlchemy database, with full history.

Each answer is written the moment it is given, in its own short transaction; changing an answer
adds a row to ``answer_history`` (who, when, old and new value), so nothing is overwritten without
trace. SQLite files (the default) run in WAL mode with a busy timeout; writers take turns in a
queue beside the file (``engine.WriterQueue``), take the lock up front (``BEGIN IMMEDIATE``) and
are retried, so many kernels can write one file at once.
PostgreSQL works through the same code (``postgresql://`` URLs use psycopg 3). Reads come as
plain records (:meth:`Store.answer_records`, a :class:`Workshop`, a :class:`Participant`) or, for
results, reports and workbooks, as pandas frames, pandas being imported only then.

The package, the only part of sendreflect that touches tables: ``schema`` (tables and
upgrades), ``records`` (what it hands out, codes), ``engine`` (connecting), ``base``
(transactions), ``workshops`` (workshops and keys), ``participants`` (joining, resume codes),
``answers`` (saving and reading answers, history), ``merge`` (workbooks in one transaction),
``programmes`` (peer review across schools: programmes, their schools, visits, mentoring),
``programme_records`` (a programme's stages, QA visits and learning, with history),
``programme_import`` (a programme's workbook brought in whole, in one transaction) and,
here, :class:`Store`, built from those parts and opening (creating or upgrading) the store: the
one way in for every read and write.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from sendreflect.dberrors import StoreError, StoreFailure, translated
from sendreflect.settings import get_settings
from sendreflect.store.answers import AnswerStore
from sendreflect.store.engine import WriterQueue, _engine_for
from sendreflect.store.programme_import import (
    ProgrammeBook,
    ProgrammeImportStore,
    ProgrammeImportSummary,
)
from sendreflect.store.programme_records import ProgrammeRecordStore
from sendreflect.store.records import (
    CODE_ALPHABET,
    KINDS,
    MIN_CODE_LENGTH,
    PUBLIC_CODES,
    AliasTaken,
    AnswerRecord,
    MergeSummary,
    Participant,
    Programme,
    ProgrammeRecord,
    ProgrammeSchool,
    UnknownProgramme,
    UnknownWorkshop,
    Workshop,
    new_resume_code,
)
from sendreflect.store.schema import (
    ANSWER_KEY,
    MIGRATIONS,
    SCHEMA_VERSION,
    meta_table,
    metadata,
    normalise_code,
    now,
)

__all__ = [
    "ANSWER_KEY",
    "CODE_ALPHABET",
    "KINDS",
    "MIGRATIONS",
    "MIN_CODE_LENGTH",
    "PUBLIC_CODES",
    "SCHEMA_VERSION",
    "AliasTaken",
    "AnswerRecord",
    "MergeSummary",
    "Participant",
    "Programme",
    "ProgrammeBook",
    "ProgrammeImportSummary",
    "ProgrammeRecord",
    "ProgrammeSchool",
    "Store",
    "StoreError",
    "StoreFailure",
    "UnknownProgramme",
    "UnknownWorkshop",
    "Workshop",
    "new_resume_code",
    "normalise_code",
    "now",
]


class Store(AnswerStore, ProgrammeRecordStore, ProgrammeImportStore):
    """A sendreflect store at a SQLAlchemy URL (default: ``SENDREFLECT_DB`` or the SQLite file)."""

    def __init__(
        self, url: str | None = None, *, attempts: int = 20, busy_timeout: float = 30
    ) -> None:
        """Open the store; ``attempts`` writes and ``busy_timeout`` seconds (SQLite) are how
        long a write waits for another writer before the store reports it busy."""
        self.url = url or get_settings().db_url
        self.engine = _engine_for(self.url, busy_timeout)
        self.queue = WriterQueue.for_url(self.url)
        self.attempts = attempts
        self._checked = set()  # (workshop, participant) pairs seen valid
        self._uses = {}  # each workshop's frameworks, once read
        self._frameworks = None
        self._open()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()
        self.queue.close()

    # -- schema --------------------------------------------------------------------------------

    def _open(self) -> None:
        with translated(self.engine.url):
            tables = set(sa.inspect(self.engine).get_table_names())
        if not tables:

            def create(conn: Connection) -> None:
                metadata.create_all(conn)
                conn.execute(
                    meta_table.insert().values(key="schema_version", value=str(SCHEMA_VERSION))
                )

            # Another process may create the store at the same moment; then use theirs.
            try:
                self.write(create)
            except (IntegrityError, StoreFailure):
                with translated(self.engine.url):
                    if meta_table.name not in sa.inspect(self.engine).get_table_names():
                        raise
            return
        if meta_table.name not in tables:
            raise StoreError(
                f"{self!r} already holds other tables and is not a sendreflect store; "
                "point SENDREFLECT_DB at a new file or an empty database."
            )
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"this store was written by a newer sendreflect (store version {version}; this "
                f"one reads up to {SCHEMA_VERSION}). Upgrade with: pip install -U sendreflect"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def schema_version(self) -> int:
        with self._read() as conn:
            value = conn.scalar(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            )
        return int(value or 0)

    def _migrate(self, version: int) -> None:
        steps = MIGRATIONS
        while version < SCHEMA_VERSION:
            if version not in steps:
                raise StoreError(
                    f"this store is at version {version}, which this sendreflect cannot upgrade; "
                    "export it with the sendreflect that made it and import the workbook here."
                )
            step = steps[version]

            def run(
                conn: Connection,
                step: Callable[[Connection], None] = step,
                target: int = version + 1,
            ) -> None:
                step(conn)
                conn.execute(
                    meta_table.update()
                    .where(meta_table.c.key == "schema_version")
                    .values(value=str(target))
                )

            self.write(run)
            version += 1
