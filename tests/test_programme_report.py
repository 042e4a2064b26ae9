"""The programme report: one offline HTML page with every triad's stages, QA record, learning and
completed actions, the lead's overview and each school's self vs peers, naming no one."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from sendreflect import Store
from sendreflect.browser import find_chromium
from sendreflect.cli import main
from sendreflect.report import pdf as report_pdf
from sendreflect.report.programme import programme_report, write_programme_report
from sendreflect.report.programme_data import programme_data
from sendreflect.report.render import ReportError
from tests.programme_builder import ALIAS, SCRIPT, build_programme


@pytest.fixture
def built(sqlite_store: Store):
    return build_programme(sqlite_store)


@pytest.fixture
def page(sqlite_store: Store, built) -> str:
    return programme_report(sqlite_store, built.code)


def text_of(page: str) -> str:
    """The page's visible text, tags dropped and entities read, spaces collapsed."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_report_shows_the_programme_its_stages_and_each_triad(page: str) -> None:
    text = text_of(page)
    assert "Northshire peer review 2026-27" in text and "Led by Northshire LA" in text
    assert "Self-evaluation 5 October 2026 Done" in text
    assert "Peer visits 20 January 2027 Done" in text  # triad North's own stage
    assert "Triad North (cohort Spring)" in text and "Triad South (cohort Summer)" in text
    assert "Oak Primary (coach school)" in text and "Birch Juniors (coach school)" in text
    assert "Stage reached: Peer visits" in text and "Stage reached: Self-evaluation" in text


def test_the_report_shows_the_qa_record_learning_and_actions_completed(page: str) -> None:
    text = text_of(page)
    assert "Supportive 4 (Fully)" in text and "Solutions-focused 3 (Mostly)" in text
    assert "A focused process for collaboration –" in text and "Warm and sharp" in text
    assert "Share the provision map across the triad" in text
    assert "Ash Academy Train all staff on adaptive teaching Values Done in the action plan" in text
    assert "Ash Academy Audit the provision map Values Done by triad meeting 2" in text
    assert "Review the timetable" not in text  # under way, not done
    assert "No quality-assurance visit has been recorded." in text  # triad South


def test_the_report_shows_the_overview_and_self_vs_peers(page: str) -> None:
    text = text_of(page)
    assert "Cohort Spring: schools, triads and stage reached" in text
    assert "Ash Academy North No Peer visits" in text and "Oak Primary North Yes" in text
    assert "Ash Academy 4 / 2" in text  # its own median of three, its reviewers' agreed 2
    assert "Ash Academy −2" in text
    assert "Oak Primary (triad North), Approaches to teaching and learning: itself 4, peers 5" in (
        text
    )
    assert "Ash Academy (triad North), Values: itself 4, peers 2 (peers place it at 2" in text
    assert "Values 4 (median of 3, range 4 to 5) 2 (agreed) −2" in text
    assert "Holly School: its own placement beside its peers' placement of it" in text


def test_typed_text_is_escaped(page: str) -> None:
    assert SCRIPT not in page and "<script" not in page.lower()
    assert html.escape(SCRIPT, quote=False).replace("'", "&#39;") in page


def test_no_alias_appears_anywhere(sqlite_store: Store, built, page: str) -> None:
    for alias in ("Marigold", "Birchwood", "Hazelnut", "Rowan-1", "Willow-1"):
        assert alias.casefold() not in page.casefold()
    assert "Peer visits gave a colleague new confidence" in text_of(page)
    assert ALIAS in programme_data(sqlite_store, built.code).aliases


def test_the_page_is_offline_and_looks_like_the_workshop_report(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and 'lang="en-GB"' in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert "@page { size: A4" in page and "--accent: #0072B2" in page


def test_an_unknown_programme_says_so(sqlite_store: Store) -> None:
    with pytest.raises(Exception, match="no programme with the code"):
        programme_report(sqlite_store, "NOSUCH")


def test_cli_writes_the_programme_report(
    sqlite_store: Store, built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "celebration.html"
    argv = ["--db", sqlite_store.url, "programme", "report", built.code, "--out", str(out)]
    assert main(argv) == 0
    assert f"Wrote {out}." in capsys.readouterr().out
    assert "Triad North (cohort Spring)" in out.read_text(encoding="utf-8")
    assert main(["--db", sqlite_store.url, "programme", "report", "NOSUCH"]) == 1
    assert "no programme with the code" in capsys.readouterr().err


def test_without_chromium_the_html_is_still_written(
    sqlite_store: Store, built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_pdf, "find_chromium", lambda: None)
    out = tmp_path / "programme.html"
    with pytest.raises(ReportError, match="apt-get install chromium"):
        write_programme_report(sqlite_store, built.code, out, pdf=True)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ReportError, match="name the HTML file"):
        write_programme_report(sqlite_store, built.code, tmp_path / "x.pdf", pdf=True)


def test_the_pdf_is_printed_by_chromium(sqlite_store: Store, built, tmp_path: Path) -> None:
    if find_chromium() is None:
        message = "Chromium is not installed: run 'make test', which installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    written = write_programme_report(sqlite_store, built.code, tmp_path / "p.html", pdf=True)
    assert written == [tmp_path / "p.html", tmp_path / "p.pdf"]
    data = written[1].read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) >= 3


def test_a_programme_without_schools_still_makes_a_report(sqlite_store: Store) -> None:
    code = sqlite_store.create_programme("Empty <b>triads</b> 2026-27").code
    text = text_of(programme_report(sqlite_store, code))
    assert "Empty <b>triads</b> 2026-27" in text and "Self-evaluation Not dated Not yet" in text
