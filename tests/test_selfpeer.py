"""The host school's Self and peers section of the facilitator dashboard, in plain Python: the
radar and its table, and the agenda ordered by the gap, with both sides' evidence."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as w
import pytest

from sendreflect.app.facilitator import SECTIONS, FacilitatorApp
from sendreflect.app.radar import Radar
from sendreflect.app.request import Request
from sendreflect.app.selfpeer import NOT_AGREED, SelfAndPeers
from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.responses import TEAM, Kind
from tests.widgets import find

SELF_ALIASES = ("Rowan-s1", "Birch-s2", "Cedar-s3")


def programme(store, *, visit: bool = True, name: str = "North triads") -> SimpleNamespace:
    """A triad of three schools; Elm's self-evaluation, and its visit opened (or not)."""
    made = store.create_programme(name)
    schools = [
        store.add_school(made.code, name, cohort="One", triad="North", coach=name == "Oakfield")
        for name in ("Oakfield", "Elmwood", "Ashgrove")
    ]
    host = store.workshop(schools[1].self_code)
    framework = continuum_of(host.frameworks, load_frameworks())
    opened = store.open_visit(made.code, schools[1].school_id) if visit else None
    return SimpleNamespace(host=host, visit=opened, framework=framework, code=made.code)


def place(store, code: str, alias: str, role: str, positions: dict[str, object], school=""):
    person = store.join(code, alias, role, school=school)
    fw = continuum_of(store.workshop(code).frameworks, load_frameworks()).id
    for dimension, value in positions.items():
        store.save(code, person.id, Kind.POSITION, fw, dimension, value)
    return person


def evidence(store, code: str, person: str, dimension: str, text: str, fw: str) -> None:
    store.save(code, person, Kind.EVIDENCE, fw, dimension, text)


@pytest.fixture
def placed(sqlite_store) -> SimpleNamespace:
    """Three of Elm's staff place it (2, 3, 4 on the first dimension: median 3; 3, 3, 3 on the
    second); two reviewers place it at 5 and 4 on the first, 1 and 2 on the second."""
    made = programme(sqlite_store)
    first, second = (d.id for d in made.framework.dimensions[:2])
    fw = made.framework.id
    for alias, a in zip(SELF_ALIASES, (2, 3, 4), strict=True):
        person = place(sqlite_store, made.host.code, alias, "teacher", {first: a, second: 3})
    evidence(sqlite_store, made.host.code, person.id, first, "Rowan-s1 runs <b>reviews</b>", fw)
    for alias, a, b in (("Hazel-r1", 5, 1), ("Maple-r2", 4, 2)):
        reviewer = place(
            sqlite_store, made.visit.code, alias, "peer_reviewer", {first: a, second: b}, "Oak"
        )
    evidence(sqlite_store, made.visit.code, reviewer.id, first, "Pupil voice <i>is</i> strong", fw)
    made.first, made.second = first, second
    return made


def dashboard(store, workshop, section: str = "self-and-peers") -> FacilitatorApp:
    request = Request({"section": section}, "http://localhost:8866", "/voila/render/f.ipynb")
    return FacilitatorApp(store, workshop.code, workshop.facilitator_key, request=request)


def agreed(store, code: str, fw: str, dimension: str, position: int) -> None:
    value = {"position": position, "rationale": "We agreed"}
    store.save(code, TEAM, Kind.AGREED, fw, dimension, value, by="facilitator")


def test_the_section_is_there_only_once_the_visit_is_open(sqlite_store) -> None:
    plain = sqlite_store.create_workshop("Oakfield Primary", "Baseline", code="PLAIN7")
    assert dashboard(sqlite_store, plain).nav.options == SECTIONS
    unvisited = programme(sqlite_store, visit=False).host
    assert "Self and peers" not in dashboard(sqlite_store, unvisited).nav.options
    visited = programme(sqlite_store, name="South triads")
    app = dashboard(sqlite_store, visited.host)
    assert app.nav.value == "Self and peers"  # the address names it
    assert app.nav.options.index("Self and peers") == app.nav.options.index("Agree") + 1
    assert find(app.page, w.Box) and app.address.query.endswith("section=self-and-peers")


def test_the_radar_and_table_show_both_sides(placed, sqlite_store) -> None:
    agreed(sqlite_store, placed.visit.code, placed.framework.id, placed.second, 2)
    section = SelfAndPeers(sqlite_store, placed.host, placed.framework)
    assert isinstance(section.radar, Radar)
    names = [trace.name for trace in section.radar.chart.data]
    assert "Our self-evaluation" in names and "Peer reviewers" in names
    table = section.radar.table.value
    assert "3 (median of 3, range 2 to 4)" in table  # self, first dimension
    assert "2 (agreed)" in table  # the reviewers' agreed view of the second
    row = section.table.set_index("dimension").loc[placed.second]
    assert row["self_median"] == 3 and row["peer_median"] == 2 and row["gap"] == -1


def test_two_reviewers_without_an_agreed_view_are_never_a_median(placed, sqlite_store) -> None:
    section = SelfAndPeers(sqlite_store, placed.host, placed.framework)
    agenda = section.agenda.value
    assert NOT_AGREED["peer"] in agenda
    assert "median of 2" not in agenda and "median of 2" not in section.radar.table.value
    agreed(sqlite_store, placed.visit.code, placed.framework.id, placed.first, 5)
    section.refresh()
    assert "Gap +2: the reviewers place the school 2 steps higher" in section.agenda.value
    assert "5 (agreed)" in section.radar.table.value


def test_the_agenda_puts_the_widest_gap_first(placed, sqlite_store) -> None:
    fw = placed.framework.id
    agreed(sqlite_store, placed.visit.code, fw, placed.first, 4)  # gap +1
    agreed(sqlite_store, placed.visit.code, fw, placed.second, 1)  # gap −2
    agenda = SelfAndPeers(sqlite_store, placed.host, placed.framework).agenda.value
    titles = [d.title for d in placed.framework.dimensions[:2]]
    assert agenda.index(f"1. {titles[1]}") < agenda.index(f"2. {titles[0]}")
    assert "Gap −2: the reviewers place the school 2 steps lower than your team does" in agenda


def test_only_peer_reviewers_count_on_the_peers_side(placed, sqlite_store) -> None:
    place(sqlite_store, placed.visit.code, "Willow-h1", "senco", {placed.first: 1}, "Elmwood")
    section = SelfAndPeers(sqlite_store, placed.host, placed.framework)
    row = section.table.set_index("dimension").loc[placed.first]
    assert row["peer_n"] == 2  # the host's own SENCO is not a reviewer
    assert row["peer_basis"] == ""


def test_evidence_is_escaped_and_names_no_one(placed, sqlite_store) -> None:
    agenda = SelfAndPeers(sqlite_store, placed.host, placed.framework).agenda.value
    assert "a colleague runs &lt;b&gt;reviews&lt;/b&gt;" in agenda
    assert "Pupil voice &lt;i&gt;is&lt;/i&gt; strong" in agenda
    assert "The peer reviewers&#x27; evidence" in agenda or "The peer reviewers' evidence" in agenda
    assert "<b>reviews" not in agenda and "<i>is" not in agenda
    for alias in (*SELF_ALIASES, "Hazel-r1", "Maple-r2"):
        assert alias not in agenda
