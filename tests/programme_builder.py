"""A programme of peer review with answers in it, for the celebration, overview and report tests.

Six schools in two triads in two cohorts. Ash Academy (triad North) places itself at 4 on
"values" (three people: a median), its two peer reviewers agree a 2 there (a gap of −2: support
may help). Oak Primary agrees a 4 on "teaching", its reviewers agree a 5 (a strength to
showcase). Ash has three actions: one done in its plan, one done at triad meeting 2, one under
way. Triad North's learning holds a ``<script>`` and the alias of one of Ash's team.
"""

from __future__ import annotations

from types import SimpleNamespace

from sendreflect import Store
from sendreflect.responses import TEAM, Kind

NC = "national_college"
ALIAS = "Marigold"
"""An alias in Ash Academy's self-evaluation, typed into triad North's learning."""
SCRIPT = "<script>alert('learnt')</script>"
BY = "facilitator"


def _school(store: Store, code: str, name: str, cohort: str, triad: str, coach: bool = False):
    return store.add_school(code, name, cohort=cohort, triad=triad, coach=coach)


def _actions(store: Store, code: str) -> None:
    plan = {
        "action.train_staff": {"what": "Train all staff on adaptive teaching", "status": "done"},
        "action.provision_map": {"what": "Audit the provision map", "status": "under_way"},
        "action.timetable": {"what": "Review the timetable", "status": "under_way"},
    }
    for item, value in plan.items():
        store.save(code, TEAM, Kind.ACTION, NC, item, {**value, "dimension": "values"}, by=BY)
    store.save(code, TEAM, Kind.PROGRESS, NC, "action.provision_map@2", {"status": "done"}, by=BY)
    store.save(code, TEAM, Kind.PROGRESS, NC, "action.timetable@1", {"status": "under_way"}, by=BY)


def build_programme(store: Store) -> SimpleNamespace:
    """The programme described above; returns its code and schools by name."""
    programme = store.create_programme("Northshire peer review 2026-27", lead="Northshire LA")
    code = programme.code
    schools = {
        name: _school(store, code, name, cohort, triad, coach)
        for name, cohort, triad, coach in (
            ("Oak Primary", "Spring", "North", True),
            ("Elm Infants", "Spring", "North", False),
            ("Ash Academy", "Spring", "North", False),
            ("Birch Juniors", "Summer", "South", True),
            ("Cedar Primary", "Summer", "South", False),
            ("Holly School", "Summer", "South", False),
        )
    }
    ash, oak = schools["Ash Academy"], schools["Oak Primary"]
    for alias, value in ((ALIAS, 4), ("Birchwood", 4), ("Hazelnut", 5)):
        person = store.join(ash.self_code, alias, "senco")
        store.save(ash.self_code, person.id, Kind.POSITION, NC, "values", value)
    visit = store.open_visit(code, ash.school_id)
    for alias, school in (("Rowan-1", "Oak Primary"), ("Willow-1", "Elm Infants")):
        reviewer = store.join(visit.code, alias, "peer_reviewer", school)
        store.save(visit.code, reviewer.id, Kind.POSITION, NC, "values", 2)
    store.save(visit.code, TEAM, Kind.AGREED, NC, "values", {"position": 2}, by=BY)
    store.save(oak.self_code, TEAM, Kind.AGREED, NC, "teaching", {"position": 4}, by=BY)
    oak_visit = store.open_visit(code, oak.school_id)
    store.save(oak_visit.code, TEAM, Kind.AGREED, NC, "teaching", {"position": 5}, by=BY)
    _actions(store, ash.self_code)
    store.save_programme_record(
        code, "*", "stage", "self_evaluation", {"date": "2026-10-05", "done": True}, by=BY
    )
    store.save_programme_record(
        code, "North", "stage", "visit", {"date": "2027-01-20", "done": True}, by=BY
    )
    store.save_programme_record(
        code,
        "North",
        "qa",
        "qa",
        {"date": "2027-03-02", "supportive": 4, "solutions_focused": 3, "note": "Warm and sharp"},
        by=BY,
    )
    store.save_programme_record(
        code,
        "North",
        "learning",
        "celebration",
        {
            "key_learnings": f"{SCRIPT} Peer visits gave {ALIAS} new confidence",
            "next_steps": "Share the provision map across the triad",
        },
        by=BY,
    )
    return SimpleNamespace(code=code, schools=schools, visit=visit)
