"""Programmes of peer review in the store: schools in triads with their self-evaluations, peer
visits, the programme's records with history, mentoring after inspection, and the upgrade of a
version 2 store; on SQLite and PostgreSQL alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from sendreflect import Store, StoreError, get_settings
from sendreflect.store import UnknownProgramme, schema
from sendreflect.store.programmes import school_id_for

NC = "national_college"
OWN = "example_continuum"
NAME = "Northshire peer review 2026-27"


@pytest.fixture
def own_continuum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second continuum framework beside the pack (the documented example)."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "docs" / "example-continuum.yaml", folder)
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(folder))
    get_settings.cache_clear()


@pytest.fixture
def programme(store: Store):
    return store.create_programme(NAME, lead="Jo Lead", code="north-26")


@pytest.fixture
def triads(store: Store, programme):
    """Six schools in two triads of one cohort, a coach in each."""
    for school, triad, coach in [
        ("Oak Primary", "Triad A", True),
        ("Ash Academy", "Triad A", False),
        ("Elm Infants", "Triad A", False),
        ("Yew Juniors", "Triad B", False),
        ("Fir Primary", "Triad B", True),
        ("Bay School", "Triad B", False),
    ]:
        store.add_school(programme.code, school, cohort="Cohort 1", triad=triad, coach=coach)
    return store.programme_schools(programme.code)


def _by_name(schools, name):
    return next(s for s in schools if s.school == name)


def test_a_programme_is_made_read_back_and_listed(store: Store, programme, own_continuum) -> None:
    assert programme.code == "NORTH26"
    assert (programme.name, programme.lead, programme.framework) == (NAME, "Jo Lead", NC)
    assert store.programme(" north-26 ") == programme
    other = store.create_programme("Westshire trio", framework=OWN)
    assert len(other.code) == 6 and other.framework == OWN
    assert {p.code for p in store.programmes()} == {"NORTH26", other.code}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"framework": "peer_mentoring"}, "not a continuum framework"),
        ({"framework": "sen_leaders"}, "not a continuum framework"),
        ({"framework": "no_such"}, "not a continuum framework"),
        ({"code": "ab1"}, "at least 6"),
        ({"code": "north-26"}, "already used"),
        ({"code": "oak111"}, "already used"),  # a workshop's code is never a programme's
    ],
)
def test_a_programme_that_cannot_be_made_says_why(store: Store, programme, kwargs, message) -> None:
    store.create_workshop("Oak", "R", code="OAK111")
    with pytest.raises(StoreError, match=message):
        store.create_programme("Another", **kwargs)
    with pytest.raises(StoreError, match="must not be empty"):
        store.create_programme("  ")
    assert [p.code for p in store.programmes()] == ["NORTH26"]


def test_a_workshop_never_takes_a_programme_code(store: Store, programme) -> None:
    """One code names one thing: a workshop asked for a programme's code is refused."""
    with pytest.raises(StoreError, match="already used"):
        store.create_workshop("Oak", "R", code="north26")
    assert store.workshops(kind=None).empty


def test_an_unknown_programme_says_what_to_do(store: Store, programme) -> None:
    for call in (
        lambda: store.programme("NOPE99"),
        lambda: store.programme_schools("NOPE99"),
        lambda: store.add_school("NOPE99", "Oak", cohort="C", triad="T"),
        lambda: store.open_visit("NOPE99", "oak"),
        lambda: store.programme_records("NOPE99"),
        lambda: store.save_programme_record(
            "NOPE99", "*", "stage", "visit", {"date": None, "done": True}, by="facilitator"
        ),
    ):
        with pytest.raises(UnknownProgramme, match="'sendreflect programme list' shows"):
            call()


def test_adding_a_school_makes_its_self_evaluation(store: Store, programme) -> None:
    added = store.add_school(programme.code, "St Mary's C of E", cohort="Cohort 1", triad="A")
    assert added.school_id == "st-marys-c-of-e"
    assert (added.cohort, added.triad, added.coach, added.visit_code) == (
        "Cohort 1",
        "A",
        False,
        None,
    )
    workshop = store.workshop(added.self_code)
    assert workshop.kind == "team" and workshop.host_code is None
    assert workshop.school == "St Mary's C of E"
    assert workshop.round == f"{NAME}: self-evaluation"
    assert workshop.frameworks == (NC,)
    assert store.programme_schools(programme.code) == [added]
    assert store.school_of(added.self_code) == added
    assert store.school_of("OTHER1") is None


def test_schools_are_listed_by_cohort_triad_coach_first_then_name(store: Store, triads) -> None:
    assert [(s.triad, s.school, s.coach) for s in triads] == [
        ("Triad A", "Oak Primary", True),
        ("Triad A", "Ash Academy", False),
        ("Triad A", "Elm Infants", False),
        ("Triad B", "Fir Primary", True),
        ("Triad B", "Bay School", False),
        ("Triad B", "Yew Juniors", False),
    ]
    assert len({s.self_code for s in triads}) == 6


@pytest.mark.parametrize(
    ("school", "cohort", "triad", "coach", "message"),
    [
        ("oak primary", "Cohort 1", "Triad C", False, "already in this programme"),
        ("New School", "Cohort 1", "triad a", True, "already has a coach school, Oak Primary"),
        ("New School", "Cohort 2", "Triad A", False, "triad Triad A is in cohort Cohort 1"),
        ("New School", "Cohort 1", "*", False, "needs a name"),
        ("New School", "Cohort 1", " ", False, "must not be empty"),
        ("New School", "", "Triad C", False, "must not be empty"),
        ("", "Cohort 1", "Triad C", False, "must not be empty"),
        ("Bad\x07School", "Cohort 1", "Triad C", False, "hidden control character"),
    ],
)
def test_a_school_that_cannot_join_says_why_and_nothing_is_written(
    store: Store, programme, triads, school, cohort, triad, coach, message
) -> None:
    workshops = len(store.workshops())
    with pytest.raises(StoreError, match=message):
        store.add_school(programme.code, school, cohort=cohort, triad=triad, coach=coach)
    assert store.programme_schools(programme.code) == triads
    assert len(store.workshops()) == workshops


def test_a_triad_is_spelt_as_first_given_and_ids_stay_distinct(store: Store, programme) -> None:
    first = store.add_school(programme.code, "St Marys", cohort="One", triad="Triad A")
    second = store.add_school(programme.code, "St. Mary's", cohort="one", triad="triad a")
    assert (second.cohort, second.triad) == ("One", "Triad A")
    assert (first.school_id, second.school_id) == ("st-marys", "st-marys-2")
    assert school_id_for("Ysgol Gymraeg Bro Morgannwg") == "ysgol-gymraeg-bro-morgannwg"
    assert school_id_for("École Saint-Benoît") == "ecole-saint-benoit"
    assert school_id_for("中学") == "school"


def test_a_peer_visit_is_opened_once_for_its_host(store: Store, programme, triads) -> None:
    host = _by_name(triads, "Ash Academy")
    assert store.visit_of(host.self_code) is None
    visit = store.open_visit(programme.code, host.school_id)
    assert visit.kind == "visit" and visit.host_code == host.self_code
    assert visit.school == "Ash Academy" and visit.round == f"{NAME}: peer visit"
    assert visit.frameworks == (NC, "peer_visit")
    assert store.open_visit(programme.code, host.school_id) == visit
    assert store.visit_of(host.self_code.lower()) == visit
    assert _by_name(store.programme_schools(programme.code), "Ash Academy").visit_code == visit.code
    assert store.school_of(visit.code).school_id == host.school_id
    assert store.visit_of(_by_name(triads, "Oak Primary").self_code) is None
    assert store.workshops(kind="visit")["code"].tolist() == [visit.code]


def test_a_visit_for_a_school_not_in_the_programme_names_those_that_are(
    store: Store, programme, triads
) -> None:
    with pytest.raises(StoreError, match="no school 'nowhere'; its schools are: oak-primary"):
        store.open_visit(programme.code, "nowhere")
    empty = store.create_programme("Empty one")
    with pytest.raises(StoreError, match="add its schools first"):
        store.open_visit(empty.code, "oak-primary")


def test_visits_and_mentoring_stay_out_of_the_workshop_list(
    store: Store, programme, triads
) -> None:
    visit = store.open_visit(programme.code, triads[0].school_id)
    mentoring = store.start_mentoring("Holly High")
    listed = set(store.workshops()["code"])
    assert {s.self_code for s in triads} == listed
    assert {visit.code, mentoring.code} <= set(store.workshops(kind=None)["code"])


def test_mentoring_is_a_workshop_of_its_own_kind(store: Store, own_continuum) -> None:
    mentoring = store.start_mentoring("Holly High")
    assert mentoring.kind == "mentoring" and mentoring.host_code is None
    assert mentoring.round == "Peer mentoring after inspection"
    assert mentoring.frameworks == (NC, "peer_mentoring")
    other = store.start_mentoring("Ivy Academy", round="After the May visit", framework=OWN)
    assert (other.round, other.frameworks) == (
        "After the May visit",
        (OWN, "peer_mentoring"),
    )
    with pytest.raises(StoreError, match="not a continuum framework"):
        store.start_mentoring("Holly High", framework="peer_mentoring")
    with pytest.raises(StoreError, match="school name"):
        store.start_mentoring(" ")


def test_a_programmes_workshops_cannot_be_deleted_on_their_own(
    store: Store, programme, triads
) -> None:
    host = triads[0]
    visit = store.open_visit(programme.code, host.school_id)
    for code in (host.self_code, visit.code):
        with pytest.raises(StoreError, match="kept with the programme and cannot be deleted"):
            store.delete_workshop(code)
        assert store.workshop(code).code == code
    loose = store.create_workshop("Oak", "R")
    assert store.delete_workshop(loose.code)


STAGE = {"date": "2026-10-05", "done": False}


def _records(store: Store, code: str):
    return store.programme_records(code), store.programme_history(code)


def test_records_are_saved_changed_and_cleared_with_history(
    store: Store, programme, triads
) -> None:
    code = programme.code
    assert store.save_programme_record(
        code, "*", "stage", "self_evaluation", STAGE, by="facilitator"
    )
    assert not store.save_programme_record(code, "*", "stage", "self_evaluation", STAGE, by="lead")
    done = {**STAGE, "done": True}
    assert store.save_programme_record(code, "*", "stage", "self_evaluation", done, by="lead")
    qa = {
        "date": "2027-03-01",
        "supportive": 4,
        "solutions_focused": 3,
        "focused_process": 3,
        "note": "Calm & <clear>",
    }
    assert store.save_programme_record(code, "Triad A", "qa", "qa", qa, by="facilitator")
    assert store.save_programme_record(code, "Triad B", "stage", "visit", STAGE, by="facilitator")
    records = store.programme_records(code)
    assert [(r.kind, r.scope, r.item_id) for r in records] == [
        ("qa", "Triad A", "qa"),
        ("stage", "*", "self_evaluation"),
        ("stage", "Triad B", "visit"),
    ]
    assert records[0].value["note"] == "Calm & <clear>" and records[0].value["supportive"] == 4
    assert records[1].value == done and records[1].updated_by == "lead"
    assert [r.item_id for r in store.programme_records(code, kind="qa")] == ["qa"]
    assert store.save_programme_record(code, "*", "stage", "self_evaluation", None, by="lead")
    assert [r.kind for r in store.programme_records(code)] == ["qa", "stage"]
    history = store.programme_history(code)
    mine = [h for h in history if h["item_id"] == "self_evaluation"]
    assert [(h["old_value"], h["new_value"], h["changed_by"]) for h in mine] == [
        (None, STAGE, "facilitator"),
        (STAGE, done, "lead"),
        (done, None, "lead"),
    ]
    assert len(history) == 5


def test_stages_are_kept_in_the_programmes_order(store: Store, programme, triads) -> None:
    for stage in ("celebration", "visit", "meeting_1", "self_evaluation"):
        store.save_programme_record(programme.code, "*", "stage", stage, STAGE, by="facilitator")
    assert [r.item_id for r in store.programme_records(programme.code)] == [
        "self_evaluation",
        "meeting_1",
        "visit",
        "celebration",
    ]


@pytest.mark.parametrize(
    ("scope", "kind", "item_id", "value", "message"),
    [
        ("*", "stage", "tea_break", STAGE, "no stage 'tea_break'"),
        ("Triad Z", "stage", "visit", STAGE, "no triad 'Triad Z'.*Triad A, Triad B.*'\\*'"),
        ("*", "qa", "qa", {"supportive": 3}, "stands for the whole programme"),
        ("Triad A", "qa", "stage", {"supportive": 3}, "kept under 'qa'"),
        ("Triad A", "learning", "celebration", {"key_learnings": 5}, "must be text"),
        ("Triad A", "qa", "qa", {"supportive": 5}, "from 1 to 4"),
        ("Triad A", "stage", "visit", {"date": "next week"}, "2027-03-15"),
        ("Triad A", "stage", "visit", {"date": "2026-10-05", "pupil": "x"}, "no field 'pupil'"),
        ("Triad A", "gossip", "visit", STAGE, "no programme record called 'gossip'"),
        ("Triad A", "learning", "celebration", {"next_steps": "a\x1bb"}, "hidden control"),
    ],
)
def test_a_bad_record_is_refused_and_changes_nothing(
    store: Store, programme, triads, scope, kind, item_id, value, message
) -> None:
    code = programme.code
    store.save_programme_record(code, "Triad A", "stage", "visit", STAGE, by="facilitator")
    store.save_programme_record(code, "Triad A", "qa", "qa", {"supportive": 2}, by="facilitator")
    store.save_programme_record(
        code, "Triad A", "learning", "celebration", {"next_steps": "More"}, by="facilitator"
    )
    before = _records(store, code)
    with pytest.raises(StoreError, match=message):
        store.save_programme_record(code, scope, kind, item_id, value, by="facilitator")
    assert _records(store, code) == before


def test_who_saved_a_record_is_an_id(store: Store, programme, triads) -> None:
    with pytest.raises(StoreError, match="who made the change"):
        store.save_programme_record(programme.code, "*", "stage", "visit", STAGE, by="Jo Lead!")


def test_a_damaged_record_is_read_past(store: Store, programme, triads) -> None:
    store.save_programme_record(programme.code, "*", "stage", "visit", STAGE, by="facilitator")
    store.save_programme_record(programme.code, "*", "stage", "meeting_1", STAGE, by="facilitator")
    with store.engine.begin() as conn:
        conn.execute(
            schema.programme_record_table.update()
            .where(schema.programme_record_table.c.item_id == "visit")
            .values(value='{"done": "perhaps"}')
        )
    assert [r.item_id for r in store.programme_records(programme.code)] == ["meeting_1"]


def test_a_version_2_store_is_upgraded_keeping_everything(store_url: str) -> None:
    store = Store(store_url)
    store.create_workshop("Oak", "Baseline", code="OAK111")
    person = store.join("OAK111", "Ash", "senco")
    store.save("OAK111", person.id, "position", NC, "values", 3)
    store.save("OAK111", person.id, "position", NC, "values", 4)
    before = (store.answers("OAK111"), store.history("OAK111"), store.participants("OAK111"))
    with store.engine.begin() as conn:  # as a version 2 store was written
        for table in reversed(schema.PROGRAMME_TABLES):
            conn.exec_driver_sql(f"DROP TABLE {table.name}")
        conn.exec_driver_sql("ALTER TABLE workshops DROP COLUMN host_code")
        conn.exec_driver_sql("UPDATE sendreflect_meta SET value = '2' WHERE key = 'schema_version'")
    store.close()
    with sa.create_engine(
        store_url.replace("postgresql://", "postgresql+psycopg://")
    ).connect() as c:
        assert "programmes" not in sa.inspect(c).get_table_names()
    upgraded = Store(store_url)
    assert upgraded.schema_version() == 3
    after = (
        upgraded.answers("OAK111"),
        upgraded.history("OAK111"),
        upgraded.participants("OAK111"),
    )
    for old, new in zip(before, after, strict=True):
        assert old.equals(new)
    assert upgraded.workshop("OAK111").host_code is None
    assert upgraded.resume(person.token).id == person.id
    programme = upgraded.create_programme(NAME)
    added = upgraded.add_school(programme.code, "Oak", cohort="C1", triad="T1")
    assert upgraded.open_visit(programme.code, added.school_id).host_code == added.self_code
    upgraded.close()


def test_reviewers_join_a_visit_and_place_the_host_apart_from_its_self_evaluation(
    store: Store, programme, triads
) -> None:
    host = _by_name(triads, "Ash Academy")
    visit = store.open_visit(programme.code, host.school_id)
    for alias, school in (("Rowan", "Oak Primary"), ("Hazel", "Elm Infants")):
        reviewer = store.join(visit.code, alias, "peer_reviewer", school)
        store.save(visit.code, reviewer.id, "position", NC, "values", 2)
    own = store.join(host.self_code, "Birch", "senco")
    store.save(host.self_code, own.id, "position", NC, "values", 4)
    peers = store.answers(visit.code)
    assert sorted(peers["value"]) == [2, 2] and set(peers["alias"]) == {"Rowan", "Hazel"}
    assert list(store.answers(host.self_code)["value"]) == [4]
    assert set(store.participants(visit.code)["school"]) == {"Oak Primary", "Elm Infants"}


def test_schools_and_visits_added_at_once_keep_the_rules(store: Store, programme) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def add(n: int) -> str:
        try:
            store.add_school(programme.code, f"School {n}", cohort="C", triad="T", coach=True)
            return "added"
        except StoreError as exc:
            return str(exc)

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(add, range(4)))
    assert outcomes.count("added") == 1
    assert [s.coach for s in store.programme_schools(programme.code)] == [True]
    school = store.programme_schools(programme.code)[0].school_id
    with ThreadPoolExecutor(4) as pool:
        visits = set(pool.map(lambda _: store.open_visit(programme.code, school).code, range(4)))
    assert len(visits) == 1
    assert store.workshops(kind="visit")["code"].tolist() == list(visits)
