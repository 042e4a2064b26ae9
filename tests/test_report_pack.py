"""The governors' report reads right: numbers no one can misread, the pack's orientation and
framing, titles from the frameworks, targets as markers, questions numbered as in the pack, a
credit under every section that quotes a source, and a file light enough to e-mail."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from sendreflect import Kind, Store, charts, demo, get_framework, responses, stats
from sendreflect.report import build_report

NC = "national_college"
MAX_BYTES = 1_500_000


def quoted(text: str) -> str:
    return str(escape(text))


@pytest.fixture
def html(demo_store: Store) -> str:
    return build_report(demo_store, demo.CODE)


def section(html: str, section_id: str) -> str:
    found = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert found, section_id
    return found.group(0)


def test_the_report_is_light_enough_to_email(html: str) -> None:
    assert len(html.encode("utf-8")) <= MAX_BYTES
    assert "<svg" in section(html, "positioning")


def test_figures_are_sentences_a_governor_cannot_misread(html: str) -> None:
    values = section(html, "dimension-values")
    assert "Placed the school" not in html
    assert re.search(r"<p>\d+ (people|person) placed the school</p>", values)
    assert re.search(r"<p>\d+ (people were|person was) not sure</p>", values)
    assert "Middle view (median): " in values
    assert re.search(r"Views ran from \d down to \d", values)


def test_the_report_keeps_the_packs_orientation_and_framing(html: str) -> None:
    pack = get_framework(NC)
    about = section(html, "about")
    scale = re.findall(r"<li><strong>(\d)</strong>", about)
    assert scale == ["5", "4", "3", "2", "1"]
    assert quoted(pack.framing.table_title) in about
    whole, bolt = quoted(pack.framing.whole_school_heading), quoted(pack.framing.bolt_on_heading)
    assert about.index(whole) < about.index(bolt)
    assert quoted(pack.framing.introduction) in about
    for dimension in pack.dimensions:
        values = section(html, f"dimension-{dimension.id}")
        assert values.index(quoted(dimension.whole_school)) < values.index(
            quoted(dimension.bolt_on)
        )


def test_no_developer_wording_and_titles_from_the_frameworks(html: str) -> None:
    for words in ("data file", "can be replaced", "sendreflect/", ".yaml", "json"):
        assert words not in html, words
    leaders = get_framework("sen_leaders")
    assert re.search(rf"<h2[^>]*>{re.escape(quoted(leaders.short_title))}</h2>", html)
    assert not re.search(rf"<h2[^>]*>{re.escape(quoted(leaders.title))}</h2>", html)


def test_targets_are_markers_not_a_line_across_the_radar(demo_store: Store) -> None:
    answers = demo_store.answers(demo.CODE)
    targets = stats.targets(responses.actions(answers))
    assert targets
    figure = charts.radar(responses.positions(answers), get_framework(NC), targets=targets)
    (target,) = [t for t in figure.data if t.name == "Target"]
    assert target.mode == "markers"
    assert "stars mark the" in build_report(demo_store, demo.CODE)


def test_questions_are_numbered_as_in_the_pack(sqlite_store: Store) -> None:
    sqlite_store.create_workshop("Elm Primary", "Baseline", [NC], code="ELM333")
    person = sqlite_store.join("ELM333", "Ash", "senco").id
    sqlite_store.save("ELM333", person, Kind.REFLECTION, NC, "values.think.3", "Assemblies")
    values = section(build_report(sqlite_store, "ELM333"), "dimension-values")
    card = re.search(r'<p class="question-label">Question (\d+)', values)
    assert card and card.group(1) == "3"  # the third in the pack, though the only one answered


def test_move_prompts_are_shown_with_the_teams_ideas(sqlite_store: Store) -> None:
    sqlite_store.create_workshop("Elm Primary", "Baseline", [NC], code="ELM444")
    person = sqlite_store.join("ELM444", "Ash", "senco").id
    idea = "Ask Ash to run a staff survey"
    sqlite_store.save("ELM444", person, Kind.REFLECTION, NC, "values.move.1", idea)
    values = section(build_report(sqlite_store, "ELM444"), "dimension-values")
    assert "How will you move your school?" in values
    for prompt in get_framework(NC).dimension("values").prompts:
        assert quoted(prompt.text) in values
    assert "Ask a colleague to run a staff survey" in values


def test_every_section_that_quotes_a_source_credits_it(demo_store: Store) -> None:
    html = build_report(demo_store, demo.CODE)
    pack = get_framework(NC)
    ids = ["about", "context", "actions", *(f"dimension-{d.id}" for d in pack.dimensions)]
    ids += [f"framework-{f}" for f in demo_store.workshop(demo.CODE).frameworks if f != NC]
    for section_id in ids:
        assert 'class="credit"' in section(html, section_id), section_id
    assert quoted(pack.source.notice) in section(html, "dimension-values")


def test_the_projects_own_questions_are_marked_not_quoted(sqlite_store: Store) -> None:
    sqlite_store.create_workshop("Elm Primary", "Baseline", [NC, "triad_review"], code="ELM555")
    person = sqlite_store.join("ELM555", "Ash", "senco").id
    sqlite_store.save("ELM555", person, Kind.REFLECTION, "triad_review", "triad.visits.1", "Yes")
    sqlite_store.save("ELM555", person, Kind.REFLECTION, NC, "values.think.1", "Mostly")
    html = build_report(sqlite_store, "ELM555")
    triads = section(html, "framework-triad_review")
    own = get_framework("triad_review").item("triad.visits.1").text
    assert f'<p class="own-question">{quoted(own)}</p>' in triads
    assert "sendreflect’s own question" in triads
    assert f"<blockquote><p>{quoted(own)}</p></blockquote>" not in triads
    values = section(html, "dimension-values")
    assert "sendreflect’s own question" not in values
