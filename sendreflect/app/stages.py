"""A programme's "Stages" and "Quality assurance" sections, one block per triad.

Stages: a date and a done tick for each stage of the year (``peer.STAGES``), saved as soon as it
changes (kind "stage", scope the triad). Quality assurance: the visit's date, each of the source's
markers (``peer.QA_MARKERS``) rated on ``peer.QA_SCALE`` and a note, saved with the triad's Save
button (kind "qa"). Every write goes through ``Store.save_programme_record``; a refusal is shown
in plain English and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from sendreflect import peer
from sendreflect.app.kit import esc, heading, message
from sendreflect.app.saving import PROBLEMS
from sendreflect.peer import titled
from sendreflect.store import Programme, Store
from sendreflect.validate import FACILITATOR

NOT_RATED = 0
"""A QA marker's dropdown before it is rated (stored as ``None``)."""


def triads_of(store: Store, code: str) -> list[str]:
    """A programme's triads in the order of its schools (cohort, then triad)."""
    return list(dict.fromkeys(s.triad for s in store.programme_schools(code)))


def _date(value: Any) -> dt.date | None:
    """A stored date ("2027-03-15", or a date) as a date picker's value."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _no_triads() -> w.Widget:
    return w.HTML(message("Add the programme's schools and triads first (Schools and triads)."))


def _saved(store: Store, code: str, kind: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.scope, r.item_id): r.value for r in store.programme_records(code, kind)}


class StagesSection:
    """A date and a done tick per stage per triad, each saved when it changes."""

    def __init__(self, store: Store, programme: Programme) -> None:
        self.store = store
        self.programme = programme
        saved = _saved(store, programme.code, "stage")
        triads = triads_of(store, programme.code)
        blocks = [self._triad(triad, saved) for triad in triads]
        intro = w.HTML(
            "<p>When each stage of the year happens for each triad, and whether it is done. "
            "A change is saved as soon as it is made.</p>"
        )
        self.widget = w.VBox([intro, *blocks] if blocks else [intro, _no_triads()])

    def _triad(self, triad: str, saved: dict[tuple[str, str], dict[str, Any]]) -> w.Widget:
        status = w.HTML()
        rows: list[w.Widget] = []
        for stage, label in peer.STAGES.items():
            value = saved.get((triad, stage), {})
            date = w.DatePicker(value=_date(value.get("date")), description=label)
            date.style.description_width = "16em"
            date.add_class("sr-field")
            done = w.Checkbox(
                value=bool(value.get("done")),
                description="Done",
                tooltip=f"{label}: done",
                indent=False,
                layout=w.Layout(width="auto"),
            )

            def save(_change: object, stage: str = stage, date=date, done=done) -> None:
                self.save(triad, stage, date.value, done.value, status)

            date.observe(save, names="value")
            done.observe(save, names="value")
            row = w.HBox([date, done], layout=w.Layout(flex_flow="row wrap", align_items="center"))
            row.add_class("sr-stage")
            rows.append(row)
        box = w.VBox([heading(titled("Triad", triad), 3), *rows, status])
        box.add_class("sr-card")
        box.add_class("sr-triad")
        return box

    def save(
        self, triad: str, stage: str, date: dt.date | None, done: bool, status: w.HTML
    ) -> None:
        """Save one stage of one triad, and say so (or why not) under the triad's stages."""
        value = {"date": _iso(date), "done": bool(done)}
        label = peer.STAGES[stage]
        try:
            self.store.save_programme_record(
                self.programme.code, triad, "stage", stage, value, by=FACILITATOR
            )
        except PROBLEMS as exc:
            status.value = message(str(exc), "error")
            return
        status.value = message(f"Saved: {label} for triad {triad}.", "success")


class QASection:
    """Per triad: the quality-assurance visit's date, its markers 1–4 and a note, with a Save
    button."""

    def __init__(self, store: Store, programme: Programme) -> None:
        self.store = store
        self.programme = programme
        saved = _saved(store, programme.code, "qa")
        scale = "; ".join(f"{n} {esc(label)}" for n, label in peer.QA_SCALE.items())
        intro = w.HTML(
            "<p>How each triad's process went at its quality-assurance visit, against three "
            f"markers, each rated from 1 to 4 ({scale}).</p>"
        )
        blocks = [
            self._triad(t, saved.get((t, "qa"), {})) for t in triads_of(store, programme.code)
        ]
        self.widget = w.VBox([intro, *blocks] if blocks else [intro, _no_triads()])

    def _triad(self, triad: str, value: dict[str, Any]) -> w.Widget:
        date = w.DatePicker(value=_date(value.get("date")), description="Date of the visit")
        options = [("Not rated yet", NOT_RATED)] + [
            (f"{n} – {label}", n) for n, label in peer.QA_SCALE.items()
        ]
        markers = {
            field: w.Dropdown(
                options=options, value=value.get(field) or NOT_RATED, description=label
            )
            for field, label in peer.QA_MARKERS.items()
        }
        note = w.Textarea(
            value=value.get("note", ""),
            description="Note",
            placeholder="What went well, and what the triad will do differently",
            continuous_update=False,
        )
        fields = [date, *markers.values(), note]
        for field in fields:
            field.style.description_width = "16em"
            field.add_class("sr-field")
        status = w.HTML()
        button = w.Button(description=f"Save: triad {triad}", icon="save", button_style="primary")
        button.layout.width = "auto"
        button.on_click(lambda _b: self.save(triad, date, markers, note, status))
        box = w.VBox([heading(titled("Triad", triad), 3), *fields, button, status])
        box.add_class("sr-card")
        box.add_class("sr-triad")
        return box

    def save(
        self,
        triad: str,
        date: w.DatePicker,
        markers: dict[str, w.Dropdown],
        note: w.Textarea,
        status: w.HTML,
    ) -> None:
        """Save the triad's record as the form holds it (or say why not, changing nothing)."""
        value: dict[str, Any] = {"date": _iso(date.value), "note": note.value}
        value.update({field: box.value or None for field, box in markers.items()})
        try:
            self.store.save_programme_record(
                self.programme.code, triad, "qa", "qa", value, by=FACILITATOR
            )
        except PROBLEMS as exc:
            status.value = message(str(exc), "error")
            return
        status.value = message(f"Saved: the quality-assurance record for triad {triad}.", "success")
