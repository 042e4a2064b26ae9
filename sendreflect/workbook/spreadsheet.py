"""Spreadsheets: a workshop's answers as CSV (the tidy frame, one row per answer, with the exact
prompt each answers) and as an Excel workbook laid out for a school business manager.

This module owns the spreadsheet files. Like the report, the Excel sheets name no one, and no
cell of either file can run as a formula when opened in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pandas as pd

from sendreflect import responses
from sendreflect.confidential import redact
from sendreflect.frameworks import PACK, continuum_of
from sendreflect.responses import dump_value
from sendreflect.store import Store, Workshop
from sendreflect.workbook.mentoring import mentoring_sheets
from sendreflect.workbook.model import known_frameworks
from sendreflect.workbook.peersheets import peer_sheets


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


WHOLE, BOLT = "009E73", "D55E00"
"""The whole-school and bolt-on poles' colours, as on the pages and in the report."""

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
    """The first sheet: which school, round and workshop, when, and each source with its own
    notice (or its credit when it prints none)."""
    library = known_frameworks()
    used = [library[f] for f in workshop.frameworks if f in library]
    rows = [
        ("School", workshop.school),
        ("Round", workshop.round),
        ("Workshop code", workshop.code),
        ("Exported", dt.date.today().isoformat()),
    ]
    rows += [(f"Source: {f.short_title}", f.source.citation) for f in used]
    rows += [(f"© {f.short_title}", f.source.notice or f.source.credit) for f in used]
    return pd.DataFrame(rows, columns=["About", "Value"])


@dataclass(frozen=True)
class Labels:
    """The words beside each code, and the order the sources print their items in."""

    positions: dict[int, str]
    ratings: dict[tuple[str, int], str]
    order: dict[tuple[str, str], int]

    @classmethod
    def of(cls, framework_ids: tuple[str, ...]) -> Labels:
        library = known_frameworks()
        used = [library[f] for f in framework_ids if f in library]
        continuum = continuum_of(framework_ids, library) if PACK in library else None
        order: dict[tuple[str, str], int] = {}
        for framework in used:
            for item in framework.answerable():
                order.setdefault((framework.id, item.id), len(order))
        ratings = {(f.id, p.value): p.label for f in used if f.rating for p in f.rating.scale}
        return cls(continuum.position_labels() if continuum else {}, ratings, order)

    def position(self, value: Any) -> str:
        """A position's words ("Mostly whole school"), or "" for none."""
        if value is None or pd.isna(value):
            return ""
        return self.positions.get(int(value), "")

    def rating(self, framework_id: str, value: Any) -> str:
        """A rating's words ("Strength"), or "" for none."""
        if value is None or pd.isna(value):
            return ""
        return self.ratings.get((framework_id, int(value)), "")

    def sort(self, frame: pd.DataFrame, column: str, *then: str) -> pd.DataFrame:
        """``frame`` in the sources' order of its ``column`` items, then by ``then``."""
        keys = zip(frame["framework"], frame[column], strict=True)
        rank = [self.order.get(key, len(self.order)) for key in keys]
        ordered = frame.assign(_rank=rank).sort_values(["_rank", *then], kind="stable")
        return ordered.drop(columns="_rank")


def _actions(
    actions: pd.DataFrame, dims: dict[tuple[str, str], str], aliases: list[str], labels: Labels
) -> pd.DataFrame:
    """The action plan's sheet, free text redacted, each target with its words."""
    return pd.DataFrame(
        {
            "Action": _free(actions["what"], aliases),
            "Dimension": titles(dims, actions, "dimension"),
            "Lead": _free(actions["lead"], aliases),
            "Who else": _free(actions["others"], aliases),
            "By when": actions["by_when"].dt.date,
            "Success criteria": _free(actions["success_criteria"], aliases),
            "Target position": actions["target_position"],
            "Target means": [labels.position(v) for v in actions["target_position"]],
            "Status": [responses.ACTION_STATUSES.get(s, s) for s in actions["status"]],
            "Status note": _free(actions["status_note"], aliases),
        }
    )


def _scale(framework_ids: tuple[str, ...]) -> str:
    """The workshop's continuum in words, "5 (…) to 1 (…)", or "5 to 1" while content is broken."""
    library = known_frameworks()
    return continuum_of(framework_ids, library).scale_text() if PACK in library else "5 to 1"


def _continuum(framework_ids: tuple[str, ...]) -> pd.DataFrame:
    """The continuum framework's own table (the pack's Table 1): whole-school column first."""
    library = known_frameworks()
    if PACK not in library:
        return pd.DataFrame({"Dimension": []})
    framework = continuum_of(framework_ids, library)
    framing, labels = framework.framing, framework.position_labels()
    whole = framing.whole_school_heading if framing and framing.whole_school_heading else ""
    bolt = framing.bolt_on_heading if framing and framing.bolt_on_heading else ""
    return pd.DataFrame(
        {
            "Dimension": [d.title for d in framework.dimensions],
            f"5 – {whole or labels[5]}": [d.whole_school for d in framework.dimensions],
            f"1 – {bolt or labels[1]}": [d.bolt_on for d in framework.dimensions],
        }
    )


def _sheets(store: Store, code: str) -> dict[str, pd.DataFrame]:
    """The Excel sheets. Like the report, they name no one: no aliases or roles beside answers,
    rows in the framework's terms rather than by person, and aliases typed into notes replaced
    (a solo reflection keeps its own words). Rows follow the sources' order, and every code has
    its words beside it."""
    workshop = store.workshop(code)
    frame = store.answers(workshop.code)
    texts = _item_texts()
    dims = {(f.id, d.id): d.title for f in known_frameworks().values() for d in f.dimensions}
    aliases = [] if workshop.kind == "solo" else list(store.participants(workshop.code)["alias"])
    labels = Labels.of(workshop.frameworks)
    positions = labels.sort(responses.positions(frame), "dimension", "position")
    reflections = responses.notes(frame)
    reflections = reflections.assign(text=_free(reflections["text"], aliases))
    reflections = labels.sort(reflections, "item_id", "kind", "text")
    ratings = labels.sort(responses.ratings(frame), "area", "rating")
    agreed = labels.sort(responses.agreed(frame), "dimension")
    rated = zip(ratings["framework"], ratings["rating"], strict=True)
    return {
        "About": _about(workshop),
        "Continuum": _continuum(workshop.frameworks),
        "Positions": pd.DataFrame(
            {
                "Dimension": titles(dims, positions, "dimension"),
                f"Position ({_scale(workshop.frameworks)})": positions["position"],
                "Position means": [labels.position(v) for v in positions["position"]],
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
            {
                "Area": titles(texts, ratings, "area"),
                "Rating": ratings["rating"],
                "Rating means": [labels.rating(f, v) for f, v in rated],
            }
        ),
        "Agreed": pd.DataFrame(
            {
                "Dimension": titles(dims, agreed, "dimension"),
                "Agreed position": agreed["position"],
                "Position means": [labels.position(v) for v in agreed["position"]],
                "Rationale": _free(agreed["rationale"], aliases),
                "Other views": _free(agreed["dissent"], aliases),
            }
        ),
        "Actions": _actions(responses.actions(frame), dims, aliases, labels),
        **peer_sheets(store, workshop, frame, aliases),  # a programme school's, when present
        **mentoring_sheets(frame, aliases),  # a mentoring plan's, when there is one
    }


def to_xlsx(store: Store, code: str) -> bytes:
    """The Excel workbook: one formatted sheet per kind of answer, the continuum's poles coloured
    in its header."""
    poles = {"5 – ": WHOLE, "1 – ": BOLT}

    def pole(title: str, header: str) -> str | None:
        return poles.get(header[:4]) if title == "Continuum" else None

    return xlsx_bytes(_sheets(store, code), header_colour=pole)


def xlsx_bytes(
    sheets: dict[str, pd.DataFrame], header_colour: Callable[[str, str], str | None] | None = None
) -> bytes:
    """Frames as one formatted Excel workbook (.xlsx), a sheet each: a bold, shaded header row
    (``header_colour(sheet, header)`` may give a header cell its own colour, with white text),
    wrapped cells, columns as wide as their text (up to 60), the header frozen. Text is always
    text: "=SUM(A1)" stays a string, never a formula. Every Excel file is written this way."""
    # openpyxl is imported here, not at the top: every app kernel imports this module.
    from openpyxl import Workbook as XlsxBook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = XlsxBook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for title, frame in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            colour = header_colour(title, str(cell.value)) if header_colour else None
            cell.font = Font(bold=True, color="FFFFFF" if colour else None)
            cell.fill = PatternFill("solid", fgColor=colour) if colour else header_fill
        for row_number, row in enumerate(frame.itertuples(index=False), start=2):
            for col_number, value in enumerate(row, start=1):
                if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                    continue
                cell = sheet.cell(row=row_number, column=col_number, value=value)
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
