"""Charts: the team's aggregates and the radar, checked against the demo workshop's real answers."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

import pandas as pd
import pytest

from sendreflect import charts, demo, responses, stats
from sendreflect.frameworks import Framework, get_framework
from sendreflect.responses import NOT_SURE, Kind, answers_frame
from sendreflect.store import Store


@pytest.fixture(scope="module")
def framework() -> Framework:
    return get_framework("national_college")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('charts') / 's.sqlite'}")
    demo.seed_demo(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def answers(store: Store) -> pd.DataFrame:
    return store.answers(demo.CODE)


@pytest.fixture(scope="module")
def positions(answers: pd.DataFrame) -> pd.DataFrame:
    return responses.positions(answers)


@pytest.fixture(scope="module")
def previous(store: Store) -> pd.DataFrame:
    return responses.positions(store.answers(demo.BASELINE_CODE))


def by_hand(column: int) -> list[int]:
    """The demo's numeric positions on one dimension, straight from demo.POSITIONS."""
    return [v[column] for v in demo.POSITIONS.values() if v[column] != NOT_SURE]


def rows(people: dict[str, tuple[str, int]]) -> list[dict]:
    """Answer rows for one position each on 'values': alias → (role, position)."""
    return [
        {
            "workshop": "T",
            "subject": f"id-{alias}",
            "alias": alias,
            "role": role,
            "kind": "position",
            "framework": "national_college",
            "item_id": "values",
            "value": value,
            "updated_at": "2026-11-01T10:00:00+00:00",
            "updated_by": alias,
        }
        for alias, (role, value) in people.items()
    ]


def test_team_summary_matches_the_demo_by_hand(positions, framework):
    summary = stats.team_summary(positions, framework).set_index("dimension")
    assert list(summary.index) == [d.id for d in framework.dimensions]
    assert list(summary.columns) == [
        "title",
        "answered",
        "not_sure",
        "median",
        "low",
        "high",
        "spread",
    ]
    values = summary.loc["values"]
    assert by_hand(0) == [4, 4, 3, 5, 3, 2]
    assert (values["median"], values["low"], values["high"], values["spread"]) == (3.5, 2, 5, 3)
    assert (values["answered"], values["not_sure"]) == (6, 0)
    assert (summary.loc["services", "answered"], summary.loc["services", "not_sure"]) == (5, 1)
    for column, dimension in enumerate(demo.DIMENSIONS):
        assert summary.loc[dimension, "median"] == statistics.median(by_hand(column))
    assert str(summary["median"].dtype) == "Float64"
    assert str(summary["spread"].dtype) == "Float64"


def test_team_summary_keeps_unanswered_dimensions(positions, framework):
    only_values = positions[positions["dimension"] == "values"]
    summary = stats.team_summary(only_values, framework).set_index("dimension")
    assert len(summary) == len(framework.dimensions)
    assert summary.loc["roles", "answered"] == 0
    assert summary.loc["roles", ["median", "low", "high", "spread"]].isna().all()


def test_agenda_puts_the_widest_disagreement_first(positions, answers, framework):
    table = stats.agenda(positions, responses.notes(answers), framework)
    assert table["dimension"].iloc[0] == "values"  # spread 3: the widest
    assert list(table["spread"]) == sorted(table["spread"], reverse=True)
    # Ties on spread go to the larger standard deviation: roles (3,2,1,3,2,2) before teaching
    # (3,3,2,4,3); services (3,2,2,3,2) before resources (2,3,2,2,2,2).
    assert list(table["dimension"]) == ["values", "roles", "teaching", "services", "resources"]
    for (_alias, dimension), text in demo.EVIDENCE.items():
        evidence = table.set_index("dimension").loc[dimension, "evidence"]
        assert text in evidence
    assert all(isinstance(e, str) for e in table["evidence"].iloc[0])


def test_agenda_evidence_names_no_one(positions, answers, framework):
    """The agenda is projected: its evidence carries no alias and no role, and comes in
    alphabetical order rather than by author."""
    table = stats.agenda(positions, responses.notes(answers), framework)
    for evidence in table["evidence"]:
        assert evidence == sorted(evidence, key=str.casefold)
        for note in evidence:
            assert not any(note.startswith(f"{alias}:") for alias in demo.TEAM_MEMBERS), note
            assert not any(alias in note for alias in demo.TEAM_MEMBERS), note
    values = table.set_index("dimension").loc["values", "evidence"]
    assert values[0].startswith("Inclusion is in our vision")  # Ash wrote it; Ash is not first


def test_agenda_replaces_aliases_typed_into_evidence(store, framework):
    code = store.create_workshop("Test school", "Test round", code="NAMES1").code
    people = {alias: store.join(code, alias, "teacher").id for alias in ("Oak", "Ash Tree")}
    store.save(
        code, people["Oak"], Kind.EVIDENCE, framework.id, "values", "ASH TREE and oak disagree"
    )
    store.save(code, people["Ash Tree"], Kind.EVIDENCE, framework.id, "values", "Oaktree, not Oak.")
    answers = store.answers(code)
    aliases = store.participants(code)["alias"]
    table = stats.agenda(responses.positions(answers), responses.notes(answers), framework, aliases)
    assert table.set_index("dimension").loc["values", "evidence"] == [
        "a colleague and a colleague disagree",
        "Oaktree, not a colleague.",
    ]


def test_agenda_passes_markup_through_as_plain_data(store, framework):
    code = store.create_workshop("Test school", "Test round", code="XSSCHK").code
    person = store.join(code, "Oak", "teacher")
    store.save(code, person.id, Kind.POSITION, framework.id, "values", 3)
    store.save(code, person.id, Kind.EVIDENCE, framework.id, "values", "<script>alert(1)</script>")
    answers = store.answers(code)
    table = stats.agenda(responses.positions(answers), responses.notes(answers), framework)
    evidence = table.set_index("dimension").loc["values", "evidence"]
    assert evidence == ["<script>alert(1)</script>"]


def test_one_constant_sets_the_smallest_group_shown() -> None:
    assert stats.MIN_GROUP == 3
    assert stats.OTHER_ROLES == "Other roles (groups under 3)"


def test_role_groups_name_a_role_only_for_three_or_more() -> None:
    roles = pd.Series(["teacher", "teacher", "teacher", "governor", "senco"], index=list("ABCDE"))
    groups = stats.role_groups(roles)
    assert list(groups[["A", "B", "C"]]) == ["Teacher"] * 3
    assert groups[["D", "E"]].isna().all()  # two left over: not shown apart, not even pooled
    roles["F"] = "head_teacher"
    groups = stats.role_groups(roles)
    assert list(groups[["D", "E", "F"]]) == [stats.OTHER_ROLES] * 3


def test_role_breakdown_pools_the_demo_single_roles(positions, framework):
    table = stats.role_breakdown(positions, framework)
    assert set(table["group"]) == {"Other roles (groups under 3)"}
    assert (table["people"] == 6).all()
    assert (table["people"] >= 3).all()
    assert table.set_index("dimension").loc["values", "median"] == 3.5


def test_role_breakdown_drops_a_pooled_group_that_is_too_small(framework):
    people = {
        "A": ("teacher", 2),
        "B": ("teacher", 3),
        "C": ("teacher", 4),
        "D": ("governor", 5),
        "E": ("senco", 1),
    }
    table = stats.role_breakdown(responses.positions(answers_frame(rows(people))), framework)
    assert set(table["group"]) == {"Teacher"}
    assert (table["people"] == 3).all()
    assert table.set_index("dimension").loc["values", "median"] == 3
    assert table["people"].min() >= 3


def test_role_breakdown_never_shows_a_small_group(framework):
    people = {"A": ("teacher", 2), "B": ("teacher", 3)}
    table = stats.role_breakdown(responses.positions(answers_frame(rows(people))), framework)
    assert table.empty
    people["D"] = ("governor", 5)  # two teachers and a governor pool into a group of three
    table = stats.role_breakdown(responses.positions(answers_frame(rows(people))), framework)
    assert set(table["group"]) == {"Other roles (groups under 3)"}
    assert table.set_index("dimension").loc["values", "median"] == 3
    # only 'values' was answered, so the other dimensions' medians are withheld, not shown
    assert table.set_index("dimension").drop(index="values")["median"].isna().all()


def colours(figure) -> list[str]:
    found = []
    for trace in figure.data:
        found += [trace.line.color, getattr(trace, "fillcolor", None)]
        if trace.marker is not None:
            found.append(trace.marker.color)
    return [c for c in found if c is not None]


def palette_or_grey(colour: str) -> bool:
    if colour.upper() in charts.PALETTE:
        return True
    red, green, blue = (int(x) for x in re.findall(r"\d+", colour)[:3])
    return f"#{red:02X}{green:02X}{blue:02X}" in charts.PALETTE or red == green == blue


def test_radar_shows_the_demo(positions, answers, previous, framework):
    agreed = responses.agreed(answers)
    figure = charts.radar(positions, framework, agreed=agreed, previous=previous)
    names = [t.name for t in figure.data]
    assert len(figure.data) == 6 + 1 + 1 + 1 + 1
    assert names.count("Individual views") == 6
    assert {"Spread (lowest to highest)", "Team median", "Agreed position"} <= set(names)
    assert "Median, earlier round" in names
    individuals = [t for t in figure.data if t.legendgroup == "individuals"]
    assert [t.meta for t in individuals] == [f"Participant {n}" for n in range(1, 7)]
    assert [bool(t.showlegend) for t in individuals] == [True] + [False] * 5
    assert not any(alias in str(figure.to_dict()) for alias in demo.TEAM_MEMBERS)

    median = next(t for t in figure.data if t.name == "Team median")
    labels = [label.replace("<br>", " ") for label in median.theta]
    assert labels[:-1] == [d.title for d in framework.dimensions]
    assert median.theta[0] == median.theta[-1] and median.r[0] == median.r[-1]
    summary = stats.team_summary(positions, framework)
    assert list(median.r[:-1]) == list(summary["median"])
    assert median.line.dash in (None, "solid")

    agreed_trace = next(t for t in figure.data if t.name == "Agreed position")
    assert agreed_trace.r[0] == 3 and agreed_trace.r[1] is None  # teaching was not agreed
    assert agreed_trace.line.dash == "dash" and agreed_trace.marker.symbol == "diamond"
    earlier = next(t for t in figure.data if t.name == "Median, earlier round")
    assert earlier.line.dash == "dot"

    assert all(palette_or_grey(c) for c in colours(figure)), colours(figure)
    assert figure.layout.font.size >= 13
    assert figure.layout.width is None
    assert tuple(figure.layout.polar.radialaxis.range) == (0.5, 5.5)


def test_radar_with_targets_and_without_individuals(positions, framework):
    figure = charts.radar(positions, framework, targets={"roles": 3}, show_individuals=False)
    assert [t.name for t in figure.data] == ["Spread (lowest to highest)", "Team median", "Target"]
    target = figure.data[-1]
    assert target.line.dash == "dashdot"
    assert list(target.r) == [None, None, None, 3.0, None, None]


def test_radar_of_an_empty_frame_draws_axes_only(framework):
    empty = responses.positions(answers_frame([]))
    figure = charts.radar(empty, framework)
    assert [t.name for t in figure.data] == ["Team median"]
    assert all(r is None for r in figure.data[0].r)
    assert list(figure.layout.polar.angularaxis.categoryarray) == [
        charts.wrap_title(d.title) for d in framework.dimensions
    ]
    figure.to_json()
    assert len(charts.radar(pd.DataFrame(), framework).data) == 1


def test_radar_table_has_the_same_numbers(positions, answers, previous, framework):
    targets = {"roles": 3, "resources": 3}
    table = stats.radar_table(
        positions, framework, agreed=responses.agreed(answers), previous=previous, targets=targets
    )
    assert list(table.columns) == [
        "Dimension",
        "Team median",
        "Lowest",
        "Highest",
        "Not sure",
        "Agreed",
        "Earlier round median",
        "Target",
    ]
    summary = stats.team_summary(positions, framework)
    assert list(table["Team median"]) == list(summary["median"])
    assert list(table["Dimension"]) == [d.title for d in framework.dimensions]
    row = table.set_index("Dimension").loc["Values"]
    assert (row["Lowest"], row["Highest"], row["Agreed"], row["Earlier round median"]) == (
        2,
        5,
        3,
        3,
    )
    assert table.set_index("Dimension").loc["Specialist leadership roles", "Target"] == 3
    assert list(stats.radar_table(positions, framework).columns)[-1] == "Not sure"


def test_targets_take_the_highest_target_of_actions_not_dropped() -> None:
    plan = pd.DataFrame(
        {
            "dimension": ["roles", "roles", "values", "services", ""],
            "target_position": pd.array([2, 3, 5, None, 4], dtype="Int64"),
            "status": ["done", "under_way", "dropped", "not_started", "not_started"],
        }
    )
    assert stats.targets(plan) == {"roles": 3}


def test_school_summary_gives_medians_per_school_and_round(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'la.sqlite'}")
    demo.seed_demo(store)
    positions = responses.positions(store.answers_for(kinds=[Kind.POSITION]))
    assert set(positions["workshop"]) == {demo.CODE, demo.BASELINE_CODE}
    summary = stats.school_summary(positions, store.workshops()).set_index("round")
    assert summary.loc["Review, November 2026", "values"] == 3.5
    assert summary.loc["Baseline, November 2025", "roles"] == 2.0
    assert len(summary) == 2


def test_latest_rounds_strengths_and_needs_name_schools_per_dimension(tmp_path) -> None:
    """A local authority's lead sees which schools have a strength to share and which might
    want support, from each school's latest round only."""
    store = Store(f"sqlite:///{tmp_path / 'la.sqlite'}")
    framework = get_framework("national_college")
    given = {
        ("Ash Primary", "Baseline"): {"values": [5, 4, 4], "roles": [1, 2, 1]},
        ("Ash Primary", "Review"): {"values": [5, 5, 4], "roles": [3, 3, 3]},
        ("Elm Academy", "Baseline"): {"values": [2, 1, 2], "roles": [4, 4, 5]},
        ("Oak School", "Baseline"): {},  # nobody answered yet
    }
    for (school, round_), answers in given.items():
        code = store.create_workshop(school, round_).code
        people = [store.join(code, alias, "teacher").id for alias in ("A", "B", "C")]
        for dimension, values in answers.items():
            for person, value in zip(people, values, strict=True):
                store.save(code, person, Kind.POSITION, "national_college", dimension, value)
    positions = responses.positions(store.answers_for(kinds=[Kind.POSITION]))
    summary = stats.school_summary(positions, store.workshops())
    assert list(zip(summary["school"], summary["round"], strict=True)) == [
        ("Ash Primary", "Baseline"),
        ("Ash Primary", "Review"),
        ("Elm Academy", "Baseline"),
    ]
    latest = stats.latest_rounds(summary)
    assert list(latest["round"]) == ["Review", "Baseline"]
    found = stats.strengths_and_needs(latest, framework).set_index("dimension")
    assert found.loc["values", "strong"] == ["Ash Primary"]
    assert found.loc["values", "support"] == ["Elm Academy"]
    assert found.loc["roles", "strong"] == ["Elm Academy"]
    assert found.loc["roles", "support"] == []  # Ash's baseline 1 is not its latest round
    assert found.loc["services", "strong"] == [] and len(found) == 5


def test_a_school_round_of_fewer_than_three_is_not_shown_as_the_schools_view(tmp_path) -> None:
    """Two people's median is close to each one's own position: an authority never sees it."""
    store = Store(f"sqlite:///{tmp_path / 'la.sqlite'}")
    small = store.create_workshop("Yew School", "Baseline").code
    big = store.create_workshop("Fir School", "Baseline").code
    for code, aliases in ((small, "AB"), (big, "ABC")):
        for alias in aliases:
            person = store.join(code, alias, "teacher").id
            store.save(code, person, Kind.POSITION, "national_college", "values", 5)
            if code == big and alias != "C":  # only two of Fir's three placed 'roles'
                store.save(code, person, Kind.POSITION, "national_college", "roles", 1)
    positions = responses.positions(store.answers_for(kinds=[Kind.POSITION]))
    summary = stats.school_summary(positions, store.workshops())
    assert list(summary["school"]) == ["Fir School"]
    assert summary.loc[0, "values"] == 5
    assert "roles" not in summary.columns or pd.isna(summary.loc[0, "roles"])


def test_ratings_of_fewer_than_three_show_no_median(framework) -> None:
    leaders = get_framework("sen_leaders")
    area = leaders.rating.areas[0]
    rows = [
        {
            "workshop": "T",
            "subject": f"id-{alias}",
            "alias": alias,
            "role": "teacher",
            "kind": "rating",
            "framework": leaders.id,
            "item_id": area.id,
            "value": 3,
            "updated_at": "2026-11-01T10:00:00+00:00",
            "updated_by": alias,
        }
        for alias in ("A", "B")
    ]
    labels = {p.value: p.label for p in leaders.rating.scale}
    summary = stats.rating_summary(responses.ratings(answers_frame(rows)), leaders)
    first = summary.set_index("Area").loc[area.text]
    assert (first["Median rating"], first["Rated by"]) == ("–", "fewer than 3")
    rows.append(rows[0] | {"subject": "id-C", "alias": "C"})
    summary = stats.rating_summary(responses.ratings(answers_frame(rows)), leaders)
    first = summary.set_index("Area").loc[area.text]
    assert (first["Median rating"], first["Rated by"]) == (labels[3], "3")
    assert summary.set_index("Area").iloc[1]["Rated by"] == "0"


def test_an_authority_with_no_positions_yet_has_an_empty_summary() -> None:
    empty = responses.positions(responses.answers_frame([]))
    workshops = pd.DataFrame(columns=["code", "school", "round", "created_at"])
    summary = stats.school_summary(empty, workshops)
    assert summary.empty and "school" in summary.columns
    found = stats.strengths_and_needs(
        stats.latest_rounds(summary), get_framework("national_college")
    )
    assert found["strong"].map(len).sum() == 0


def test_the_radar_can_name_its_median_line_for_many_schools() -> None:
    positions = responses.positions(responses.answers_frame([]))
    figure = charts.radar(
        positions, get_framework("national_college"), median_name="Median across schools"
    )
    assert [t.name for t in figure.data] == ["Median across schools"]
