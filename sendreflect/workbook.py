"""Workbooks: a workshop taken out of the store and brought back in.

* JSON workbook: lossless and versioned (every participant, answer and change in history); it is
  what a school downloads at the end of a temporary session and uploads to carry on.
* CSV: the tidy answers frame, one row per answer, with the exact prompt each answers.
* Excel: a sheet each for positions, reflections, ratings, agreed positions and actions, laid out
  for a school business manager; every text cell is written as text, never as a formula.

Importing parses and checks the whole file here (size first, then JSON as sendreflect writes it,
then every record through :mod:`sendreflect.validate`) and hands it to :meth:`Store.merge`, which
writes everything in one transaction, or nothing; importing the same workbook twice changes
nothing. CSV cells that a spreadsheet would run as formulas start with an apostrophe.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import version as package_version
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sendreflect import responses, validate
from sendreflect.confidential import redact
from sendreflect.frameworks import Framework, FrameworkError, load_frameworks
from sendreflect.responses import Kind, dump_value
from sendreflect.settings import get_settings
from sendreflect.store import MergeSummary, Store, StoreError, normalise_code

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


ImportSummary = MergeSummary
"""What an import changed (the store's :class:`~sendreflect.store.MergeSummary`)."""


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with a leading apostrophe so it shows as
    typed (as OWASP advises against CSV injection); anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(store: Store, code: str) -> bytes:
    """The tidy answers as CSV (UTF-8 with a byte-order mark, so Excel reads accents); no cell
    can run as a formula when the file is opened in a spreadsheet."""
    frame = tidy_answers(store, code)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(defuse, na_action="ignore")
    return frame.to_csv(index=False).encode("utf-8-sig")


def titles(names: dict[tuple[str, str], str], frame: pd.DataFrame, column: str) -> list[str]:
    """The text or title of each row's item (by framework and ``column``), or its id."""
    return [names.get(key, key[1]) for key in zip(frame["framework"], frame[column], strict=True)]


def _sheets(store: Store, code: str) -> dict[str, pd.DataFrame]:
    """The Excel sheets. Like the report, they name no one: no aliases or roles beside answers,
    rows in the framework's terms rather than by person, and aliases typed into notes replaced
    (a solo reflection keeps its own words)."""
    workshop = store.workshop(code)
    frame = store.answers(workshop.code)
    texts = _item_texts()
    dims = {(f.id, d.id): d.title for f in _frameworks().values() for d in f.dimensions}
    aliases = [] if workshop.kind == "solo" else list(store.participants(workshop.code)["alias"])

    def free(column: pd.Series) -> list[str]:
        return [redact(text, aliases) for text in column]

    positions = responses.positions(frame).sort_values(["dimension", "position"])
    reflections = responses.notes(frame)
    reflections = reflections.assign(text=free(reflections["text"])).sort_values(
        ["kind", "item_id", "text"]
    )
    ratings = responses.ratings(frame).sort_values(["area", "rating"])
    agreed = responses.agreed(frame)
    actions = responses.actions(frame)
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
                "Position (1 = specialists, 5 = whole school)": positions["position"],
                "Not sure": ["yes" if v else "" for v in positions["not_sure"]],
            }
        ),
        "Reflections": pd.DataFrame(
            {
                "Kind": reflections["kind"].str.capitalize(),
                "Prompt": titles(texts, reflections, "item_id"),
                "Note": reflections["text"],
            }
        ),
        "Ratings": pd.DataFrame(
            {"Area": titles(texts, ratings, "area"), "Rating": ratings["rating"]}
        ),
        "Agreed": pd.DataFrame(
            {
                "Dimension": titles(dims, agreed, "dimension"),
                "Agreed position": agreed["position"],
                "Rationale": free(agreed["rationale"]),
                "Other views": free(agreed["dissent"]),
            }
        ),
        "Actions": pd.DataFrame(
            {
                "Action": free(actions["what"]),
                "Dimension": titles(dims, actions, "dimension"),
                "Lead": free(actions["lead"]),
                "Who else": free(actions["others"]),
                "By when": actions["by_when"].dt.date,
                "Success criteria": free(actions["success_criteria"]),
                "Target position": actions["target_position"],
                "Status": [responses.ACTION_STATUSES.get(s, s) for s in actions["status"]],
                "Status note": free(actions["status_note"]),
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

MAX_DEPTH = 16
"""A workbook nests five levels deep; deeper than this it was not made by sendreflect."""
MAX_DIGITS = 20
DAMAGED = "Download the workbook again and upload that copy."
NOT_A_WORKBOOK = "this is not a sendreflect workbook; choose the .json file saved from sendreflect."
NOT_COMPLETE = (
    "this file is not a complete sendreflect workbook: it may have been cut short while "
    f"downloading, or edited. {DAMAGED}"
)
_SIGNATURES = {
    b"PK\x03\x04": "this looks like an Excel or zip file; upload the JSON workbook (.json) "
    "instead. Excel files are for reading, not for bringing work back.",
    b"\x1f\x8b": "this is a compressed (.gz) file; upload the JSON workbook (.json) itself.",
    b"\xd0\xcf\x11\xe0": "this looks like an old Excel or Word file; upload the JSON "
    "workbook (.json) instead.",
    b"%PDF": "this is a PDF; upload the JSON workbook (.json) instead.",
    b"\xff\xfe": "this file was saved as UTF-16 text; upload the workbook exactly as it was "
    "downloaded (UTF-8).",
    b"\xfe\xff": "this file was saved as UTF-16 text; upload the workbook exactly as it was "
    "downloaded (UTF-8).",
}


def too_big(limit: int | None = None) -> str:
    """What anyone choosing a file over the upload limit is told (in Python and the browser)."""
    limit = get_settings().upload_limit if limit is None else limit
    return (
        f"this file is more than the {limit / 1_048_576:.0f} MB a workbook can be; check you "
        "chose the workbook (.json) downloaded from sendreflect."
    )


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse a file of ``size`` bytes over the upload limit, with :func:`too_big`'s words: the
    one check of a workbook's size, whether uploaded or read from a file."""
    limit = get_settings().upload_limit if limit is None else limit
    if size > limit:
        raise WorkbookError(too_big(limit))


class _Refused(ValueError):
    """JSON that parses but that no sendreflect wrote (raised while parsing)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Refused("a name appears twice in one record")
    return found


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"it holds a number {len(text):,} digits long")
    return int(text)


def _no_constant(text: str) -> Any:
    raise _Refused(f"it holds {text}, which is not a number sendreflect writes")


def _check_depth(payload: Any) -> None:
    """Refuse nesting deeper than any workbook has (checked without recursion)."""
    if not isinstance(payload, (dict, list)):
        return
    stack = [(payload, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Refused("it is nested far more deeply than a workbook")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))


def _parse(data: bytes) -> Any:
    """The JSON in ``data``, or :class:`WorkbookError` in plain English."""
    for signature, refusal in _SIGNATURES.items():
        if data.startswith(signature):
            raise WorkbookError(refusal)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(NOT_COMPLETE) from None
    try:
        payload = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_small_int,
            parse_constant=_no_constant,
        )
        _check_depth(payload)
    except _Refused as exc:
        raise WorkbookError(
            f"this is not a workbook sendreflect wrote ({exc}). Upload the workbook exactly as "
            "it was downloaded."
        ) from None
    except RecursionError:
        raise WorkbookError(
            "this is not a workbook sendreflect wrote (it is nested far more deeply than a "
            "workbook). Upload the workbook exactly as it was downloaded."
        ) from None
    except ValueError:
        if not text.lstrip().startswith("{"):  # never JSON: another kind of file, renamed
            raise WorkbookError(NOT_A_WORKBOOK) from None
        raise WorkbookError(NOT_COMPLETE) from None
    return payload


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = " > ".join(str(p) for p in first["loc"])[:200]
    problem = first["msg"].removeprefix("Value error, ")[:300]
    return f"{where}: {problem}" if where else problem


def read_workbook(data: bytes, *, limit: int | None = None) -> WorkbookFile:
    """Parse and check a JSON workbook, or raise :class:`WorkbookError` saying what is wrong.

    Nothing here touches a store; the size is checked before anything is read."""
    return _read(data, limit)[0]


def _read(data: bytes, limit: int | None = None) -> tuple[WorkbookFile, validate.Book]:
    """The workbook as its model and as records checked by :func:`validate.check_book`."""
    check_size(len(data), limit)
    if not data.strip():
        raise WorkbookError("this file is empty; choose the workbook (.json) you downloaded.")
    payload = _parse(data)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise WorkbookError(NOT_A_WORKBOOK)
    found = payload.get("version")
    if isinstance(found, int) and not isinstance(found, bool) and found > VERSION:
        raise WorkbookError(
            f"this workbook was made by a newer sendreflect (workbook version {found}; this one "
            f"reads up to {VERSION}). Upgrade with: pip install -U sendreflect"
        )
    try:
        book = WorkbookFile.model_validate(payload)
        return book, validate.check_book(book.model_dump(mode="json"), _frameworks())
    except ValidationError as exc:
        problem = _first_problem(exc)
    except validate.Invalid as exc:
        problem = str(exc)
    raise WorkbookError(f"this workbook is damaged or was edited by hand ({problem}). {DAMAGED}")


def import_workbook(
    store: Store,
    data: bytes | str | Path,
    *,
    expect_code: str | None = None,
    into_existing: bool = True,
    solo: bool = False,
) -> ImportSummary:
    """Bring a JSON workbook into the store: all of it, or nothing (see :meth:`Store.merge`).

    ``expect_code`` refuses a workbook for any other workshop (the apps pass their own code);
    ``into_existing=False`` refuses one whose workshop is already in the store; ``solo`` (the
    solo page) opens or creates only the workbook's own solo reflection.
    """
    raw = _read_file(data) if isinstance(data, (str, Path)) else data
    book, checked = _read(raw)
    code = normalise_code(book.workshop.code)
    if expect_code and code != normalise_code(expect_code):
        raise WorkbookError(
            f"this workbook is for workshop {code} ({book.workshop.school}, "
            f"{book.workshop.round}), not {normalise_code(expect_code)}; open that workshop to "
            "upload it."
        )
    try:
        return store.merge(checked, into_existing=into_existing, solo=solo)
    except (StoreError, FrameworkError) as exc:
        raise WorkbookError(str(exc)) from None


def _read_file(path: str | Path) -> bytes:
    """A workbook file's bytes, refusing one over the limit before reading it."""
    path = Path(path)
    limit = get_settings().upload_limit
    if path.is_file():
        check_size(path.stat().st_size, limit)
    with path.open("rb") as handle:
        return handle.read(limit + 1)
