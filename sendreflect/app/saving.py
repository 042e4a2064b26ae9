"""Saving as people type: the "Saved" indicator (with the page's watch on its connection), the
note boxes whose text is saved after a pause in typing, and what a failed save says.

This module owns the outcome of a save as the page shows it; the saving itself is the store's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from sendreflect.app.connection import Connection
from sendreflect.app.kit import esc
from sendreflect.frameworks import FrameworkError
from sendreflect.responses import AnswerError
from sendreflect.store import StoreError, StoreFailure

TEXT_PAUSE = 0.8
"""Seconds of no typing after which a note is saved."""

PROBLEMS = (StoreError, AnswerError, FrameworkError)

UNSAVED = (
    " Nothing changed since the last 'Saved' was stored; what you typed is still on this page, "
    "so keep it open and change it again once the problem is put right."
)
"""Said after a database failure, so no one reloads the page and loses their typing."""


class SaveStatus:
    """The "Saved" indicator: one per page, announced politely to screen readers.

    Its ``connection`` (put it on the page once) takes "Saved" back in the browser when the
    kernel is gone, and keeps the typing of the note boxes that have a draft key (``notes``).
    """

    def __init__(self, idle: str = "Answers are saved as you go.") -> None:
        self.idle = idle
        """What it says before anything is saved (nothing, on a page with nothing to answer)."""
        self.widget = w.HTML(layout=w.Layout(min_height="1.6em"))
        self.widget.add_class("sr-status")
        self.state = "idle"
        self.listeners: list[Callable[[], Any]] = []
        """Called after every successful save (e.g. to refresh a download link)."""
        self.connection = Connection(layout=w.Layout(display="none"))
        self.notes: dict[str, Note] = {}
        """The note boxes on the page, by draft key."""
        self.waiting: dict[str, Callable[[], Any]] = {}
        """What to do with a kept draft once its note box is built, by draft key."""
        self.show("idle")

    def show(self, state: str, message: str = "") -> None:
        self.state = state
        text = {
            "idle": self.idle,
            "saving": "Saving…",
            "saved": f"Saved at {dt.datetime.now().strftime('%H:%M:%S')}",
            "error": f"Not saved: {message}",
            "problem": message,
            "restored": message,
        }[state]
        icon = {"saved": "✓ ", "error": "⚠ ", "problem": "⚠ ", "restored": "✓ "}.get(state, "")
        self.widget.value = (
            f'<div role="status" aria-live="polite" class="sr-status-{state}">'
            f"{icon}{esc(text)}</div>"
        )

    def run(self, save: Callable[[], Any]) -> bool:
        """Run one save, showing its outcome; returns whether it succeeded."""
        self.show("saving")
        try:
            save()
        except PROBLEMS as exc:
            self.show("error", str(exc) + (UNSAVED if isinstance(exc, StoreFailure) else ""))
            return False
        self.show("saved")
        for listener in self.listeners:
            listener()
        return True

    def save_note(self, key: str, save: Callable[[str], Any], text: str) -> bool:
        """Save a note's text as ``run`` does; once saved, the browser may drop its draft."""
        if not self.run(lambda: save(text)):
            return False
        if key:
            self.connection.confirm(key, text)
        return True


class Debounced:
    """Calls ``action`` once typing has paused for ``delay`` seconds (at once outside a loop)."""

    def __init__(self, action: Callable[[], Any], delay: float = TEXT_PAUSE) -> None:
        self.action = action
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.action()
            return
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        """Run a pending call now."""
        self._handle = None
        self.action()


@dataclass(eq=False)
class Note:
    """A note box on the page and how its text is saved."""

    box: w.Textarea
    save: Callable[[str], Any]
    quiet: bool = field(default=False)

    def show(self, text: str) -> None:
        """Put ``text`` in the box without saving it."""
        self.quiet = True
        try:
            self.box.value = text
        finally:
            self.quiet = False


def note_box(
    label: str,
    value: str,
    on_save: Callable[[str], Any],
    status: SaveStatus,
    *,
    placeholder: str = "",
    rows: int = 3,
    key: str = "",
) -> w.Textarea:
    """A labelled text box whose text is saved after a pause in typing.

    With a ``key`` (stable for this note of this person, e.g. ``"reflection/<framework>/<item>"``)
    the browser keeps what is typed until it is saved, and a kept draft not yet saved is shown.
    """
    box = w.Textarea(
        value=value,
        description=label,
        placeholder=placeholder,
        rows=rows,
        continuous_update=True,
        layout=w.Layout(width="100%"),
        style={"description_width": "initial"},
    )
    box.add_class("sr-note")
    note = Note(box, on_save)
    if key:
        box.add_class(f"sr-draft-{key}")
        status.notes[key] = note
    save = Debounced(lambda: status.save_note(key, on_save, box.value))
    box.observe(lambda _change: None if note.quiet else save(), names="value")
    if key in status.waiting:
        status.waiting.pop(key)()
    return box
