"""Peer review's numbers, worked out by hand on small frames: self vs peers, the gap agenda,
the table beside the radar, the programme overview and the strengths to showcase."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from sendreflect import peerstats, responses
from sendreflect.frameworks import Framework, get_framework
from sendreflect.responses import NOT_SURE, answers_frame
from tests.peerdata import DIMS, answer, compare, empty_notes, frames


@pytest.fixture(scope="module")
def framework() -> Framework:
    return get_framework("national_college")


def test_self_median_beside_the_panels_agreed_position(framework):
    mine = frames({"values": [2, 3, 4]})
    theirs = frames({"values": [3, 5]}, agreed={"values": 4})
    table = compare(framework, mine, theirs)
    assert list(table.columns) == peerstats.TABLE_COLUMNS
    assert list(table["dimension"]) == list(DIMS)
    row = table.set_index("dimension").loc["values"]
    # self: 2, 3, 4 → median 3, range 2 to 4, three people
    assert (row["self_median"], row["self_low"], row["self_high"]) == (3, 2, 4)
    assert (row["self_n"], row["self_basis"]) == (3, "median of 3")
    # peers: two reviewers (3 and 5) are too few for a median: their agreed 4 stands, no range
    assert (row["peer_median"], row["peer_n"], row["peer_basis"]) == (4, 2, "agreed")
    assert math.isnan(row["peer_low"]) and math.isnan(row["peer_high"])
    assert row["gap"] == 1
    # nobody placed the school on the other dimensions and nothing was agreed: no numbers
    rest = table.set_index("dimension").drop(index="values")
    assert rest[["self_median", "peer_median", "gap"]].isna().all().all()
    assert set(rest["self_basis"]) == {""} and set(rest["peer_n"]) == {0}


def test_a_median_of_enough_people_wins_over_the_agreed_position(framework):
    mine = frames({"teaching": [1, 2, 2, 5]}, agreed={"teaching": 4})
    theirs = frames({"teaching": [4, 4, 5]}, agreed={"teaching": 3})
    row = compare(framework, mine, theirs).set_index("dimension").loc["teaching"]
    # self 1, 2, 2, 5 → median 2 (not the agreed 4); peers 4, 4, 5 → median 4 (not 3)
    assert (row["self_median"], row["self_low"], row["self_high"]) == (2, 1, 5)
    assert (row["peer_median"], row["peer_low"], row["peer_high"]) == (4, 4, 5)
    assert (row["self_basis"], row["peer_basis"]) == ("median of 4", "median of 3")
    assert row["gap"] == 2


def test_not_sure_is_ignored_and_can_leave_too_few(framework):
    mine = frames({"roles": [3, 4, NOT_SURE, 5], "services": [2, NOT_SURE, 4]})
    row = compare(framework, mine, frames({})).set_index("dimension")
    # roles: 3, 4, 5 → median 4 of three people; the not-sure answer counts for nothing
    assert (row.loc["roles", "self_median"], row.loc["roles", "self_n"]) == (4, 3)
    # services: 2 and 4 placed it, one not sure: two people, no median, nothing agreed
    assert row.loc["services", "self_n"] == 2
    assert math.isnan(row.loc["services", "self_median"])
    assert row.loc["services", "self_basis"] == ""


def test_two_people_never_yield_a_median_or_a_spread(framework):
    mine = frames({d: [1, 5] for d in DIMS}, agreed={"values": 2})
    theirs = frames({d: [2, 4] for d in DIMS})
    table = compare(framework, mine, theirs)
    numbers = table[[f"{s}_{c}" for s in ("self", "peer") for c in ("median", "low", "high")]]
    # the medians of two would be 3 on every dimension: none of them is shown anywhere
    assert not (numbers == 3).any().any()
    assert table[["self_low", "self_high", "peer_low", "peer_high"]].isna().all().all()
    assert table.loc[0, "self_median"] == 2 and table.loc[0, "self_basis"] == "agreed"
    assert table["peer_median"].isna().all()
    assert not table["peer_basis"].str.contains("median").any()


def test_other_frameworks_positions_are_not_counted(framework):
    mine = frames({"values": [2, 3, 4]})
    other = answers_frame(
        [answer(f"other{n}", "position", "values", 5, "sen_leaders") for n in range(3)]
    )
    both = pd.concat([mine, other], ignore_index=True)
    row = compare(framework, both, frames({})).set_index("dimension").loc["values"]
    assert (row["self_median"], row["self_n"]) == (3, 3)


def test_empty_frames_give_a_row_per_dimension_and_no_numbers(framework):
    empty = responses.answers_frame([])
    table = peerstats.self_vs_peer(
        responses.positions(empty), responses.positions(empty), framework
    )
    assert list(table["dimension"]) == list(DIMS)
    assert table["gap"].isna().all() and table["gap"].dtype == float


GAPS = {"values": (3, 4), "teaching": (4, 2), "resources": (2, None), "roles": (3, 3)}
"""dimension → (self agreed, peer agreed): gaps +1, −2, none, 0, and services +2 below."""


@pytest.fixture
def agenda_table(framework):
    mine = {d: s for d, (s, _) in GAPS.items()} | {"services": 1}
    theirs = {d: p for d, (_, p) in GAPS.items() if p is not None} | {"services": 3}
    return compare(framework, frames({}, agreed=mine), frames({}, agreed=theirs))


def test_the_agenda_puts_the_widest_gap_first(framework, agenda_table):
    agenda = peerstats.gap_agenda(agenda_table, empty_notes(), empty_notes(), framework)
    # |−2| on teaching ties with |+2| on services: framework order decides; no gap comes last
    assert [item["dimension"] for item in agenda] == [
        "teaching",
        "services",
        "values",
        "roles",
        "resources",
    ]
    assert [item["gap"] for item in agenda[:4]] == [-2, 2, 1, 0]
    assert math.isnan(agenda[-1]["gap"])
    assert agenda[0]["title"] == "Approaches to teaching and learning"
    assert (agenda[0]["self_median"], agenda[0]["peer_median"]) == (4, 2)
    assert agenda[0]["self_basis"] == agenda[0]["peer_basis"] == "agreed"
    assert all(item["self_evidence"] == item["peer_evidence"] == [] for item in agenda)


def test_the_agenda_lists_both_sides_evidence_without_names(framework, agenda_table):
    mine = frames(
        {},
        notes=[
            ("ashleigh", "teaching", "Most lessons plan for every pupil"),
            ("bertram", "teaching", "Ashleigh leads the planning reviews"),
            ("bertram", "values", "Our vision names inclusion"),
        ],
    )
    mine = pd.concat(
        [mine, answers_frame([answer("ashleigh", "reflection", "teaching", "A reflection")])],
        ignore_index=True,
    )
    theirs = frames(
        {},
        notes=[
            ("morgana", "teaching", "We saw adapted tasks in two classes"),
            ("percival", "teaching", "Asked by Morgana: who checks the plans?"),
        ],
    )
    theirs = pd.concat(
        [
            theirs,
            answers_frame([answer("morgana", "evidence", "teaching", "Elsewhere", "sen_leaders")]),
        ],
        ignore_index=True,
    )
    agenda = {
        i["dimension"]: i
        for i in peerstats.gap_agenda(
            agenda_table, responses.notes(mine), responses.notes(theirs), framework
        )
    }
    assert agenda["teaching"]["self_evidence"] == [
        "a colleague leads the planning reviews",
        "Most lessons plan for every pupil",
    ]
    assert agenda["teaching"]["peer_evidence"] == [
        "Asked by a colleague: who checks the plans?",
        "We saw adapted tasks in two classes",
    ]
    assert agenda["values"]["self_evidence"] == ["Our vision names inclusion"]
    assert agenda["values"]["peer_evidence"] == []
    said = str(agenda).casefold()
    assert not any(name in said for name in ("ashleigh", "bertram", "morgana", "percival"))
    assert "a reflection" not in said and "elsewhere" not in said


def test_extra_aliases_are_redacted_too(framework, agenda_table):
    theirs = frames({}, notes=[("morgana", "roles", "Talked with Rosalind about roles")])
    agenda = peerstats.gap_agenda(
        agenda_table, empty_notes(), responses.notes(theirs), framework, aliases=["Rosalind"]
    )
    roles = next(i for i in agenda if i["dimension"] == "roles")
    assert roles["peer_evidence"] == ["Talked with a colleague about roles"]


def test_the_table_beside_the_radar_says_each_basis(framework):
    mine = frames({"values": [2, 3, 4], "teaching": [3, 3, 3]}, agreed={"roles": 2})
    theirs = frames({"values": [3, 5], "teaching": [1, 2]}, agreed={"values": 4, "teaching": 1})
    table = peerstats.self_peer_table(compare(framework, mine, theirs), framework)
    assert list(table.columns) == ["Dimension", "Self (basis)", "Peers (basis)", "Gap"]
    assert list(table["Dimension"]) == [d.title for d in framework.dimensions]
    rows = table.set_index("Dimension")
    assert list(rows.loc["Values"]) == ["3 (median of 3, range 2 to 4)", "4 (agreed)", "+1"]
    # three people all at 3: a median with no range to speak of
    assert list(rows.loc["Approaches to teaching and learning"]) == [
        "3 (median of 3)",
        "1 (agreed)",
        "−2",
    ]
    assert list(rows.loc["Specialist leadership roles"]) == ["2 (agreed)", "", ""]
    assert list(rows.loc["Resources for support"]) == ["", "", ""]


def test_gap_text_signs_each_gap():
    assert [peerstats.gap_text(g) for g in (1.0, -0.5, 0.0, math.nan)] == ["+1", "−0.5", "0", ""]


STAGES = {
    "self_evaluation": "Self-evaluation",
    "meeting_1": "First triad meeting",
    "visit": "Peer visits",
}


def test_the_stage_reached_is_the_latest_done():
    assert peerstats.stage_reached(["visit", "self_evaluation"], STAGES) == "Peer visits"
    assert peerstats.stage_reached(["meeting_1", "unheard_of"], STAGES) == "First triad meeting"
    assert peerstats.stage_reached([], STAGES) == "Not started"


def school(school_id, name, cohort, triad, coach=False):
    return {
        "school_id": school_id,
        "school": name,
        "cohort": cohort,
        "triad": triad,
        "coach": coach,
    }


def agreed_table(framework, mine: dict[str, int], theirs: dict[str, int]) -> pd.DataFrame:
    return compare(framework, frames({}, agreed=mine), frames({}, agreed=theirs))


@pytest.fixture
def programme(framework):
    schools = [
        school("sch-dd", "Dale Primary", "North", "Triad B"),
        school("sch-aa", "Ash Primary", "North", "Triad A"),
        SimpleNamespace(**school("sch-bb", "Birch Academy", "North", "Triad A", coach=True)),
        school("sch-cc", "Cedar School", "South", "Triad C", coach=True),
        school("sch-ee", "Elm Infants", "South", "Triad C"),
    ]
    tables = {
        # Ash: values self 4, peers 5 (showcase); roles self 5, peers 4 (showcase, not support)
        # teaching self 4, peers 3 (gap −1: support); resources self 3, peers 2 (both reasons)
        "sch-aa": agreed_table(
            framework,
            {"values": 4, "roles": 5, "teaching": 4, "resources": 3},
            {"values": 5, "roles": 4, "teaching": 3, "resources": 2},
        ),
        # Birch: peers at 2 with no self placement (support); self 5 with no peers (neither)
        "sch-bb": agreed_table(framework, {"roles": 5}, {"values": 2}),
        # Cedar: values 4 and 4 (showcase); teaching self 2, peers 3 (higher: neither)
        "sch-cc": agreed_table(
            framework, {"values": 4, "teaching": 2}, {"values": 4, "teaching": 3}
        ),
        # Elm: services self 1, peers 1 (peers at 2 or below, no gap)
        "sch-ee": agreed_table(framework, {"services": 1}, {"services": 1}),
    }
    stages = {"Triad A": "Peer visits", "*": "Self-evaluation"}
    return peerstats.programme_overview(schools, tables, stages, framework)


def test_the_overview_has_a_row_per_school_in_programme_order(programme, framework):
    assert list(programme["school"]) == [
        "Birch Academy",  # the coach of North's Triad A first
        "Ash Primary",
        "Dale Primary",
        "Cedar School",
        "Elm Infants",
    ]
    numbers = [f"{s}_{d}" for d in DIMS for s in ("self", "peer", "gap")]
    fixed = ["school_id", "school", "cohort", "triad", "coach", "stage"]
    assert list(programme.columns) == fixed + numbers
    by_id = programme.set_index("school_id")
    assert list(by_id["coach"]) == [True, False, False, True, False]
    assert by_id.loc["sch-aa", "stage"] == "Peer visits"
    assert by_id.loc["sch-dd", "stage"] == "Self-evaluation"  # no record for Triad B: "*"
    assert (by_id.loc["sch-aa", "self_values"], by_id.loc["sch-aa", "peer_values"]) == (4, 5)
    assert by_id.loc["sch-aa", "gap_teaching"] == -1
    assert by_id.loc["sch-dd", numbers].isna().all()  # Dale has no table yet


def test_the_overview_of_no_schools_is_empty(framework):
    overview = peerstats.programme_overview([], {}, {}, framework)
    assert overview.empty and "self_values" in overview.columns
    assert peerstats.showcase_and_support(overview, framework) == {}


def entries(found: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(e["school"], e["dimension"]) for e in found]


def test_showcase_and_support_by_the_rules(programme, framework):
    found = peerstats.showcase_and_support(programme, framework)
    assert list(found) == ["North", "South"]
    north, south = found["North"], found["South"]
    assert entries(north["showcase"]) == [("Ash Primary", "values"), ("Ash Primary", "roles")]
    assert entries(north["support"]) == [
        ("Birch Academy", "values"),
        ("Ash Primary", "teaching"),
        ("Ash Primary", "resources"),
    ]
    why = {e["dimension"]: e["why"] for e in north["support"] if e["school"] == "Ash Primary"}
    assert why["teaching"] == "peers place it below its own view"
    assert why["resources"] == "peers place it at 2 or below; peers place it below its own view"
    assert entries(south["showcase"]) == [("Cedar School", "values")]
    assert entries(south["support"]) == [("Elm Infants", "services")]
    first = north["showcase"][0]
    assert (first["self_median"], first["peer_median"], first["gap"]) == (4, 5, 1)
    assert first["school_id"] == "sch-aa" and first["title"] == "Values"


def test_showcase_needs_both_sides(programme, framework):
    """Birch placed itself at 5 on roles, but no peer placed it: not a strength to showcase."""
    found = peerstats.showcase_and_support(programme, framework)
    assert ("Birch Academy", "roles") not in entries(found["North"]["showcase"])
    lower = peerstats.showcase_and_support(programme, framework, high=5)
    assert entries(lower["North"]["showcase"]) == []
