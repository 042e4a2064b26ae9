"""Demo: a fictional primary school's workshop, for trying the app and for the tests.

``DEMO`` is the current round (a review in November 2026) and ``DEMO25`` its baseline a year
earlier, so comparisons have data. The leadership team of six disagree in the ways real teams do:
the governor sees the school as more inclusive than the teaching assistant does, and the SENCO
feels her role is less shared than the head teacher thinks.
"""

from __future__ import annotations

from sendreflect.responses import NOT_SURE, TEAM, Kind
from sendreflect.store import Store, UnknownWorkshop

CODE = "DEMO"
BASELINE_CODE = "DEMO25"
SCHOOL = "Brookfield Primary School (a fictional school)"
FRAMEWORKS = ("national_college", "sen_leaders", "peer_support")
NC = "national_college"
DIMENSIONS = ("values", "teaching", "resources", "roles", "services")

TEAM_MEMBERS = {
    "Ash": "head_teacher",
    "Birch": "deputy",
    "Cedar": "senco",
    "Hazel": "governor",
    "Maple": "middle_leader",
    "Rowan": "support_staff",
}

N = NOT_SURE
POSITIONS = {
    # values, teaching, resources, roles, services
    "Ash": (4, 3, 2, 3, 3),
    "Birch": (4, 3, 3, 2, 2),
    "Cedar": (3, 2, 2, 1, 2),
    "Hazel": (5, 4, 3, 3, N),
    "Maple": (3, 3, 2, 2, 3),
    "Rowan": (2, N, 2, 2, 2),
}
BASELINE_POSITIONS = {
    "Ash": (3, 2, 2, 2, 2),
    "Birch": (3, 2, 2, 2, 2),
    "Cedar": (2, 2, 1, 1, 1),
    "Hazel": (4, 3, 2, 3, N),
    "Maple": (3, 2, 2, 1, 2),
}

EVIDENCE = {
    ("Ash", "values"): "Inclusion is in our vision statement and I talk about it at every INSET.",
    ("Cedar", "values"): "Two exclusions of pupils with EHC plans this year; not everyone is on "
    "board when behaviour gets hard.",
    ("Hazel", "values"): "Parents' survey: 92% agree 'the school welcomes every child'.",
    ("Rowan", "values"): "Some classes still send TAs out with 'the SEN group' for most lessons.",
    ("Birch", "teaching"): "Pupil progress meetings now include every child, not only the SEN "
    "register.",
    ("Maple", "teaching"): "Year 5 and 6 plan together and use talk partners, but differentiation "
    "is still mostly by worksheet.",
    ("Cedar", "resources"): "Most TA hours are tied to individual EHC plans, so flexibility is "
    "limited.",
    ("Ash", "roles"): "The SENCO is on the senior leadership team and attends every SLT meeting.",
    ("Cedar", "roles"): "I'm on SLT, but SEN items are always last on the agenda and often "
    "deferred.",
    (
        "Maple",
        "services",
    ): "Speech and language therapy waiting list is 30 weeks; we refer and wait.",
}

REFLECTIONS = {
    ("Ash", "values.think.1"): "Mostly yes at SLT level; less sure about new staff.",
    ("Cedar", "values.think.2"): "Widespread in words, patchy in practice. We know from "
    "lesson visits and from which pupils spend time in the corridor.",
    ("Birch", "context.think.1"): "Partly: our SEF has a context section but SEN/D is a "
    "separate paragraph.",
    ("Maple", "collaboration.think.2"): "The SENCO's voice carries most weight; parents' least.",
    ("Rowan", "support_staff.think.3"): "One twilight session a term, usually on first aid.",
    ("Hazel", "senco.think.1"): "Yes; statutory reviews, training, timetabling TAs, and a "
    "Year 2 class two mornings a week.",
}

RATINGS = {
    "Ash": (3, 2, 3, 3, 2, 3, 2, 3),
    "Cedar": (2, 1, 3, 3, 2, 2, 2, 2),
}

AGREED = {
    "values": (
        3,
        "We say the right things; practice varies between classes.",
        "The governor thinks 4: parents' views are strongly positive.",
    ),
    "roles": (2, "SEN/D leadership rests on the SENCO; few others lead it.", ""),
    "resources": (2, "TA time is tied to individual plans rather than flexible provision.", ""),
}
BASELINE_AGREED = {
    "values": (3, "Commitment is stated but not yet shared by all staff.", ""),
    "roles": (1, "Everything SEN/D goes through the SENCO.", ""),
}

ACTIONS = [
    {
        "what": "Move SEN/D to the first item of every SLT agenda for a term",
        "dimension": "roles",
        "prompt": "roles.move.3",
        "lead": "Head teacher",
        "others": "SENCO",
        "by_when": "2027-02-12",
        "success_criteria": "Minutes show SEN/D discussed first at every meeting",
        "target_position": 3,
        "status": "under_way",
    },
    {
        "what": "Re-plan TA deployment so support follows need, not labels",
        "dimension": "resources",
        "prompt": "resources.move.3",
        "lead": "Deputy head",
        "others": "SENCO and the teaching assistants",
        "by_when": "2027-04-01",
        "success_criteria": "Half of TA hours flexible across classes by Easter",
        "target_position": 3,
        "status": "not_started",
    },
    {
        "what": "Ask the speech and language service to run a clinic in school",
        "dimension": "services",
        "prompt": "services.move.3",
        "lead": "SENCO",
        "others": "",
        "by_when": "2027-06-30",
        "success_criteria": "A half-termly clinic on site; waiting time under 12 weeks",
        "target_position": 3,
        "status": "not_started",
    },
]
BASELINE_ACTIONS = [
    {
        "what": "Put the SENCO on the senior leadership team",
        "dimension": "roles",
        "prompt": "roles.move.1",
        "lead": "Head teacher",
        "others": "Governors",
        "by_when": "2026-01-05",
        "success_criteria": "SENCO attends every SLT meeting",
        "target_position": 2,
        "status": "done",
        "status_note": "Done from January 2026.",
    },
    {
        "what": "Staff survey on what inclusion means here",
        "dimension": "values",
        "prompt": "values.move.1",
        "lead": "Deputy head",
        "others": "",
        "by_when": "2026-03-31",
        "success_criteria": "80% of staff respond; findings shared at INSET",
        "target_position": 4,
        "status": "dropped",
        "status_note": "Replaced by discussion in phase meetings.",
    },
]


def _seed(
    store: Store,
    code: str,
    round_name: str,
    positions: dict,
    *,
    agreed: dict,
    actions: list[dict],
    previous: str | None,
    extras: bool,
) -> None:
    store.create_workshop(SCHOOL, round_name, FRAMEWORKS, code=code, previous_code=previous)
    ids = {}
    for alias, values in positions.items():
        person = store.join(code, alias, TEAM_MEMBERS[alias])
        ids[alias] = person.id
        for dimension, value in zip(DIMENSIONS, values, strict=True):
            store.save(code, person.id, Kind.POSITION, NC, dimension, value)
    if extras:
        for (alias, dimension), text in EVIDENCE.items():
            store.save(code, ids[alias], Kind.EVIDENCE, NC, dimension, text)
        for (alias, item), text in REFLECTIONS.items():
            store.save(code, ids[alias], Kind.REFLECTION, NC, item, text)
        for alias, values in RATINGS.items():
            for number, value in enumerate(values, start=1):
                store.save(
                    code,
                    ids[alias],
                    Kind.RATING,
                    "sen_leaders",
                    f"sen_leaders.area.{number}",
                    value,
                )
    for dimension, (position, rationale, dissent) in agreed.items():
        store.save(
            code,
            TEAM,
            Kind.AGREED,
            NC,
            dimension,
            {"position": position, "rationale": rationale, "dissent": dissent},
            by="facilitator",
        )
    for number, action in enumerate(actions, start=1):
        store.save(
            code, TEAM, Kind.ACTION, NC, f"action.{code.lower()}.{number}", action, by="facilitator"
        )


def seed_demo(store: Store, *, reset: bool = False) -> bool:
    """Create the demo workshops; returns False when they exist and ``reset`` is not asked."""
    try:
        store.workshop(CODE)
        if not reset:
            return False
    except UnknownWorkshop:
        pass
    for code in (CODE, BASELINE_CODE):
        store.delete_workshop(code)
    _seed(
        store,
        BASELINE_CODE,
        "Baseline, November 2025",
        BASELINE_POSITIONS,
        agreed=BASELINE_AGREED,
        actions=BASELINE_ACTIONS,
        previous=None,
        extras=False,
    )
    _seed(
        store,
        CODE,
        "Review, November 2026",
        POSITIONS,
        agreed=AGREED,
        actions=ACTIONS,
        previous=BASELINE_CODE,
        extras=True,
    )
    return True
