"""Peer review's content: the programme's records (stages, the QA visit, the celebration), the
answers kept in a school's workshops (progress at triad meetings, a mentoring plan), their item
ids, their frames, and a workbook that holds them. Every expected value is worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from sendreflect import Kind, get_framework, peer, responses
from sendreflect import validate as v
from sendreflect.validate.book import check_book

NC = "national_college"
PM = "peer_mentoring"
PV = "peer_visit"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)
STAMP = "2026-11-20T09:30:00+00:00"
ACTION = "action.0a1b2c3d4e5f"


@pytest.fixture(scope="module")
def library() -> dict[str, Any]:
    return {f: get_framework(f) for f in (NC, PM, PV, "triad_review")}


# -- the programme's names ------------------------------------------------------------------------


def test_the_stages_run_in_the_order_of_the_year() -> None:
    assert list(peer.STAGES.items()) == [
        ("self_evaluation", "Self-evaluation"),
        ("meeting_1", "First triad meeting: action plan"),
        ("visit", "Peer visits"),
        ("meeting_2", "Second triad meeting"),
        ("qa_visit", "Quality-assurance visit"),
        ("meeting_3", "Third triad meeting"),
        ("celebration", "Celebration of learning"),
    ]
    assert list(peer.QA_MARKERS) == ["supportive", "solutions_focused", "focused_process"]
    assert peer.READINESS_LABELS == {
        1: "Not yet ready",
        2: "Partly ready",
        3: "Mostly ready",
        4: "Ready",
    }
    assert peer.RECORD_KINDS == ("stage", "qa", "learning")


# -- programme records ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "clean"),
    [
        ("stage", {"date": "2027-03-15", "done": True}, {"date": "2027-03-15", "done": True}),
        ("stage", {}, {"date": None, "done": False}),
        ("stage", None, None),
        (
            "qa",
            {
                "date": "2027-05-04",
                "supportive": 4,
                "solutions_focused": 3,
                "note": "Calm\nand kind",
            },
            {
                "date": "2027-05-04",
                "supportive": 4,
                "solutions_focused": 3,
                "focused_process": None,
                "note": "Calm\nand kind",
            },
        ),
        (
            "learning",
            {"key_learnings": "SENCOs feel less alone", "next_steps": "Share the plan"},
            {"key_learnings": "SENCOs feel less alone", "next_steps": "Share the plan"},
        ),
        ("learning", {}, {"key_learnings": "", "next_steps": ""}),
    ],
)
def test_good_records_come_back_canonical(kind: str, value: Any, clean: Any) -> None:
    assert peer.validate_record(kind, value) == clean


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("stage", {"date": "next week"}, "its date must be a date such as 2027-03-15, or empty"),
        ("stage", {"date": "1999-12-31"}, r"date \(1999-12-31\) should be between 2000 and 2100"),
        ("stage", {"done": "yes"}, "'done' must be true or false"),
        ("stage", {"done": 1}, "'done' must be true or false"),
        (
            "stage",
            {"when": "2027-01-01"},
            "a stage has no field 'when'; its fields are: date, done",
        ),
        ("stage", "done", "it must be a set of named fields"),
        ("qa", {"supportive": 5}, "'supportive' must be a whole number from 1 to 4"),
        ("qa", {"focused_process": 0}, "'focused_process' must be a whole number from 1 to 4"),
        ("qa", {"solutions_focused": True}, "'solutions_focused' must be a whole number"),
        ("qa", {"supportive": "3"}, "'supportive' must be a whole number"),
        ("qa", {"note": 3}, "quality-assurance record is not valid: the note must be text"),
        ("qa", {"note": "a\x00b"}, "the note contains a hidden control character"),
        ("qa", {"note": "x" * 20_001}, "the note is 20,001 characters long; keep it under 20,000"),
        ("learning", {"next_steps": "a\u202eb"}, "'next steps' text contains a hidden character"),
        ("learning", {"key_learnings": None}, "the key learnings must be text"),
        ("vote", {}, "there is no programme record called 'vote'; the kinds are: stage, qa"),
    ],
)
def test_bad_records_are_refused_in_plain_english(kind: str, value: Any, message: str) -> None:
    with pytest.raises(peer.RecordError, match=message) as caught:
        peer.validate_record(kind, value)
    assert isinstance(caught.value, responses.AnswerError)  # the store's one kind of refusal
    assert "Input should" not in str(caught.value)  # never pydantic's own words


def test_record_keys_name_a_triad_and_a_known_item() -> None:
    assert peer.check_record_key("stage", "*", "visit") == ("stage", "*", "visit")
    assert peer.check_record_key("stage", " North ", "meeting_2") == ("stage", "North", "meeting_2")
    assert peer.check_record_key("qa", "North", "qa") == ("qa", "North", "qa")
    assert peer.check_record_key("learning", "South", "celebration") == (
        "learning",
        "South",
        "celebration",
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (("stage", "North", "meeting_4"), "there is no stage 'meeting_4'; the stages are: self_"),
        (("qa", "*", "qa"), "'\\*' stands for the whole programme; give the triad a name"),
        (("learning", "*", "celebration"), "stands for the whole programme"),
        (("qa", "North", "visit"), "a quality-assurance record is kept under 'qa', not 'visit'"),
        (("learning", "North", "qa"), "a celebration record is kept under 'celebration'"),
        (("stage", "", "visit"), "the triad's name must not be empty"),
        (("stage", "North", 3), "does not name what it records"),
        (("plan", "North", "qa"), "there is no programme record called 'plan'"),
    ],
)
def test_bad_record_keys_are_refused(key: tuple[Any, ...], message: str) -> None:
    with pytest.raises(v.Invalid, match=message):
        peer.check_record_key(*key)


# -- the answers of peer review -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "clean"),
    [
        (
            Kind.PROGRESS,
            {"status": "under_way", "note": "Two staff trained", "evidence": "Rota"},
            {
                "status": "under_way",
                "note": "Two staff trained",
                "evidence": "Rota",
                "coach_comment": "",
            },
        ),
        (
            Kind.PROGRESS,
            {},
            {"status": "not_started", "note": "", "evidence": "", "coach_comment": ""},
        ),
        (
            Kind.PRIORITY,
            {"area": "Pupils' plans are not reviewed with families", "order": 2},
            {"area": "Pupils' plans are not reviewed with families", "priority": "", "order": 2},
        ),
        (Kind.MENTOR_NOTE, {"date": "2027-01-12"}, {"date": "2027-01-12", "note": ""}),
        (Kind.MENTOR_NOTE, {"note": "Took stock"}, {"date": None, "note": "Took stock"}),
        (
            Kind.READINESS,
            {"rating": 3, "summary": "Most priorities met", "visit_date": "2027-06-01"},
            {"rating": 3, "summary": "Most priorities met", "visit_date": "2027-06-01"},
        ),
        (Kind.READINESS, {}, {"rating": None, "summary": "", "visit_date": None}),
        (Kind.READINESS, None, None),
    ],
)
def test_good_peer_answers_come_back_canonical(kind: Kind, value: Any, clean: Any) -> None:
    assert responses.validate_value(kind, value) == clean
    assert responses.validate_value(kind.value, value) == clean


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (Kind.PROGRESS, {"status": "finished"}, "the status is one of: not_started, under_way"),
        (Kind.PROGRESS, {"note": 4}, "this progress answer is not valid: 'note' must be text"),
        (Kind.PROGRESS, {"coach": "x"}, "a progress answer has no field 'coach'; its fields are"),
        (Kind.PROGRESS, "done", "it must be a set of fields"),
        (Kind.PROGRESS, {"evidence": "x" * 20_001}, "'evidence' is limited to 20,000 characters"),
        (Kind.PRIORITY, {"priority": "Train TAs"}, "write the inspection's area for development"),
        (Kind.PRIORITY, {"area": "   "}, "write the inspection's area for development"),
        (Kind.PRIORITY, {"area": "x", "order": -1}, "the order is a whole number from 0 to 999"),
        (Kind.PRIORITY, {"area": "x", "order": "1"}, "the order is a whole number"),
        (Kind.MENTOR_NOTE, {"date": "Tuesday"}, "the date is a date such as 2027-03-15"),
        (Kind.READINESS, {"rating": 5}, "the rating is a whole number from 1 .* to 4"),
        (Kind.READINESS, {"rating": True}, "the rating is a whole number"),
        (Kind.READINESS, {"visit_date": "soon"}, "the visit's date is a date such as"),
    ],
)
def test_bad_peer_answers_are_refused_in_plain_english(kind: Kind, value: Any, message) -> None:
    with pytest.raises(responses.AnswerError, match=message) as caught:
        responses.validate_value(kind, value)
    assert "Input should" not in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "framework", "item", "value"),
    [
        (Kind.PROGRESS, NC, f"{ACTION}@1", {"status": "done"}),
        (Kind.PROGRESS, NC, "action.oak111.2@3", {}),  # the demo's own action ids
        (Kind.PRIORITY, PM, "pri-0a1b2c", {"area": "Reviews with families"}),
        (Kind.MENTOR_NOTE, PM, "meeting-1", {"note": "Took stock"}),
        (Kind.MENTOR_NOTE, PM, "meeting-12", {"date": "2027-07-01"}),
        (Kind.READINESS, PM, "monitoring_visit", {"rating": 4}),
        (Kind.ACTION, PM, "action.0a1b", {"what": "Train TAs", "prompt": "pri-0a1b2c"}),
        (Kind.ACTION, PM, "action.0a1b", {"what": "x", "prompt": "mentoring.priorities.1"}),
        (Kind.REFLECTION, PV, "peer_visit.question.1", "How do families hear about plans?"),
    ],
)
def test_peer_answers_name_the_items_sendreflect_makes(library, kind, framework, item, value):
    uses = (NC, PM, PV)
    assert v.check_answer(library, uses, kind, framework, item, value)[0] is kind
    if kind is not Kind.REFLECTION:
        assert v.check_subject(kind, "team") == "team"
        with pytest.raises(v.Invalid, match="answers are the team's, not one participant's"):
            v.check_subject(kind, "ash123")


@pytest.mark.parametrize(
    ("kind", "framework", "item", "value", "message"),
    [
        (Kind.PROGRESS, NC, f"{ACTION}@4", {}, "is not an action's progress at meeting 1, 2 or 3"),
        (Kind.PROGRESS, NC, f"{ACTION}@0", {}, "at meeting 1, 2 or 3"),
        (Kind.PROGRESS, NC, ACTION, {}, "at meeting 1, 2 or 3"),
        (Kind.PROGRESS, NC, "plan.1@1", {}, "at meeting 1, 2 or 3"),
        (Kind.PROGRESS, PM, f"{ACTION}@1", {}, "recorded on the workshop's continuum framework"),
        (Kind.PRIORITY, PM, "pri-XYZ", {"area": "x"}, "'pri-XYZ' is not a priority id"),
        (Kind.PRIORITY, PM, "values", {"area": "x"}, "not a priority id"),
        (Kind.PRIORITY, NC, "pri-0a1b", {"area": "x"}, "belong to the 'peer_mentoring' framework"),
        (Kind.MENTOR_NOTE, PM, "meeting-0", {}, "not a meeting from meeting-1 to meeting-12"),
        (Kind.MENTOR_NOTE, PM, "meeting-13", {}, "not a meeting from meeting-1 to meeting-12"),
        (Kind.MENTOR_NOTE, PV, "meeting-2", {}, "mentor note answers belong to the 'peer_m"),
        (Kind.MENTOR_NOTE, PM, "meeting-2", {"date": "2101-01-01"}, "2000 and 2100"),
        (Kind.READINESS, PM, "monitoring", {}, "is not 'monitoring_visit'"),
        (Kind.READINESS, PM, "monitoring_visit", {"visit_date": "1999-01-01"}, "2000 and 2100"),
        (Kind.READINESS, PM, "monitoring_visit", {"summary": "a\x07"}, "hidden control character"),
        (Kind.ACTION, NC, "action.0a1b", {"what": "x", "prompt": "pri-0a1b"}, "names a prompt"),
        (Kind.ACTION, PV, "action.0a1b", {"what": "x", "prompt": "pri-0a1b"}, "names a prompt"),
        (Kind.PRIORITY, "triad_review", "pri-0a1b", {"area": "x"}, "does not use a framework"),
    ],
)
def test_peer_answers_with_the_wrong_item_are_refused(
    library, kind, framework, item, value, message
):
    with pytest.raises(v.Invalid, match=message):
        v.check_answer(library, (NC, PM, PV), kind, framework, item, value)


def test_item_ids_are_made_as_the_checks_expect(library) -> None:
    uses = (NC, PM)
    made = [
        (Kind.PROGRESS, NC, peer.progress_item(ACTION, 3), {}),
        (Kind.PRIORITY, PM, peer.new_priority_id(), {"area": "x"}),
        (Kind.MENTOR_NOTE, PM, peer.meeting_item(12), {}),
        (Kind.READINESS, PM, peer.MONITORING_VISIT, {}),
    ]
    for kind, framework, item, value in made:
        v.check_answer(library, uses, kind, framework, item, value)
    assert peer.progress_item(ACTION, 2) == f"{ACTION}@2"
    assert peer.meeting_item(1) == "meeting-1"
    assert len(peer.new_priority_id()) == 16 and peer.new_priority_id() != peer.new_priority_id()
    with pytest.raises(peer.RecordError, match="at meeting 1, 2 or 3, not 4"):
        peer.progress_item(ACTION, 4)
    with pytest.raises(peer.RecordError, match="meetings 1 to 12, not 13"):
        peer.meeting_item(13)


def test_stored_peer_answers_read_back_and_broken_ones_are_read_past() -> None:
    assert v.readable_answer("readiness", '{"rating":2}', STAMP) == (
        {"rating": 2, "summary": "", "visit_date": None},
        "2026-11-20T09:30:00.000000+00:00",
    )
    assert v.readable_answer("readiness", '{"rating":9}', STAMP) is None
    assert v.readable_answer("mentor_note", '{"date":"1900-01-01"}', STAMP) is None


# -- frames ---------------------------------------------------------------------------------------


def _row(kind: Kind, framework: str, item: str, value: Any) -> dict[str, Any]:
    return {
        "workshop": "OAK111",
        "subject": "team",
        "alias": "",
        "role": "",
        "kind": kind.value,
        "framework": framework,
        "item_id": item,
        "value": responses.validate_value(kind, value),
        "updated_at": STAMP,
        "updated_by": "facilitator",
    }


PLAN = [
    _row(Kind.PROGRESS, NC, f"{ACTION}@2", {"status": "done", "coach_comment": "Well done"}),
    _row(Kind.PROGRESS, NC, f"{ACTION}@1", {"status": "under_way", "note": "Begun"}),
    _row(Kind.PROGRESS, NC, "action.00aa@1", {"evidence": "Minutes"}),
    _row(Kind.PRIORITY, PM, "pri-bb", {"area": "Plans with families", "order": 2}),
    _row(
        Kind.PRIORITY, PM, "pri-aa", {"area": "Training for TAs", "priority": "All TAs", "order": 1}
    ),
    _row(Kind.MENTOR_NOTE, PM, "meeting-10", {"note": "Ready to show"}),
    _row(Kind.MENTOR_NOTE, PM, "meeting-2", {"date": "2027-02-03", "note": "Plan drafted"}),
    _row(Kind.READINESS, PM, "monitoring_visit", {"rating": 3, "visit_date": "2027-06-01"}),
    _row(Kind.AGREED, NC, "values", {"position": 3}),
]


@pytest.fixture
def plan() -> pd.DataFrame:
    return responses.answers_frame(PLAN)


def test_progress_is_one_row_per_action_and_meeting(plan: pd.DataFrame) -> None:
    frame = responses.progress(plan.iloc[::-1])  # in whatever order the rows come
    assert list(frame.columns) == [
        "workshop",
        "framework",
        "action_id",
        "meeting",
        "status",
        "note",
        "evidence",
        "coach_comment",
        "updated_at",
        "updated_by",
    ]
    assert frame[["action_id", "meeting", "status"]].values.tolist() == [
        ["action.00aa", 1, "not_started"],
        [ACTION, 1, "under_way"],
        [ACTION, 2, "done"],
    ]
    assert str(frame["meeting"].dtype) == "Int64" and str(frame["note"].dtype) == "string"
    assert frame.loc[2, "coach_comment"] == "Well done" and frame.loc[0, "evidence"] == "Minutes"
    back = {f: frame.loc[1, f] for f in responses.Progress.model_fields}
    assert responses.validate_value(Kind.PROGRESS, back) == PLAN[1]["value"]  # the round trip


def test_priorities_follow_their_order(plan: pd.DataFrame) -> None:
    frame = responses.priorities(plan.iloc[::-1])
    assert list(frame.columns) == [
        "workshop",
        "framework",
        "priority_id",
        "area",
        "priority",
        "order",
        "updated_at",
        "updated_by",
    ]
    assert frame[["priority_id", "area", "priority", "order"]].values.tolist() == [
        ["pri-aa", "Training for TAs", "All TAs", 1],
        ["pri-bb", "Plans with families", "", 2],
    ]
    assert str(frame["order"].dtype) == "Int64"
    back = {f: frame.loc[0, f] for f in responses.Priority.model_fields}
    back["order"] = int(back["order"])
    assert responses.validate_value(Kind.PRIORITY, back) == PLAN[4]["value"]


def test_mentor_notes_follow_the_meetings_in_number_order(plan: pd.DataFrame) -> None:
    frame = responses.mentor_notes(plan)
    assert list(frame.columns) == [
        "workshop",
        "framework",
        "meeting",
        "date",
        "note",
        "updated_at",
        "updated_by",
    ]
    assert frame["meeting"].tolist() == [2, 10]  # 10 after 2, not as text
    assert frame.loc[0, "date"] == pd.Timestamp("2027-02-03") and pd.isna(frame.loc[1, "date"])
    assert frame["note"].tolist() == ["Plan drafted", "Ready to show"]


def test_readiness_carries_its_label(plan: pd.DataFrame) -> None:
    frame = responses.readiness(plan)
    assert list(frame.columns) == [
        "workshop",
        "framework",
        "rating",
        "label",
        "summary",
        "visit_date",
        "updated_at",
        "updated_by",
    ]
    row = frame.iloc[0]
    assert (row["rating"], row["label"], row["summary"]) == (3, "Mostly ready", "")
    assert row["visit_date"] == pd.Timestamp("2027-06-01")
    assert row["updated_at"] == pd.Timestamp(STAMP)
    unrated = responses.answers_frame([_row(Kind.READINESS, PM, "monitoring_visit", {})])
    assert pd.isna(responses.readiness(unrated).loc[0, "label"])


@pytest.mark.parametrize(
    "builder",
    [responses.progress, responses.priorities, responses.mentor_notes, responses.readiness],
)
def test_a_workshop_without_peer_answers_gives_empty_frames(builder) -> None:
    empty = builder(responses.answers_frame([PLAN[-1]]))
    assert empty.empty
    assert list(empty.columns) == list(builder(responses.answers_frame(PLAN)).columns)


# -- workbooks ------------------------------------------------------------------------------------


def _book(kind: str, frameworks: list[str], rows: list[dict[str, Any]], **workshop: Any) -> dict:
    answers = [
        {k: r[k] for k in ("subject", "kind", "framework", "item_id", "value", "updated_at")}
        | {"updated_by": "team"}
        for r in rows
    ]
    return {
        "workshop": {
            "code": "MENTOR1",
            "school": "Oak Primary",
            "round": "Peer mentoring after inspection",
            "frameworks": frameworks,
            "status": "open",
            "revealed": False,
            "created_at": STAMP,
            "kind": kind,
            **workshop,
        },
        "participants": [],
        "answers": answers,
        "history": [
            {
                "id": "change01",
                "subject": "team",
                "kind": "priority",
                "framework": PM,
                "item_id": "pri-aa",
                "old_value": None,
                "new_value": {"area": "Training for TAs"},
                "changed_at": STAMP,
                "changed_by": "facilitator",
            }
        ],
    }


def test_a_mentoring_workbook_with_every_peer_answer_passes(library) -> None:
    action = _row(Kind.ACTION, PM, "action.0a1b", {"what": "Train TAs", "prompt": "pri-aa"})
    book = check_book(_book("mentoring", [NC, PM], [*PLAN, action]), library, now=NOW)
    assert book.workshop["kind"] == "mentoring" and "host_code" not in book.workshop
    assert {a["kind"] for a in book.answers} == {
        "progress",
        "priority",
        "mentor_note",
        "readiness",
        "agreed",
        "action",
    }
    readiness = next(a for a in book.answers if a["kind"] == "readiness")
    assert readiness["value"] == {"rating": 3, "summary": "", "visit_date": "2027-06-01"}
    assert book.history[0]["new_value"] == {"area": "Training for TAs", "priority": "", "order": 0}


def test_a_visit_workbook_names_its_host(library) -> None:
    data = _book("visit", [NC, PV], [], host_code="oak-111")
    data["history"] = []
    book = check_book(data, library, now=NOW)
    assert book.workshop["kind"] == "visit" and book.workshop["host_code"] == "OAK111"


@pytest.mark.parametrize(
    ("kind", "frameworks", "rows", "extra", "message"),
    [
        ("visit", [NC, PV], [], {}, "a peer visit names its host's workshop"),
        ("team", [NC], [], {"host_code": "OAK111"}, "and only a visit does"),
        ("survey", [NC], [], {}, "kind is not one of: team, solo, visit, mentoring"),
        ("team", [NC], PLAN[3:4], {}, "answer 1: this workshop does not use a framework called"),
        ("team", [NC, PV], [_row(Kind.PRIORITY, PV, "pri-aa", {"area": "x"})], {}, "answer 1"),
    ],
)
def test_workbooks_with_peer_records_out_of_place_are_refused(
    library, kind, frameworks, rows, extra, message
) -> None:
    data = _book(kind, frameworks, rows, **extra)
    data["history"] = []
    with pytest.raises(v.Invalid, match=message):
        check_book(data, library, now=NOW)


@pytest.mark.parametrize(
    ("kind", "name", "said"),
    [
        ("Cohort", "Cohort 1", "Cohort 1"),
        ("Cohort", "cohort spring", "cohort spring"),
        ("Cohort", "Spring", "Cohort Spring"),
        ("Triad", "North", "Triad North"),
        ("Triad", "Triadic links", "Triad Triadic links"),
        ("cohort", "Cohort 2", "Cohort 2"),
    ],
)
def test_a_group_is_named_once_in_a_heading(kind: str, name: str, said: str) -> None:
    assert peer.titled(kind, name) == said
