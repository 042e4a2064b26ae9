"""Bringing a workshop back: a JSON workbook checked whole (size first, then JSON as sendreflect
writes it, then every record through :mod:`sendreflect.validate`) and handed to
:meth:`Store.merge`, which writes everything in one transaction, or nothing. Importing the same
workbook twice changes nothing.

This module owns the checks of an uploaded file and the plain words for each refusal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sendreflect import validate
from sendreflect.frameworks import FrameworkError
from sendreflect.settings import get_settings
from sendreflect.store import Store, StoreError, normalise_code
from sendreflect.validate.book import Book, check_book
from sendreflect.workbook.model import (
    FORMAT,
    VERSION,
    ImportSummary,
    WorkbookError,
    WorkbookFile,
    known_frameworks,
)

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


def _read(data: bytes, limit: int | None = None) -> tuple[WorkbookFile, Book]:
    """The workbook as its model and as records checked by :func:`check_book`."""
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
        return book, check_book(book.model_dump(mode="json"), known_frameworks())
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
