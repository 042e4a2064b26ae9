"""Validation: one set of checks for every write (a typed answer or a merged workbook), and reads
that step past a row which slipped into the database some other way."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from sendreflect import TEAM, AnswerError, Kind, Store, StoreError, get_framework, responses
from sendreflect import validate as v
from sendreflect.app import FacilitatorApp, ParticipantApp
from sendreflect.demo import CODE
from sendreflect.report import build_report
from sendreflect.store import now
from sendreflect.store.schema import answer_table as answers_table
from sendreflect.store.schema import history_table
from sendreflect.workbook import defuse, import_workbook, to_csv, to_json, to_xlsx, workbook_data

NC = "national_college"
SL = "sen_leaders"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def oak(store: Store):
    store.create_workshop("Oak Primary", "Baseline", [NC, SL], code="OAK111")
    return store.join("OAK111", "Ash", "senco")


# -- the checks themselves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "message"),
    [
        ("2262-01-01", "time zone"),
        ("not-a-date", "time zone"),
        ("2262-01-01T00:00:00+00:00", "in the future"),
        ("2026-11-26T12:10:00+00:00", "in the future"),
        ("1999-12-31T23:59:59+00:00", "before the year 2000"),
        (1764158400, "time zone"),
        ("2026-11-26T12:00:00" + "0" * 50 + "+00:00", "time zone"),
    ],
)
def test_timestamps_must_be_real_and_not_in_the_future(stamp, message) -> None:
    with pytest.raises(v.Invalid, match=message):
        v.check_timestamp(stamp, "when", now=NOW)


def test_a_timestamp_within_clock_skew_is_kept_but_never_later_than_now() -> None:
    assert v.check_timestamp("2026-11-26T13:00:00+01:00", "when", now=NOW) == (
        "2026-11-26T12:00:00.000000+00:00"
    )
    assert v.check_timestamp("2026-11-26T12:03:00+00:00", "when", now=NOW) == (
        "2026-11-26T12:00:00.000000+00:00"
    )
    assert v.check_timestamp("2026-11-26T11:00:00Z", "when", now=NOW).startswith("2026-11-26T11")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Oak\u202eloohcS", "direction of text"),
        ("Oak\u2067", "direction of text"),
        ("Oak\x00", "control character"),
        ("Oak\x1b[31m", "control character"),
        ("Oak\r", "control character"),
        ("Oak\x85", "control character"),
        ("x" * 201, "keep it under 200"),
        (42, "must be text"),
    ],
)
def test_hidden_characters_and_long_names_are_refused_plainly(text, message) -> None:
    with pytest.raises(v.Invalid, match=message):
        v.check_name(text, "the school's name")


def test_newlines_tabs_and_any_script_are_fine() -> None:
    text = "שלום\tمرحبا\n🙂 é"
    assert v.check_text(text, "a note") == text


def test_codes_normalise_to_something() -> None:
    assert v.check_code(" oak-1 ") == "OAK1"
    with pytest.raises(v.Invalid, match="letter or digit"):
        v.check_code("-- --")
    with pytest.raises(v.Invalid, match="longer than 32"):
        v.check_code("A" * 33)


@pytest.mark.parametrize(
    ("kind", "framework", "item", "value", "message"),
    [
        (Kind.POSITION, NC, "values", 0, "not valid"),
        (Kind.POSITION, NC, "values.think.1", 3, "no position item"),
        (Kind.POSITION, "peer_support", "values", 3, "does not use"),
        (Kind.RATING, SL, "sen_leaders.area.1", 9, "a rating is one of"),
        (Kind.RATING, SL, "values", 2, "no rating item"),
        (Kind.REFLECTION, NC, "values", "x", "no reflection item"),
        (Kind.ACTION, NC, "plan.1", {"what": "x"}, "not an action id"),
        (Kind.ACTION, NC, "action.ab12", {"what": "x", "by_when": "9999-01-01"}, "2000 and 2100"),
        (Kind.ACTION, NC, "action.ab12", {"what": "x", "prompt": "nope"}, "names a prompt"),
        (Kind.AGREED, NC, "values", {"rationale": "a\u202eb"}, "direction of text"),
        ("vote", NC, "values", 3, "no kind of answer"),
    ],
)
def test_values_must_fit_their_item_and_the_frameworks_scale(
    kind, framework, item, value, message
) -> None:
    frameworks = {f: get_framework(f) for f in (NC, SL, "peer_support")}
    with pytest.raises(AnswerError, match=message):
        v.check_answer(frameworks, (NC, SL), kind, framework, item, value)


# -- every save is checked ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "kind", "framework", "item", "value", "message"),
    [
        ("ash", Kind.POSITION, NC, "values.nope", 3, "no position item"),
        ("ash", Kind.RATING, SL, "sen_leaders.area.1", 5, "a rating is one of"),
        ("ash", Kind.EVIDENCE, NC, "values", "look \u202eereh", "direction of text"),
        ("ash", Kind.POSITION, "peer_support", "values", 3, "does not use"),
        ("ash", Kind.AGREED, NC, "values", {"position": 3}, "the team's"),
        (TEAM, Kind.POSITION, NC, "values", 3, "each participant's own"),
        ("nobody", Kind.POSITION, NC, "values", 3, "not in this store"),
    ],
)
def test_save_checks_every_answer_before_writing(
    store: Store, oak, subject, kind, framework, item, value, message
) -> None:
    who = oak.id if subject == "ash" else subject
    with pytest.raises((AnswerError, StoreError), match=message):
        store.save("OAK111", who, kind, framework, item, value)
    assert store.answers("OAK111", include_cleared=True).empty
    assert store.history("OAK111").empty


def test_save_refuses_an_unknown_workshop_even_for_the_team(store: Store) -> None:
    with pytest.raises(StoreError, match="no workshop"):
        store.save("NOPE1", TEAM, Kind.AGREED, NC, "values", {"position": 3})


def test_names_are_checked_wherever_they_are_written(store: Store, oak) -> None:
    with pytest.raises(StoreError, match="direction of text"):
        store.create_workshop("Elm \u202e", "R")
    with pytest.raises(StoreError, match="keep it under 200"):
        store.update_workshop("OAK111", round="r" * 300)
    with pytest.raises(StoreError, match="control character"):
        store.join("OAK111", "Birch\x07", "teacher")
    with pytest.raises(StoreError, match="no framework"):
        store.create_workshop("Elm", "R", ["made_up"])
    assert list(store.workshops()["code"]) == ["OAK111"]
    assert list(store.participants("OAK111")["alias"]) == ["Ash"]


# -- merge: one transaction, and the newer of two real timestamps ------------------------------


def _book(store: Store, **answer) -> dict:
    data = workbook_data(store, "OAK111")
    data["answers"] = [{**data["answers"][0], **answer}]
    data["history"] = []
    return data


def test_merge_takes_plain_data_and_keeps_the_newer_answer(store: Store, oak) -> None:
    store.save("OAK111", oak.id, Kind.POSITION, NC, "values", 2)
    older = _book(store, value=5, updated_at="2026-01-01T00:00:00+00:00")
    assert store.merge(older).answers_written == 0
    assert list(store.answers("OAK111")["value"]) == [2]
    newer = _book(store, value=5, updated_at=now())
    assert store.merge(newer).answers_written == 1
    assert list(store.answers("OAK111")["value"]) == [5]


def test_a_forged_future_timestamp_cannot_outrank_a_real_edit(store: Store, oak) -> None:
    store.save("OAK111", oak.id, Kind.POSITION, NC, "values", 2)
    with pytest.raises(StoreError, match="in the future"):
        store.merge(_book(store, value=5, updated_at="2262-01-01T00:00:00+00:00"))
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=4)).isoformat()
    store.merge(_book(store, value=5, updated_at=soon))
    stamp = store.answers("OAK111").loc[0, "updated_at"]
    assert stamp <= pd.Timestamp.now(tz="UTC")
    store.save("OAK111", oak.id, Kind.POSITION, NC, "values", 3)
    stale = _book(store, value=5, updated_at=soon)
    stale["answers"][0]["updated_at"] = stamp.isoformat()
    store.merge(stale)
    assert list(store.answers("OAK111")["value"]) == [3]


def test_a_participant_id_of_another_workshop_cannot_be_claimed(store: Store, oak) -> None:
    store.create_workshop("Elm", "R", [NC], code="ELM111")
    data = workbook_data(store, "OAK111")
    data["workshop"] |= {"code": "ELM111", "school": "Elm", "frameworks": [NC]}
    with pytest.raises(StoreError, match="belongs to another workshop"):
        store.merge(data)
    assert store.participants("ELM111").empty


# -- a damaged row never makes a workshop unreadable ----------------------------------------------


def _slip_in(store: Store, code: str, rows: list[dict]) -> None:
    """Write rows straight into the tables, as a damaged file or a hand edit could."""
    with store.engine.begin() as conn:
        for row in rows:
            key = {"workshop_code": code, "framework": NC, "updated_by": "x", **row}
            conn.execute(answers_table.insert().values(**key))
            conn.execute(
                history_table.insert().values(
                    id=row["item_id"][-30:],
                    workshop_code=code,
                    subject=row["subject"],
                    kind=row["kind"],
                    framework=NC,
                    item_id=row["item_id"],
                    old_value=None,
                    new_value=row["value"],
                    changed_at=row["updated_at"],
                    changed_by="x",
                )
            )


DAMAGED_ROWS = [
    {"kind": "position", "item_id": "d.time", "value": "3", "updated_at": "not-a-date"},
    {"kind": "position", "item_id": "d.far", "value": "3", "updated_at": "2262-01-01"},
    {"kind": "position", "item_id": "d.json", "value": "{broken", "updated_at": "2026-01-01"},
    {"kind": "position", "item_id": "d.shape", "value": '{"a": 1}', "updated_at": "2026-01-01Z"},
    {"kind": "rating", "item_id": "d.rating", "value": '"high"', "updated_at": "2026-01-01Z"},
    {"kind": "vote", "item_id": "d.kind", "value": "3", "updated_at": "2026-01-01Z"},
    {"kind": "agreed", "item_id": "d.agreed", "value": "[1, 2]", "updated_at": "2026-01-01Z"},
    {
        "kind": "action",
        "item_id": "action.d.date",
        "value": '{"what": "x", "by_when": "9999-12-31"}',
        "updated_at": "2026-01-01Z",
    },
    {"kind": "evidence", "item_id": "d.deep", "value": "[" * 5000, "updated_at": "2026-01-01Z"},
]


def test_damaged_rows_are_read_past_everywhere(demo_store: Store, tmp_path) -> None:
    before = demo_store.answers(CODE)
    person = str(before.loc[before["kind"] == "position", "subject"].iloc[0])
    rows = [
        {**r, "subject": TEAM if r["kind"] in ("agreed", "action") else person}
        for r in DAMAGED_ROWS
    ]
    _slip_in(demo_store, CODE, rows)
    with demo_store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE workshops SET frameworks = '[' WHERE code = 'DEMO25'"))
    frame = demo_store.answers(CODE, include_cleared=True)
    assert len(frame) == len(demo_store.answers(CODE, include_cleared=True)) == len(before)
    for build in (
        responses.positions,
        responses.notes,
        responses.ratings,
        responses.agreed,
        responses.actions,
    ):
        build(frame)
    assert len(demo_store.history(CODE)) == len(before)
    assert demo_store.workshop("DEMO25").frameworks == ()
    pd.read_csv(io.BytesIO(to_csv(demo_store, CODE)), encoding="utf-8-sig")
    openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_store, CODE)))
    assert "Brookfield" in build_report(demo_store, CODE)
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert import_workbook(other, to_json(demo_store, CODE)).answers_written == len(before)
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    for section in app.sections:
        app.nav.value = section
    assert ParticipantApp(demo_store, code=CODE).widget is not None


# -- CSV cells cannot run as formulas --------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(sqlite_store, start) -> None:
    sqlite_store.create_workshop("Oak", "R", code="OAK111")
    ash = sqlite_store.join("OAK111", "Ash", "senco")
    text = start + 'HYPERLINK("http://evil.example","click")'
    sqlite_store.save("OAK111", ash.id, Kind.EVIDENCE, NC, "values", text)
    csv = pd.read_csv(io.BytesIO(to_csv(sqlite_store, "OAK111")), encoding="utf-8-sig")
    assert csv.loc[0, "value"] == "'" + text
    assert json.loads(to_json(sqlite_store, "OAK111"))["answers"][0]["value"] == text


def test_defuse_covers_every_start_owasp_names() -> None:
    for start in "=+-@\t\r":
        assert defuse(start + "1+1") == "'" + start + "1+1"
    assert defuse("Plain text = fine") == "Plain text = fine"
    assert defuse(3) == 3
