"""A facilitator's own continuum framework (docs/example-continuum.yaml) works end to end: every
participant step, the facilitator's sections, agreement, the action plan, solo mode, the report,
and the workbook's round trip all follow its dimensions, never the pack's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ipywidgets as w
import pytest

from sendreflect import Kind, Store, StoreError, get_settings, load_frameworks, report, workbook
from sendreflect.app import FacilitatorApp, ParticipantApp, SoloApp
from sendreflect.frameworks import PACK, continuum_of
from tests.widgets import find

REPO = Path(__file__).resolve().parents[1]
OWN = "example_continuum"
TITLES = ["Belonging", "Teaching for all", "Working with families", "Using what we know"]
PACK_ONLY = "Values"  # the pack's first dimension: never shown for a workshop on another continuum


def shown(widget: w.Widget) -> str:
    """Every text the widget shows: its HTML, and its controls' labels and options."""
    parts = [h.value for h in find(widget, w.HTML)]
    for control in find(widget, w.DOMWidget):
        parts.append(str(getattr(control, "description", "")))
        parts += [str(label) for label in getattr(control, "_options_labels", ())]
    return "\n".join(parts)


@pytest.fixture
def own_continuum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(REPO / "docs" / "example-continuum.yaml", folder)
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(folder))
    get_settings.cache_clear()


@pytest.fixture
def workshop_code(own_continuum: None, sqlite_store: Store) -> str:
    code = sqlite_store.create_workshop(
        "Riverside Primary", "Baseline", [OWN, "sen_leaders"], code="RIV111"
    ).code
    for n, (alias, role) in enumerate(
        (("Ash", "senco"), ("Birch", "teacher"), ("Cedar", "teacher"))
    ):
        app = ParticipantApp(sqlite_store, code=code)
        app.form.alias.value, app.form.role.value = alias, role
        app.form.button.click()
        titles = [label for label, _ in app.nav.options]
        assert titles[0] == "1. Where is our school?" and titles[-2].endswith("Team results")
        assert titles[-1].endswith("How will you move your school?")
        app.nav.value = 0
        page = shown(app.page)
        assert all(t in page for t in TITLES) and PACK_ONLY not in page
        assert "1 – left to a few" in page and "Owned by everyone" in page
        for radio in find(app.page, w.RadioButtons):
            radio.value = 2 + n
        for box in find(app.page, w.Textarea, description="How do you know?"):
            box.value = f"{alias}'s evidence"
    return code


def test_the_resolver_names_the_workshops_own_continuum(own_continuum: None) -> None:
    library = load_frameworks()
    assert continuum_of([OWN, "sen_leaders"], library).id == OWN
    assert continuum_of(["sen_leaders"], library).id == PACK  # a workshop made before it named one


def test_a_workshop_names_one_continuum_and_the_pack_only_by_default(
    own_continuum: None, sqlite_store: Store
) -> None:
    assert sqlite_store.create_workshop("Elm", "R", ["sen_leaders"]).frameworks[0] == PACK
    with pytest.raises(StoreError, match="one continuum framework"):
        sqlite_store.create_workshop("Elm", "R", [PACK, OWN])


def test_participants_place_the_school_on_its_own_dimensions(
    sqlite_store: Store, workshop_code: str
) -> None:
    answers = sqlite_store.answers(workshop_code)
    positions = answers[answers["kind"] == Kind.POSITION.value]
    assert set(positions["framework"]) == {OWN} and len(positions) == 12


def test_the_facilitator_sees_participation_results_agreement_and_plan_on_it(
    sqlite_store: Store, workshop_code: str
) -> None:
    key = sqlite_store.workshop(workshop_code).facilitator_key
    app = FacilitatorApp(sqlite_store, code=workshop_code, key=key)
    app.nav.value = "Participation"
    participation = shown(app.page)
    assert "3 of 3 ready" in participation and "each of the 4 dimensions" in participation
    assert "<td>4 of 4</td><td>4 of 4</td><td>Yes</td>" in participation
    assert "Context" not in participation  # the example has no context analysis
    app.nav.value = "Results"
    find(app.page, w.Button, description="Reveal the team's results")[0].click()
    results = shown(app.page)
    assert all(t in results for t in TITLES) and PACK_ONLY not in results
    app.nav.value = "Agree"
    agree = shown(app.page)
    assert "Agreed position on belonging" in agree and "3 – Shared in places" in agree
    assert PACK_ONLY not in agree
    app.nav.value = "Action plan"
    plan = shown(app.page)
    assert "Teaching for all" in plan and "Pair teachers to plan one unit" in plan
    assert PACK_ONLY not in plan


def test_the_report_and_the_workbook_follow_it(
    sqlite_store: Store, workshop_code: str, tmp_path: Path
) -> None:
    html = report.build_report(sqlite_store, workshop_code)
    assert all(t in html for t in TITLES)
    assert ">Values<" not in html and "National College support pack" not in html.split("<h1")[1]
    out = workbook.export(sqlite_store, workshop_code, "json", tmp_path / "book.json")
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    workbook.import_workbook(fresh, out)
    assert fresh.workshop(workshop_code).frameworks == (OWN, "sen_leaders")
    mine, theirs = sqlite_store.answers(workshop_code), fresh.answers(workshop_code)
    assert len(theirs) == len(mine) and set(theirs["framework"]) >= {OWN}
    excel = workbook.export(sqlite_store, workshop_code, "xlsx", tmp_path / "book.xlsx")
    assert excel.stat().st_size > 0
    assert json.loads(out.read_text())["workshop"]["frameworks"][0] == OWN


def test_solo_mode_offers_it_and_keeps_to_it(own_continuum: None, sqlite_store: Store) -> None:
    app = SoloApp(sqlite_store)
    assert app.continuum.layout.display == ""  # two continua here: the person chooses
    app.school.value, app.role.value, app.continuum.value = "Riverside Primary", "senco", OWN
    app.join_button.click()
    titles = [label for label, _ in app.nav.options]
    app.nav.value = next(i for i, t in enumerate(titles) if t.endswith("Your positions"))
    positions = shown(app.page)
    assert "Your position on belonging" in positions and PACK_ONLY not in positions
