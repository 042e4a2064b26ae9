"""Spreadsheets: a workshop's answers as CSV (the tidy frame, one row per answer, with the exact
prompt each answers) and as an Excel workbook laid out for a school business manager.

This module owns the spreadsheet files. Like the report, the Excel sheets name no one, and no
cell of either file can run as a formula when opened in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pandas as pd

from sendreflect import responses
from sendreflect.confidential import redact
from sendreflect.frameworks import PACK, continuum_of
from sendreflect.responses import dump_value
from sendreflect.store import Store, Workshop
from sendreflect.workbook.model import known_frameworks


def _item_texts() -> dict[tuple[str, str], str]:
    return {(f.id, i.id): i.text for f in known_frameworks().values() for i in f.answerable()}


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


def _free(column: pd.Series, aliases: list[str]) -> list[str]:
    """Typed text with any of ``aliases`` replaced by "a colleague"."""
    return [redact(text, aliases) for text in column]


def _about(workshop: Workshop) -> pd.DataFrame:
    """The first sheet: which school, round and workshop, when, and the sources to credit."""
    return pd.DataFrame(
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
    )


def _actions(
    actions: pd.DataFrame, dims: dict[tuple[str, str], str], aliases: list[str]
) -> pd.DataFrame:
    """The action plan's sheet, free text redacted."""
    return pd.DataFrame(
        {
            "Action": _free(actions["what"], aliases),
            "Dimension": titles(dims, actions, "dimension"),
            "Lead": _free(actions["lead"], aliases),
            "Who else": _free(actions["others"], aliases),
            "By when": actions["by_when"].dt.date,
            "Success criteria": _free(actions["success_criteria"], aliases),
            "Target position": actions["target_position"],
            "Status": [responses.ACTION_STATUSES.get(s, s) for s in actions["status"]],
            "Status note": _free(actions["status_note"], aliases),
        }
    )


def _scale(framework_ids: tuple[str, ...]) -> str:
    """The workshop's continuum in words, "1 (…) to 5 (…)", or "1 to 5" while content is broken."""
    library = known_frameworks()
    return continuum_of(framework_ids, library).scale_text() if PACK in library else "1 to 5"


def _sheets(store: Store, code: str) -> dict[str, pd.DataFrame]:
    """The Excel sheets. Like the report, they name no one: no aliases or roles beside answers,
    rows in the framework's terms rather than by person, and aliases typed into notes replaced
    (a solo reflection keeps its own words)."""
    workshop = store.workshop(code)
    frame = store.answers(workshop.code)
    texts = _item_texts()
    dims = {(f.id, d.id): d.title for f in known_frameworks().values() for d in f.dimensions}
    aliases = [] if workshop.kind == "solo" else list(store.participants(workshop.code)["alias"])
    positions = responses.positions(frame).sort_values(["dimension", "position"])
    reflections = responses.notes(frame)
    reflections = reflections.assign(text=_free(reflections["text"], aliases)).sort_values(
        ["kind", "item_id", "text"]
    )
    ratings = responses.ratings(frame).sort_values(["area", "rating"])
    agreed = responses.agreed(frame)
    return {
        "About": _about(workshop),
        "Positions": pd.DataFrame(
            {
                "Dimension": titles(dims, positions, "dimension"),
                f"Position ({_scale(workshop.frameworks)})": positions["position"],
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
                "Rationale": _free(agreed["rationale"], aliases),
                "Other views": _free(agreed["dissent"], aliases),
            }
        ),
        "Actions": _actions(responses.actions(frame), dims, aliases),
    }


def _credit(framework_ids: tuple[str, ...]) -> str:
    frameworks = known_frameworks()
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
