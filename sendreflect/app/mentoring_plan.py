"""The mentoring page's plan: per priority its actions (what, who leads it, a monitoring point,
by when), each with its status and a note on how it is going (see :mod:`sendreflect.app.mentoring`).

An action is the team's ordinary ``action`` answer in the ``peer_mentoring`` framework, with
``prompt`` = the priority's item id, ``lead`` its owner and ``success_criteria`` its monitoring
point, so the workbook, the Excel file and the report carry it as they carry any action.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from sendreflect import responses
from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.mentoring_visit import Page, as_date, card, field, iso
from sendreflect.app.page import Reveal
from sendreflect.responses import ACTION_STATUSES, Kind

KEPT = ("what", "prompt", "lead", "others", "success_criteria", "status", "status_note")
"""An action's fields kept as they are when only one of them changes."""


def current(row: dict[str, Any]) -> dict[str, Any]:
    """An action (a row of ``responses.actions``) as the store takes it back."""
    return {k: str(row[k]) for k in KEPT} | {"by_when": iso(as_date(row["by_when"]))}


class Plan:
    """The form to add (or change) an action for a priority, and the plan below it."""

    def __init__(self, page: Page, new_id: Any) -> None:
        self.page = page
        self.new_id = new_id
        self.editing: dict[str, Any] | None = None
        table = responses.priorities(page.answers())
        choices = [
            (f"{n}. {str(r.area)[:70]}", str(r.priority_id))
            for n, r in enumerate(table.itertuples(), start=1)
        ]
        self.towards = field(w.Dropdown(options=choices, description="For priority"))
        self.what = field(w.Textarea(description="What will we do?", rows=2, **ONCE))
        self.owner = field(w.Text(description="Who leads it", placeholder="a role", **ONCE))
        self.monitoring = field(w.Textarea(description="Monitoring point", rows=2, **ONCE))
        self.monitoring.placeholder = "how we will know it worked, and when we check"
        self.by_when = field(w.DatePicker(description="By when"))
        self.button = w.Button(description="Add action", button_style="primary", icon="plus")
        self.button.on_click(lambda _b: self.submit())
        self.form_heading = heading("Add an action", 3)
        self.said = w.HTML()
        self.plan_box = w.VBox()
        self.refresh()
        fields = [self.towards, self.what, self.owner, self.monitoring, self.by_when]
        self.reveal = Reveal()
        form = w.VBox([self.reveal, self.form_heading, *fields, self.button, self.said])
        form.add_class("sr-reveal")
        self.widget = w.VBox([form, self.plan_box])

    def submit(self) -> None:
        """Save the form as a new action, or over the one being changed (keeping its status)."""
        if not self.what.value.strip():
            self.said.value = message("Say what the action is, then add it.", "error")
            return
        value = current(self.editing) if self.editing else {}
        value |= {
            "what": self.what.value,
            "prompt": self.towards.value,
            "lead": self.owner.value,
            "by_when": iso(self.by_when.value),
            "success_criteria": self.monitoring.value,
        }
        item = str(self.editing["action_id"]) if self.editing else self.new_id()
        done = "Action saved." if self.editing else "Action added."
        if not self.page.save(Kind.ACTION, item, value, self.said, done):
            return
        self.change(None)
        self.refresh()

    def change(self, row: dict[str, Any] | None) -> None:
        """Load an action into the form to change it (None: an empty form to add one)."""
        self.editing = row
        row = row or {"what": "", "lead": "", "success_criteria": "", "by_when": None}
        if self.editing:
            self.towards.value = str(row["prompt"])
        self.what.value, self.owner.value = str(row["what"]), str(row["lead"])
        self.monitoring.value = str(row["success_criteria"])
        self.by_when.value = as_date(row["by_when"])
        self.form_heading.value = f"<h3>{'Change' if self.editing else 'Add'} an action</h3>"
        self.button.description = "Save changes" if self.editing else "Add action"
        self.button.icon = "check" if self.editing else "plus"
        if self.editing:
            self.reveal.show()  # the form is above, far from the action's card

    def refresh(self) -> None:
        """Each priority with its actions, soonest first, each with its status."""
        answers = self.page.answers()
        actions = responses.actions(answers)
        parts: list[w.Widget] = []
        for number, row in enumerate(responses.priorities(answers).itertuples(), start=1):
            parts.append(
                w.HTML(
                    f"<h3>Priority {number}: {esc(row.area)}</h3><p>{esc(row.priority or '')}</p>"
                )
            )
            mine = actions[actions["prompt"] == row.priority_id].to_dict("records")
            parts += [self.action_card(a) for a in mine] or [
                w.HTML(message("No actions for this priority yet."))
            ]
        self.plan_box.children = parts

    def action_card(self, row: dict[str, Any]) -> w.Widget:
        """An action, its status and a note on how it is going, each saved when changed."""
        from sendreflect.formats import format_date  # pandas

        details = w.HTML(
            f'<div class="sr-action"><strong>{esc(row["what"])}</strong><br>'
            f"Led by {esc(row['lead'] or 'nobody yet')} · by "
            f"{esc(format_date(row['by_when']) or 'no date')}<br>"
            f"Monitoring point: {esc(row['success_criteria'] or 'not yet said')}</div>"
        )
        options = [(label, key) for key, label in ACTION_STATUSES.items()]
        status = field(w.Dropdown(options=options, value=row["status"], description="Status"))
        note = field(w.Text(value=str(row["status_note"]), description="How it is going", **ONCE))
        said = w.HTML()

        def update(_change: dict[str, Any]) -> None:
            value = current(row) | {"status": status.value, "status_note": note.value}
            if self.page.save(Kind.ACTION, str(row["action_id"]), value, said, "Saved."):
                row.update(status=status.value, status_note=note.value)

        status.observe(update, names="value")
        note.observe(update, names="value")
        edit = w.Button(description="Change", icon="pencil", tooltip=f"Change: {row['what'][:60]}")
        edit.on_click(lambda _b: self.change(row))
        return card(details, status, note, edit, said)
