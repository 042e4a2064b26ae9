"""The take-away report for governors: one offline HTML file (and a PDF printed by Chromium)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.offline
import pytest
from markupsafe import escape

from sendreflect import Kind, Store, demo, get_framework
from sendreflect.browser import find_chromium
from sendreflect.cli import main
from sendreflect.formats import format_date
from sendreflect.report import ReportError, build_report, write_report
from sendreflect.report import pdf as report_pdf

ALIASES = tuple(demo.TEAM_MEMBERS)
XSS = "<script>alert(1)</script>"


def quoted(text: str) -> str:
    """Text as the autoescaping template writes it."""
    return str(escape(text))


@pytest.fixture
def html(demo_store: Store) -> str:
    return build_report(demo_store, demo.CODE)


def without_plotly_js(page: str) -> str:
    """The page without plotly.js (inlined once in the interactive report, never in the static)."""
    source = plotly.offline.get_plotlyjs()
    assert page.count(source) <= 1
    return page.replace(source, "")


class Resources(HTMLParser):
    """Every address the browser would load or follow: attributes and CSS ``url()``/``@import``
    (script bodies are not parsed as HTML, so plotly.js's own strings are not counted)."""

    ATTRIBUTES = ("src", "href", "srcset", "action", "poster", "data", "formaction", "xlink:href")

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.tags: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in self.ATTRIBUTES:
                self.addresses.append(value)
            if name == "style":
                self.addresses += self.css(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.addresses += self.css(data)

    @staticmethod
    def css(text: str) -> list[str]:
        found = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
        found += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\"); ]*)", text)
        return found


def test_report_names_the_school_round_and_roles_but_no_one(html: str) -> None:
    assert quoted(demo.SCHOOL) in html
    assert "Review, November 2026" in html
    assert "Baseline, November 2025" in html  # the earlier round it is compared with
    assert 'lang="en-GB"' in html
    assert re.search(r"Who took part \(6 people\)", html)
    team = re.search(r'<table class="team">.*?</table>', html, re.S).group(0)
    # Six people in six roles: no role is named, as each would name one person.
    assert re.search(
        r'<th scope="row">Other roles \(groups under 3\)</th><td class="num">6</td>', team
    )
    for role in ("Head teacher", "SENCO", "Governor", "Support staff", "Middle leader"):
        assert role not in team, role
    rest = without_plotly_js(html)  # plotly.js's locale tables hold e.g. the month "Ash"
    for alias in ALIASES:
        assert alias not in rest, alias


def test_the_interactive_radar_numbers_individuals_and_names_no_one(demo_store: Store) -> None:
    rest = without_plotly_js(build_report(demo_store, demo.CODE, interactive=True))
    for alias in ALIASES:
        assert alias not in rest, alias
    assert "Participant 1" in rest  # individuals on the radar are numbered, never named


def test_report_quotes_the_questions_agreed_positions_and_actions(html: str) -> None:
    framework = get_framework("national_college")
    assert quoted(framework.item("values.think.2").text) in html
    assert quoted(demo.REFLECTIONS[("Cedar", "values.think.2")]) in html
    for question in framework.theme(framework.context_analysis.theme).questions:
        assert quoted(question.text) in html
    assert quoted(demo.REFLECTIONS[("Birch", "context.think.1")]) in html
    for _position, rationale, _dissent in demo.AGREED.values():
        assert quoted(rationale) in html
    assert quoted("The governor thinks 4: parents' views are strongly positive.") in html
    for action in demo.ACTIONS:
        assert quoted(action["what"]) in html
        assert quoted(action["success_criteria"]) in html
    assert "12 February 2027" in html
    assert "Under way" in html and "Not started" in html
    for dimension in framework.dimensions:
        assert quoted(dimension.whole_school) in html
        assert quoted(dimension.bolt_on) in html
    # Evidence is not attributed at all, and comes in alphabetical order, not by author.
    assert re.search(r'<li><span class="text">Two exclusions', html)
    assert 'class="role"' not in html
    values = re.search(
        r'id="dimension-values".*?<h3>Evidence</h3>\s*<ul class="notes">(.*?)</ul>', html, re.S
    )
    texts = re.findall(r'<span class="text">(.*?)</span>', values.group(1), re.S)
    assert texts == sorted(texts, key=str.casefold) and texts[0].startswith("Inclusion")


def test_report_has_the_radar_with_its_table_and_the_credit(html: str) -> None:
    assert re.search(r'<svg [^>]*id="radar"', html)
    assert '<table class="radar-table">' in html
    assert quoted("The radar's numbers") in html
    for column in ("Team median", "Agreed", "Earlier round median", "Target"):
        assert f'<th scope="col" class="num">{column}</th>' in html
    assert '<th scope="row">Specialist leadership roles</th>' in html
    source = get_framework("national_college").source
    assert quoted(source.citation) in html
    assert quoted(source.notice) in html
    assert "@page { size: A4; margin: 15mm; }" in html


def test_report_is_self_contained_and_loads_nothing_from_the_network(demo_store: Store) -> None:
    for interactive, scripts in ((False, 0), (True, 2)):  # plotly.js, then the radar
        html = build_report(demo_store, demo.CODE, interactive=interactive)
        assert html.count(plotly.offline.get_plotlyjs()) == (1 if interactive else 0)
        parser = Resources()
        parser.feed(html)
        addresses = [a for a in parser.addresses if not a.startswith("http://www.w3.org/2000/svg")]
        remote = [a for a in addresses if re.match(r"\s*(https?:)?//", a, re.IGNORECASE)]
        assert remote == []
        assert "link" not in parser.tags and "iframe" not in parser.tags
        assert parser.tags.count("script") == scripts
        assert not re.search(r"<script[^>]*\bsrc=", html)


def test_aliases_typed_into_any_free_text_are_replaced_then_escaped(demo_store: Store) -> None:
    """The report names no one: an alias typed anywhere (in any case, as a whole word) reads
    "a colleague", and the text around it is still escaped."""
    people = demo_store.participants(demo.CODE).set_index("alias")["id"]
    nc = "national_college"
    typed = "<b>CEDAR</b> & hazel; not Hazelwood"
    shown = "&lt;b&gt;a colleague&lt;/b&gt; &amp; a colleague; not Hazelwood"
    demo_store.save(demo.CODE, people["Ash"], Kind.REFLECTION, nc, "context.think.2", typed)
    demo_store.save(demo.CODE, people["Rowan"], Kind.EVIDENCE, nc, "services", typed)
    demo_store.save(
        demo.CODE, people["Ash"], Kind.REFLECTION, "peer_support", "peer_support.reflect.2", typed
    )
    fields = ("what", "lead", "others", "success_criteria", "status_note")
    action = {name: f"{name}: {typed}" for name in fields} | {"by_when": "2027-01-01"}
    demo_store.save(demo.CODE, "team", Kind.ACTION, nc, "action.names", action, by="facilitator")
    agreed = {"position": 3, "rationale": f"why: {typed}", "dissent": f"other: {typed}"}
    demo_store.save(demo.CODE, "team", Kind.AGREED, nc, "teaching", agreed, by="facilitator")
    page = without_plotly_js(build_report(demo_store, demo.CODE))
    assert page.count(f'<span class="text">{shown}</span>') == 3  # 2 on the pack, 1 on peer support
    for name in (*fields, "why", "other"):
        assert f"{name}: {shown}" in page, name
    for alias in ALIASES:
        assert not re.search(rf"\b{alias}\b", page, re.IGNORECASE), alias


def test_a_one_person_reflection_keeps_its_own_words(sqlite_store: Store) -> None:
    """Alone (solo mode's alias is "Me"), there is no one else to hide: "me" stays "me"."""
    me = sqlite_store.start_solo("Elm Primary", "Solo", ["national_college"], "senco")
    code = me.workshop_code
    sqlite_store.save(code, me.id, Kind.EVIDENCE, "national_college", "values", "It seems to me")
    assert '<span class="text">It seems to me</span>' in build_report(sqlite_store, code)


def test_who_took_part_names_a_role_only_for_three_or_more(sqlite_store: Store) -> None:
    sqlite_store.create_workshop("Elm Primary", "Baseline", ["national_college"], code="ELM222")
    for alias, role in (("A", "teacher"), ("B", "teacher"), ("C", "teacher"), ("D", "senco")):
        sqlite_store.join("ELM222", alias, role)
    team = re.search(r'<table class="team">.*?</table>', build_report(sqlite_store, "ELM222"), re.S)
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', team.group(0))
    assert rows == [("Teacher", "3"), ("Other roles (groups under 3)", "fewer than 3")]
    assert "SENCO" not in team.group(0)


def test_ratings_by_fewer_than_three_show_no_median(html: str) -> None:
    """Only two of the demo's team rated the eight key areas: their median would be theirs."""
    ratings = re.search(r"SEN Leaders: eight key areas: the team.*?</table>", html, re.S).group(0)
    cells = re.findall(r'<td class="num">(.*?)</td>', ratings)
    assert cells == ["–", "fewer than 3"] * 8


def test_typed_text_is_escaped_everywhere(demo_store: Store) -> None:
    people = demo_store.participants(demo.CODE).set_index("alias")["id"]
    nc = "national_college"
    demo_store.save(demo.CODE, people["Cedar"], Kind.REFLECTION, nc, "context.think.2", XSS)
    demo_store.save(demo.CODE, people["Rowan"], Kind.EVIDENCE, nc, "services", XSS)
    demo_store.save(
        demo.CODE,
        "team",
        Kind.ACTION,
        nc,
        "action.xss",
        {"what": XSS, "lead": XSS, "status_note": XSS, "by_when": "2027-01-01"},
        by="facilitator",
    )
    demo_store.save(
        demo.CODE,
        "team",
        Kind.AGREED,
        nc,
        "teaching",
        {"position": 3, "rationale": XSS, "dissent": XSS},
        by="facilitator",
    )
    page = build_report(demo_store, demo.CODE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6


def test_the_other_frameworks_a_workshop_used_have_their_own_sections(
    sqlite_store: Store,
) -> None:
    """Ratings of the eight key areas and notes on the triad questions reach the governors too,
    quoted, escaped, with each framework credited."""
    sqlite_store.create_workshop(
        "Elm Primary",
        "Triad visit, March 2027",
        ["national_college", "sen_leaders", "triad_review", "peer_support"],
        code="ELM111",
    )
    for alias, rating in (("Ash", 2), ("Birch", 3), ("Cedar", 3)):
        person = sqlite_store.join("ELM111", alias, "senco" if alias == "Ash" else "teacher").id
        sqlite_store.save(
            "ELM111", person, Kind.RATING, "sen_leaders", "sen_leaders.area.3", rating
        )
    sqlite_store.save(
        "ELM111", person, Kind.REFLECTION, "triad_review", "triad.visits.1", f"Our {XSS} corridors"
    )
    page = build_report(sqlite_store, "ELM111")
    leaders, triads = get_framework("sen_leaders"), get_framework("triad_review")
    assert quoted(triads.short_title) in page and quoted(leaders.short_title) in page
    assert quoted(triads.source.citation) in page and quoted(leaders.source.citation) in page
    assert quoted(triads.item("triad.visits.1").text) in page
    assert f"Our {quoted(XSS)} corridors" in page and XSS not in page
    scale = {p.value: p.label for p in leaders.rating.scale}
    ratings_row = re.search(r"Monitoring, tracking and evaluation</th>(.*?)</tr>", page, re.S)
    assert ratings_row is not None
    assert quoted(scale[3]) in ratings_row.group(1) and ">3<" in ratings_row.group(1)
    # peer_support has questions nobody wrote on; the eight key areas have only ratings
    assert page.count("No reflections were recorded on this framework") == 1
    assert quoted(triads.source.credit) in page
    assert quoted(get_framework("peer_mentoring").title) not in page  # not used here


def test_dates_are_written_as_in_a_letter() -> None:
    assert format_date(dt.date(2027, 2, 12)) == "12 February 2027"
    assert format_date("2026-11-05T09:30:00+00:00") == "5 November 2026"
    assert format_date(pd.NaT) == ""


def test_a_workshop_nobody_has_joined_still_makes_a_report(sqlite_store: Store) -> None:
    sqlite_store.create_workshop("Oak Primary", "Baseline, 2026", code="EMPTYY")
    page = build_report(sqlite_store, "EMPTYY")
    assert "Oak Primary" in page and "No one has joined this workshop yet." in page
    assert "The team has not recorded any actions yet." in page


def test_the_pdf_is_printed_by_chromium(demo_store: Store, tmp_path: Path) -> None:
    if find_chromium() is None:
        message = "Chromium is not installed: run 'make test', which installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    written = write_report(demo_store, demo.CODE, tmp_path / "report.html", pdf=True)
    assert written == [tmp_path / "report.html", tmp_path / "report.pdf"]
    data = written[1].read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages >= 2


def test_without_chromium_the_html_is_still_written(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kw: None)
    monkeypatch.setattr(report_pdf, "find_chromium", lambda: None)
    out = tmp_path / "report.html"
    with pytest.raises(ReportError, match="apt-get install chromium") as caught:
        write_report(demo_store, demo.CODE, out, pdf=True)
    assert str(out) in str(caught.value)
    assert out.exists() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not out.with_suffix(".pdf").exists()


def test_cli_writes_the_report(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "governors.html"
    assert main(["--db", demo_store.url, "report", "demo", "--out", str(out)]) == 0
    assert out.exists() and quoted(demo.SCHOOL) in out.read_text(encoding="utf-8")
    assert f"Wrote {out}." in capsys.readouterr().out


def test_cli_default_file_name(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", demo_store.url, "report", "demo"]) == 0
    assert (tmp_path / "DEMO-report.html").exists()


def test_cli_explains_an_unknown_code_and_a_missing_chromium(
    demo_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["--db", demo_store.url, "report", "NOPE", "--out", str(tmp_path / "x")]) == 1
    captured = capsys.readouterr()
    assert "no workshop with the code 'NOPE'" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert not (tmp_path / "x").exists()

    monkeypatch.setattr(report_pdf, "find_chromium", lambda: None)
    out = tmp_path / "r.html"
    assert main(["--db", demo_store.url, "report", "DEMO", "--out", str(out), "--pdf"]) == 1
    captured = capsys.readouterr()
    assert "PDF needs Chromium" in captured.err and "apt-get" in captured.err
    assert "Traceback" not in captured.err
    assert out.exists()
