"""A whole programme of peer review as one JSON workbook: the programme (code, name, framework,
lead), its schools (cohort, triad, coach, their workshops' codes), its records (stages, QA
visits, learning) with their history, and, nested, the workbook of every workshop it points at
(each school's self-evaluation and peer visit), so positions, answers, actions and progress
travel too.

Importing is all or nothing: the file is checked whole (size, JSON as sendreflect writes it,
every record, each nested workshop as a workshop's workbook is checked, and how they point at
each other) before :meth:`Store.import_programme` writes it in one transaction. A programme
already in the store is refused: a programme workbook only brings a programme in new.

This module owns the programme workbook's format and what its import says.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sendreflect import validate
from sendreflect.frameworks import FrameworkError
from sendreflect.settings import get_settings
from sendreflect.store import ProgrammeBook, ProgrammeImportSummary, Store, StoreError
from sendreflect.workbook.exports import workbook_data
from sendreflect.workbook.model import FORMAT, WorkbookError, known_frameworks
from sendreflect.workbook.programme_checks import ProgrammeFile, check_programme_book
from sendreflect.workbook.reading import _parse, check_size

PROGRAMME_FORMAT = "sendreflect-programme"
PROGRAMME_VERSION = 1
SIZE_FACTOR = 20
"""A programme workbook may be this many times the size of a workshop's (it carries many)."""
AGAIN = "Export the programme again from the store it came from, and import that copy."
UNCHANGED = "Nothing in this store was changed."


def programme_data(store: Store, code: str) -> dict[str, Any]:
    """The programme workbook of a programme, as plain data."""
    programme = store.programme(code)
    schools = store.programme_schools(programme.code)
    codes = [c for s in schools for c in (s.self_code, s.visit_code) if c]
    return {
        "format": PROGRAMME_FORMAT,
        "version": PROGRAMME_VERSION,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "exported_by": f"sendreflect {package_version('sendreflect')}",
        "programme": {
            "code": programme.code,
            "name": programme.name,
            "framework": programme.framework,
            "lead": programme.lead,
            "created_at": programme.created_at,
        },
        "schools": [
            {
                "school_id": s.school_id,
                "school": s.school,
                "cohort": s.cohort,
                "triad": s.triad,
                "coach": s.coach,
                "self_code": s.self_code,
                "visit_code": s.visit_code,
            }
            for s in schools
        ],
        "records": [
            {k: v for k, v in r._asdict().items() if k != "programme_code"}
            for r in store.programme_records(programme.code)
        ],
        "history": [
            {k: v for k, v in change.items() if k != "programme_code"}
            for change in store.programme_history(programme.code)
        ],
        "workshops": [workbook_data(store, c) for c in codes],
    }


def programme_to_json(store: Store, code: str) -> bytes:
    """The programme workbook as UTF-8 bytes (free text exactly as typed; JSON escapes it)."""
    return json.dumps(programme_data(store, code), ensure_ascii=False, indent=1).encode("utf-8")


def export_programme(store: Store, code: str, out: str | Path) -> Path:
    """Write a programme's workbook to ``out``."""
    out = Path(out)
    out.write_bytes(programme_to_json(store, code))
    return out


def _limit() -> int:
    return SIZE_FACTOR * get_settings().upload_limit


def _kind_of_file(payload: Any) -> None:
    """Refuse JSON that is not a programme workbook this sendreflect reads, saying what it is."""
    found = payload.get("format") if isinstance(payload, dict) else None
    if found == FORMAT:
        raise WorkbookError(
            "this is one workshop's workbook, not a programme's; bring it in with "
            "'sendreflect import FILE', or choose the programme's workbook."
        )
    if found != PROGRAMME_FORMAT:
        raise WorkbookError(
            "this is not a sendreflect programme workbook; choose the .json file written by "
            "'sendreflect programme export'."
        )
    version = payload.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PROGRAMME_VERSION:
        raise WorkbookError(
            f"this programme workbook was made by a newer sendreflect (version {version}; this "
            f"one reads up to {PROGRAMME_VERSION}). Upgrade with: pip install -U sendreflect"
        )
    if version != PROGRAMME_VERSION:
        raise WorkbookError(f"this programme workbook has no version sendreflect reads. {AGAIN}")


def read_programme(data: bytes) -> ProgrammeBook:
    """Parse and check a programme workbook whole, or raise :class:`WorkbookError` naming the
    entry that is wrong and what would fix it. Nothing here touches a store."""
    check_size(len(data), _limit())
    if not data.strip():
        raise WorkbookError("this file is empty; choose the programme workbook (.json).")
    payload = _parse(data)
    _kind_of_file(payload)
    try:
        entry = ProgrammeFile.model_validate(payload)
        return check_programme_book(entry, known_frameworks())
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = " > ".join(str(p) for p in first["loc"])[:200]
        problem = f"{where}: {first['msg'][:300]}"
    except validate.Invalid as exc:
        problem = str(exc)
    raise WorkbookError(
        f"this programme workbook cannot be brought in ({problem}). {UNCHANGED} {AGAIN}"
    )


def _read_file(path: Path) -> bytes:
    limit = _limit()
    if path.is_file():
        check_size(path.stat().st_size, limit)
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def import_programme(store: Store, data: bytes | str | Path) -> ProgrammeImportSummary:
    """Bring a programme workbook into the store: all of it, or nothing. A refusal is a
    :class:`WorkbookError` that starts with the file's name when given a path."""
    name = Path(data).name if isinstance(data, (str, Path)) else ""
    try:
        raw = _read_file(Path(data)) if isinstance(data, (str, Path)) else data
        book = read_programme(raw)
        try:
            return store.import_programme(book)
        except (StoreError, FrameworkError) as exc:
            raise WorkbookError(f"{exc} {UNCHANGED}") from None
    except WorkbookError as exc:
        if not name:
            raise
        raise WorkbookError(f"{name}: {exc}") from None
