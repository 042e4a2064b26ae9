"""The action plan: actions written from the "How will you move your school?" prompts.

Each action (what, dimension, lead, who else, by when, success criteria, target position, status)
is saved the moment it is added or changed, as one of the team's answers. Used by the facilitator
view, and by a school working alone.

The form keeps its place between actions: after Add its dimension and target stay as they were
(the next action is often on the same dimension), and choosing a dimension shows the target the
plan already sets for it. Edit brings the form into view with its first field focused, wherever
on the page the action's card was.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from sendreflect import responses, stats
from sendreflect.app.forms import TeamForm
from sendreflect.app.ideas import TeamIdeas
from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.page import Reveal
from sendreflect.app.saving import SaveStatus
from sendreflect.formats import format_date
from sendreflect.frameworks import Dimension, Framework, Item, position_options
from sendreflect.responses import ACTION_STATUSES, Kind
from sendreflect.store import Store

LABEL_WIDTH = "13em"
"""One width for every label of the form, so its fields start in one line (on a phone each
label stands above its field)."""


NO_TARGET = 0
"""The target box's "No target" (a dropdown set to None shows nothing at all, not this)."""


class ActionPlan(TeamForm):
    """The form for a new (or edited) action beside the team's ideas on each prompt, and the
    plan so far with each action's status.

    With ``form=False`` only the plan is shown, to review an earlier round's actions.
    """

    def __init__(
        self,
        store: Store,
        code: str,
        framework: Framework,
        status: SaveStatus,
        *,
        by: str = "facilitator",
        form: bool = True,
    ) -> None:
        super().__init__(store, code, framework, status, by=by)
        self.editing: str | None = None
        prompts = [(f"{d.title}: {p.text}", p.id) for d, p in framework.prompts()]
        self.prompt = w.Dropdown(
            options=[("No particular prompt", ""), *prompts], description="Prompt"
        )
        self.dimension = w.Dropdown(
            options=[("Choose a dimension", "")] + [(d.title, d.id) for d in framework.dimensions],
            description="Dimension",
        )
        self.what = w.Textarea(description="What will we do?", rows=2, **ONCE)
        self.lead = w.Text(description="Who leads it", placeholder="a role, e.g. SENCO", **ONCE)
        self.others = w.Text(description="Who else", placeholder="roles, e.g. teachers", **ONCE)
        self.by_when = w.DatePicker(description="By when")
        self.success = w.Textarea(description="How we will know it worked", rows=2, **ONCE)
        self.target = w.Dropdown(
            options=[("No target", NO_TARGET), *position_options(framework)],
            description="Target position",
        )
        self.fields = self._aligned()
        self.prompt_text = w.HTML()
        self.prompt.observe(self._prompt_chosen, names="value")
        self.dimension.observe(self._dimension_chosen, names="value")
        self.reveal = Reveal()
        self.form_heading = heading("Add an action", 3)
        self.save_button = w.Button(description="Add action", button_style="primary", icon="plus")
        self.save_button.on_click(lambda _b: self.submit())
        self.form_message = w.HTML()
        self.plan = w.VBox()
        self.form = form
        self.ideas = TeamIdeas(store, code, framework, self.adopt) if form else None
        self.widget = self._layout()
        self.refresh()

    def _aligned(self) -> list[w.Widget]:
        """The form's fields in order, each label one width so the fields start in one line."""
        fields = [self.prompt, self.dimension, self.what, self.lead, self.others, self.by_when]
        fields += [self.success, self.target]
        for field in fields:
            field.style.description_width = LABEL_WIDTH
            field.layout.width = "100%"
            field.add_class("sr-field")
        return fields

    def _layout(self) -> w.VBox:
        """The form beside the team's ideas, then the plan (the plan alone without a form)."""
        if not self.form:
            return w.VBox([self.plan])
        adding = w.VBox(
            [
                self.reveal,
                self.form_heading,
                self.prompt,
                self.prompt_text,
                *self.fields[1:],
                self.save_button,
                self.form_message,
            ]
        )
        adding.add_class("sr-reveal")
        beside = w.GridBox([adding, self.ideas.widget] if self.ideas else [adding])
        beside.add_class("sr-side-by-side")
        return w.VBox([beside, heading("The plan so far", 3), self.plan])

    def _prompt_chosen(self, change: dict[str, Any]) -> None:
        """Show the chosen prompt in full (the list cuts it short) and choose its dimension."""
        self.prompt_text.value = ""
        for dimension, prompt in self.framework.prompts():
            if prompt.id == change["new"]:
                self.dimension.value = dimension.id
                self.prompt_text.value = f'<p class="sr-prompt-full">“{esc(prompt.text)}”</p>'

    def _dimension_chosen(self, change: dict[str, Any]) -> None:
        """Show the target the plan already sets for the chosen dimension (none if none)."""
        self.target.value = stats.targets(self._plan()).get(change["new"], NO_TARGET)

    def adopt(self, dimension: Dimension, prompt: Item, idea: str) -> None:
        """Save one of the team's ideas as an action on its prompt, in one click."""
        value = {"what": idea, "dimension": dimension.id, "prompt": prompt.id}
        action_id = self.store.new_action_id()
        if not self.status.run(lambda: self.save_team(Kind.ACTION, action_id, value)):
            self.form_message.value = message(self.status.widget.value, "error")
            return
        self.form_message.value = message(
            "Idea added to the plan: edit it to name a lead, a date and how you will know it "
            "worked.",
            "success",
        )
        self.refresh()

    def values(self) -> dict[str, Any]:
        """The action the form describes."""
        return {
            "what": self.what.value,
            "dimension": self.dimension.value,
            "prompt": self.prompt.value,
            "lead": self.lead.value,
            "others": self.others.value,
            "by_when": self.by_when.value.isoformat() if self.by_when.value else None,
            "success_criteria": self.success.value,
            "target_position": self.target.value or None,
        }

    def submit(self) -> None:
        """Save the form as a new action (or over the one being edited)."""
        value = self.values()
        if not value["what"].strip():
            self.form_message.value = message("Say what the action is, then save it.", "error")
            return
        action_id = self.editing or self.store.new_action_id()
        if self.editing:
            current = self._plan().set_index("action_id").loc[self.editing]
            value |= {"status": current["status"], "status_note": current["status_note"]}
        ok = self.status.run(lambda: self.save_team(Kind.ACTION, action_id, value))
        if not ok:
            self.form_message.value = message(self.status.widget.value, "error")
            return
        self.form_message.value = message("Action saved.", "success")
        self.clear()
        self.refresh()

    def clear(self) -> None:
        """Empty the form for the next action, keeping its dimension and target."""
        self._editing(None)
        dimension, target = self.dimension.value, self.target.value
        for field, empty in (
            (self.prompt, ""),
            (self.what, ""),
            (self.lead, ""),
            (self.others, ""),
            (self.by_when, None),
            (self.success, ""),
        ):
            field.value = empty
        self.dimension.value, self.target.value = dimension, target

    def edit(self, action_id: str) -> None:
        """Load an action into the form to change it, and bring the form into view."""
        row = self._plan().set_index("action_id").loc[action_id]
        self._editing(action_id)
        self.prompt.value = (
            row["prompt"] if row["prompt"] in [v for _, v in self.prompt.options] else ""
        )
        self.dimension.value = row["dimension"] or ""
        self.what.value = row["what"]
        self.lead.value = row["lead"]
        self.others.value = row["others"]
        self.by_when.value = None if pd.isna(row["by_when"]) else row["by_when"].date()
        self.success.value = row["success_criteria"]
        target = row["target_position"]
        self.target.value = NO_TARGET if pd.isna(target) else int(target)
        self.reveal.show()

    def _editing(self, action_id: str | None) -> None:
        """Say whether the form adds an action or changes ``action_id``."""
        self.editing = action_id
        self.form_heading.value = (
            "<h3>Change an action</h3>" if action_id else "<h3>Add an action</h3>"
        )
        self.save_button.description = "Save changes" if action_id else "Add action"
        self.save_button.icon = "check" if action_id else "plus"

    def _plan(self) -> pd.DataFrame:
        plan = responses.actions(self.store.answers(self.code))
        return plan[plan["framework"] == self.framework.id]

    def refresh(self) -> None:
        """Redraw the plan from the store."""
        plan = self._plan()
        if plan.empty:
            self.plan.children = [w.HTML(message("No actions yet."))]
            return
        titles = {d.id: d.title for d in self.framework.dimensions}
        self.plan.children = [self._card(row, titles) for row in plan.to_dict("records")]

    def _card(self, row: dict[str, Any], titles: dict[str, str]) -> w.Widget:
        when = format_date(row["by_when"]) or "no date"
        target = (
            "" if pd.isna(row["target_position"]) else (f" · target {int(row['target_position'])}")
        )
        details = (
            f'<div class="sr-action"><strong>{esc(row["what"])}</strong><br>'
            f"{esc(titles.get(row['dimension'], 'No dimension'))} · led by "
            f"{esc(row['lead'] or 'nobody yet')}"
            f"{' with ' + esc(row['others']) if row['others'] else ''} · by {esc(when)}"
            f"{esc(target)}<br>Success: {esc(row['success_criteria'] or 'not yet said')}</div>"
        )
        status = w.Dropdown(
            options=[(label, key) for key, label in ACTION_STATUSES.items()],
            value=row["status"],
            description="Status",
        )
        note = w.Text(
            value=row["status_note"],
            description="Status note",
            continuous_update=False,
            layout=w.Layout(width="100%"),
        )
        for field in (status, note):
            field.style.description_width = "initial"
        edit = w.Button(description="Edit", icon="pencil", tooltip=f"Edit: {row['what'][:60]}")
        action_id = row["action_id"]

        def update(_change: dict[str, Any]) -> None:
            current = {k: row[k] for k in responses.Action.model_fields}
            current["by_when"] = None if pd.isna(row["by_when"]) else row["by_when"].date()
            current["target_position"] = (
                None if pd.isna(row["target_position"]) else int(row["target_position"])
            )
            current |= {"status": status.value, "status_note": note.value}
            if not self.status.run(lambda: self.save_team(Kind.ACTION, action_id, current)):
                return
            row.update(status=status.value, status_note=note.value)

        status.observe(update, names="value")
        note.observe(update, names="value")
        edit.on_click(lambda _b: self.edit(action_id))
        controls = w.HBox([status, edit] if self.form else [status])
        card = w.VBox([w.HTML(details), controls, note])
        card.add_class("sr-card")
        return card
