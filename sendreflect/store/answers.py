"""Answers: saving one answer with its history, reading answers as plain records or tidy frames,
the history of changes, and bringing a workbook's records in (:mod:`sendreflect.store.merge`).

This module owns the ``answers`` and ``answer_history`` tables; every answer is checked by
:mod:`sendreflect.validate` before it is written. pandas is imported only when a frame is asked
for, so a participant's page, which reads its own answers as records, never loads it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import validate
from sendreflect.dberrors import StoreError
from sendreflect.frameworks import load_frameworks
from sendreflect.responses import TEAM, TEAM_ALIAS, Kind, answers_frame, dump_value
from sendreflect.store.base import _refused
from sendreflect.store.merge import _merge
from sendreflect.store.participants import ParticipantStore
from sendreflect.store.records import AnswerRecord, MergeSummary, UnknownWorkshop, Workshop
from sendreflect.store.schema import (
    _CURRENT,
    _UPDATE,
    _keyed,
    answer_table,
    history_table,
    normalise_code,
    now,
    participant_table,
)
from sendreflect.validate.book import Book, check_book

if TYPE_CHECKING:
    import pandas as pd


class AnswerStore(ParticipantStore):
    """The store's answers and their history, on top of its workshops and participants."""

    def save(
        self,
        code: str,
        subject: str,
        kind: Kind | str,
        framework: str,
        item_id: str,
        value: Any,
        *,
        by: str | None = None,
    ) -> bool:
        """Save one answer now, in its own transaction. Returns whether anything changed.

        ``subject`` is a participant id or ``"team"``; ``by`` who gave it (default the subject).
        A changed answer keeps its old value in the history. ``None`` clears an answer. Every
        answer is checked first (see :mod:`sendreflect.validate`); what does not fit its
        workshop, framework, item or scale raises :class:`~sendreflect.validate.Invalid`.
        """
        key, clean, by = self._checked_answer(code, subject, kind, framework, item_id, value, by=by)
        stored = dump_value(clean)

        def write(conn: Connection) -> bool:
            current = conn.execute(_CURRENT, _keyed(key)).first()
            if current is not None and current.value == stored:
                return False
            if current is None and stored is None:
                return False
            stamp = now()
            if current is None:
                conn.execute(
                    answer_table.insert(),
                    {**key, "value": stored, "updated_at": stamp, "updated_by": by},
                )
            else:
                conn.execute(
                    _UPDATE, {**_keyed(key), "new_value": stored, "new_at": stamp, "new_by": by}
                )
            conn.execute(
                history_table.insert(),
                {
                    "id": uuid.uuid4().hex,
                    **key,
                    "old_value": current.value if current else None,
                    "new_value": stored,
                    "changed_at": stamp,
                    "changed_by": by,
                },
            )
            return True

        return self.write(write)

    def _checked_answer(
        self,
        code: str,
        subject: str,
        kind: Kind | str,
        framework: str,
        item_id: str,
        value: Any,
        *,
        by: str | None,
    ) -> tuple[dict[str, str], Any, str]:
        """An answer's key, canonical value and author, once every check has passed."""
        clean = validate.check_code(code)
        if clean not in self._uses:
            self._uses[clean] = self.workshop(clean).frameworks
        if self._frameworks is None:  # read once: a save must not scan the content folders
            self._frameworks = load_frameworks()
        checked, value = validate.check_answer(
            self._frameworks, self._uses[clean], kind, framework, item_id, value
        )
        subject = validate.check_subject(checked, subject)
        by = validate.check_by(by or subject)
        for person in {subject, by} - {TEAM, validate.FACILITATOR}:
            self._check_subject(clean, person)
        key = {
            "workshop_code": clean,
            "subject": subject,
            "kind": checked.value,
            "framework": framework,
            "item_id": item_id,
        }
        return key, value, by

    def _check_subject(self, code: str, subject: str) -> None:
        if (code, subject) in self._checked:
            return
        participant = self.participant(subject)
        if participant.workshop_code != code:
            raise StoreError("that participant belongs to another workshop; join this one first")
        self._checked.add((code, subject))

    def answers(
        self, code: str, *, subject: str | None = None, include_cleared: bool = False
    ) -> pd.DataFrame:
        """The workshop's answers as a tidy frame (see ``responses.ANSWER_COLUMNS``); with
        ``subject``, only that participant's. Builds a pandas frame: a participant's page reads
        :meth:`answer_records` instead."""
        subjects = None if subject is None else [subject]
        return self.answers_for([code], subjects=subjects, include_cleared=include_cleared)

    def answer_records(
        self, code: str, *, subject: str | None = None, include_cleared: bool = False
    ) -> list[AnswerRecord]:
        """The workshop's answers as plain records (no pandas), in the tidy frame's order; with
        ``subject``, only that participant's (what a participant's page reads when it opens)."""
        subjects = None if subject is None else [subject]
        return self._records([code], None, subjects, include_cleared)

    def answers_for(
        self,
        codes: Iterable[str] | None = None,
        *,
        kinds: Iterable[Kind | str] | None = None,
        subjects: Iterable[str] | None = None,
        include_cleared: bool = False,
    ) -> pd.DataFrame:
        """Many workshops' answers (all when ``codes`` is None) in one query, as one tidy frame;
        ``kinds`` and ``subjects`` keep only those kinds and whose answers they are. A local
        authority's overview reads this once."""
        records = self._records(codes, kinds, subjects, include_cleared)
        return answers_frame([r._asdict() for r in records])

    def _records(
        self,
        codes: Iterable[str] | None,
        kinds: Iterable[Kind | str] | None,
        subjects: Iterable[str] | None,
        include_cleared: bool,
    ) -> list[AnswerRecord]:
        """The answers :meth:`answers_for` describes, as records sorted as its frame is."""
        query = sa.select(
            answer_table, participant_table.c.alias, participant_table.c.role
        ).select_from(
            answer_table.outerjoin(
                participant_table, participant_table.c.id == answer_table.c.subject
            )
        )
        if codes is not None:
            query = query.where(
                answer_table.c.workshop_code.in_([normalise_code(c) for c in codes])
            )
        if kinds is not None:
            query = query.where(answer_table.c.kind.in_([Kind(k).value for k in kinds]))
        if subjects is not None:
            query = query.where(answer_table.c.subject.in_(list(subjects)))
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        records = []
        for r in rows:
            # A row that did not come through save or merge (a damaged file, a hand edit) is
            # read past, so it can never make a workshop unreadable.
            readable = validate.readable_answer(r["kind"], r["value"], r["updated_at"])
            if readable is None or (readable[0] is None and not include_cleared):
                continue
            team = r["subject"] == TEAM
            records.append(
                AnswerRecord(
                    workshop=r["workshop_code"],
                    subject=r["subject"],
                    alias=TEAM_ALIAS if team else r["alias"] or "",
                    role=r["role"] or "",
                    kind=r["kind"],
                    framework=r["framework"],
                    item_id=r["item_id"],
                    value=readable[0],
                    updated_at=readable[1],
                    updated_by=r["updated_by"],
                )
            )
        return sorted(records, key=lambda a: (a.kind, a.framework, a.item_id, a.alias))

    def activity(self, code: str) -> tuple[int, str, int]:
        """How many answers and participants a workshop has, and when an answer last changed:
        one cheap query, for views that poll to see whether anything is new."""
        clean = normalise_code(code)
        people = (
            sa.select(sa.func.count())
            .where(participant_table.c.workshop_code == clean)
            .scalar_subquery()
        )
        query = sa.select(
            sa.func.count(answer_table.c.value), sa.func.max(answer_table.c.updated_at), people
        ).where(answer_table.c.workshop_code == clean)
        with self._read() as conn:
            count, latest, joined = conn.execute(query).one()
        return int(count), latest or "", int(joined)

    def previous_answers(self, workshop: Workshop) -> pd.DataFrame | None:
        """The answers of the workshop's earlier round, if it names one held in this store."""
        earlier = self._earlier(workshop)
        return None if earlier is None else self.answers(earlier.code)

    def previous_records(self, workshop: Workshop) -> list[AnswerRecord] | None:
        """:meth:`previous_answers` as plain records (no pandas)."""
        earlier = self._earlier(workshop)
        return None if earlier is None else self.answer_records(earlier.code)

    def _earlier(self, workshop: Workshop) -> Workshop | None:
        if not workshop.previous_code or workshop.kind == "solo":
            return None
        try:
            earlier = self.workshop(workshop.previous_code)
        except UnknownWorkshop:
            return None
        if earlier.kind != workshop.kind:  # a team's round never reads a solo one, or back
            return None
        return earlier

    def history(self, code: str) -> pd.DataFrame:
        """Every change ever made to the workshop's answers, oldest first."""
        import pandas as pd

        clean = normalise_code(code)
        query = (
            sa.select(history_table)
            .where(history_table.c.workshop_code == clean)
            .order_by(history_table.c.changed_at, history_table.c.id)
        )
        with self._read() as conn:
            rows = []
            for r in conn.execute(query).mappings():
                old = validate.readable_answer(r["kind"], r["old_value"], r["changed_at"])
                new = validate.readable_answer(r["kind"], r["new_value"], r["changed_at"])
                if old is not None and new is not None:  # else a damaged row: read past it
                    rows.append({**r, "old_value": old[0], "new_value": new[0]})
        frame = pd.DataFrame(rows, columns=[c.name for c in history_table.columns])
        for column in ("old_value", "new_value"):
            frame[column] = pd.Series([r[column] for r in rows], index=frame.index, dtype=object)
        return frame

    def merge(self, book: Any, *, into_existing: bool = True, solo: bool = False) -> MergeSummary:
        """Bring a workshop's records into the store in one transaction: all of it, or nothing.

        ``book`` is a validated workbook (anything with ``model_dump``), plain data (a mapping
        with ``workshop``, ``participants``, ``answers`` and ``history``, as a JSON workbook
        holds them) or a :class:`Book` that :func:`check_book` returned.
        Anything else is checked here by :func:`check_book`; whatever is wrong raises
        :class:`StoreError` naming it, and nothing is written. Merging the same records twice
        changes nothing; of two versions of an answer the newer is kept, and no timestamp may
        be later than now. ``into_existing=False`` refuses a workbook whose workshop is
        already in the store; ``solo`` (the solo page, which anyone may open) creates or opens
        only the workbook's own solo reflection (see ``_check_solo``).
        """
        if isinstance(book, Book):  # made by check_book just now (import_workbook)
            checked = book
        else:
            data = book.model_dump(mode="json") if hasattr(book, "model_dump") else book
            with _refused():
                checked = check_book(data, load_frameworks())
        summary = self.write(lambda conn: _merge(conn, checked, into_existing, solo))
        self._uses.pop(summary.code, None)
        return summary

    def new_action_id(self) -> str:
        """A fresh id for an action in the plan."""
        return "action." + uuid.uuid4().hex[:12]
