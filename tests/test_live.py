"""What happens on a timer in a running page, run here in a real asyncio loop as the kernel runs
it: the facilitator's live refresh, and a note saved once typing pauses."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import ipywidgets as w
import pytest

from sendreflect import Kind, Store
from sendreflect.app import FacilitatorApp, ParticipantApp
from sendreflect.demo import CODE

NC = "national_college"
NOTE = f"sr-draft-reflection/{NC}/context.think.1"
"""The class of the participant's first note box ("Understanding your context")."""
PATIENCE = 20.0
"""How long to wait for a timer's effect before failing (a loaded machine can be slow)."""


def widgets(root: w.Widget) -> list[w.Widget]:
    """``root`` and every widget below it."""
    found = [root]
    for child in getattr(root, "children", ()):
        found += widgets(child)
    return found


def page_text(app: Any) -> str:
    return " ".join(x.value for x in widgets(app.widget) if isinstance(x, w.HTML))


async def until(check: Callable[[], object], what: str) -> None:
    """Let the loop run until ``check()`` holds; fail after ``PATIENCE`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not check():
        if loop.time() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(scenario())


@pytest.fixture
def quick_refresh(monkeypatch: pytest.MonkeyPatch) -> float:
    """The facilitator's page polls every few seconds; here, every tenth of a second."""
    module = sys.modules[FacilitatorApp.__module__]
    assert hasattr(module, "REFRESH_SECONDS"), f"{module.__name__} has no REFRESH_SECONDS"
    monkeypatch.setattr(module, "REFRESH_SECONDS", 0.1)
    return 0.1


def test_participation_updates_by_itself_when_another_participant_answers(
    demo_store: Store, quick_refresh: float
) -> None:
    async def scenario() -> None:
        app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
        app.nav.value = "Participation"
        assert "Juniper" not in page_text(app)

        juniper = demo_store.join(CODE, "Juniper", "teacher")  # on another laptop
        await until(lambda: "Juniper" in page_text(app), "the newcomer in the participation table")
        assert "0 of 5" in row(app, "Juniper")

        demo_store.save(CODE, juniper.id, Kind.POSITION, NC, "values", 3)
        await until(lambda: "1 of 5" in row(app, "Juniper"), "Juniper's position to be counted")

    run(scenario)


def test_results_are_drawn_by_themselves_once_revealed_elsewhere(
    demo_store: Store, quick_refresh: float
) -> None:
    async def scenario() -> None:
        projector = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
        projector.nav.value = "Results"
        assert "hidden until you reveal them" in page_text(projector)

        demo_store.update_workshop(CODE, revealed=True)  # from the facilitator's laptop
        await until(
            lambda: "Agenda: where views differ most" in page_text(projector),
            "the projector to show the revealed results",
        )

    run(scenario)


def row(app: Any, alias: str) -> str:
    """The participation table's row for ``alias`` (empty when it has none)."""
    text = page_text(app)
    start = text.find(f"<td>{alias}</td>")
    return text[start : text.find("</tr>", start)] if start >= 0 else ""


def test_a_note_is_saved_once_when_typing_pauses(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_store.create_workshop("Oak Primary", "Baseline", code="OAK111")
    saved: list[tuple[Any, ...]] = []
    real_save = sqlite_store.save

    def counting_save(*args: Any, **kwargs: Any) -> Any:
        saved.append(args)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(sqlite_store, "save", counting_save)

    async def scenario() -> None:
        app = ParticipantApp(sqlite_store, code="OAK111")
        app.form.alias.value, app.form.role.value = "Yew", "teacher"
        app.form.button.click()
        (box,) = [x for x in widgets(app.widget) if NOTE in getattr(x, "_dom_classes", ())]
        for typed in ("We", "We track", "We track every pupil"):  # keystrokes, no pause
            box.value = typed
        assert saved == [], "a note was saved while its writer was still typing"
        await until(lambda: saved, "the note to be saved after the pause")
        await asyncio.sleep(1.0)  # time for any further (wrong) save to happen
        assert [args[-1] for args in saved] == ["We track every pupil"]
        assert "Saved at" in app.status.widget.value

    run(scenario)
    frame = sqlite_store.answers("OAK111")
    assert list(frame.loc[frame["item_id"] == "context.think.1", "value"]) == [
        "We track every pupil"
    ]
