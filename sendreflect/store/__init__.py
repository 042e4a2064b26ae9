"""Store: workshops, participants and answers in any SQLAlchemy database, with full history.

Each answer is written the moment it is given, in its own short transaction; changing an answer
adds a row to ``answer_history`` (who, when, old and new value), so nothing is overwritten without
trace. SQLite files (the default) run in WAL mode with a busy timeout, writes take the lock up
front (``BEGIN IMMEDIATE``) and are retried, so many kernels can write one file at once.
PostgreSQL works through the same code (``postgresql://`` URLs use psycopg 3).

The package: ``schema`` (tables and upgrades), ``records`` (what it hands out, codes),
``engine`` (connecting), ``merge`` (workbooks in one transaction) and, here, :class:`Store`, the
one way in for every read and write.
"""

from __future__ import annotations

import json
import random
import secrets
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from sendreflect import validate
from sendreflect.dberrors import StoreError, StoreFailure, translated
from sendreflect.frameworks import PACK, Framework, load_frameworks, with_continuum
from sendreflect.responses import ROLES, TEAM, Kind, answers_frame, dump_value
from sendreflect.settings import get_settings
from sendreflect.store.engine import _engine_for, _retryable
from sendreflect.store.merge import _check_solo_rate, _merge
from sendreflect.store.records import (
    CODE_ALPHABET,
    KINDS,
    MIN_CODE_LENGTH,
    PUBLIC_CODES,
    AliasTaken,
    MergeSummary,
    Participant,
    UnknownWorkshop,
    Workshop,
    _chosen_code,
    _hash_secret,
    _secret_matches,
    new_resume_code,
)
from sendreflect.store.schema import (
    _CURRENT,
    _UPDATE,
    ANSWER_KEY,
    MIGRATIONS,
    SCHEMA_VERSION,
    _keyed,
    answers,
    history,
    meta,
    metadata,
    normalise_code,
    now,
    participants,
    workshops,
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
    "MergeSummary",
    "Participant",
    "Store",
    "StoreError",
    "StoreFailure",
    "UnknownWorkshop",
    "Workshop",
    "new_resume_code",
    "normalise_code",
    "now",
]

T = TypeVar("T")
SOLO_ALIAS = "Me"
"""The one participant of a solo reflection."""


def _unknown(code: str) -> UnknownWorkshop:
    return UnknownWorkshop(
        f"there is no workshop with the code '{code}'. Check the code with your facilitator; "
        "codes are letters and digits, such as K7QF3M."
    )


def alias_key(alias: str) -> str:
    """What makes two aliases the same to the people reading them: case and look-alike forms
    (NFKC) folded, so "ash" or a full-width "Ａｓｈ" cannot stand beside "Ash"."""
    return unicodedata.normalize("NFKC", alias).casefold()


@contextmanager
def _refused() -> Iterator[None]:
    """Raise what validation refuses as a :class:`StoreError`."""
    try:
        yield
    except validate.Invalid as exc:
        raise StoreError(str(exc)) from None


class Store:
    """A sendreflect store at a SQLAlchemy URL (default: ``SENDREFLECT_DB`` or the SQLite file)."""

    def __init__(
        self, url: str | None = None, *, attempts: int = 20, busy_timeout: float = 30
    ) -> None:
        """Open the store; ``attempts`` writes and ``busy_timeout`` seconds (SQLite) are how
        long a write waits for another writer before the store reports it busy."""
        self.url = url or get_settings().db_url
        self.engine = _engine_for(self.url, busy_timeout)
        self.attempts = attempts
        self._checked: set[tuple[str, str]] = set()  # (workshop, participant) pairs seen valid
        self._uses: dict[str, tuple[str, ...]] = {}  # each workshop's frameworks, once read
        self._frameworks: dict[str, Framework] | None = None
        self._open()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------------

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
                    with self.engine.connect() as conn:
                        conn.execution_options(sendreflect_write=True)
                        with conn.begin():
                            return work(conn)
                except (OperationalError, IntegrityError) as exc:
                    if attempt == self.attempts or not _retryable(exc):
                        raise
                    time.sleep(min(0.5, 0.01 * 2**attempt) * random.random())
        raise AssertionError("unreachable")

    # -- schema --------------------------------------------------------------------------------

    def _open(self) -> None:
        with translated(self.engine.url):
            tables = set(sa.inspect(self.engine).get_table_names())
        if not tables:

            def create(conn: Connection) -> None:
                metadata.create_all(conn)
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))

            # Another process may create the store at the same moment; then use theirs.
            try:
                self.write(create)
            except (IntegrityError, StoreFailure):
                with translated(self.engine.url):
                    if meta.name not in sa.inspect(self.engine).get_table_names():
                        raise
            return
        if meta.name not in tables:
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
            value = conn.scalar(sa.select(meta.c.value).where(meta.c.key == "schema_version"))
        return int(value or 0)

    def facilitator_key(self) -> str:
        """The store's facilitator key (made on first use): it opens every workshop's
        facilitator view. Each workshop also has a key of its own that opens only it."""

        def ensure(conn: Connection) -> str:
            found = conn.scalar(sa.select(meta.c.value).where(meta.c.key == "facilitator_key"))
            if found:
                return found
            key = secrets.token_urlsafe(16)
            conn.execute(meta.insert().values(key="facilitator_key", value=key))
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
                    meta.update().where(meta.c.key == "facilitator_key").values(value=key)
                )
            )
            return key
        clean = self.workshop(code).code
        self.write(
            lambda conn: conn.execute(
                workshops.update().where(workshops.c.code == clean).values(facilitator_key=key)
            )
        )
        return key

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
                    meta.update().where(meta.c.key == "schema_version").values(value=str(target))
                )

            self.write(run)
            version += 1

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
        """
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
        row = {
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
        wanted = _chosen_code(code)

        def insert(conn: Connection) -> str:
            if kind == "solo":
                _check_solo_rate(conn)
            chosen = wanted or "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            exists = conn.scalar(sa.select(workshops.c.code).where(workshops.c.code == chosen))
            if exists and wanted:
                raise StoreError(f"the code {chosen} is already used; choose another")
            if exists:
                return insert(conn)
            conn.execute(workshops.insert().values(code=chosen, **row))
            return chosen

        return self.workshop(self.write(insert))

    def workshop(self, code: str) -> Workshop:
        """The workshop with this join code, or :class:`UnknownWorkshop` saying what to do."""
        clean = normalise_code(code)
        with self._read() as conn:
            row = conn.execute(sa.select(workshops).where(workshops.c.code == clean)).first()
        if row is None:
            raise _unknown(code)
        return Workshop.from_row(row)

    def workshops(self, kind: str | None = "team") -> pd.DataFrame:
        """Every workshop of ``kind`` (team workshops unless asked; ``None`` for all): code,
        school, round, status, created_at, previous_code, participants."""
        count = (
            sa.select(sa.func.count())
            .where(participants.c.workshop_code == workshops.c.code)
            .scalar_subquery()
        )
        query = sa.select(
            workshops.c.code,
            workshops.c.school,
            workshops.c.round,
            workshops.c.status,
            workshops.c.created_at,
            workshops.c.previous_code,
            count.label("participants"),
        ).order_by(workshops.c.created_at.desc())
        if kind is not None:
            query = query.where(workshops.c.kind == kind)
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
                workshops.update().where(workshops.c.code == clean).values(**changes)
            )
        )
        return self.workshop(clean)

    def delete_workshop(self, code: str) -> bool:
        """Remove a workshop with its participants, answers and history. Returns if it existed."""
        clean = normalise_code(code)

        def delete(conn: Connection) -> bool:
            conn.execute(history.delete().where(history.c.workshop_code == clean))
            conn.execute(answers.delete().where(answers.c.workshop_code == clean))
            conn.execute(participants.delete().where(participants.c.workshop_code == clean))
            return conn.execute(workshops.delete().where(workshops.c.code == clean)).rowcount > 0

        self._checked = {pair for pair in self._checked if pair[0] != clean}
        self._uses.pop(clean, None)
        return self.write(delete)

    # -- participants --------------------------------------------------------------------------

    def join(
        self, code: str, alias: str, role: str, school: str = "", *, resume_code: str = ""
    ) -> Participant:
        """Join a team workshop; returns the participant with a fresh ``resume_code``.

        An alias already taken in this workshop is that person's: with their ``resume_code`` this
        carries on as them (their role unchanged), without it :class:`AliasTaken` is raised. An
        alias that only looks like one taken ("ash", or with an invisible character) counts as
        taken. A solo reflection cannot be joined: it answers as an unknown code.
        """
        workshop = self.workshop(code)
        if workshop.kind == "solo":  # one person's own: as if there were no such code
            raise _unknown(code)
        return self._join(workshop, alias, role, school, resume_code)

    def start_solo(
        self, school: str, round: str, frameworks: Iterable[str], role: str
    ) -> Participant:
        """Start one person's solo reflection: a new solo workshop and its one participant."""
        workshop = self.create_workshop(school, round, tuple(frameworks), kind="solo")
        return self._join(workshop, SOLO_ALIAS, role, "", "")

    def _join(
        self, workshop: Workshop, alias: str, role: str, school: str, resume_code: str
    ) -> Participant:
        with _refused():
            alias = validate.check_alias(alias)
            school = validate.check_name(school, "your school", required=False)
        if role not in ROLES:
            raise StoreError(f"choose a role from: {', '.join(ROLES.values())}")
        if workshop.status != "open":
            raise StoreError(
                f"workshop {workshop.code} is closed; ask the facilitator to reopen it"
            )
        fresh = new_resume_code()

        def upsert(conn: Connection) -> tuple[str, str]:
            taken = conn.execute(
                sa.select(
                    participants.c.id, participants.c.alias, participants.c.secret_hash
                ).where(participants.c.workshop_code == workshop.code)
            ).all()
            found = next((r for r in taken if alias_key(r.alias) == alias_key(alias)), None)
            if found is not None:
                if not _secret_matches(resume_code, found.secret_hash):
                    raise AliasTaken(
                        f"someone has already joined as '{found.alias}'. If that was you, type "
                        "the resume code you were shown when you joined; otherwise choose "
                        "another alias."
                    )
                return found.id, resume_code
            new_id = uuid.uuid4().hex
            conn.execute(
                participants.insert().values(
                    id=new_id,
                    workshop_code=workshop.code,
                    alias=alias,
                    role=role,
                    school=school.strip() or workshop.school,
                    joined_at=now(),
                    secret_hash=_hash_secret(fresh),
                )
            )
            return new_id, fresh

        found_id, secret = self.write(upsert)
        return replace(self.participant(found_id), resume_code=secret)

    def resume(self, token: str) -> Participant:
        """The participant a browser remembered (``Participant.token``: id and resume code), or
        :class:`StoreError` when the token does not match: nobody carries on as someone else."""
        participant_id, _, secret = str(token).partition(".")
        with self._read() as conn:
            row = conn.execute(
                sa.select(participants.c.secret_hash).where(participants.c.id == participant_id)
            ).first()
        if row is None or not _secret_matches(secret, row.secret_hash):
            raise StoreError("this browser's saved place does not match; join the workshop again")
        return replace(self.participant(participant_id), resume_code=secret)

    def reissue_resume_code(self, participant_id: str) -> Participant:
        """Give a participant a new resume code (the old one stops working), for a person who
        has just proved they own the work, e.g. by restoring their solo workbook."""
        fresh = new_resume_code()
        self.write(
            lambda conn: conn.execute(
                participants.update()
                .where(participants.c.id == participant_id)
                .values(secret_hash=_hash_secret(fresh))
            )
        )
        return replace(self.participant(participant_id), resume_code=fresh)

    def participant(self, participant_id: str) -> Participant:
        with self._read() as conn:
            row = conn.execute(
                sa.select(participants).where(participants.c.id == participant_id)
            ).first()
        if row is None:
            raise StoreError("that participant is not in this store; join the workshop again")
        data = dict(row._mapping)
        data.pop("secret_hash", None)
        return Participant(**data)

    def participants(self, code: str) -> pd.DataFrame:
        """The workshop's participants: id, alias, role, school, joined_at."""
        clean = normalise_code(code)
        query = (
            sa.select(
                participants.c.id,
                participants.c.alias,
                participants.c.role,
                participants.c.school,
                participants.c.joined_at,
            )
            .where(participants.c.workshop_code == clean)
            .order_by(participants.c.joined_at)
        )
        with self._read() as conn:
            return pd.DataFrame(
                conn.execute(query).mappings().all(),
                columns=["id", "alias", "role", "school", "joined_at"],
            )

    # -- answers -------------------------------------------------------------------------------

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
        key, clean, by = self._checked_answer(code, subject, kind, framework, item_id, value, by)
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
                    answers.insert(),
                    {**key, "value": stored, "updated_at": stamp, "updated_by": by},
                )
            else:
                conn.execute(
                    _UPDATE, {**_keyed(key), "new_value": stored, "new_at": stamp, "new_by": by}
                )
            conn.execute(
                history.insert(),
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
        ``subject``, only that participant's (what a participant's page reads when it opens)."""
        subjects = None if subject is None else [subject]
        return self.answers_for([code], subjects=subjects, include_cleared=include_cleared)

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
        query = sa.select(answers, participants.c.alias, participants.c.role).select_from(
            answers.outerjoin(participants, participants.c.id == answers.c.subject)
        )
        if codes is not None:
            query = query.where(answers.c.workshop_code.in_([normalise_code(c) for c in codes]))
        if kinds is not None:
            query = query.where(answers.c.kind.in_([Kind(k).value for k in kinds]))
        if subjects is not None:
            query = query.where(answers.c.subject.in_(list(subjects)))
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        records = []
        for r in rows:
            # A row that did not come through save or merge (a damaged file, a hand edit) is
            # read past, so it can never make a workshop unreadable.
            readable = validate.readable_answer(r["kind"], r["value"], r["updated_at"])
            if readable is None or (readable[0] is None and not include_cleared):
                continue
            records.append(
                {
                    "workshop": r["workshop_code"],
                    "subject": r["subject"],
                    "alias": r["alias"] or ("Team" if r["subject"] == TEAM else ""),
                    "role": r["role"] or "",
                    "kind": r["kind"],
                    "framework": r["framework"],
                    "item_id": r["item_id"],
                    "value": readable[0],
                    "updated_at": readable[1],
                    "updated_by": r["updated_by"],
                }
            )
        return answers_frame(records)

    def activity(self, code: str) -> tuple[int, str, int]:
        """How many answers and participants a workshop has, and when an answer last changed:
        one cheap query, for views that poll to see whether anything is new."""
        clean = normalise_code(code)
        people = (
            sa.select(sa.func.count())
            .where(participants.c.workshop_code == clean)
            .scalar_subquery()
        )
        query = sa.select(
            sa.func.count(answers.c.value), sa.func.max(answers.c.updated_at), people
        ).where(answers.c.workshop_code == clean)
        with self._read() as conn:
            count, latest, joined = conn.execute(query).one()
        return int(count), latest or "", int(joined)

    def previous_answers(self, workshop: Workshop) -> pd.DataFrame | None:
        """The answers of the workshop's earlier round, if it names one held in this store."""
        if not workshop.previous_code or workshop.kind == "solo":
            return None
        try:
            earlier = self.workshop(workshop.previous_code)
        except UnknownWorkshop:
            return None
        if earlier.kind != workshop.kind:  # a team's round never reads a solo one, or back
            return None
        return self.answers(earlier.code)

    def history(self, code: str) -> pd.DataFrame:
        """Every change ever made to the workshop's answers, oldest first."""
        clean = normalise_code(code)
        query = (
            sa.select(history)
            .where(history.c.workshop_code == clean)
            .order_by(history.c.changed_at, history.c.id)
        )
        with self._read() as conn:
            rows = []
            for r in conn.execute(query).mappings():
                old = validate.readable_answer(r["kind"], r["old_value"], r["changed_at"])
                new = validate.readable_answer(r["kind"], r["new_value"], r["changed_at"])
                if old is not None and new is not None:  # else a damaged row: read past it
                    rows.append({**r, "old_value": old[0], "new_value": new[0]})
        frame = pd.DataFrame(rows, columns=[c.name for c in history.columns])
        for column in ("old_value", "new_value"):
            frame[column] = pd.Series([r[column] for r in rows], index=frame.index, dtype=object)
        return frame

    def merge(self, book: Any, *, into_existing: bool = True, solo: bool = False) -> MergeSummary:
        """Bring a workshop's records into the store in one transaction: all of it, or nothing.

        ``book`` is a validated workbook (anything with ``model_dump``), plain data (a mapping
        with ``workshop``, ``participants``, ``answers`` and ``history``, as a JSON workbook
        holds them) or a :class:`validate.Book` that :func:`validate.check_book` returned.
        Anything else is checked here by :func:`validate.check_book`; whatever is wrong raises
        :class:`StoreError` naming it, and nothing is written. Merging the same records twice
        changes nothing; of two versions of an answer the newer is kept, and no timestamp may
        be later than now. ``into_existing=False`` refuses a workbook whose workshop is
        already in the store; ``solo`` (the solo page, which anyone may open) creates or opens
        only the workbook's own solo reflection (see ``_check_solo``).
        """
        if isinstance(book, validate.Book):  # made by check_book just now (import_workbook)
            checked = book
        else:
            data = book.model_dump(mode="json") if hasattr(book, "model_dump") else book
            with _refused():
                checked = validate.check_book(data, load_frameworks())
        summary = self.write(lambda conn: _merge(conn, checked, into_existing, solo))
        self._uses.pop(summary.code, None)
        return summary

    def new_action_id(self) -> str:
        """A fresh id for an action in the plan."""
        return "action." + uuid.uuid4().hex[:12]
