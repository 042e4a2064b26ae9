"""Programmes of peer review across schools: a local authority's or trust's schools in cohorts
and triads (one coach school per triad), each school's self-evaluation (an ordinary team
workshop) and peer visit (a workshop of kind "visit" naming its host), and a school's mentoring
after inspection (a workshop of kind "mentoring"). The programme's own records are in
``programme_records``.

This module owns the ``programmes`` and ``programme_schools`` tables. Whoever holds the store's
key runs a programme: there is no new key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sendreflect import peer, validate
from sendreflect.dberrors import StoreError
from sendreflect.frameworks import PACK, continua, load_frameworks
from sendreflect.store.base import _refused, claim_code
from sendreflect.store.records import (
    Programme,
    ProgrammeSchool,
    UnknownProgramme,
    Workshop,
    _chosen_code,
)
from sendreflect.store.schema import (
    normalise_code,
    now,
    programme_school_table,
    programme_table,
    workshop_table,
)
from sendreflect.store.workshops import WorkshopStore, _insert_workshop, _workshop_row

VISIT_FRAMEWORK = "peer_visit"
"""The discussion framework of a peer visit's solutions-focused prompts (sendreflect's own)."""
MENTORING_FRAMEWORK = "peer_mentoring"
"""The discussion framework a school's mentoring after inspection runs beside its continuum."""
MENTORING_ROUND = "Peer mentoring after inspection"
WHOLE_PROGRAMME = peer.ALL_TRIADS
"""The scope of a stage that is the whole programme's rather than one triad's."""
MAX_PROGRAMME_NAME = 120
"""A programme's name, short enough that its workshops' rounds ("<name>: peer visit") fit."""
MAX_GROUP = 60
"""A cohort's or triad's name."""


def school_id_for(school: str) -> str:
    """The id a school is known by in its programme: its name in lower-case letters, digits and
    dashes ("St Mary's C of E" → "st-marys-c-of-e"), easy to type on the command line."""
    plain = unicodedata.normalize("NFKD", school).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "").lower()).strip("-")
    return slug[:32].rstrip("-") or "school"


def _continuum(framework: str | None) -> str:
    """A continuum framework's id (``None``: the pack), or a StoreError naming the choices."""
    chosen = framework or PACK
    choices = continua(load_frameworks())
    if chosen not in choices:
        raise StoreError(
            f"'{chosen}' is not a continuum framework; schools are placed on one of: "
            f"{', '.join(choices)}"
        )
    return chosen


def _group(value: Any, what: str) -> str:
    """A cohort's or triad's name: plain text, stripped, never empty, never "*"."""
    with _refused():
        name = validate.check_text(value, what, limit=MAX_GROUP, required=True).strip()
    if name == WHOLE_PROGRAMME:
        raise StoreError(f"{what} needs a name ('*' stands for the whole programme)")
    return name


def _spelt_as(name: str, known: list[str]) -> str:
    """``name`` as an existing cohort or triad spells it ("triad a" joins "Triad A")."""
    return next((k for k in known if k.casefold() == name.casefold()), name)


def _school(row: sa.Row) -> ProgrammeSchool:
    data = dict(row._mapping)
    data["coach"] = bool(data["coach"])
    return ProgrammeSchool(**data)


def _unknown_programme(code: str) -> UnknownProgramme:
    return UnknownProgramme(
        f"there is no programme with the code '{code}'. Check the code; "
        "'sendreflect programme list' shows the programmes in this store."
    )


def _checked_school(
    schools: list[ProgrammeSchool], school: str, cohort: str, triad: str, coach: bool
) -> tuple[str, str]:
    """Refuse a school already in the programme, a triad in another cohort or a second coach;
    returns the cohort and triad as the programme already spells them."""
    for other in schools:
        if other.school.casefold() == school.casefold():
            raise StoreError(
                f"{other.school} is already in this programme (cohort {other.cohort}, triad "
                f"{other.triad}); a school joins a programme once."
            )
    cohort = _spelt_as(cohort, [s.cohort for s in schools])
    triad = _spelt_as(triad, [s.triad for s in schools])
    for other in schools:
        if other.triad == triad and other.cohort != cohort:
            raise StoreError(
                f"triad {triad} is in cohort {other.cohort}; add {school} to cohort "
                f"{other.cohort}, or name a new triad for cohort {cohort}."
            )
        if coach and other.triad == triad and other.coach:
            raise StoreError(
                f"triad {triad} already has a coach school, {other.school}; a triad has one. "
                f"Add {school} without the coach role."
            )
    return cohort, triad


def _free_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    return next(f"{wanted}-{n}" for n in range(2, len(taken) + 3) if f"{wanted}-{n}" not in taken)


class ProgrammeStore(WorkshopStore):
    """Programmes of peer review, their schools, visits and records; mentoring after inspection."""

    def create_programme(
        self, name: str, *, lead: str = "", framework: str | None = None, code: str | None = None
    ) -> Programme:
        """Start a programme; its code is made up unless one is given (never a workshop's)."""
        with _refused():
            name = validate.check_text(
                name, "the programme's name", limit=MAX_PROGRAMME_NAME, required=True
            ).strip()
            lead = validate.check_name(lead, "the lead", required=False)
        row = {"name": name, "framework": _continuum(framework), "lead": lead, "created_at": now()}
        wanted = _chosen_code(code)

        def insert(conn: Connection) -> str:
            return claim_code(conn, programme_table, row, wanted, unique_across=(workshop_table,))

        return self.programme(self.write(insert))

    def programme(self, code: str) -> Programme:
        """The programme with this code, or :class:`UnknownProgramme` saying what to do."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(programme_table).where(programme_table.c.code == normalise_code(code))
            ).first()
        if row is None:
            raise _unknown_programme(code)
        return Programme(**row._mapping)

    def programmes(self) -> list[Programme]:
        """Every programme in the store, the newest first."""
        query = sa.select(programme_table).order_by(
            programme_table.c.created_at.desc(), programme_table.c.code
        )
        with self._read() as conn:
            return [Programme(**row._mapping) for row in conn.execute(query)]

    def add_school(
        self, programme_code: str, school: str, *, cohort: str, triad: str, coach: bool = False
    ) -> ProgrammeSchool:
        """Add a school to a programme's cohort and triad, and make its self-evaluation: a team
        workshop on the programme's continuum, round "<programme>: self-evaluation". A school
        joins a programme once, a triad lies in one cohort and has one coach school."""
        programme = self.programme(programme_code)
        with _refused():
            school = validate.check_name(school, "the school's name")
        cohort, triad = _group(cohort, "the cohort"), _group(triad, "the triad")
        workshop = _workshop_row(
            school, f"{programme.name}: self-evaluation", [programme.framework]
        )

        def add(conn: Connection) -> ProgrammeSchool:
            # One school added at a time per programme (PostgreSQL locks its row; SQLite's
            # writes take the whole file), so two coaches never slip into one triad together.
            conn.execute(
                sa.select(programme_table.c.code)
                .where(programme_table.c.code == programme.code)
                .with_for_update()
            )
            schools = self._schools(conn, programme.code)
            placed = _checked_school(schools, school, cohort, triad, coach)
            self_code = _insert_workshop(conn, workshop)
            added = ProgrammeSchool(
                programme_code=programme.code,
                school_id=_free_id(school_id_for(school), {s.school_id for s in schools}),
                school=school,
                cohort=placed[0],
                triad=placed[1],
                coach=coach,
                self_code=self_code,
            )
            conn.execute(programme_school_table.insert().values(**asdict(added)))
            return added

        return self.write(add)

    def programme_schools(self, programme_code: str) -> list[ProgrammeSchool]:
        """A programme's schools by cohort, then triad, the coach first, then by name."""
        code = self.programme(programme_code).code
        with self._read() as conn:
            return self._schools(conn, code)

    def school_of(self, workshop_code: str) -> ProgrammeSchool | None:
        """The programme school whose self-evaluation or peer visit this workshop is."""
        clean = normalise_code(workshop_code)
        schools = programme_school_table
        with self._read() as conn:
            row = conn.execute(
                sa.select(schools).where(
                    sa.or_(schools.c.self_code == clean, schools.c.visit_code == clean)
                )
            ).first()
        return None if row is None else _school(row)

    @staticmethod
    def _schools(conn: Connection, code: str) -> list[ProgrammeSchool]:
        rows = conn.execute(
            sa.select(programme_school_table).where(programme_school_table.c.programme_code == code)
        )
        return sorted(
            (_school(row) for row in rows),
            key=lambda s: (s.cohort.casefold(), s.triad.casefold(), not s.coach, s.school),
        )

    def open_visit(self, programme_code: str, school_id: str) -> Workshop:
        """The school's peer visit (kind "visit", round "<programme>: peer visit", hosted by its
        self-evaluation), opened on the first call; later calls return the same workshop."""
        programme = self.programme(programme_code)
        schools = programme_school_table

        def open_(conn: Connection) -> str:
            row = conn.execute(
                sa.select(schools)
                .where(schools.c.programme_code == programme.code)
                .where(schools.c.school_id == school_id)
                .with_for_update()
            ).first()
            if row is None:
                known = ", ".join(s.school_id for s in self._schools(conn, programme.code))
                raise StoreError(
                    f"programme {programme.code} has no school '{school_id}'; "
                    + (f"its schools are: {known}." if known else "add its schools first.")
                )
            if row.visit_code:
                return row.visit_code
            frameworks = [programme.framework, VISIT_FRAMEWORK]
            visit = _workshop_row(
                row.school, f"{programme.name}: peer visit", frameworks, None, "visit"
            )
            code = _insert_workshop(conn, {**visit, "host_code": row.self_code})
            conn.execute(
                schools.update()
                .where(schools.c.programme_code == programme.code)
                .where(schools.c.school_id == school_id)
                .values(visit_code=code)
            )
            return code

        return self.workshop(self.write(open_))

    def visit_of(self, self_code: str) -> Workshop | None:
        """The peer visit hosted by this self-evaluation, if one has been opened."""
        query = (
            sa.select(workshop_table)
            .where(workshop_table.c.host_code == normalise_code(self_code))
            .where(workshop_table.c.kind == "visit")
            .order_by(workshop_table.c.created_at)
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        return None if row is None else Workshop.from_row(row)

    def start_mentoring(
        self, school: str, *, round: str = MENTORING_ROUND, framework: str | None = None
    ) -> Workshop:
        """A school's mentoring after inspection: a workshop of kind "mentoring" on its continuum
        framework (the pack unless named) and ``peer_mentoring``, kept out of the workshop list."""
        frameworks = [_continuum(framework), MENTORING_FRAMEWORK]
        return self.create_workshop(school, round, frameworks, kind="mentoring")
