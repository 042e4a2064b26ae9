"""The content library: every framework file validates, holds what it should, and quotes its source
word for word."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sendreflect.frameworks import Framework, Source, load_frameworks, parse_framework
from sendreflect.settings import get_settings

REPO = Path(__file__).resolve().parents[1]
FRAMEWORK_DIR = REPO / "data" / "frameworks"
FRAMEWORK_FILES = sorted(FRAMEWORK_DIR.glob("*.y*ml"))
SEED_DIR = Path(os.environ.get("SENDREFLECT_SEEDS") or REPO.parent / "shared" / "seeds")
"""The source texts: ``shared/seeds`` beside the checkout (``/work/shared/seeds`` for
``/work/main`` and every worktree beside it; CI clones ``shared`` beside the repository), or the
folder ``SENDREFLECT_SEEDS`` names. Read at collection, before the tests' settings are isolated."""

EXPECTED_IDS = {
    "national_college",
    "sen_leaders",
    "peer_support",
    "triad_review",
    "peer_mentoring",
    "peer_visit",
}

THEME_QUESTIONS = {
    "values_commitment": 4,
    "context": 4,
    "expectations": 4,
    "collaboration": 3,
    "flexibility": 4,
    "support_staff": 4,
    "individual_planning": 2,
    "between_schools": 1,
    "senco": 2,
    "distributed": 2,
    "vulnerability": 1,
    "integrated": 2,
}
DIMENSION_PROMPTS = {"values": 3, "teaching": 3, "resources": 3, "roles": 4, "services": 3}
DIMENSION_THEMES = {
    "values": ["values_commitment"],
    "teaching": ["context", "expectations", "collaboration"],
    "resources": ["flexibility", "support_staff", "individual_planning", "between_schools"],
    "roles": ["senco", "distributed", "vulnerability"],
    "services": ["integrated"],
}
LIST_SIZES = {
    "values.inclusion_means": 5,
    "values.promoting_values": 3,
    "teaching.successful_schools": 3,
    "support_staff.training": 3,
    "individual_planning.approaches": 4,
    "senco.wider_role": 5,
    "integrated.works_well_when": 4,
}


def _frameworks() -> dict[str, Framework]:
    return {f.id: f for f in (parse_framework(path) for path in FRAMEWORK_FILES)}


FRAMEWORKS = _frameworks()


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.name)
def test_file_validates(path: Path) -> None:
    framework = parse_framework(path)
    assert framework.id == path.stem
    assert framework.source.citation
    assert framework.source.credit


def test_load_frameworks_returns_exactly_the_built_in_six(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SENDREFLECT_FRAMEWORKS", raising=False)
    get_settings.cache_clear()
    try:
        frameworks = load_frameworks()
    finally:
        get_settings.cache_clear()
    assert set(frameworks) == EXPECTED_IDS
    assert {fid: f.kind for fid, f in frameworks.items()} == {
        "national_college": "continuum",
        "sen_leaders": "rating",
        "peer_support": "discussion",
        "triad_review": "discussion",
        "peer_mentoring": "discussion",
        "peer_visit": "discussion",
    }


# --- national_college structure ------------------------------------------------------------------


@pytest.fixture(scope="module")
def nc() -> Framework:
    return FRAMEWORKS["national_college"]


def test_national_college_counts(nc: Framework) -> None:
    assert nc.kind == "continuum"
    assert nc.counts() == {
        "dimensions": 5,
        "themes": 12,
        "questions": 33,
        "prompts": 16,
        "areas": 0,
        "examples": 7,
    }


def test_national_college_dimensions_in_table_order(nc: Framework) -> None:
    assert [d.id for d in nc.dimensions] == list(DIMENSION_THEMES)
    assert [d.title for d in nc.dimensions] == [
        "Values",
        "Approaches to teaching and learning",
        "Resources for support",
        "Specialist leadership roles",
        "Approaches to integrated services",
    ]
    for dimension in nc.dimensions:
        assert [t.id for t in dimension.themes] == DIMENSION_THEMES[dimension.id]


def test_national_college_questions_per_theme(nc: Framework) -> None:
    assert {t.id: len(t.questions) for t in nc.themes()} == THEME_QUESTIONS
    for theme in nc.themes():
        prefix = "values" if theme.id == "values_commitment" else theme.id
        expected = [f"{prefix}.think.{n}" for n in range(1, len(theme.questions) + 1)]
        assert [q.id for q in theme.questions] == expected


def test_national_college_prompts_per_dimension(nc: Framework) -> None:
    assert {d.id: len(d.prompts) for d in nc.dimensions} == DIMENSION_PROMPTS
    for dimension in nc.dimensions:
        expected = [f"{dimension.id}.move.{n}" for n in range(1, len(dimension.prompts) + 1)]
        assert [p.id for p in dimension.prompts] == expected


def test_national_college_lists(nc: Framework) -> None:
    lists = {lst.id: lst for t in nc.themes() for lst in t.lists}
    lists |= {lst.id: lst for d in nc.dimensions for lst in d.lists}
    assert {k: len(v.items) for k, v in lists.items()} == LIST_SIZES


def test_the_teaching_list_opens_its_dimension_not_the_context_step(nc: Framework) -> None:
    """In the pack, "Schools that are successful…" opens the teaching material, before
    "Understanding your context"; the context introduction leads into Examples 1 and 2."""
    assert [lst.id for lst in nc.dimension("teaching").lists] == ["teaching.successful_schools"]
    assert nc.theme("context").lists == []
    assert nc.theme("context").introduction.endswith("students with SEN/D:")


def test_individual_planning_keeps_the_packs_order(nc: Framework) -> None:
    (approaches,) = nc.theme("individual_planning").lists
    assert approaches.after_examples  # Example 4 comes first in the pack


def test_the_packs_framing_and_notice_are_held(nc: Framework) -> None:
    assert nc.framing is not None
    assert nc.framing.introduction.startswith("Leadership promoting the achievement")
    assert nc.framing.table_title.startswith("Table 1: Whole school vs bolt-on")
    assert nc.framing.whole_school_heading.endswith("viewed as whole school")
    assert nc.framing.bolt_on_heading.endswith("viewed as the preserve of specialists")
    assert nc.framing.reflecting.endswith("We take each of the five dimensions in turn.")
    assert nc.source.notice.startswith("©2011 National College for School Leadership")
    assert "without prior permission" in nc.source.notice
    assert nc.fold_title == "What the pack says"
    expectations = nc.theme("expectations")
    assert expectations.said_by == "Year 6 pupil"
    assert "Year 6 pupil" not in expectations.introduction


def test_no_credit_talks_about_data_files() -> None:
    for framework in FRAMEWORKS.values():
        assert "data file" not in framework.source.credit, framework.id


def test_national_college_examples(nc: Framework) -> None:
    assert [(e.id, e.title, e.theme) for e in nc.examples] == [
        ("example.1", "Example 1", "context"),
        ("example.2", "Example 2", "context"),
        ("example.3", "Example 3", "expectations"),
        ("example.4", "Example 4", "individual_planning"),
        ("example.5", "Example 5", "between_schools"),
        ("example.6", "Example 6", "distributed"),
        ("example.7", "Example 7", "vulnerability"),
    ]
    assert nc.context_analysis is not None
    assert nc.context_analysis.theme == "context"
    assert nc.context_analysis.examples == ["example.1", "example.2"]
    assert len(nc.examples_for("context")) == 2


def test_every_quoted_item_names_its_section() -> None:
    for framework in FRAMEWORKS.values():
        for label, _text, source in _sourced_items(framework):
            assert source is not None, f"{framework.id}: {label} names no source section"
            assert source.section, f"{framework.id}: {label} names an empty source section"


# --- the other two frameworks --------------------------------------------------------------------


def test_sen_leaders() -> None:
    fw = FRAMEWORKS["sen_leaders"]
    assert fw.kind == "rating"
    assert fw.rating is not None
    assert "identify strengths and areas of development across eight key areas" in fw.rating.lead
    assert [(p.value, p.label) for p in fw.rating.scale] == [
        (1, "Priority for development"),
        (2, "Area for development"),
        (3, "Strength"),
        (4, "Strength to share with other schools"),
    ]
    assert [a.id for a in fw.rating.areas] == [f"sen_leaders.area.{n}" for n in range(1, 9)]
    assert fw.item("sen_leaders.area.5").text == "Working with pupils and parents"
    assert fw.item("sen_leaders.area.8").text == "Improving outcomes"
    (benefits,) = fw.lists
    assert len(benefits.details) == 5
    assert benefits.details[0].startswith("London Challenge’s mantra")
    assert benefits.id == "sen_leaders.collaboration_benefits"
    assert benefits.lead == "School-to-school collaboration in SEND has many benefits:"
    assert benefits.items == [
        "Knowledge mobilisation",
        "Upward convergence",
        "Retention",
        "Financial sustainability",
        "Cross-phase partnership",
    ]


def test_peer_support() -> None:
    fw = FRAMEWORKS["peer_support"]
    assert fw.kind == "discussion"
    assert [t.id for t in fw.sections] == ["peer_support.reflection", "peer_support.lessons"]
    reflection = fw.theme("peer_support.reflection")
    lessons = fw.theme("peer_support.lessons")
    assert [q.id for q in reflection.questions] == [f"peer_support.reflect.{n}" for n in (1, 2, 3)]
    assert [q.id for q in lessons.questions] == [f"peer_support.lesson.{n}" for n in range(1, 6)]
    assert "gardening" in lessons.introduction
    assert "essential conditions cannot be recreated" in lessons.introduction
    assert "doesn’t inevitably lead to good practice" in lessons.introduction  # what "this" is
    assert "Jane, the head of a highly successful Warwickshire" in lessons.introduction
    assert lessons.statements  # the lessons are the blog's statements, not questions
    assert lessons.title == "Five things we discovered through this process"
    assert "Peer-to-peer support is a process of cooperation" in reflection.introduction
    assert "Specialist school improvement is where" in reflection.introduction
    assert all("comment below" not in q.text for q in reflection.questions)


def test_triad_review_follows_the_stages_of_the_process() -> None:
    fw = FRAMEWORKS["triad_review"]
    assert fw.kind == "discussion"
    assert not fw.source.questions_quoted
    assert [t.title for t in fw.sections] == [
        "Self-evaluation",
        "Action plan",
        "Peer visits and the coach school",
        "Celebration of learning",
    ]
    assert "‘coach’ role" in fw.theme("triad.self_evaluation").introduction
    assert not fw.source.headings_quoted
    assert "quality assurance process" in fw.theme("triad.visits").introduction
    assert "enabled local leaders to quickly identify schools with stand out strengths" in (
        fw.theme("triad.celebration").introduction
    )
    assert len(fw.theme("triad.celebration").lists[0].items) == 5
    assert fw.counts()["questions"] == 10


def test_peer_mentoring_works_through_the_inspection() -> None:
    fw = FRAMEWORKS["peer_mentoring"]
    assert [t.id for t in fw.sections] == [
        "mentoring.starting_point",
        "mentoring.recommendations",
        "mentoring.priorities",
        "mentoring.monitoring",
    ]
    assert "address each area of concern" in fw.theme("mentoring.recommendations").introduction
    recommendations = fw.theme("mentoring.recommendations").introduction
    assert "our West Midlands RSL, Alison Parr" in recommendations  # who "Alison" is
    jane = "Jane Starbuck, Regional SEND Leader (RSL) in the East Midlands"
    for theme_id in ("mentoring.starting_point", "mentoring.priorities"):
        theme = fw.theme(theme_id)
        assert theme.said_by == jane and theme.quote, theme_id
        assert "we " not in f" {theme.introduction} ", theme_id  # no "we" read as the school
    monitoring = fw.theme("mentoring.monitoring")
    assert "monitoring visit found" in monitoring.introduction  # who "They" were praised by
    assert not fw.source.headings_quoted
    assert fw.counts()["questions"] == 9


def test_peer_visit_prompts_reviewers_in_our_own_words_without_names() -> None:
    fw = FRAMEWORKS["peer_visit"]
    assert fw.title == "Peer visit: what the reviewers saw"
    assert fw.kind == "discussion"
    assert not fw.source.questions_quoted and not fw.source.headings_quoted
    assert fw.source.file == FRAMEWORKS["triad_review"].source.file  # WE SEND's account
    assert [t.title for t in fw.sections] == [
        "What we saw that works",
        "One question we would ask",
        "What we would try next",
    ]
    assert all(1 <= len(t.questions) <= 3 for t in fw.sections)
    assert (
        "‘provided both challenge and reassurance.’" in fw.theme("peer_visit.question").introduction
    )
    first = fw.theme("peer_visit.works").questions[0].text
    assert "practice" in first and "name no pupil and no member of staff" in first
    assert not fw.dimensions and fw.rating is None  # never offered as a workshop's continuum


# --- exact texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("framework_id", "item_id", "text"),
    [
        (
            "national_college",
            "values.think.2",
            "Is there a widespread commitment to inclusion in the school or not? How do you know? "
            "Where are you unsure about this commitment?",
        ),
        (
            "national_college",
            "roles.move.1",
            "Do you need to reconfigure of leadership arrangements in your school to improve SEN/D "
            "provision?",
        ),
        (
            "national_college",
            "between_schools.think.1",
            "To what extent do you exploit opportunities for collaborating with other schools as a "
            "way of maximising resources for support?",
        ),
        ("national_college", "values", "Values"),
        (
            "peer_support",
            "peer_support.reflect.3",
            "At this point in time, would your setting benefit from peer-to-peer support or "
            "specialist school improvement? Further reflect on why.",
        ),
        ("sen_leaders", "sen_leaders.area.3", "Monitoring, tracking and evaluation"),
    ],
)
def test_exact_text(framework_id: str, item_id: str, text: str) -> None:
    assert FRAMEWORKS[framework_id].item(item_id).text == text


def test_exact_poles(nc: Framework) -> None:
    values = nc.dimension("values")
    assert values.whole_school == "a shared commitment to inclusion"
    assert values.bolt_on == "individual values and the emergence of subcultures"
    assert nc.dimension("services").bolt_on == (
        "problems are referred to specialist services outside the school"
    )


def test_exact_example_paragraphs(nc: Framework) -> None:
    example_6 = next(e for e in nc.examples if e.id == "example.6")
    paragraphs = example_6.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[2].startswith("“When I first started here")
    assert paragraphs[2].endswith("stigmatised because of it.”")


# --- word-for-word fidelity to the seed files ----------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _sourced_items(  # noqa: C901, PLR0912 - one branch per kind of held text, in file order
    framework: Framework,
) -> list[tuple[str, str, Source | None]]:
    """(label, quoted text, its source) for every piece of text quoted from a seed file."""
    found: list[tuple[str, str, Source | None]] = []
    if framework.description:
        found.append(("description", framework.description, Source(section="description")))
    if framework.source.notice:
        found.append(("notice", framework.source.notice, Source(section="notice")))
    if framework.framing:
        framing = framework.framing
        for label in ("introduction", "table_title", "whole_school_heading", "bolt_on_heading"):
            if text := getattr(framing, label):
                found.append((f"framing.{label}", text, framing.source))
        for n, paragraph in enumerate(_paragraphs(framing.reflecting), 1):
            found.append((f"framing.reflecting.{n}", paragraph, framing.source))
    for dimension in framework.dimensions:
        found.append((f"{dimension.id}.whole_school", dimension.whole_school, dimension.source))
        found.append((f"{dimension.id}.bolt_on", dimension.bolt_on, dimension.source))
        for n, paragraph in enumerate(_paragraphs(dimension.introduction), 1):
            found.append((f"{dimension.id}.introduction.{n}", paragraph, dimension.source))
        for prompt in dimension.prompts:
            found.append((prompt.id, prompt.text, prompt.source))
    for theme in framework.themes():
        for n, paragraph in enumerate(_paragraphs(theme.introduction), 1):
            found.append((f"{theme.id}.introduction.{n}", paragraph, theme.source))
        if theme.quote:
            found.append((f"{theme.id}.quote", theme.quote, theme.source))
            found.append((f"{theme.id}.said_by", theme.said_by, theme.source))
        if framework.source.questions_quoted or theme.statements:
            for question in theme.questions:
                found.append((question.id, question.text, question.source))
    every_list = [
        *framework.lists,
        *(lst for d in framework.dimensions for lst in d.lists),
        *(lst for t in framework.themes() for lst in t.lists),
    ]
    for lst in every_list:
        found.append((f"{lst.id}.lead", lst.lead, lst.source))
        for n, item in enumerate(lst.items, 1):
            found.append((f"{lst.id}.{n}", item, lst.source))
        for n, detail in enumerate(lst.details, 1):
            found.append((f"{lst.id}.details.{n}", detail, lst.source))
    for example in framework.examples:
        for n, paragraph in enumerate(_paragraphs(example.text), 1):
            found.append((f"{example.id}.paragraph.{n}", paragraph, example.source))
    if framework.rating:
        for area in framework.rating.areas:
            found.append((area.id, area.text, area.source))
    return found


def _normalise(text: str) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def _normalise_seed(text: str) -> str:
    # The pack links a project name to "#", a conversion left-over: keep the words, drop the link.
    return _normalise(re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text))


FIDELITY_CASES = [
    pytest.param(
        fw.id,
        (source.file if source and source.file else fw.source.file),
        text,
        id=f"{fw.id}:{label}",
    )
    for fw in FRAMEWORKS.values()
    for label, text, source in _sourced_items(fw)
]


MISSING_SEEDS = (
    "The word-for-word checks need the source texts in {where}: clone the shared folder beside "
    "the repository (as shared/seeds), or set SENDREFLECT_SEEDS to the folder that holds them."
)


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    """Every source text, normalised; a missing folder fails the checks, never skips them."""
    if not SEED_DIR.is_dir():
        pytest.fail(MISSING_SEEDS.format(where=SEED_DIR))
    found = {p.name: _normalise_seed(p.read_text(encoding="utf-8")) for p in SEED_DIR.glob("*.txt")}
    if not found:
        pytest.fail(MISSING_SEEDS.format(where=SEED_DIR) + " The folder holds no .txt file.")
    return found


def test_every_seed_file_a_framework_names_is_there(seeds: dict[str, str]) -> None:
    named = {case.values[1] for case in FIDELITY_CASES}
    missing = sorted(named - set(seeds))
    assert not missing, f"source texts named by the frameworks but not in {SEED_DIR}: {missing}"


@pytest.mark.parametrize(("framework_id", "seed_file", "text"), FIDELITY_CASES)
def test_quoted_text_is_in_seed(
    seeds: dict[str, str], framework_id: str, seed_file: str, text: str
) -> None:
    assert seed_file in seeds, (
        f"{framework_id} names the source text {seed_file}, which is not in {SEED_DIR}"
    )
    assert _normalise(text) in seeds[seed_file], (
        f"{framework_id}: this text is not word for word in {seed_file}: {text[:200]!r}"
    )


def test_every_framework_has_fidelity_cases() -> None:
    assert {case.values[0] for case in FIDELITY_CASES} == EXPECTED_IDS


def _headings(raw: str) -> set[str]:
    """The seed's lines that can be headings: every line, and each line's words before a colon."""
    lines = {_normalise(line) for line in raw.splitlines() if line.strip()}
    return lines | {line.split(":", 1)[0] for line in lines}


def test_the_packs_section_paths_name_only_its_headings() -> None:
    """Every section a pack item names is a heading the pack prints ("Table 1", "Values >
    Think about your school..."), never one the project made up."""
    if not SEED_DIR.is_dir():
        pytest.fail(MISSING_SEEDS.format(where=SEED_DIR))
    pack = FRAMEWORKS["national_college"]
    headings = _headings((SEED_DIR / pack.source.file).read_text(encoding="utf-8"))
    for label, _text, source in _sourced_items(pack):
        if source is None or source.section in ("description", "notice"):
            continue
        for part in re.split(r" > |; ", source.section):
            assert part in headings, f"{label} names '{part}', which is not a heading in the pack"


def test_the_readme_quotes_each_sources_notice_and_says_who_to_ask() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Content and permissions", 1)[1].split("\n## ", 1)[0]
    for framework in FRAMEWORKS.values():
        if framework.source.notice:
            assert _normalise(framework.source.notice) in _normalise(section), framework.id
    assert section.count("who to ask") == 1
    sources = {framework.source.file for framework in FRAMEWORKS.values()}  # a row per source
    assert len(re.findall(r"^\| .* \| .* \| .* \|$", section, re.M)) == 2 + len(sources)
