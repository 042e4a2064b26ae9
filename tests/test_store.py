"""The store: answers saved at once with history, join codes, concurrency, schema versions."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import sqlalchemy as sa

from sendreflect import TEAM, AnswerError, Kind, Store, StoreError, UnknownWorkshop, get_framework
from sendreflect import store as store_module
from sendreflect.store import AliasTaken, schema

NC = "national_college"


@pytest.fixture
def workshop(store: Store):
    return store.create_workshop("Oak Primary", "Baseline, November 2026", code="oak-111")


def test_create_and_find_a_workshop_by_a_loosely_typed_code(store: Store, workshop) -> None:
    assert workshop.code == "OAK111"
    assert store.workshop(" oak-1 11 ").school == "Oak Primary"
    assert workshop.frameworks == ("national_college",)
    assert len(workshop.facilitator_key) >= 20


def test_made_up_codes_are_unambiguous_and_distinct(store: Store) -> None:
    codes = {store.create_workshop("A", "R").code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == 6 and not set(c) & set("01IO") for c in codes)


def test_a_code_in_use_is_refused(store: Store, workshop) -> None:
    with pytest.raises(StoreError, match="already used"):
        store.create_workshop("Elm", "R", code="OAK111")


def test_unknown_code_says_what_to_do(store: Store) -> None:
    with pytest.raises(UnknownWorkshop, match="Check the code with your facilitator"):
        store.workshop("NOPE42")


def test_an_alias_is_its_owners_and_carries_on_only_with_their_resume_code(
    store: Store, workshop
) -> None:
    first = store.join("oak-111", "  Ash  ", "head_teacher")
    assert len(store_module.normalise_code(first.resume_code)) == 8
    for wrong in ("", "AAAA-AAAA", first.resume_code[:-1]):
        with pytest.raises(AliasTaken, match="resume code"):
            store.join("OAK111", "Ash", "deputy", resume_code=wrong)
    again = store.join("OAK111", "Ash", "deputy", resume_code=first.resume_code.lower())
    assert again.id == first.id
    assert again.role == "head_teacher", "the role never changes silently"
    assert list(store.participants("OAK111")["alias"]) == ["Ash"]


def test_a_remembered_browser_carries_on_only_with_the_matching_token(
    store: Store, workshop
) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    assert store.resume(ash.token).id == ash.id
    bea = store.join("OAK111", "Bea", "senco")
    forged = [ash.id, f"{ash.id}.", f"{ash.id}.{bea.resume_code}", f"{bea.id}.{ash.resume_code}"]
    for token in forged:
        with pytest.raises(StoreError, match="join the workshop again"):
            store.resume(token)
    renewed = store.reissue_resume_code(ash.id)
    with pytest.raises(StoreError):
        store.resume(ash.token)
    assert store.resume(renewed.token).id == ash.id


def test_a_chosen_code_is_long_enough_not_to_be_guessed(store: Store) -> None:
    for short in ("A", "AB-12", "ABCDE"):
        with pytest.raises(StoreError, match="at least 6"):
            store.create_workshop("Elm", "R", code=short)
    with pytest.raises(StoreError, match="letter or digit"):
        store.create_workshop("Elm", "R", code="--")
    assert store.create_workshop("Elm", "R", code="elm-123").code == "ELM123"


def test_keys_open_no_more_than_they_must_and_can_be_replaced(store: Store, workshop) -> None:
    other = store.create_workshop("Elm", "R")
    own, wide = workshop.facilitator_key, store.facilitator_key()
    assert store.can_facilitate("OAK111", own) and not store.can_facilitate(other.code, own)
    assert store.can_facilitate(other.code, wide) and not store.is_store_key(own)
    fresh = store.rotate_key("OAK111")
    assert not store.can_facilitate("OAK111", own) and store.can_facilitate("OAK111", fresh)
    new_wide = store.rotate_key()
    assert not store.is_store_key(wide) and store.is_store_key(new_wide)
    assert not store.can_facilitate(other.code, wide)


def test_solo_reflections_stay_out_of_the_workshop_list_and_are_rate_limited(
    store: Store, workshop, monkeypatch
) -> None:
    monkeypatch.setenv("SENDREFLECT_SOLO_PER_HOUR", "2")
    store_module.get_settings.cache_clear()
    solo = [store.create_workshop("Me School", "Solo", kind="solo") for _ in range(2)]
    assert all(s.kind == "solo" and s.revealed for s in solo)
    assert list(store.workshops()["code"]) == ["OAK111"]
    assert len(store.workshops(kind=None)) == 3
    with pytest.raises(StoreError, match="last hour"):
        store.create_workshop("Me School", "Solo", kind="solo")
    assert store.create_workshop("Team School", "R").kind == "team"


@pytest.mark.parametrize(
    ("alias", "role", "message"),
    [
        ("", "senco", "choose an alias"),
        ("x" * 61, "senco", "under 60"),
        ("Ash", "wizard", "choose a role"),
    ],
)
def test_bad_joins_are_refused(store: Store, workshop, alias, role, message) -> None:
    with pytest.raises(StoreError, match=message):
        store.join("OAK111", alias, role)


def test_a_closed_workshop_cannot_be_joined(store: Store, workshop) -> None:
    store.update_workshop("OAK111", status="closed")
    with pytest.raises(StoreError, match="closed"):
        store.join("OAK111", "Ash", "senco")


def test_every_change_keeps_its_history(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    assert store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 2)
    assert not store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 2)
    assert store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 4)
    assert store.save("OAK111", ash.id, Kind.POSITION, NC, "values", "not_sure")
    frame = store.answers("OAK111")
    assert frame.loc[0, "value"] == "not_sure"
    changes = store.history("OAK111")
    assert list(changes["old_value"]) == [None, 2, 4]
    assert list(changes["new_value"]) == [2, 4, "not_sure"]
    assert set(changes["changed_by"]) == {ash.id}


def test_clearing_an_answer_is_recorded_not_erased(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    store.save("OAK111", ash.id, Kind.EVIDENCE, NC, "values", "Exclusion data")
    store.save("OAK111", ash.id, Kind.EVIDENCE, NC, "values", None)
    assert store.answers("OAK111").empty
    assert len(store.answers("OAK111", include_cleared=True)) == 1
    assert list(store.history("OAK111")["old_value"]) == [None, "Exclusion data"]


def test_odd_text_is_stored_exactly(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    odd = "<script>alert(1)</script> '; DROP TABLE answers; -- 🙂 مرحبا\t\n" + "é" * 5000
    store.save("OAK111", ash.id, Kind.REFLECTION, NC, "values.think.1", odd)
    assert store.answers("OAK111").loc[0, "value"] == odd


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Kind.POSITION, 6),
        (Kind.POSITION, "maybe"),
        (Kind.EVIDENCE, 3),
        (Kind.AGREED, {"position": 9}),
        (Kind.ACTION, {"what": "  "}),
        (Kind.ACTION, {"what": "x", "by_when": "next week"}),
        (Kind.RATING, True),
    ],
)
def test_malformed_values_never_reach_the_store(store: Store, workshop, kind, value) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    with pytest.raises(AnswerError):
        store.save(
            "OAK111",
            ash.id if kind not in (Kind.AGREED, Kind.ACTION) else TEAM,
            kind,
            NC,
            "values",
            value,
        )
    assert store.answers("OAK111", include_cleared=True).empty


def test_participants_cannot_answer_in_another_workshop(store: Store, workshop) -> None:
    store.create_workshop("Elm", "R", code="ELM111")
    ash = store.join("OAK111", "Ash", "senco")
    with pytest.raises(StoreError, match="another workshop"):
        store.save("ELM111", ash.id, Kind.POSITION, NC, "values", 3)


def test_answers_of_one_workshop_stay_in_it(store: Store, workshop) -> None:
    store.create_workshop("Elm", "R", code="ELM111")
    ash = store.join("OAK111", "Ash", "senco")
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 3)
    assert store.answers("ELM111").empty
    assert len(store.answers("OAK111")) == 1


def test_a_participants_page_reads_only_their_own_answers(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    birch = store.join("OAK111", "Birch", "teacher")
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 3)
    store.save("OAK111", birch.id, Kind.POSITION, NC, "values", 5)
    store.save("OAK111", birch.id, Kind.EVIDENCE, NC, "values", "Seen in lessons")
    mine = store.answers("OAK111", subject=ash.id)
    assert list(mine["alias"]) == ["Ash"] and list(mine["value"]) == [3]
    assert len(store.answers("OAK111", subject=birch.id)) == 2
    assert len(store.answers("OAK111")) == 3
    records = store.answer_records("OAK111", subject=birch.id)
    assert [(r.alias, r.kind, r.value) for r in records] == [
        ("Birch", "evidence", "Seen in lessons"),
        ("Birch", "position", 5),
    ]


def test_answer_records_hold_what_the_frame_holds_without_pandas(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 3)
    store.save("OAK111", ash.id, Kind.POSITION, NC, "roles", "not_sure")
    store.save("OAK111", TEAM, Kind.AGREED, NC, "values", {"position": 4}, by=ash.id)
    store.save("OAK111", ash.id, Kind.EVIDENCE, NC, "values", "first")
    store.save("OAK111", ash.id, Kind.EVIDENCE, NC, "values", None)  # cleared
    records = store.answer_records("OAK111")
    frame = store.answers("OAK111")
    assert [r._asdict() for r in records] == [
        {**row, "updated_at": row["updated_at"].isoformat(timespec="microseconds")}
        for row in frame.astype(object).to_dict("records")
    ]
    assert [r.alias for r in records] == ["Team", "Ash", "Ash"]
    cleared = store.answer_records("OAK111", include_cleared=True)
    assert len(cleared) == 4 and {r.value for r in cleared if r.kind == "evidence"} == {None}


def test_delete_workshop_removes_everything_of_it_only(store: Store, workshop) -> None:
    store.create_workshop("Elm", "R", code="ELM111")
    for code in ("OAK111", "ELM111"):
        person = store.join(code, "Ash", "senco")
        store.save(code, person.id, Kind.POSITION, NC, "values", 3)
    assert store.delete_workshop("OAK111")
    with pytest.raises(UnknownWorkshop):
        store.workshop("OAK111")
    assert store.history("OAK111").empty
    assert len(store.answers("ELM111")) == 1


def _writer(url: str, code: str, participant: str, count: int) -> None:
    store = Store(url)
    questions = [q.id for _, _, q in get_framework(NC).questions()]
    for number in range(count):
        store.save(code, participant, Kind.REFLECTION, NC, questions[number], f"note {number}")
        store.save(code, participant, Kind.POSITION, NC, "values", number % 5 + 1)
    store.close()


def test_eight_processes_writing_at_once_lose_nothing(store_url: str) -> None:
    store = Store(store_url)
    store.create_workshop("Oak", "R", code="OAK111")
    people = [store.join("OAK111", f"P{n}", "teacher").id for n in range(8)]
    per_writer = 25
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_writer, args=(store_url, "OAK111", p, per_writer)) for p in people
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [w.exitcode for w in workers] == [0] * 8
    frame = store.answers("OAK111")
    notes = frame[frame["kind"] == "reflection"]
    assert len(notes) == 8 * per_writer
    assert notes.groupby("subject").size().eq(per_writer).all()
    positions = frame[frame["kind"] == "position"]
    assert list(positions["value"]) == [(per_writer - 1) % 5 + 1] * 8
    changes = store.history("OAK111")
    assert len(changes) == 8 * per_writer * 2
    assert changes["id"].is_unique


def test_sqlite_store_runs_in_wal_mode(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_the_default_store_lives_in_the_data_folder(monkeypatch, tmp_path: Path) -> None:
    from sendreflect import get_settings

    monkeypatch.setenv("SENDREFLECT_DATA_DIR", str(tmp_path / "deep" / "folder"))
    get_settings.cache_clear()
    store = Store()
    store.create_workshop("Oak", "R")
    assert (tmp_path / "deep" / "folder" / "sendreflect.sqlite").exists()


def test_schema_version_is_stored(store: Store) -> None:
    assert store.schema_version() == store_module.SCHEMA_VERSION


def _set_version(store: Store, version: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(schema.meta_table.update().values(value=str(version)))


def test_a_store_from_a_newer_sendreflect_says_to_upgrade(store_url: str) -> None:
    store = Store(store_url)
    _set_version(store, store_module.SCHEMA_VERSION + 1)
    store.close()
    with pytest.raises(StoreError, match="pip install -U sendreflect"):
        Store(store_url)


def test_an_older_store_is_migrated(store_url: str, monkeypatch) -> None:
    store = Store(store_url)
    store.create_workshop("Oak", "R", code="OAK111")
    old = store_module.SCHEMA_VERSION
    store.close()

    def add_notes_table(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE migrated_marker (id INTEGER)")

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", old + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, old, add_notes_table)
    reopened = Store(store_url)
    assert reopened.schema_version() == old + 1
    assert "migrated_marker" in sa.inspect(reopened.engine).get_table_names()
    assert reopened.workshop("OAK111").school == "Oak"


def test_a_version_1_store_gains_kinds_and_resume_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v1.sqlite'}"
    store = Store(url)
    store.create_workshop("Oak", "R", code="OAK111")
    old = store.join("OAK111", "Ash", "senco")
    with store.engine.begin() as conn:  # as a version 1 store was written
        for table in reversed(schema.PROGRAMME_TABLES):
            conn.exec_driver_sql(f"DROP TABLE {table.name}")
        conn.exec_driver_sql("ALTER TABLE workshops DROP COLUMN host_code")
        conn.exec_driver_sql("ALTER TABLE workshops DROP COLUMN kind")
        conn.exec_driver_sql("ALTER TABLE participants DROP COLUMN secret_hash")
        conn.exec_driver_sql("UPDATE sendreflect_meta SET value = '1' WHERE key = 'schema_version'")
    store.close()
    upgraded = Store(url)
    assert upgraded.schema_version() == store_module.SCHEMA_VERSION
    assert upgraded.workshop("OAK111").kind == "team"
    assert upgraded.workshop("OAK111").host_code is None
    assert upgraded.programmes() == []
    with pytest.raises(AliasTaken):
        upgraded.join("OAK111", "Ash", "senco", resume_code=old.resume_code)
    with pytest.raises(StoreError):
        upgraded.resume(old.token)


def test_an_older_store_with_no_upgrade_path_says_what_to_do(store_url: str, monkeypatch) -> None:
    Store(store_url).close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="export it"):
        Store(store_url)


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pupils (id INTEGER)")
    with pytest.raises(StoreError, match="not a sendreflect store"):
        Store(url)


def test_activity_counts_answers_and_people_and_sees_any_change(store: Store, workshop) -> None:
    assert store.activity("OAK111") == (0, "", 0)
    ash = store.join("OAK111", "Ash", "senco")
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 2)
    count, first, people = store.activity("OAK111")
    assert (count, people) == (1, 1)
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", 3)
    assert store.activity("OAK111")[:2] != (1, first)
    store.save("OAK111", ash.id, Kind.POSITION, NC, "values", None)
    assert store.activity("OAK111")[0] == 0


def test_an_alias_that_only_looks_like_one_taken_is_taken(store: Store, workshop) -> None:
    store.join("OAK111", "Ash", "senco")
    for lookalike in ("ash", " ASH ", "Ａｓｈ"):
        with pytest.raises(AliasTaken, match="'Ash'"):
            store.join("OAK111", lookalike, "senco")
    for hidden in ("Ash\u200b", "A\u200fsh", "\u2060Ash"):
        with pytest.raises(StoreError, match="invisible character"):
            store.join("OAK111", hidden, "senco")
    assert list(store.participants("OAK111")["alias"]) == ["Ash"]


def test_a_solo_reflection_cannot_be_joined_or_read_as_an_earlier_round(store: Store) -> None:
    me = store.start_solo("Lone Primary", "Solo", ["national_college"], "senco")
    solo = store.workshop(me.workshop_code)
    assert solo.kind == "solo" and me.alias == "Me" and me.resume_code
    with pytest.raises(UnknownWorkshop, match="no workshop with the code"):
        store.join(solo.code, "Snoop", "teacher")
    store.save(solo.code, me.id, Kind.POSITION, NC, "values", 5)
    team = store.create_workshop("Lone Primary", "Review", previous_code=solo.code)
    assert store.previous_answers(team) is None


def test_a_new_store_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "private" / "store.sqlite"
    Store(f"sqlite:///{path}").create_workshop("Oak", "R")
    for made in path.parent.glob("store.sqlite*"):
        assert made.stat().st_mode & 0o077 == 0, made


def test_true_is_not_a_position(store: Store, workshop) -> None:
    ash = store.join("OAK111", "Ash", "senco")
    with pytest.raises(AnswerError, match="whole number"):
        store.save("OAK111", ash.id, Kind.POSITION, NC, "values", True)
