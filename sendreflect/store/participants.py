"""Participants: joining a workshop under an alias, carrying on with a resume code, starting a
solo reflection, and reading who took part.

This module owns the ``participants`` table and each person's resume code (kept only as a hash).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import validate
from sendreflect.dberrors import StoreError
from sendreflect.responses import ROLES
from sendreflect.store.base import _refused, _unknown
from sendreflect.store.records import (
    AliasTaken,
    Participant,
    Workshop,
    _hash_secret,
    _secret_matches,
    new_resume_code,
)
from sendreflect.store.schema import normalise_code, now, participant_table
from sendreflect.store.workshops import WorkshopStore

if TYPE_CHECKING:
    import pandas as pd

SOLO_ALIAS = "Me"
"""The one participant of a solo reflection."""


def alias_key(alias: str) -> str:
    """What makes two aliases the same to the people reading them: case and look-alike forms
    (NFKC) folded, so "ash" or a full-width "Ａｓｈ" cannot stand beside "Ash"."""
    return unicodedata.normalize("NFKC", alias).casefold()


class ParticipantStore(WorkshopStore):
    """The store's participants, on top of its workshops."""

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
                    participant_table.c.id,
                    participant_table.c.alias,
                    participant_table.c.secret_hash,
                ).where(participant_table.c.workshop_code == workshop.code)
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
                participant_table.insert().values(
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
                sa.select(participant_table.c.secret_hash).where(
                    participant_table.c.id == participant_id
                )
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
                participant_table.update()
                .where(participant_table.c.id == participant_id)
                .values(secret_hash=_hash_secret(fresh))
            )
        )
        return replace(self.participant(participant_id), resume_code=fresh)

    def participant(self, participant_id: str) -> Participant:
        with self._read() as conn:
            row = conn.execute(
                sa.select(participant_table).where(participant_table.c.id == participant_id)
            ).first()
        if row is None:
            raise StoreError("that participant is not in this store; join the workshop again")
        data = dict(row._mapping)
        data.pop("secret_hash", None)
        return Participant(**data)

    def participants(self, code: str) -> pd.DataFrame:
        """The workshop's participants: id, alias, role, school, joined_at."""
        import pandas as pd

        clean = normalise_code(code)
        query = (
            sa.select(
                participant_table.c.id,
                participant_table.c.alias,
                participant_table.c.role,
                participant_table.c.school,
                participant_table.c.joined_at,
            )
            .where(participant_table.c.workshop_code == clean)
            .order_by(participant_table.c.joined_at)
        )
        with self._read() as conn:
            return pd.DataFrame(
                conn.execute(query).mappings().all(),
                columns=["id", "alias", "role", "school", "joined_at"],
            )
