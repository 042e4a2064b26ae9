"""The checks of a programme workbook's records, before anything reaches the store: the
programme, its schools (one coach per triad, a triad in one cohort, a school once), its records
(known stages, QA markers 1 to 4, a triad of the programme) and their history, and each
workshop it carries, checked as a workshop's workbook is, then how they point at each other
(every school's self-evaluation and visit present, every visit's host a school of the
programme).

This module owns the rules a programme's record set keeps and the words naming the entry that
breaks one; each refusal is a :class:`sendreflect.validate.Invalid`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sendreflect import peer
from sendreflect.frameworks import Framework
from sendreflect.store import ProgrammeBook
from sendreflect.store.programmes import MAX_GROUP, MAX_PROGRAMME_NAME
from sendreflect.validate import (
    Invalid,
    check_code,
    check_id,
    check_name,
    check_text,
    check_timestamp,
)
from sendreflect.validate.book import Book, check_book
from sendreflect.workbook.model import WorkbookFile

MAX_SCHOOLS = 500
MAX_RECORDS = 10_000
MAX_HISTORY = 100_000


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProgrammeEntry(_Record):
    code: str = Field(min_length=1, max_length=32)
    name: str
    framework: str
    lead: str = ""
    created_at: str


class SchoolEntry(_Record):
    school_id: str
    school: str
    cohort: str
    triad: str
    coach: bool = Field(default=False, strict=True)
    self_code: str
    visit_code: str | None = None


class RecordEntry(_Record):
    scope: str
    kind: str
    item_id: str
    value: Any
    updated_at: str
    updated_by: str


class ChangeEntry(_Record):
    id: str
    scope: str
    kind: str
    item_id: str
    old_value: Any
    new_value: Any
    changed_at: str
    changed_by: str


class ProgrammeFile(_Record):
    format: str
    version: int
    exported_at: str
    exported_by: str = ""
    programme: ProgrammeEntry
    schools: list[SchoolEntry] = Field(max_length=MAX_SCHOOLS)
    records: list[RecordEntry] = Field(max_length=MAX_RECORDS)
    history: list[ChangeEntry] = Field(max_length=MAX_HISTORY)
    workshops: list[dict[str, Any]] = Field(max_length=2 * MAX_SCHOOLS)


def _at(where: str, exc: Invalid | ValidationError) -> Invalid:
    if isinstance(exc, ValidationError):
        first = exc.errors(include_url=False)[0]
        path = " > ".join(str(p) for p in first["loc"])[:200]
        text = first["msg"].removeprefix("Value error, ")[:300]
        return Invalid(f"{where}: {path}: {text}" if path else f"{where}: {text}")
    return Invalid(f"{where}: {exc}")


def _check_programme(
    entry: ProgrammeEntry, library: Mapping[str, Framework], now: dt.datetime
) -> dict[str, Any]:
    framework = entry.framework
    if framework not in library or library[framework].kind != "continuum":
        continua = ", ".join(f.id for f in library.values() if f.kind == "continuum")
        raise Invalid(
            f"its framework '{framework[:64]}' is not a continuum framework this sendreflect "
            f"knows (it knows: {continua}); add that framework here first"
        )
    return {
        "code": check_code(entry.code, "the programme's code"),
        "name": check_text(
            entry.name, "the programme's name", limit=MAX_PROGRAMME_NAME, required=True
        ).strip(),
        "framework": framework,
        "lead": check_name(entry.lead, "the lead", required=False),
        "created_at": check_timestamp(entry.created_at, "when it was created", now=now),
    }


def _group(value: str, what: str) -> str:
    name = check_text(value, what, limit=MAX_GROUP, required=True).strip()
    if name == peer.ALL_TRIADS:
        raise Invalid(f"{what} needs a name of its own ('*' stands for the whole programme)")
    return name


def _check_school(entry: SchoolEntry) -> dict[str, Any]:
    visit = entry.visit_code
    return {
        "school_id": check_id(entry.school_id, "the school's id"),
        "school": check_name(entry.school, "the school's name"),
        "cohort": _group(entry.cohort, "the cohort"),
        "triad": _group(entry.triad, "the triad"),
        "coach": entry.coach,
        "self_code": check_code(entry.self_code, "its self-evaluation's code"),
        "visit_code": None if visit is None else check_code(visit, "its peer visit's code"),
    }


def _place(school: dict[str, Any], placed: list[dict[str, Any]]) -> None:
    """Refuse a school that breaks a rule of the programme's triads, given those before it."""
    for other in placed:
        if other["school_id"] == school["school_id"]:
            raise Invalid(f"its id '{school['school_id']}' is also {other['school']}'s")
        if other["school"].casefold() == school["school"].casefold():
            raise Invalid(
                f"it is {other['school']} again; a school joins a programme once, so list it once"
            )
        if other["triad"] == school["triad"] and other["cohort"] != school["cohort"]:
            raise Invalid(
                f"triad {school['triad']} is in cohort {other['cohort']} (with "
                f"{other['school']}), not {school['cohort']}; a triad lies in one cohort"
            )
        if school["coach"] and other["coach"] and other["triad"] == school["triad"]:
            raise Invalid(
                f"triad {school['triad']} already has a coach school, {other['school']}; a triad "
                "has one coach, so mark only one of them as the coach"
            )
    codes = {o["self_code"] for o in placed} | {o["visit_code"] for o in placed}
    for code in (school["self_code"], school["visit_code"]):
        if code is not None and code in codes:
            raise Invalid(f"its workshop {code} is another school's too")


def check_schools(entries: list[SchoolEntry]) -> list[dict[str, Any]]:
    placed: list[dict[str, Any]] = []
    for number, entry in enumerate(entries, 1):
        try:
            school = _check_school(entry)
            _place(school, placed)
        except Invalid as exc:
            raise _at(f"school {number} ({entry.school[:60]})", exc) from None
        placed.append(school)
    return placed


def _check_key(kind: str, scope: str, item_id: str, triads: list[str]) -> tuple[str, str, str]:
    kind, scope, item_id = peer.check_record_key(kind, scope, item_id)
    if scope != peer.ALL_TRIADS and scope not in triads:
        whole = " or '*' for the whole programme" if kind == "stage" else ""
        raise Invalid(
            f"there is no triad '{scope[:60]}' in this programme (its triads are "
            f"{', '.join(triads) or 'none'}); name one{whole}"
        )
    return kind, scope, item_id


def _record_name(entry: RecordEntry) -> str:
    """A record as a refusal names it: "stage visit for triad A", "the QA record of triad A"."""
    where = "the whole programme" if entry.scope == peer.ALL_TRIADS else f"triad {entry.scope}"
    where = where[:70]
    if entry.kind == "qa":
        return f"the quality-assurance record of {where}"
    if entry.kind == "learning":
        return f"the celebration record of {where}"
    return f"{entry.kind[:20]} {entry.item_id[:40]} for {where}"


def check_records(
    entries: list[RecordEntry], triads: list[str], now: dt.datetime
) -> list[dict[str, Any]]:
    records, keys = [], set()
    for number, entry in enumerate(entries, 1):
        try:
            kind, scope, item_id = _check_key(entry.kind, entry.scope, entry.item_id, triads)
            if (scope, kind, item_id) in keys:
                raise Invalid("the same record appears twice")
            value = peer.validate_record(kind, entry.value)
            if value is None:
                raise Invalid("it holds no value (a cleared record is left out of a workbook)")
            records.append(
                {
                    "scope": scope,
                    "kind": kind,
                    "item_id": item_id,
                    "value": value,
                    "updated_at": check_timestamp(entry.updated_at, "when it was saved", now=now),
                    "updated_by": check_id(entry.updated_by, "who saved it"),
                }
            )
        except Invalid as exc:
            raise _at(f"programme record {number} ({_record_name(entry)})", exc) from None
        keys.add((scope, kind, item_id))
    return records


def check_history(
    entries: list[ChangeEntry], triads: list[str], now: dt.datetime
) -> list[dict[str, Any]]:
    changes, ids = [], set()
    for number, entry in enumerate(entries, 1):
        try:
            kind, scope, item_id = _check_key(entry.kind, entry.scope, entry.item_id, triads)
            if check_id(entry.id, "the change's id") in ids:
                raise Invalid("its id appears twice")
            changes.append(
                {
                    "id": entry.id,
                    "scope": scope,
                    "kind": kind,
                    "item_id": item_id,
                    "old_value": peer.validate_record(kind, entry.old_value),
                    "new_value": peer.validate_record(kind, entry.new_value),
                    "changed_at": check_timestamp(entry.changed_at, "when it changed", now=now),
                    "changed_by": check_id(entry.changed_by, "who changed it"),
                }
            )
        except Invalid as exc:
            raise _at(f"change {number} of the programme's records", exc) from None
        ids.add(entry.id)
    return changes


def _named(number: int, data: Any) -> str:
    """How a workshop of the workbook is named in a refusal: its place, code and school."""
    record = data.get("workshop") if isinstance(data, Mapping) else None
    if not isinstance(record, Mapping):
        return f"workshop {number}"
    kinds = {"visit": "peer visit", "team": "self-evaluation"}
    what = kinds.get(str(record.get("kind")), "workshop")
    code, school = str(record.get("code"))[:32], str(record.get("school"))[:60]
    return f"workshop {number} ({code}, {school}'s {what})"


def check_workshops(
    entries: list[dict[str, Any]], library: Mapping[str, Framework], now: dt.datetime
) -> list[Book]:
    books: list[Book] = []
    for number, data in enumerate(entries, 1):
        try:
            model = WorkbookFile.model_validate(data)
            book = check_book(model.model_dump(mode="json"), library, now=now)
        except (Invalid, ValidationError) as exc:
            raise _at(_named(number, data), exc) from None
        if any(b.workshop["code"] == book.workshop["code"] for b in books):
            raise Invalid(f"{_named(number, data)}: the workbook holds this workshop twice")
        books.append(book)
    return books


def _check_school_links(school: dict[str, Any], books: dict[str, Book], framework: str) -> None:
    own = books.get(school["self_code"])
    if own is None or own.workshop["kind"] != "team":
        raise Invalid(
            f"its self-evaluation, workshop {school['self_code']}, is not in the workbook"
        )
    if own.workshop["school"] != school["school"] or framework not in own.workshop["frameworks"]:
        raise Invalid(
            f"its self-evaluation, workshop {school['self_code']}, is for "
            f"{own.workshop['school']} on {', '.join(own.workshop['frameworks'])}, not for "
            f"{school['school']} on the programme's framework {framework}"
        )
    visit = school["visit_code"]
    if visit is None:
        return
    found = books.get(visit)
    if found is None or found.workshop["kind"] != "visit":
        raise Invalid(f"its peer visit, workshop {visit}, is not in the workbook")
    if found.workshop.get("host_code") != school["self_code"]:
        raise Invalid(
            f"its peer visit, workshop {visit}, names another host "
            f"({found.workshop.get('host_code')}), not its self-evaluation {school['self_code']}"
        )


def check_links(schools: list[dict[str, Any]], books: list[Book], framework: str) -> None:
    """Every school's workshops are in the workbook, and every workshop is a school's."""
    by_code = {b.workshop["code"]: b for b in books}
    for number, school in enumerate(schools, 1):
        try:
            _check_school_links(school, by_code, framework)
        except Invalid as exc:
            raise _at(f"school {number} ({school['school']})", exc) from None
    owned = {s["self_code"] for s in schools} | {s["visit_code"] for s in schools}
    hosts = {s["self_code"]: s["school"] for s in schools}
    for number, book in enumerate(books, 1):
        code, host = book.workshop["code"], book.workshop.get("host_code")
        where = f"workshop {number} ({code}, {book.workshop['school']})"
        if host is not None and code not in owned:
            missing = (
                f"is {hosts[host]}'s self-evaluation, but {hosts[host]} does not list this visit"
                if host in hosts
                else "is not the self-evaluation of any school in the workbook"
            )
            raise Invalid(
                f"{where}: it is a peer visit whose host, workshop {host}, {missing}; a visit "
                "travels with the school it visits"
            )
        if code not in owned:
            raise Invalid(f"{where}: it is no school's self-evaluation or peer visit")


def check_programme_book(
    entry: ProgrammeFile, library: Mapping[str, Framework], *, now: dt.datetime | None = None
) -> ProgrammeBook:
    """Check a programme workbook's records whole and return them ready for the store, or
    raise :class:`Invalid` naming the first entry that is wrong and what is wrong with it."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        programme = _check_programme(entry.programme, library, now)
    except Invalid as exc:
        raise _at("the programme", exc) from None
    schools = check_schools(entry.schools)
    triads = sorted({s["triad"] for s in schools})
    records = check_records(entry.records, triads, now)
    history = check_history(entry.history, triads, now)
    books = check_workshops(entry.workshops, library, now)
    check_links(schools, books, programme["framework"])
    return ProgrammeBook(programme, schools, records, history, books)
