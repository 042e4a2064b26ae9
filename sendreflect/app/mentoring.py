"""Peer mentoring after an inspection: the facilitator's page for a workshop of kind "mentoring".

A school whose inspection found SEND an area for development works with a mentor from another
school. On this page the mentor (or the school's lead) enters the inspection's areas for
development, one at a time; each becomes a priority of the plan, with its actions (what, who
leads it, a monitoring point, by when); the mentor's note of each meeting; and how ready the school
is for the monitoring visit. Then the report and the Excel file to take away.

Every entry is one of the team's answers in the ``peer_mentoring`` framework, saved through the
store's validated save as the facilitator (see :mod:`sendreflect.responses` for their kinds), the
moment its button is pressed. Nothing is saved from a form that says what is missing.

The page is opened by :func:`open_mentoring`, from the facilitator view, for a mentoring workshop;
the mentor's notes and the monitoring visit are in :mod:`sendreflect.app.mentoring_visit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as w

from sendreflect import peer, responses
from sendreflect.app.forms import TeamForm
from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.mentoring_plan import Plan
from sendreflect.app.mentoring_visit import card, field, monitoring_visit, notes
from sendreflect.app.page import Address, Reveal
from sendreflect.app.request import Request
from sendreflect.app.saving import PROBLEMS, SaveStatus
from sendreflect.frameworks import load_frameworks
from sendreflect.responses import Kind
from sendreflect.store import Store, StoreError, Workshop
from sendreflect.validate import FACILITATOR, MENTORING

if TYPE_CHECKING:
    import pandas as pd

SECTIONS = {
    "Inspection": "inspection",
    "Plan": "plan",
    "Mentor's notes": "notes",
    "Monitoring visit": "monitoring-visit",
    "Take away": "take-away",
}
"""The page's sections, each with the name the page's address gives it."""


class MentoringPage(TeamForm):
    """The mentoring page: a row of sections and the open one. ``header`` is the page's heading
    (HTML) and ``widget`` its body. ``follow(slug)`` is told the open section's address name."""

    def __init__(
        self,
        store: Store,
        workshop: Workshop,
        status: SaveStatus,
        *,
        admin: bool = False,
        section: str = "",
        follow: Callable[[str], None] | None = None,
    ) -> None:
        framework = load_frameworks()[MENTORING]
        super().__init__(store, workshop.code, framework, status, by=FACILITATOR)
        self.workshop = workshop
        self.admin = admin
        self.follow = follow or (lambda _slug: None)
        said = "" if "mentoring" in workshop.round.lower() else "Peer mentoring after inspection · "
        self.header = (
            f"<header><h2>{esc(workshop.school)}</h2><p>{said}{esc(workshop.round)} · "
            f"workshop <strong>{esc(workshop.code)}</strong></p></header>"
        )
        first = next((s for s, slug in SECTIONS.items() if slug == section.strip().lower()), "")
        self.nav = w.ToggleButtons(
            options=list(SECTIONS),
            value=first or "Inspection",
            style={"button_width": "auto"},
            description="",
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show(change["new"]), names="value")
        self.widget = w.VBox([self.nav, self.page])
        self.editing: str | None = None
        self.show(self.nav.value)

    # -- reading and saving ----------------------------------------------------------------------

    def answers(self) -> pd.DataFrame:
        frame = self.store.answers(self.code)
        return frame[frame["framework"] == MENTORING]

    def priorities(self) -> pd.DataFrame:
        return responses.priorities(self.answers())

    def save(self, kind: Kind, item_id: str, value: Any, said: w.HTML, done: str) -> bool:
        """Save one answer of the plan; say in ``said`` that it was saved, or why not (then
        nothing changed)."""
        problems: list[str] = []

        def run() -> None:
            try:
                self.save_team(kind, item_id, value)
            except PROBLEMS as exc:
                problems.append(str(exc))
                raise

        if self.status.run(run):
            said.value = message(done, "success")
            return True
        said.value = message(
            f"Not saved: {problems[0] if problems else 'please try again'}", "error"
        )
        return False

    # -- sections --------------------------------------------------------------------------------

    def show(self, section: str) -> None:
        builders: dict[str, Callable[[], w.Widget]] = {
            "Inspection": self.inspection,
            "Plan": self.plan,
            "Mentor's notes": lambda: notes(self),
            "Monitoring visit": lambda: monitoring_visit(self),
            "Take away": self.take_away,
        }
        try:
            self.page.children = [builders[section]()]
        except StoreError as exc:
            self.page.children = [w.HTML(message(str(exc), "error"))]
        self.follow(SECTIONS[section])

    def inspection(self) -> w.Widget:
        """The inspection's areas for development, each made a priority, and a form to add one
        (or change one)."""
        self.editing = None
        self.area = field(w.Textarea(description="Area for development", rows=3, **ONCE))
        self.area.placeholder = "in the inspection report's own words"
        self.wording = field(w.Textarea(description="Our priority", rows=2, **ONCE))
        self.wording.placeholder = "what the school will work on, in a sentence"
        self.area_button = w.Button(description="Add priority", button_style="primary", icon="plus")
        self.area_button.on_click(lambda _b: self.add_priority())
        self.area_message = w.HTML()
        self.priority_list = w.VBox()
        self._list_priorities()
        intro = w.HTML(
            "<p>Enter the areas for development from the inspection report, one at a time, in "
            "the report's order and words. Each becomes a priority of the plan: say it as the "
            "priority the school will work on.</p>"
        )
        self.area_heading = heading("Add an area for development", 3)
        self.reveal = Reveal()
        form = w.VBox(
            [
                self.reveal,
                self.area_heading,
                self.area,
                self.wording,
                self.area_button,
                self.area_message,
            ]
        )
        form.add_class("sr-reveal")
        return w.VBox([intro, form, heading("The priorities", 3), self.priority_list])

    def _list_priorities(self) -> None:
        answers = self.answers()
        table = responses.priorities(answers)
        if table.empty:
            self.priority_list.children = [w.HTML(message("No priorities yet."))]
            return
        planned = set(responses.actions(answers)["prompt"])
        cards = []
        for number, row in enumerate(table.to_dict("records"), start=1):
            edit = w.Button(
                description="Change", icon="pencil", tooltip=f"Change priority {number}"
            )
            edit.on_click(lambda _b, row=row: self.change_priority(row))
            text = w.HTML(
                f'<div class="sr-action"><strong>Priority {number}</strong><br>'
                f"Area for development: {esc(row['area'])}<br>"
                f"Our priority: {esc(row['priority'] or 'not yet said')}</div>"
            )
            buttons = [edit]
            if row["priority_id"] not in planned:  # one with actions stays, with its plan
                buttons.append(self._remove_button(str(row["priority_id"]), number))
            cards.append(card(text, w.HBox(buttons)))
        self.priority_list.children = cards

    def _remove_button(self, priority_id: str, number: int) -> w.Button:
        """Remove a priority entered by mistake: a first press asks, a second removes it."""
        remove = w.Button(description="Remove", icon="trash", tooltip=f"Remove priority {number}")

        def press(_button: w.Button) -> None:
            if remove.description == "Remove":
                remove.description, remove.button_style = f"Yes, remove priority {number}", "danger"
                return
            if self.save(Kind.PRIORITY, priority_id, None, self.area_message, "Priority removed."):
                if self.editing == priority_id:
                    self._empty_form()
                self._list_priorities()

        remove.on_click(press)
        return remove

    def change_priority(self, row: dict[str, Any]) -> None:
        """Load a priority into the form to change its words."""
        self.editing = str(row["priority_id"])
        self.area.value, self.wording.value = str(row["area"]), str(row["priority"])
        self.area_heading.value = "<h3>Change a priority</h3>"
        self.area_button.description, self.area_button.icon = "Save changes", "check"
        self.reveal.show()  # the form is above, far from the priority's card

    def add_priority(self) -> None:
        """Save the form as a new priority (after the others), or over the one being changed."""
        if not self.area.value.strip():
            self.area_message.value = message(
                "Write the inspection's area for development, then add it.", "error"
            )
            return
        table = self.priorities()
        if self.editing:
            order = int(table.set_index("priority_id").loc[self.editing, "order"])
        else:
            order = int(table["order"].max()) + 1 if not table.empty else 1
        item = self.editing or peer.new_priority_id()
        value = {"area": self.area.value, "priority": self.wording.value, "order": order}
        if not self.save(Kind.PRIORITY, item, value, self.area_message, "Priority saved."):
            return
        self._empty_form()
        self._list_priorities()

    def _empty_form(self) -> None:
        """The priority form empty again, to add one."""
        self.editing = None
        self.area.value = self.wording.value = ""
        self.area_heading.value = "<h3>Add an area for development</h3>"
        self.area_button.description, self.area_button.icon = "Add priority", "plus"

    def plan(self) -> w.Widget:
        """Per priority, its actions; a form to add an action to a priority."""
        if self.priorities().empty:
            return w.HTML(
                message(
                    "Add the inspection's areas for development first (under Inspection): "
                    "each becomes a priority, and the plan's actions are for a priority."
                )
            )
        return Plan(self, self.store.new_action_id).widget

    def take_away(self) -> w.Widget:
        from sendreflect.app.transfer import take_away  # the workbook's pandas

        return take_away(self.store, self.code, admin=self.admin)


class Host(Protocol):
    """The facilitator view, as the mentoring page is put into it."""

    store: Store
    workshop: Workshop | None
    status: SaveStatus
    admin: bool
    request: Request
    address: Address
    header: w.HTML
    body: w.VBox


def open_mentoring(app: Host) -> bool:
    """Show the mentoring page in the facilitator view if its open workshop is a mentoring one;
    returns whether it did (else the team's dashboard is for it)."""
    workshop = app.workshop
    if workshop is None or workshop.kind != "mentoring":
        return False

    def follow(slug: str) -> None:
        token = app.request.query.get("token", "")
        key = workshop.facilitator_key
        app.address.follow(code=workshop.code, key=key, section=slug, token=token)

    page = MentoringPage(
        app.store,
        workshop,
        app.status,
        admin=app.admin,
        section=app.request.query.get("section", ""),
        follow=follow,
    )
    app.header.value = page.header
    first: list[w.Widget] = []
    if app.admin:
        from sendreflect.app.workshops import own_link_notice

        first.append(own_link_notice(app.request, workshop))
    app.body.children = [*first, page.widget]
    return True


def start_form(store: Store, opened: Callable[[str], None]) -> list[w.Widget]:
    """For the store key's list: start a school's peer mentoring after an inspection, and open
    its page (which shows its own facilitator link to hand to the mentor)."""
    school = w.Text(
        description="Mentoring for", placeholder="the school, e.g. Ash Primary School", **ONCE
    )
    school.style.description_width = "8em"
    school.add_class("sr-field")
    button = w.Button(description="Start peer mentoring", icon="handshake-o")
    said = w.HTML()

    def start(_button: w.Button) -> None:
        try:
            workshop = store.start_mentoring(school.value)
        except PROBLEMS as exc:
            said.value = message(str(exc), "error")
            return
        opened(workshop.code)

    button.on_click(start)
    return [heading("Peer mentoring after an inspection", 3), school, button, said]
