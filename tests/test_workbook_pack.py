"""The Excel workbook as a school business manager opens it: a header on every sheet, the
sources' order, the words beside every code, the pack's own table and notice; checked with
openpyxl and by opening it in LibreOffice."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from sendreflect import Store, get_framework
from sendreflect.demo import CODE
from sendreflect.workbook import to_xlsx

NC = "national_college"
EVERY_SHEET = ["About", "Continuum", "Positions", "Reflections", "Ratings", "Agreed", "Actions"]


@pytest.fixture
def book(demo_store: Store) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_store, CODE)))


def rows(book: openpyxl.Workbook, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_every_sheet_has_a_header_on_every_column(book) -> None:
    assert book.sheetnames == EVERY_SHEET
    for name in book.sheetnames:
        header = rows(book, name)[0]
        assert all(isinstance(cell, str) and cell.strip() for cell in header), name


def test_codes_have_their_words_beside_them(book) -> None:
    labels = get_framework(NC).position_labels()
    for position, meaning, _ in [r[1:] for r in rows(book, "Positions")[1:]]:
        assert position is None or meaning == labels[position]
    for _, rating, meaning in rows(book, "Ratings")[1:]:
        assert meaning, rating
    agreed = rows(book, "Agreed")
    assert agreed[0][:3] == ("Dimension", "Agreed position", "Position means")
    assert all(row[2] == labels[row[1]] for row in agreed[1:] if row[1] is not None)
    actions = rows(book, "Actions")
    target = actions[0].index("Target position")
    assert actions[0][target + 1] == "Target means"


def test_rows_follow_the_packs_order_not_the_alphabet(book) -> None:
    pack = get_framework(NC)
    order = [d.title for d in pack.dimensions]
    seen = list(dict.fromkeys(row[0] for row in rows(book, "Positions")[1:]))
    assert seen == order
    agreed = [row[0] for row in rows(book, "Agreed")[1:]]
    assert agreed == [t for t in order if t in agreed]
    prompts = [row[1] for row in rows(book, "Reflections")[1:]]
    texts = [i.text for i in pack.answerable()]
    shown = [texts.index(p) for p in dict.fromkeys(prompts) if p in texts]
    assert shown == sorted(shown)


def test_the_continuum_sheet_is_table_1_whole_school_first_in_its_colours(book) -> None:
    pack = get_framework(NC)
    sheet = book["Continuum"]
    header = [cell.value for cell in sheet[1]]
    assert header[1] == f"5 – {pack.framing.whole_school_heading}"
    assert header[2] == f"1 – {pack.framing.bolt_on_heading}"
    assert sheet["B1"].fill.fgColor.rgb.endswith("009E73")
    assert sheet["C1"].fill.fgColor.rgb.endswith("D55E00")
    assert [row[1] for row in rows(book, "Continuum")[1:]] == [
        d.whole_school for d in pack.dimensions
    ]


def test_the_about_sheet_credits_each_source_with_its_notice(book) -> None:
    about = dict(rows(book, "About")[1:])
    pack = get_framework(NC)
    assert about[f"© {pack.short_title}"] == pack.source.notice
    assert about[f"Source: {pack.short_title}"] == pack.source.citation


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice is needed to open the workbook as a reader would: run scripts/system-deps "
            "(it installs libreoffice-calc-nogui)"
        )
    return found


def test_libreoffice_opens_the_workbook_and_reads_every_sheet(
    demo_store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "workshop.xlsx"
    source.write_bytes(to_xlsx(demo_store, CODE))
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            every_sheet,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sheets = {}
    for name in EVERY_SHEET:
        path = tmp_path / f"workshop-{name}.csv"
        assert path.exists(), f"LibreOffice did not read the sheet {name}"
        sheets[name] = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    pack = get_framework(NC)
    assert sheets["About"][0] == ["About", "Value"]
    assert [pack.source.notice] == [r[1] for r in sheets["About"] if r[0].startswith("©")][:1]
    assert sheets["Positions"][1][0] == "Values"
    assert sheets["Positions"][1][2] == pack.position_labels()[int(sheets["Positions"][1][1])]
    assert sheets["Continuum"][0][1].startswith("5 – ")
