"""Workbooks: a workshop taken out of the store and brought back in.

* JSON workbook: lossless and versioned (every participant, answer and change in history); it is
  what a school downloads at the end of a temporary session and uploads to carry on.
* CSV: the tidy answers frame, one row per answer, with the exact prompt each answers.
* Excel: a sheet each for positions, reflections, ratings, agreed positions and actions, laid out
  for a school business manager; every text cell is written as text, never as a formula.

Importing validates the whole file first and then writes everything in one transaction, or
nothing; importing the same workbook twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from importlib.metadata import version as package_version
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sendreflect import responses
from sendreflect.frameworks import Framework, FrameworkError, load_frameworks
from sendreflect.responses import ROLES, TEAM, AnswerError, Kind, dump_value, validate_value
from sendreflect.settings import get_settings
from sendreflect.store import (
    Store,
    StoreError,
    answers,
    history,
    normalise_code,
    participants,
    workshops,
)

FORMAT = "sendreflect-workbook"
VERSION = 1


class WorkbookError(ValueError):
    """A workbook that cannot be imported, explained in plain English. The store is untouched."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkshopRecord(_Record):
    code: str = Field(min_length=1, max_length=32)
    school: str = Field(min_length=1)
    round: str = Field(min_length=1)
    frameworks: list[str]
    previous_code: str | None = None
    status: Literal["open", "closed"] = "open"
    revealed: bool = False
    created_at: str
    kind: Literal["team", "solo"] = "team"


class ParticipantRecord(_Record):
    id: str = Field(min_length=1, max_length=40)
    alias: str = Field(min_length=1, max_length=60)
    role: str
    school: str = ""
    joined_at: str


class AnswerRecord(_Record):
    subject: str = Field(min_length=1, max_length=40)
    kind: Kind
    framework: str = Field(min_length=1, max_length=64)
    item_id: str = Field(min_length=1, max_length=128)
    value: Any
    updated_at: str
    updated_by: str


class HistoryRecord(_Record):
    id: str = Field(min_length=1, max_length=40)
    subject: str
    kind: Kind
    framework: str
    item_id: str
    old_value: Any
    new_value: Any
    changed_at: str
    changed_by: str


class WorkbookFile(_Record):
    format: Literal["sendreflect-workbook"]
    version: Literal[1]
    exported_at: str
    exported_by: str = ""
    workshop: WorkshopRecord
    participants: list[ParticipantRecord]
    answers: list[AnswerRecord]
    history: list[HistoryRecord]

    @model_validator(mode="after")
    def _consistent(self) -> WorkbookFile:
        ids = {p.id for p in self.participants} | {TEAM}
        for p in self.participants:
            if p.role not in ROLES:
                raise ValueError(f"participant '{p.alias}' has an unknown role '{p.role}'")
        for a in self.answers:
            if a.subject not in ids:
                raise ValueError(f"an answer to '{a.item_id}' belongs to nobody in the file")
            try:
                validate_value(a.kind, a.value)
            except AnswerError as exc:
                raise ValueError(f"the answer to '{a.item_id}': {exc}") from None
        aliases = [p.alias for p in self.participants]
        if len(aliases) != len(set(aliases)):
            raise ValueError("two participants share one alias")
        return self


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed."""

    code: str
    created_workshop: bool
    participants_added: int
    answers_written: int
    history_added: int

    @property
    def changed(self) -> bool:
        return bool(
            self.created_workshop
            or self.participants_added
            or self.answers_written
            or self.history_added
        )

    def __str__(self) -> str:
        if not self.changed:
            return f"Workshop {self.code}: already up to date; nothing changed."
        return (
            f"Workshop {self.code}: {self.participants_added} participant(s) added, "
            f"{self.answers_written} answer(s) written, {self.history_added} change(s) of "
            "history added."
        )


# -- export ------------------------------------------------------------------------------------


def workbook_data(store: Store, code: str) -> dict[str, Any]:
    """The JSON workbook of a workshop, as plain data."""
    workshop = store.workshop(code)
    frame = store.answers(workshop.code, include_cleared=True)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "exported_by": f"sendreflect {package_version('sendreflect')}",
        "workshop": {
            "code": workshop.code,
            "school": workshop.school,
            "round": workshop.round,
            "frameworks": list(workshop.frameworks),
            "previous_code": workshop.previous_code,
            "status": workshop.status,
            "revealed": workshop.revealed,
            "created_at": workshop.created_at,
            "kind": workshop.kind,
        },
        "participants": store.participants(workshop.code).to_dict("records"),
        "answers": [
            {
                "subject": row.subject,
                "kind": row.kind,
                "framework": row.framework,
                "item_id": row.item_id,
                "value": row.value,
                "updated_at": row.updated_at.isoformat(timespec="microseconds"),
                "updated_by": row.updated_by,
            }
            for row in frame.itertuples()
        ],
        "history": store.history(workshop.code).drop(columns="workshop_code").to_dict("records"),
    }


def to_json(store: Store, code: str) -> bytes:
    """The JSON workbook as UTF-8 bytes (free text stays exactly as typed; JSON escapes it)."""
    return json.dumps(workbook_data(store, code), ensure_ascii=False, indent=1).encode("utf-8")


def _frameworks() -> dict[str, Framework]:
    """The loaded frameworks, or none: an export must work even while a content file is broken."""
    try:
        return load_frameworks()
    except FrameworkError:
        return {}


def _item_texts() -> dict[tuple[str, str], str]:
    return {(f.id, i.id): i.text for f in _frameworks().values() for i in f.answerable()}


def tidy_answers(store: Store, code: str) -> pd.DataFrame:
    """The answers frame with ``item_text`` (the exact prompt) and ``value`` as text."""
    frame = store.answers(code)
    texts = _item_texts()
    frame.insert(
        frame.columns.get_loc("item_id") + 1,
        "item_text",
        pd.array(
            [
                texts.get((f, i), "")
                for f, i in zip(frame["framework"], frame["item_id"], strict=True)
            ],
            dtype="string",
        ),
    )
    frame["value"] = [v if isinstance(v, str) else dump_value(v) for v in frame["value"]]
    return frame


def to_csv(store: Store, code: str) -> bytes:
    """The tidy answers as CSV (UTF-8 with a byte-order mark, so Excel reads accents)."""
    return tidy_answers(store, code).to_csv(index=False).encode("utf-8-sig")


def titles(names: dict[tuple[str, str], str], frame: pd.DataFrame, column: str) -> list[str]:
    """The text or title of each row's item (by framework and ``column``), or its id."""
    return [names.get(key, key[1]) for key in zip(frame["framework"], frame[column], strict=True)]


def _sheets(store: Store, code: str) -> dict[str, pd.DataFrame]:
    workshop = store.workshop(code)
    frame = store.answers(workshop.code)
    texts = _item_texts()
    dims = {(f.id, d.id): d.title for f in _frameworks().values() for d in f.dimensions}
    positions = responses.positions(frame)
    reflections = responses.notes(frame)
    ratings = responses.ratings(frame)
    agreed = responses.agreed(frame)
    actions = responses.actions(frame)
    role = ROLES.get
    return {
        "About": pd.DataFrame(
            {
                "": ["School", "Round", "Workshop code", "Exported", "Source"],
                "Value": [
                    workshop.school,
                    workshop.round,
                    workshop.code,
                    dt.date.today().isoformat(),
                    _credit(workshop.frameworks),
                ],
            }
        ),
        "Positions": pd.DataFrame(
            {
                "Dimension": titles(dims, positions, "dimension"),
                "Participant": positions["alias"],
                "Role": [role(r, r) for r in positions["role"]],
                "Position (1 = specialists, 5 = whole school)": positions["position"],
                "Not sure": ["yes" if v else "" for v in positions["not_sure"]],
            }
        ),
        "Reflections": pd.DataFrame(
            {
                "Kind": reflections["kind"].str.capitalize(),
                "Prompt": titles(texts, reflections, "item_id"),
                "Participant": reflections["alias"],
                "Role": [role(r, r) for r in reflections["role"]],
                "Note": reflections["text"],
            }
        ),
        "Ratings": pd.DataFrame(
            {
                "Area": titles(texts, ratings, "area"),
                "Participant": ratings["alias"],
                "Rating": ratings["rating"],
            }
        ),
        "Agreed": pd.DataFrame(
            {
                "Dimension": titles(dims, agreed, "dimension"),
                "Agreed position": agreed["position"],
                "Rationale": agreed["rationale"],
                "Dissent": agreed["dissent"],
            }
        ),
        "Actions": pd.DataFrame(
            {
                "Action": actions["what"],
                "Dimension": titles(dims, actions, "dimension"),
                "Lead": actions["lead"],
                "Who else": actions["others"],
                "By when": actions["by_when"].dt.date,
                "Success criteria": actions["success_criteria"],
                "Target position": actions["target_position"],
                "Status": [responses.ACTION_STATUSES.get(s, s) for s in actions["status"]],
                "Status note": actions["status_note"],
            }
        ),
    }


def _credit(framework_ids: tuple[str, ...]) -> str:
    frameworks = _frameworks()
    return " ".join(frameworks[f].source.citation for f in framework_ids if f in frameworks)


def to_xlsx(store: Store, code: str) -> bytes:
    """The Excel workbook: one formatted sheet per kind of answer."""
    # openpyxl is imported here, not at the top: every app kernel imports this module.
    from openpyxl import Workbook as XlsxBook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = XlsxBook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for title, frame in _sheets(store, code).items():
        sheet = book.create_sheet(title)
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for row_number, row in enumerate(frame.itertuples(index=False), start=2):
            for col_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=col_number)
                if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                    continue
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text such as "=SUM(A1)" stays text, not a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for col_number, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
            sheet.column_dimensions[get_column_letter(col_number)].width = min(60, longest + 2)
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}


def export(store: Store, code: str, fmt: str, out: str | Path) -> Path:
    """Write a workshop to ``out`` as json, csv or xlsx."""
    if fmt not in EXPORTERS:
        raise WorkbookError(f"choose a format from: {', '.join(EXPORTERS)}")
    out = Path(out)
    out.write_bytes(EXPORTERS[fmt](store, code))
    return out


# -- import ------------------------------------------------------------------------------------


def read_workbook(data: bytes, *, limit: int | None = None) -> WorkbookFile:
    """Parse and validate a JSON workbook, or raise :class:`WorkbookError` saying what is wrong."""
    limit = get_settings().upload_limit if limit is None else limit
    if len(data) > limit:
        raise WorkbookError(
            f"this file is {len(data) / 1_048_576:.1f} MB, more than the "
            f"{limit / 1_048_576:.0f} MB a workbook can be; check you chose the workbook (.json) "
            "downloaded from sendreflect."
        )
    if not data.strip():
        raise WorkbookError("this file is empty; choose the workbook (.json) you downloaded.")
    if data[:4] == b"PK\x03\x04":
        raise WorkbookError(
            "this looks like an Excel or zip file; upload the JSON workbook (.json) instead. "
            "Excel files are for reading, not for bringing work back."
        )
    try:
        text = data.decode("utf-8-sig")
        payload = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WorkbookError(
            "this file is not a complete sendreflect workbook: it may have been cut short while "
            "downloading, or edited. Download the workbook again and upload that copy."
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise WorkbookError(
            "this is not a sendreflect workbook; choose the .json file saved from sendreflect."
        )
    found = payload.get("version")
    if isinstance(found, int) and found > VERSION:
        raise WorkbookError(
            f"this workbook was made by a newer sendreflect (workbook version {found}; this one "
            f"reads up to {VERSION}). Upgrade with: pip install -U sendreflect"
        )
    try:
        return WorkbookFile.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = " > ".join(str(p) for p in first["loc"])
        raise WorkbookError(
            f"this workbook is damaged or was edited by hand ({where}: "
            f"{first['msg'].removeprefix('Value error, ')}). "
            "Download it again and upload that copy."
        ) from None


def _check_solo(existing: sa.Row | None, book: WorkbookFile, conn: sa.Connection) -> None:
    """A solo page restores only that workbook's own solo reflection: never a team workshop,
    and an existing solo reflection only from a workbook holding its participant."""
    if existing is None:
        return
    if existing.kind != "solo":
        raise WorkbookError(
            "this workbook is for a team workshop, which opens only from its own link; ask your "
            "facilitator for it."
        )
    ids = set(
        conn.scalars(
            sa.select(participants.c.id).where(participants.c.workshop_code == existing.code)
        )
    )
    if not ids & {p.id for p in book.participants}:
        raise WorkbookError(
            "this workbook does not match the reflection it names; upload the workbook you "
            "downloaded from your own reflection."
        )


def import_workbook(
    store: Store, data: bytes | str | Path, *, expect_code: str | None = None, solo: bool = False
) -> ImportSummary:
    """Bring a JSON workbook into the store: all of it, or nothing.

    ``expect_code`` refuses a workbook for any other workshop (the apps pass their own code);
    ``solo`` (the solo page) opens or creates only the workbook's own solo reflection.
    """
    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else data
    book = read_workbook(raw)
    code = normalise_code(book.workshop.code)
    if expect_code and code != normalise_code(expect_code):
        raise WorkbookError(
            f"this workbook is for workshop {code} ({book.workshop.school}, "
            f"{book.workshop.round}), not {normalise_code(expect_code)}; open that workshop to "
            "upload it."
        )

    def write(conn: sa.Connection) -> ImportSummary:
        existing = conn.execute(sa.select(workshops).where(workshops.c.code == code)).first()
        if solo:
            _check_solo(existing, book, conn)
        created = existing is None
        if created:
            conn.execute(
                workshops.insert().values(
                    **book.workshop.model_dump(exclude={"code", "frameworks", "kind"}),
                    kind="solo" if solo else book.workshop.kind,
                    code=code,
                    frameworks=json.dumps(book.workshop.frameworks),
                    facilitator_key=secrets.token_urlsafe(16),
                )
            )
        elif existing.school != book.workshop.school:
            raise WorkbookError(
                f"this store already has a workshop {code} for {existing.school}, and this "
                f"workbook is for {book.workshop.school}; import it into another store."
            )
        have = {
            r.id: r.alias
            for r in conn.execute(
                sa.select(participants.c.id, participants.c.alias).where(
                    participants.c.workshop_code == code
                )
            )
        }
        aliases = set(have.values())
        added = 0
        for p in book.participants:
            if p.id in have:
                continue
            if p.alias in aliases:
                raise WorkbookError(
                    f"this workshop already has another participant called '{p.alias}'; "
                    "the workbook cannot be merged into it."
                )
            conn.execute(participants.insert().values(**p.model_dump(), workshop_code=code))
            added += 1
        current = {
            (r.subject, r.kind, r.framework, r.item_id): (r.value, r.updated_at)
            for r in conn.execute(sa.select(answers).where(answers.c.workshop_code == code))
        }
        written = 0
        for a in book.answers:
            key = (a.subject, a.kind.value, a.framework, a.item_id)
            value = dump_value(validate_value(a.kind, a.value))
            row = {"value": value, "updated_at": a.updated_at, "updated_by": a.updated_by}
            if key not in current:
                conn.execute(
                    answers.insert().values(
                        workshop_code=code,
                        subject=key[0],
                        kind=key[1],
                        framework=key[2],
                        item_id=key[3],
                        **row,
                    )
                )
                written += 1
            elif current[key][0] != value and a.updated_at > current[key][1]:
                conn.execute(
                    answers.update()
                    .where(
                        (answers.c.workshop_code == code)
                        & (answers.c.subject == key[0])
                        & (answers.c.kind == key[1])
                        & (answers.c.framework == key[2])
                        & (answers.c.item_id == key[3])
                    )
                    .values(**row)
                )
                written += 1
        known = set(conn.scalars(sa.select(history.c.id).where(history.c.workshop_code == code)))
        fresh = [
            {
                **h.model_dump(exclude={"kind", "old_value", "new_value"}),
                "kind": h.kind.value,
                "old_value": dump_value(h.old_value),
                "new_value": dump_value(h.new_value),
                "workshop_code": code,
            }
            for h in book.history
            if h.id not in known
        ]
        if fresh:
            conn.execute(history.insert(), fresh)
        return ImportSummary(code, created, added, written, len(fresh))

    try:
        return store.write(write)
    except StoreError as exc:
        raise WorkbookError(str(exc)) from None
