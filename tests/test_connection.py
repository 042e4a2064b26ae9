"""The kernel side of the page's connection watch and of the typing the browser keeps: the
messages a browser sends, simulated in plain Python, and what the kernel answers and saves."""

from __future__ import annotations

import time
from typing import Any

import ipywidgets as w
import pytest

from sendreflect import Kind, Store
from sendreflect.app import ParticipantApp, SoloApp
from sendreflect.app.agree import SOLO_RATIONALE_LABEL as RATIONALE_LABEL
from sendreflect.app.connection import BEAT_EVERY, QUIET_LIMIT, Connection, fingerprint
from tests.widgets import find, joined

NOTE = "reflection/national_college/context.think.1"


def listen(connection: Connection) -> list[dict[str, Any]]:
    """What the kernel sends the browser from now on."""
    sent: list[dict[str, Any]] = []
    connection.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    return sent


def browser_says(connection: Connection, content: dict[str, Any]) -> None:
    """A custom message from the browser, as the comm delivers it."""
    connection._handle_custom_msg(content, [])


def test_a_ping_is_answered_and_beats_go_on_while_the_kernel_is_busy() -> None:
    connection = Connection()
    sent = listen(connection)
    browser_says(connection, {"type": "ping", "n": 7})
    assert sent[0] == {"type": "pong", "n": 7}
    before = len(sent)
    time.sleep(1.5)  # the main thread busy, as drawing a chart keeps it (about 1.3 s)
    beats = [m for m in sent[before:] if m == {"type": "beat"}]
    assert len(beats) >= int(1.5 / BEAT_EVERY) - 1
    assert BEAT_EVERY * 2 <= QUIET_LIMIT < 2


def test_no_beat_repeats_a_pong_while_the_kernel_answers_pings_itself() -> None:
    connection = Connection()
    sent = listen(connection)
    for number in range(8):  # the browser's pings, answered at once by a free main thread
        browser_says(connection, {"type": "ping", "n": number})
        time.sleep(BEAT_EVERY / 2)
    assert [m["type"] for m in sent].count("pong") == 8
    assert {"type": "beat"} not in sent


@pytest.fixture
def workshop(sqlite_store: Store):
    return sqlite_store.create_workshop("Oak Primary", "Baseline", code="OAK111")


def note_text(store: Store, code: str) -> list[str]:
    frame = store.answers(code)
    return list(frame.loc[frame["item_id"] == "context.think.1", "value"])


def test_a_note_box_carries_its_draft_key_and_its_saves_are_confirmed(
    sqlite_store: Store, workshop
) -> None:
    app = joined(sqlite_store, "OAK111")
    scope = f"OAK111/{app.participant.id}"
    assert app.status.connection.scope == scope
    sent = listen(app.status.connection)
    note = find(app.page, w.Textarea)[0]
    assert f"sr-draft-{NOTE}" in note._dom_classes
    note.value = "Typed and saved"
    assert {"type": "saved", "scope": scope, "key": NOTE, "text": "Typed and saved"} in sent


def test_kept_drafts_are_saved_after_a_reload_and_the_page_says_so(
    sqlite_store: Store, workshop
) -> None:
    first = joined(sqlite_store, "OAK111")
    scope = f"OAK111/{first.participant.id}"
    again = ParticipantApp(sqlite_store, code="OAK111")
    sent = listen(again.status.connection)
    again._enter(first.participant)  # the reload: the same person back on a fresh page
    assert {"type": "replay", "scope": scope} in sent
    drafts = [
        {"key": NOTE, "text": "typed before the kill", "base": ""},
        {"key": "evidence/national_college/values", "text": "seen in lessons", "base": ""},
    ]
    browser_says(again.status.connection, {"type": "drafts", "scope": scope, "drafts": drafts})
    assert note_text(sqlite_store, "OAK111") == ["typed before the kill"]
    assert "seen in lessons" in set(sqlite_store.answers("OAK111")["value"])
    assert find(again.page, w.Textarea)[0].value == "typed before the kill"
    assert "2 notes you typed before the connection was lost were saved" in (
        again.status.widget.value
    )
    assert {"type": "saved", "scope": scope, "key": NOTE, "text": "typed before the kill"} in sent


def test_drafts_of_another_participant_or_a_bad_key_are_never_applied(
    sqlite_store: Store, workshop
) -> None:
    app = joined(sqlite_store, "OAK111")
    other = joined(sqlite_store, "OAK111", alias="Ash")
    for scope in (f"OAK111/{other.participant.id}", f"DEMO/{app.participant.id}", ""):
        draft = {"key": NOTE, "text": "not mine", "base": ""}
        browser_says(app.status.connection, {"type": "drafts", "scope": scope, "drafts": [draft]})
    mine = f"OAK111/{app.participant.id}"
    for key in ("reflection/national_college/no.such.item", "position/national_college/values"):
        draft = {"key": key, "text": "3", "base": ""}
        browser_says(app.status.connection, {"type": "drafts", "scope": mine, "drafts": [draft]})
    assert sqlite_store.answers("OAK111").empty


def test_a_draft_over_a_newer_saved_note_is_shown_but_not_saved(
    sqlite_store: Store, workshop
) -> None:
    app = joined(sqlite_store, "OAK111")
    scope = f"OAK111/{app.participant.id}"
    sqlite_store.save("OAK111", app.participant.id, "reflection", "national_college",
                      "context.think.1", "written since in another tab")  # fmt: skip
    again = ParticipantApp(sqlite_store, code="OAK111")
    again._enter(app.participant)  # the same person back on a fresh page
    draft = {"key": NOTE, "text": "typed before the kill", "base": ""}
    browser_says(again.status.connection, {"type": "drafts", "scope": scope, "drafts": [draft]})
    assert note_text(sqlite_store, "OAK111") == ["written since in another tab"]
    assert find(again.page, w.Textarea)[0].value == "typed before the kill"
    assert "differs from what was saved since" in again.status.widget.value


def test_a_draft_over_its_own_unconfirmed_save_is_saved(sqlite_store: Store, workshop) -> None:
    """The kernel saved the first words typed, but the server died before saying so."""
    app = joined(sqlite_store, "OAK111")
    scope = f"OAK111/{app.participant.id}"
    app.save(Kind.REFLECTION, "national_college", "context.think.1", "Typed as it died, ")
    again = ParticipantApp(sqlite_store, code="OAK111")
    again._enter(app.participant)
    passed = ["T", "Typed as it died, ", "Typed as it died, and after."]
    draft = {"key": NOTE, "text": passed[-1], "base": "", "seen": [fingerprint(t) for t in passed]}
    browser_says(again.status.connection, {"type": "drafts", "scope": scope, "drafts": [draft]})
    assert note_text(sqlite_store, "OAK111") == ["Typed as it died, and after."]
    assert "1 note you typed before the connection was lost was saved" in again.status.widget.value


def test_a_draft_for_a_step_not_yet_opened_is_saved_when_it_opens(sqlite_store: Store) -> None:
    """Solo mode's agreed positions are built only when their step is opened."""
    first = SoloApp(sqlite_store)
    first.school.value, first.role.value = "Oak Primary", "senco"
    first.join_button.click()
    code, me = first.workshop.code, first.participant
    again = SoloApp(sqlite_store)
    again._enter(me)
    key = "agreed/national_college/values/rationale"
    draft = {"key": key, "text": "We saw it in every class", "base": ""}
    browser_says(
        again.status.connection, {"type": "drafts", "scope": f"{code}/{me.id}", "drafts": [draft]}
    )
    assert sqlite_store.answers(code).empty
    again.nav.value = next(n for label, n in again.nav.options if label.endswith("positions"))
    boxes = find(again.page, w.Textarea, description=RATIONALE_LABEL)
    assert boxes[0].value == "We saw it in every class"
    assert "We saw it in every class" in str(sqlite_store.answers(code)["value"].iloc[0])
    assert "1 note you typed before the connection was lost was saved" in again.status.widget.value
