"""The programme's Excel file, read back from its bytes: its schools and triads, the stages, the
QA record in words, the learning (a ``<script>`` stays text), the self-vs-peer overview and the
actions completed; no alias of anyone in any cell, and no cell a formula."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from sendreflect import Store
from sendreflect.store import StoreError
from sendreflect.workbook.programme_sheets import programme_excel
from tests.programme_builder import ALIAS, BY, SCRIPT, build_programme
from tests.test_cli import sendreflect

SHEETS = [
    "About",
    "Schools",
    "Stages",
    "Quality assurance",
    "Learning",
    "Overview",
    "Actions completed",
]
ALIASES = (ALIAS, "Birchwood", "Hazelnut", "Rowan-1", "Willow-1")


@pytest.fixture
def built(sqlite_store: Store):
    return build_programme(sqlite_store)


@pytest.fixture
def sheets(sqlite_store: Store, built) -> dict[str, pd.DataFrame]:
    data = programme_excel(sqlite_store, built.code)
    return pd.read_excel(BytesIO(data), sheet_name=None, dtype=object)


def rows(frame: pd.DataFrame) -> list[list[object]]:
    return [["" if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


def test_the_workbook_has_its_sheets_in_order(sheets) -> None:
    assert list(sheets) == SHEETS


def test_schools_show_cohort_triad_coach_codes_and_stage(sqlite_store, built, sheets) -> None:
    schools = sheets["Schools"]
    assert list(schools.columns) == [
        "Cohort",
        "Triad",
        "Coach school",
        "School",
        "Self-evaluation code",
        "Peer visit code",
        "Stage reached",
    ]
    ash = built.schools["Ash Academy"]
    by_school = {row[3]: row for row in rows(schools)}
    assert by_school["Ash Academy"] == [
        "Spring",
        "North",
        "No",
        "Ash Academy",
        ash.self_code,
        built.visit.code,
        "Peer visits",
    ]
    assert by_school["Birch Juniors"][2:4] == ["Yes", "Birch Juniors"]
    assert by_school["Birch Juniors"][5:] == ["", "Self-evaluation"]
    assert rows(schools)[0][3] == "Oak Primary"  # the coach first in its triad


def test_stages_qa_and_learning(sheets) -> None:
    stages = rows(sheets["Stages"])
    assert ["Whole programme", "Self-evaluation", "5 October 2026", "Yes"] in stages
    assert ["North", "Peer visits", "20 January 2027", "Yes"] in stages
    assert ["South", "Peer visits", "", "No"] in stages
    assert len(stages) == 3 * 7
    qa = sheets["Quality assurance"]
    assert list(qa.columns) == [
        "Triad",
        "Date",
        "Supportive",
        "Solutions-focused",
        "A focused process for collaboration",
        "Note",
    ]
    assert rows(qa) == [["North", "2 March 2027", "4 (Fully)", "3 (Mostly)", "–", "Warm and sharp"]]
    (learning,) = rows(sheets["Learning"])
    assert learning[0] == "North" and learning[1].startswith(SCRIPT)  # text, as typed
    assert "a colleague new confidence" in learning[1]
    assert learning[2] == "Share the provision map across the triad"


def test_the_overview_is_self_peers_and_gap_per_school_and_dimension(sheets) -> None:
    overview = sheets["Overview"]
    assert list(overview.columns) == [
        "Cohort",
        "Triad",
        "School",
        "Dimension",
        "Self",
        "Peers",
        "Gap (peers − self)",
    ]
    by = {(row[2], row[3]): row[4:] for row in rows(overview)}
    assert by["Ash Academy", "Values"] == [4, 2, -2]  # median of three; the panel's agreed 2
    assert by["Oak Primary", "Approaches to teaching and learning"] == [4, 5, 1]
    assert by["Holly School", "Values"] == ["", "", ""]
    assert len(by) == 6 * 5


def test_actions_completed(sheets) -> None:
    assert sorted(rows(sheets["Actions completed"])) == [
        ["North", "Ash Academy", "Audit the provision map", "Values", "Done by triad meeting 2"],
        [
            "North",
            "Ash Academy",
            "Train all staff on adaptive teaching",
            "Values",
            "Done in the action plan",
        ],
    ]


def test_no_cell_names_anyone_or_runs_as_a_formula(sqlite_store: Store, built) -> None:
    sqlite_store.save_programme_record(
        built.code,
        "South",
        "learning",
        "celebration",
        {"key_learnings": '=HYPERLINK("x") from Rowan-1', "next_steps": "Hazelnut leads"},
        by=BY,
    )
    book = load_workbook(BytesIO(programme_excel(sqlite_store, built.code)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    texts = [str(c.value) for c in cells if c.value is not None]
    for alias in ALIASES:
        assert not [t for t in texts if alias in t], alias
    assert not [c for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("x") from a colleague' in texts
    assert any(SCRIPT in t for t in texts)


def test_an_unknown_programme_is_refused(sqlite_store: Store) -> None:
    with pytest.raises(StoreError, match="no programme with the code"):
        programme_excel(sqlite_store, "NOSUCH")


def test_the_command_line_writes_the_excel_file(sqlite_store: Store, built, tmp_path) -> None:
    out = tmp_path / "north.xlsx"
    code, said, _ = sendreflect(
        sqlite_store.url, "programme", "export", built.code, "--excel", "--out", str(out)
    )
    assert code == 0 and f"Wrote {out}: programme {built.code}" in said
    assert load_workbook(out).sheetnames == SHEETS


def test_the_command_line_names_the_excel_file_by_default(
    sqlite_store: Store, built, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = sendreflect(sqlite_store.url, "programme", "export", built.code, "--excel")
    assert code == 0 and Path(tmp_path / f"{built.code}-programme.xlsx").exists()
    assert not Path(tmp_path / f"{built.code}-programme.json").exists()
