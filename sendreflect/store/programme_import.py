"""Bringing a whole programme into the store from its workbook, in one transaction: the
programme, its schools, its records and their history, and every workshop it points at (each
school's self-evaluation and peer visit, merged as a workshop's workbook is). All of it is
written, or nothing.

This module owns the refusals that depend on what the store already holds: a programme whose
code is taken, or a workshop, change or participant of the workbook already kept here. The
records themselves arrive checked (``sendreflect.workbook.programme`` checks a file whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect.dberrors import StoreError
from sendreflect.responses import dump_value
from sendreflect.store.base import StoreBase
from sendreflect.store.merge import CHUNK, _merge
from sendreflect.store.schema import (
    programme_history_table,
    programme_record_table,
    programme_school_table,
    programme_table,
    workshop_table,
)
from sendreflect.validate.book import Book


@dataclass(frozen=True)
class ProgrammeBook:
    """A programme's whole record set, every record checked and in canonical form: the
    programme, its schools (without the programme's code), its records and their history, and
    each of its workshops as a checked :class:`Book`."""

    programme: dict[str, Any]
    schools: list[dict[str, Any]]
    records: list[dict[str, Any]]
    history: list[dict[str, Any]]
    workshops: list[Book]


@dataclass(frozen=True)
class ProgrammeImportSummary:
    """What bringing a programme in wrote."""

    code: str
    schools: int
    workshops: int
    answers: int
    records: int

    def __str__(self) -> str:
        return (
            f"Programme {self.code}: {self.schools} school(s), {self.workshops} workshop(s) with "
            f"{self.answers} answer(s), and {self.records} programme record(s) brought in."
        )


def _taken(conn: Connection, column: sa.Column, values: list[str]) -> list[str]:
    """Which of ``values`` the column already holds, in order."""
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found |= set(conn.scalars(sa.select(column).where(column.in_(chunk))))
    return sorted(found)


def _check_new(conn: Connection, book: ProgrammeBook) -> None:
    """Refuse, before anything is written, a programme or workshop this store already holds."""
    code = book.programme["code"]
    held = conn.execute(sa.select(programme_table).where(programme_table.c.code == code)).first()
    if held is not None:
        raise StoreError(
            f"programme {code} ({held.name}) is already in this store, and a programme workbook "
            "only brings a programme in new. Import it into another store, or keep working on "
            "the programme already here."
        )
    if _taken(conn, workshop_table.c.code, [code]):
        raise StoreError(
            f"this store has a workshop with the code {code}, the programme's code; import the "
            "programme into another store."
        )
    clash = _taken(conn, workshop_table.c.code, [b.workshop["code"] for b in book.workshops])
    if clash:
        held = conn.execute(
            sa.select(workshop_table).where(workshop_table.c.code == clash[0])
        ).one()
        raise StoreError(
            f"this store already has a workshop {clash[0]} ({held.school}, {held.round}), and a "
            "programme workbook brings its schools' workshops in new. Import the programme into "
            "a store without that workshop."
        )
    changes = _taken(conn, programme_history_table.c.id, [h["id"] for h in book.history])
    if changes:
        raise StoreError(
            f"a change in this workbook ({changes[0]}) belongs to another programme in this "
            "store, so it cannot be brought in; export the programme again from where it was made."
        )


def _import(conn: Connection, book: ProgrammeBook) -> ProgrammeImportSummary:
    _check_new(conn, book)
    code = book.programme["code"]
    conn.execute(programme_table.insert().values(**book.programme))
    answers = 0
    for workshop in book.workshops:
        answers += _merge(conn, workshop, into_existing=False, solo=False).answers_written
    if book.schools:
        conn.execute(
            programme_school_table.insert(),
            [{**school, "programme_code": code} for school in book.schools],
        )
    if book.records:
        conn.execute(
            programme_record_table.insert(),
            [{**r, "programme_code": code, "value": dump_value(r["value"])} for r in book.records],
        )
    if book.history:
        conn.execute(
            programme_history_table.insert(),
            [
                {
                    **h,
                    "programme_code": code,
                    "old_value": dump_value(h["old_value"]),
                    "new_value": dump_value(h["new_value"]),
                }
                for h in book.history
            ],
        )
    return ProgrammeImportSummary(
        code, len(book.schools), len(book.workshops), answers, len(book.records)
    )


class ProgrammeImportStore(StoreBase):
    """A programme brought in whole from its workbook."""

    def import_programme(self, book: ProgrammeBook) -> ProgrammeImportSummary:
        """Write a checked programme (see ``sendreflect.workbook.programme``) in one
        transaction: all of it, or nothing. A programme already here, or any of its workshops,
        is refused with a :class:`StoreError` saying what to do instead."""
        if not isinstance(book, ProgrammeBook):
            raise StoreError("a programme is brought in from a checked programme workbook")
        summary = self.write(lambda conn: _import(conn, book))
        for workshop in book.workshops:
            self._uses.pop(workshop.workshop["code"], None)
        return summary
