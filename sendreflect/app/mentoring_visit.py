"""The mentoring page's last steps before the monitoring visit: the mentor's note of each meeting,
and how ready the school is for the visit (see :mod:`sendreflect.app.mentoring`).

Each meeting's note (its date and what was said and agreed) and the readiness (a rating from
"Not yet ready" to "Ready", a summary and the visit's date) are saved when their button is pressed,
as the team's answers in the ``peer_mentoring`` framework. The small form helpers both modules
use are here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as w

from sendreflect import peer, responses
from sendreflect.app.kit import ONCE, heading, message
from sendreflect.responses import READINESS_LABELS, Kind

if TYPE_CHECKING:
    import pandas as pd

LABEL_WIDTH = "13em"


def field(widget: w.Widget) -> w.Widget:
    """A form field with its label one width (above its field on a phone)."""
    widget.style.description_width = LABEL_WIDTH
    widget.layout.width = "100%"
    widget.add_class("sr-field")
    return widget


def card(*children: w.Widget) -> w.VBox:
    box = w.VBox(list(children))
    box.add_class("sr-card")
    return box


def iso(value: Any) -> str | None:
    """A date picker's value as the store keeps it."""
    return value.isoformat() if value else None


def missing(value: Any) -> bool:
    """Whether a frame's value is missing (None, NA or NaT)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def as_date(value: Any) -> Any:
    """A frame's date (a pandas timestamp or missing) as a date picker's value."""
    return None if missing(value) else value.date()


class Page(Protocol):
    """What these sections need of :class:`~sendreflect.app.mentoring.MentoringPage`."""

    def answers(self) -> pd.DataFrame: ...

    def save(self, kind: Kind, item_id: str, value: Any, said: w.HTML, done: str) -> bool: ...


MAX_MEETINGS = 12
NOT_RATED = 0


def notes(page: Page) -> w.Widget:
    """A card per meeting noted so far, and one for the next meeting (up to twelve); saving the
    last card adds one for the meeting after it."""
    frame = responses.mentor_notes(page.answers())
    kept = {int(r.meeting): r for r in frame.itertuples()}
    last = max(kept, default=0)
    box = w.VBox()

    def more(number: int) -> None:
        if number < MAX_MEETINGS and len(box.children) == number:
            box.children = [*box.children, meeting_card(page, number + 1, None, more)]

    box.children = [
        meeting_card(page, n, kept.get(n), more) for n in range(1, min(last + 1, MAX_MEETINGS) + 1)
    ]
    intro = w.HTML(
        "<p>After each mentoring meeting, note its date and what was discussed and agreed: "
        "what has moved on since last time, and what the school will do next. Name no pupil "
        "or member of staff.</p>"
    )
    return w.VBox([intro, box])


def meeting_card(
    page: Page, number: int, kept: object | None, saved: Callable[[int], None]
) -> w.Widget:
    """One meeting's date and note, with its own Save button; ``saved(number)`` once saved."""
    date = field(w.DatePicker(description=f"Date of meeting {number}"))
    note = field(w.Textarea(description=f"Note of meeting {number}", rows=4, **ONCE))
    if kept is not None:
        date.value = as_date(getattr(kept, "date", None))
        note.value = str(getattr(kept, "note", ""))
    button = w.Button(description=f"Save meeting {number}", icon="check", button_style="primary")
    said = w.HTML()

    def save(_button: w.Button) -> None:
        if not note.value.strip() and not date.value:
            said.value = message("Give the meeting's date or write its note, then save.", "error")
            return
        value = {"date": iso(date.value), "note": note.value}
        item = peer.meeting_item(number)
        if page.save(Kind.MENTOR_NOTE, item, value, said, f"Meeting {number} saved."):
            saved(number)

    button.on_click(save)
    return card(heading(f"Meeting {number}", 3), date, note, button, said)


def monitoring_visit(page: Page) -> w.Widget:
    """The school's readiness for the monitoring visit: rating, summary and the visit's date."""
    frame = responses.readiness(page.answers())
    kept = next(iter(frame.itertuples()), None)
    rating = field(
        w.Dropdown(
            options=[("Not rated yet", NOT_RATED)]
            + [(f"{n}. {label}", n) for n, label in READINESS_LABELS.items()],
            description="How ready are we?",
        )
    )
    summary = field(w.Textarea(description="Summary", rows=5, **ONCE))
    summary.placeholder = "where the school is on each priority, and what is still to do"
    visit_date = field(w.DatePicker(description="Date of the visit"))
    if kept is not None:
        rating.value = NOT_RATED if missing(kept.rating) else int(kept.rating)
        summary.value = str(kept.summary)
        visit_date.value = as_date(kept.visit_date)
    button = w.Button(description="Save readiness", icon="check", button_style="primary")
    said = w.HTML()

    def save(_button: w.Button) -> None:
        value = {
            "rating": rating.value or None,
            "summary": summary.value,
            "visit_date": iso(visit_date.value),
        }
        if value["rating"] is None and not summary.value.strip():
            said.value = message(
                "Choose how ready the school is or write a summary, then save.", "error"
            )
            return
        page.save(Kind.READINESS, peer.MONITORING_VISIT, value, said, "Readiness saved.")

    button.on_click(save)
    intro = w.HTML(
        "<p>Before the monitoring visit, take stock: how ready is the school to show what has "
        "changed since the inspection, priority by priority?</p>"
    )
    return w.VBox(
        [
            intro,
            heading("Readiness for the monitoring visit", 3),
            rating,
            summary,
            visit_date,
            button,
            said,
        ]
    )
