"""The pack shown whole on the participant's and the solo pages: every introduction, the framing
and Table 1, every "How will you move your school?" prompt in full, the whole-school pole first,
a credit under every step that shows source text, and the team's ideas turned into actions."""

from __future__ import annotations

import ipywidgets as w
import pytest

from sendreflect import Kind, Store, get_framework, responses
from sendreflect.app import ActionPlan, ParticipantApp
from sendreflect.app.kit import esc, paragraphs
from sendreflect.app.saving import SaveStatus
from sendreflect.app.solo import SoloApp
from sendreflect.app.sourcetext import OWN_WORDING
from sendreflect.frameworks import Framework, load_frameworks
from tests.widgets import find, joined

NC = "national_college"
EVERY = [NC, *sorted(set(load_frameworks()) - {NC})]
"""Every framework in data/frameworks, the pack first: a new one is shown whole too."""


def shown(app) -> dict[str, str]:
    """Each step's title and the HTML it shows (every HTML widget and every label)."""
    pages = {}
    for index, (title, _) in enumerate(app.nav.options):
        app.nav.value = index
        html = [h.value for h in find(app.page, w.HTML)]
        labels = [t.description for t in find(app.page, w.Textarea)]
        labels += [str(o) for r in find(app.page, w.RadioButtons) for o in r.options]
        pages[title.split(". ", 1)[1]] = " ".join(html + [esc(label) for label in labels])
    return pages


@pytest.fixture
def every_step(sqlite_store: Store) -> dict[str, str]:
    sqlite_store.create_workshop("Oak Primary", "Baseline", EVERY, code="OAK222")
    return shown(joined(sqlite_store, "OAK222"))


def _texts(framework: Framework) -> list[str]:
    """Every introduction, quotation, speaker and list of a framework, as the page escapes it."""
    found = []
    for dimension in framework.dimensions:
        found.append(paragraphs(dimension.introduction))
        found += [esc(lst.lead) for lst in dimension.lists]
    for theme in framework.themes():
        found += [paragraphs(theme.introduction), paragraphs(theme.quote), esc(theme.said_by)]
        for lst in theme.lists:
            found += [esc(lst.lead), *(esc(i) for i in lst.items), *(esc(d) for d in lst.details)]
    found += [esc(i) for lst in framework.lists for i in [*lst.items, *lst.details]]
    return [t for t in found if t]


def test_every_introduction_of_every_framework_reaches_a_page(every_step) -> None:
    everything = " ".join(every_step.values())
    for framework_id in EVERY:
        for text in _texts(get_framework(framework_id)):
            assert text in everything, f"{framework_id}: not on any page: {text[:120]}"


def test_where_is_our_school_shows_the_framing_and_table_1_whole_school_first(every_step) -> None:
    pack = get_framework(NC)
    page = every_step["Where is our school?"]
    assert pack.framing is not None
    assert paragraphs(pack.framing.introduction) in page
    assert esc(pack.framing.table_title) in page
    whole, bolt = esc(pack.framing.whole_school_heading), esc(pack.framing.bolt_on_heading)
    assert page.index(whole) < page.index(bolt)
    values = pack.dimension("values")
    assert page.index(esc(values.whole_school)) < page.index(esc(values.bolt_on))
    assert page.index("5 – whole school") < page.index("1 – preserve of specialists")
    assert paragraphs(pack.framing.reflecting) in every_step["Think about your school…"]


def test_the_context_step_leads_into_examples_1_and_2(every_step) -> None:
    page = every_step["Understanding your context"]
    assert "Show Example 1" not in page  # buttons are not HTML; the examples' text is
    pack = get_framework(NC)
    assert esc(pack.dimension("teaching").lists[0].lead) not in page
    assert paragraphs(pack.theme("context").introduction) in page


def test_every_move_prompt_is_shown_in_full_on_its_own_step(every_step) -> None:
    page = every_step["How will you move your school?"]
    prompts = [p for _, p in get_framework(NC).prompts()]
    assert len(prompts) == 16
    for prompt in prompts:
        assert esc(prompt.text) in page


def test_every_step_that_shows_source_text_credits_it(every_step) -> None:
    library = load_frameworks()
    notice = esc(library[NC].source.notice)
    for title, page in every_step.items():
        if title == "Team results":
            continue
        assert 'class="sr-credit"' in page, f"no credit on {title}"
    for title in (
        "Understanding your context",
        "Where is our school?",
        "Think about your school…",
        "How will you move your school?",
    ):
        assert notice in every_step[title], title
    for framework_id in EVERY[1:]:
        page = every_step[library[framework_id].short_title]
        assert esc(library[framework_id].source.citation) in page


def test_the_projects_own_questions_and_headings_are_marked(every_step) -> None:
    library = load_frameworks()
    assert OWN_WORDING in every_step[library["triad_review"].short_title]
    assert OWN_WORDING in every_step[library["peer_mentoring"].short_title]
    assert OWN_WORDING in every_step[library["peer_visit"].short_title]
    assert OWN_WORDING not in every_step["Think about your school…"]
    lessons = every_step[library["peer_support"].short_title]
    assert "What does this mean for our school?" in lessons
    assert "Integrated services" not in every_step["Think about your school…"]


def test_the_solo_page_credits_every_step_too(sqlite_store) -> None:
    app = SoloApp(sqlite_store)
    app.school.value, app.role.value = "Elm Primary", "senco"
    app.start()
    for title, page in shown(app).items():
        if title in ("Your positions", "Action plan", "Save your work"):
            continue
        assert 'class="sr-credit"' in page, f"no credit on {title}"


def test_ideas_on_the_prompts_are_gathered_unnamed_and_become_actions(sqlite_store) -> None:
    sqlite_store.create_workshop("Oak Primary", "Baseline", [NC], code="OAK333")
    for alias in ("Ash", "Birch"):
        app = joined(sqlite_store, "OAK333", alias=alias)
        titles = [t.split(". ", 1)[1] for t, _ in app.nav.options]
        app.nav.value = titles.index("How will you move your school?")
        prompt = get_framework(NC).item("values.move.2")
        assert len(find(app.page, w.Textarea, description=prompt.text)) == 1
    _save_notes(sqlite_store, "OAK333")
    plan = ActionPlan(sqlite_store, "OAK333", get_framework(NC), SaveStatus())
    assert plan.ideas is not None
    panel = " ".join(h.value for h in find(plan.ideas.widget, w.HTML))
    assert esc(get_framework(NC).item("values.move.2").text) in panel
    assert "said a colleague" in panel and "Ash" not in panel and "Birch" not in panel
    (first, _) = find(plan.ideas.widget, w.Button, description="Make this an action")
    first.click()
    (action,) = responses.actions(sqlite_store.answers("OAK333")).itertuples()
    assert action.prompt == "values.move.2" and action.dimension == "values"
    assert action.what == "Staff meeting on shared values, said a colleague"


def _save_notes(store: Store, code: str) -> None:
    """The note boxes save after a pause in typing; save the same notes directly, as they would."""
    for row in store.participants(code).itertuples():
        other = "Birch" if row.alias == "Ash" else "Ash"
        store.save(
            code,
            row.id,
            Kind.REFLECTION,
            NC,
            "values.move.2",
            f"Staff meeting on shared values, said {other}",
        )


def test_a_participant_page_offers_whole_school_first(sqlite_store) -> None:
    sqlite_store.create_workshop("Oak Primary", "Baseline", [NC], code="OAK444")
    app: ParticipantApp = joined(sqlite_store, "OAK444")
    app.nav.value = 1
    radio = find(app.page, w.RadioButtons)[0]
    assert [v for _, v in radio.options][:5] == [5, 4, 3, 2, 1]


def _groups(app) -> list[w.VBox]:
    """The folds of "Think about your school…", one per dimension."""
    return [b for b in find(app.page, w.VBox) if "sr-group" in b._dom_classes]


def _item(note: w.Textarea) -> str:
    """The item a note box saves (its draft key is ``reflection/<framework>/<item>``)."""
    (key,) = [c for c in note._dom_classes if c.startswith("sr-draft-")]
    return key.rsplit("/", 1)[1]


def test_think_questions_are_optional_folded_by_dimension_and_counted(sqlite_store) -> None:
    sqlite_store.create_workshop("Oak Primary", "Baseline", [NC], code="OAK555")
    app = joined(sqlite_store, "OAK555")
    app.nav.value = 2
    page = " ".join(h.value for h in find(app.page, w.HTML))
    assert "These questions are optional." in page
    assert "Answer the two or three that matter most to you" in page
    pack = get_framework(NC)
    groups = _groups(app)
    assert [g.children[0].description for g in groups] == [
        f"{d.title} — 0 of {n} answered"
        for d, n in zip(pack.dimensions, (4, 7, 11, 5, 2), strict=True)
    ]
    assert [g.children[1].layout.display for g in groups] == [None, *["none"] * 4]
    for group, dimension in zip(groups, pack.dimensions, strict=True):  # the same item ids
        wanted = {q.id for t in dimension.themes if t.id != "context" for q in t.questions}
        assert {_item(n) for n in find(group, w.Textarea)} == wanted
    resources = groups[2]
    resources.children[0].click()
    assert resources.children[1].layout.display is None
    find(resources, w.Textarea)[3].value = "Teaching assistants plan with teachers weekly"
    assert resources.children[0].description == "Resources for support — 1 of 11 answered"
    (saved,) = sqlite_store.answers("OAK555").itertuples()
    assert saved.item_id == _item(find(resources, w.Textarea)[3])
    again = joined(sqlite_store, "OAK555", resume=app.participant.resume_code)
    again.nav.value = 2
    assert _groups(again)[2].children[0].description.endswith("1 of 11 answered")
