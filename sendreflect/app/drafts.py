"""Putting back what a browser kept of notes typed but never saved (the browser side is in
connection.py): each draft is saved through the note's own save path, unless what is saved now
changed elsewhere since the draft was typed over it, in which case the draft goes back in its
box unsaved and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sendreflect.app.connection import Draft
from sendreflect.app.saving import SaveStatus

Target = tuple[str, Callable[[str], Any]]
"""A note's saved text now, and how to save new text for it."""


def restore_drafts(
    drafts: list[Draft], status: SaveStatus, target: Callable[[str], Target | None] | None = None
) -> None:
    """Save or show each draft whose key ``target`` knows (else a note box on the page), and say
    on ``status`` what happened. A draft that needs a note box not built yet (a step not opened)
    waits for it."""
    saved = kept = failed = 0
    for draft in drafts:
        found = target(draft.key) if target else None
        note = status.notes.get(draft.key)
        if found is None and note is not None:
            found = (note.box.value, note.save)
        if found is None:
            status.waiting[draft.key] = partial(restore_drafts, [draft], status, target)
            continue
        current, save = found
        if draft.text == current:
            status.connection.confirm(draft.key, draft.text)
            continue
        ours = draft.grew_from(current)
        done = ours and status.save_note(draft.key, save, draft.text)
        saved += done
        failed += ours and not done  # the status says why
        kept += not ours
        if note is not None:
            note.show(draft.text)
        elif not done:
            status.waiting[draft.key] = partial(restore_drafts, [draft], status, target)
    if (saved or kept) and not failed:
        say(status, saved, kept)


def say(status: SaveStatus, saved: int, kept: int) -> None:
    """What the page says after putting drafts back."""
    lost = "before the connection was lost"
    done = (
        f"{saved} {'note' if saved == 1 else 'notes'} you typed {lost} "
        f"{'was' if saved == 1 else 'were'} saved."
        if saved
        else ""
    )
    if not kept:
        status.show("restored", done)
        return
    one = kept == 1
    status.show(
        "error",
        f"{kept} {'note' if one else 'notes'} you typed {lost} "
        f"{'differs' if one else 'differ'} from what was saved since (perhaps in another tab). "
        f"{'It is' if one else 'They are'} back in {'its box' if one else 'their boxes'}: "
        f"check, then edit to save. {done}".strip(),
    )
