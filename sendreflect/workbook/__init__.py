"""Workbooks: a workshop taken out of the store and brought back in.

* JSON workbook: lossless and versioned (every participant, answer and change in history); it is
  what a school downloads at the end of a temporary session and uploads to carry on.
* CSV: the tidy answers frame, one row per answer, with the exact prompt each answers.
* Excel: a sheet each for positions, reflections, ratings, agreed positions and actions, laid out
  for a school business manager; every text cell is written as text, never as a formula.

CSV cells that a spreadsheet would run as formulas start with an apostrophe.

The package: ``model`` (the workbook's records), ``exports`` (the JSON workbook and the export
formats), ``spreadsheet`` (CSV and Excel) and ``reading`` (checking and importing a workbook);
``programme`` (a whole programme of peer review, its workshops nested) and ``programme_checks``
(the rules a programme's records keep).
"""

from sendreflect.workbook.exports import EXPORTERS, export, to_json, workbook_data
from sendreflect.workbook.model import FORMAT, VERSION, ImportSummary, WorkbookError, WorkbookFile
from sendreflect.workbook.programme import (
    PROGRAMME_FORMAT,
    export_programme,
    import_programme,
    programme_data,
    programme_to_json,
    read_programme,
)
from sendreflect.workbook.reading import check_size, import_workbook, read_workbook, too_big
from sendreflect.workbook.spreadsheet import defuse, tidy_answers, to_csv, to_xlsx

__all__ = [
    "EXPORTERS",
    "FORMAT",
    "PROGRAMME_FORMAT",
    "VERSION",
    "ImportSummary",
    "WorkbookError",
    "WorkbookFile",
    "check_size",
    "defuse",
    "export",
    "export_programme",
    "import_programme",
    "import_workbook",
    "programme_data",
    "programme_to_json",
    "read_programme",
    "read_workbook",
    "tidy_answers",
    "to_csv",
    "to_json",
    "to_xlsx",
    "too_big",
    "workbook_data",
]
