"""Progress on the action plan across the year: each action at the triad's three meetings.

For a programme school's self-evaluation, the facilitator records at each triad meeting (First,
Second, Third) how every action of the plan stands: its status, a note, the evidence and the
coach school's comment. Each is one of the team's answers of kind ``progress``
(``peer.progress_item(action_id, meeting)``), saved through the store's validated save by the
facilitator, as the action plan's answers are: a save that fails says why in plain words and
leaves what was typed on the page. A summary table shows each action's status at each meeting.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from sendreflect import responses
from sendreflect.app.forms import TeamForm
from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.saving import PROBLEMS, SaveStatus
from sendreflect.frameworks import Framework
from sendreflect.peer import MEETING_NAMES, MEETINGS, progress_item
from sendreflect.responses import ACTION_STATUSES, Kind
from sendreflect.store import Store

SHORT_NAMES = {1: "First", 2: "Second", 3: "Third"}
NOT_RECORDED = "Not recorded"
FIELDS = ("status", "note", "evidence", "coach_comment")
BLANK = {"status": "not_started", "note": "", "evidence": "", "coach_comment": ""}
"""An empty form's values: nothing typed."""


def summary_html(plan: pd.DataFrame, progress: pd.DataFrame) -> str:
    """A compact table: each action (escaped) and its status at each meeting, with the latest."""
    statuses = {
        (str(r["action_id"]), int(r["meeting"])): ACTION_STATUSES[str(r["status"])]
        for r in progress.to_dict("records")
    }
    head = "".join(f'<th scope="col">{esc(SHORT_NAMES[m])} meeting</th>' for m in MEETINGS)
    rows = []
    for action in plan.to_dict("records"):
        said = [statuses.get((str(action["action_id"]), m), "") for m in MEETINGS]
        latest = next((s for s in reversed(said) if s), NOT_RECORDED)
        cells = "".join(f"<td>{esc(s or '–')}</td>" for s in said)
        rows.append(
            f'<tr><th scope="row">{esc(action["what"])}</th>{cells}<td>{esc(latest)}</td></tr>'
        )
    caption = "Each action's status at each triad meeting"
    return (
        f'<div class="sr-table" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table><caption>{esc(caption)}</caption><thead><tr><th scope="col">Action</th>'
        f'{head}<th scope="col">Latest</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></div>"
    )


class ProgressCard:
    """One action's progress: choose a meeting, then its status, note, evidence and the coach
    school's comment, saved with one button."""

    def __init__(self, owner: ActionProgress, action: dict[str, Any]) -> None:
        self.owner = owner
        self.action_id = str(action["action_id"])
        self.meeting = w.Dropdown(
            options=[(MEETING_NAMES[m], m) for m in MEETINGS], description="Meeting"
        )
        self.status = w.Dropdown(
            options=[(label, key) for key, label in ACTION_STATUSES.items()],
            description="Status at this meeting",
        )
        self.note = w.Textarea(description="Note", rows=2, **ONCE)
        self.evidence = w.Textarea(description="Evidence", rows=2, **ONCE)
        self.coach = w.Textarea(description="Coach school's comment", rows=2, **ONCE)
        self.fields = [self.meeting, self.status, self.note, self.evidence, self.coach]
        for field in self.fields:
            field.style.description_width = "13em"
            field.layout.width = "100%"
            field.add_class("sr-field")
        self.save_button = w.Button(
            description="Save progress",
            icon="check",
            button_style="primary",
            tooltip=f"Save progress: {str(action['what'])[:60]}",
        )
        self.save_button.on_click(lambda _b: self.save())
        self.said = w.HTML()
        self.drafts: dict[int, dict[str, str]] = {}
        """What was typed for a meeting and not saved, kept while another meeting is shown."""
        self.meeting.observe(self._switch, names="value")
        title = w.HTML(f'<div class="sr-action"><strong>{esc(action["what"])}</strong></div>')
        self.widget = w.VBox([title, *self.fields, self.save_button, self.said])
        self.widget.add_class("sr-card")
        self.load()

    def _switch(self, change: dict[str, Any]) -> None:
        """Keep what was typed for the meeting left (unless it is what is saved), then show the
        chosen meeting's: its unsaved typing if any, else what is recorded."""
        left = int(change["old"])
        if self.value() != self.owner.recorded(self.action_id, left, blank=True):
            self.drafts[left] = self.value()
        self.load()
        if int(self.meeting.value) in self.drafts:
            self.said.value = message("Not saved yet: what you typed for this meeting.")

    def load(self) -> None:
        """Show the chosen meeting's unsaved typing, or what is recorded (empty if nothing)."""
        meeting = int(self.meeting.value)
        saved = self.drafts.get(meeting) or self.owner.recorded(self.action_id, meeting)
        self.status.value = saved.get("status", "not_started")
        self.note.value = saved.get("note", "")
        self.evidence.value = saved.get("evidence", "")
        self.coach.value = saved.get("coach_comment", "")
        self.said.value = ""

    def value(self) -> dict[str, str]:
        return {
            "status": self.status.value,
            "note": self.note.value,
            "evidence": self.evidence.value,
            "coach_comment": self.coach.value,
        }

    def save(self) -> bool:
        """Save the chosen meeting's progress; on failure say why and keep what was typed."""
        item = progress_item(self.action_id, int(self.meeting.value))
        value = self.value()
        owner, problems = self.owner, []

        def save() -> None:
            try:
                owner.save_team(Kind.PROGRESS, item, value)
            except PROBLEMS as exc:
                problems.append(str(exc))
                raise

        if not owner.status.run(save):
            said = problems[0] if problems else "the store could not save it"
            self.said.value = message(f"Not saved: {said}. What you typed is still here.", "error")
            return False
        self.drafts.pop(int(self.meeting.value), None)
        self.said.value = message(
            f"Progress at the {MEETING_NAMES[self.meeting.value].lower()} saved.", "success"
        )
        owner.refresh_summary()
        return True


class ActionProgress(TeamForm):
    """The "Progress" section: the summary, then a card per action of the plan."""

    def __init__(
        self,
        store: Store,
        code: str,
        framework: Framework,
        status: SaveStatus,
        *,
        by: str = "facilitator",
    ) -> None:
        super().__init__(store, code, framework, status, by=by)
        self.summary = w.HTML()
        self.read()
        self.cards = {
            str(action["action_id"]): ProgressCard(self, action)
            for action in self.plan.to_dict("records")
        }
        intro = w.HTML(
            "<p>At each triad meeting, record how each action of your plan stands: its status, "
            "a note, the evidence, and the coach school's comment.</p>"
        )
        if not self.cards:
            self.widget = w.VBox(
                [intro, w.HTML(message("No actions yet: write the plan in Action plan first."))]
            )
            return
        self.summary.value = summary_html(self.plan, self.progress)
        cards = [card.widget for card in self.cards.values()]
        self.widget = w.VBox([intro, self.summary, heading("Record progress", 3), *cards])

    def read(self) -> None:
        """Read the plan and the progress recorded on it from the store."""
        answers = self.store.answers(self.code)
        plan = responses.actions(answers)
        self.plan = plan[plan["framework"] == self.framework.id].reset_index(drop=True)
        progress = responses.progress(answers)
        self.progress = progress[progress["framework"] == self.framework.id]

    def recorded(self, action_id: str, meeting: int, *, blank: bool = False) -> dict[str, str]:
        """What is recorded of ``action_id`` at ``meeting``: empty if nothing yet (with
        ``blank``, the empty form's values instead)."""
        rows = self.progress[
            (self.progress["action_id"] == action_id) & (self.progress["meeting"] == meeting)
        ]
        if rows.empty:
            return dict(BLANK) if blank else {}
        row = rows.iloc[-1]
        return {name: str(row[name]) for name in FIELDS}

    def refresh_summary(self) -> None:
        """Read the store again and redraw the summary (the forms keep what they show)."""
        self.read()
        self.summary.value = summary_html(self.plan, self.progress)
