"""The participant app: join a workshop, then reflect step by step, every answer saved at once.

Composed of the page's :class:`~sendreflect.app.shell.Shell`, the
:class:`~sendreflect.app.join.JoinForm` and the steps of
:func:`~sendreflect.app.steps.reflection_steps`, then the team's results on the workshop's
continuum framework once the facilitator reveals them. Each step is reachable directly, from the
step buttons or ``?step=N``, and the page's address follows the open step, so a reload returns to
it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from sendreflect.app.drafts import restore_drafts
from sendreflect.app.join import JOIN_HEADER, JoinForm, Tries
from sendreflect.app.kit import esc, message
from sendreflect.app.shell import Shell, link_button, remembered
from sendreflect.app.steps import Answers, Step, moving_step, reflection_steps
from sendreflect.app.unavailable import page_or_problem
from sendreflect.frameworks import continuum_of, load_frameworks
from sendreflect.responses import ROLES, Kind
from sendreflect.store import Participant, Store, StoreError, Workshop


class ParticipantApp:
    """One participant's page. ``widget`` is what the notebook displays."""

    def __init__(
        self, store: Store, code: str = "", step: int | None = None, token: str = ""
    ) -> None:
        self.store = store
        self.library = load_frameworks()
        self.shell = Shell()
        self.token = token
        """The server's access token, kept in the page's address as it follows the step."""
        self.status, self.body, self.widget = self.shell.status, self.shell.body, self.shell.widget
        self.workshop: Workshop | None = None
        self.participant: Participant | None = None
        self.answers: Answers | None = None
        self.start_step = step
        self.tries = Tries()
        self.shell.memory.observe(self._remembered, names="loaded")
        self._show_join(code)

    @property
    def nav(self) -> w.ToggleButtons:
        return self.shell.nav

    @property
    def page(self) -> w.VBox:
        return self.shell.page

    def _show_join(self, code: str) -> None:
        self.shell.place = {"code": code.strip().upper(), "token": self.token} if code else {}
        self.form = JoinForm(self.store, code, self._enter, self.tries)
        self.shell.show_form(JOIN_HEADER, self.form.widgets)
        if code.strip():
            self.shell.memory.key = code.strip().upper()

    def _remembered(self, change: dict[str, Any]) -> None:
        """The browser remembered who joined from it: carry on as them, if its token matches the
        workshop of this page's link."""
        if not change["new"] or self.participant is not None:
            return
        participant = remembered(self.store, change["new"], self.form.message, self.shell.memory)
        if participant is not None and participant.workshop_code == self.shell.memory.key:
            self._enter(participant)

    def _enter(self, participant: Participant, chosen_role: str = "") -> None:
        self.participant = participant
        self.workshop = self.store.workshop(participant.workshop_code)
        self.shell.memory.key = self.workshop.code
        self.shell.place = {"code": self.workshop.code, "token": self.token}
        self.shell.memory.remember(participant.token)
        self.answers = answers = Answers(
            self.store, self.workshop, participant, self.status, self.library
        )
        self.shell.show_steps(
            self._header(participant),
            self.steps(),
            first=self.start_step,
            after=[link_button(f"Not {participant.alias}? Join as someone else", self.leave)],
        )
        self.start_step = None  # someone joining after a "Not you?" starts at the beginning
        self.shell.notice.value = self._welcome(participant, chosen_role)
        self.status.connection.replay(
            f"{self.workshop.code}/{participant.id}",
            lambda drafts: restore_drafts(drafts, self.status, answers.draft_target),
        )

    def _header(self, participant: Participant) -> str:
        """Who and where: the school, the round and code, the person's alias and role. A peer
        visit says whose school the reviewers are placing, since its steps say "our school"."""
        ws = self.workshop
        assert ws is not None
        school = esc(ws.school)
        title, visiting = school, ""
        if ws.kind == "visit":
            title = f"Peer visit to {school}"
            visiting = (
                f'<p class="sr-visit-note">You are a reviewer visiting {school}: wherever a '
                f"step says “our school” or “your school”, read {school}. Write about the "
                "practice you saw, what works and one question you would ask; name no pupil "
                "or member of staff.</p>"
            )
        return (
            f"<header><h2>{title}</h2>"
            f"<p>{esc(ws.round)} · workshop {esc(ws.code)} · you are "
            f"<strong>{esc(participant.alias)}</strong> "
            f"({esc(ROLES.get(participant.role, participant.role))})</p>{visiting}</header>"
        )

    def _welcome(self, participant: Participant, chosen_role: str) -> str:
        """What the page says once on joining: the resume code, and a role kept as it was."""
        said = []
        if participant.resume_code and chosen_role:
            said.append(
                f"Your resume code is <strong>{esc(participant.resume_code)}</strong>. Note it "
                "down: with your alias it lets you carry on from another device. This browser "
                "remembers you anyway."
            )
        if chosen_role and chosen_role != participant.role:
            said.append(
                f"You joined earlier as {esc(ROLES.get(participant.role, participant.role))}; "
                "that role is kept."
            )
        if not said:
            return ""
        return f'<div class="sr-message sr-info" role="status">{" ".join(said)}</div>'

    def leave(self) -> None:
        """Forget this browser's participant and show the join form again."""
        code = self.workshop.code if self.workshop else ""
        self.participant = None
        self.shell.notice.value = ""
        self.shell.memory.clear()
        self._show_join(code)

    def save(self, kind: Kind, framework: str, item_id: str, value: Any) -> None:
        """Save one of this participant's answers (see :meth:`Answers.save`)."""
        assert self.answers is not None
        self.answers.save(kind, framework, item_id, value)

    def steps(self) -> list[Step]:
        assert self.answers is not None and self.workshop is not None
        steps = reflection_steps(self.answers)
        if continuum_of(self.workshop.frameworks, self.library).id in self.workshop.frameworks:
            steps.append(Step("Team results", self._results_step))
        if moving := moving_step(self.answers):
            steps.append(moving)
        return steps

    def _results_step(self) -> list[w.Widget]:
        """The team's radar and its table, once the facilitator has revealed them."""
        holder = w.VBox()
        again = w.Button(description="Check again", icon="refresh")

        def draw() -> None:
            assert self.workshop is not None
            self.workshop = self.store.workshop(self.workshop.code)
            if not self.workshop.revealed:
                holder.children = [
                    w.HTML(
                        message(
                            "The team's results are hidden until your facilitator reveals them, so "
                            "everyone gives their own view first."
                        )
                    ),
                    again,
                ]
                return
            from sendreflect.app.results import results_view  # pandas and plotly: only now

            framework = continuum_of(self.workshop.frameworks, self.library)
            holder.children = [results_view(self.store, self.workshop, framework)]

        def redraw(_button: w.Button) -> None:
            try:
                draw()
            except StoreError as exc:
                holder.children = [w.HTML(message(str(exc), "error")), again]

        again.on_click(redraw)
        draw()
        return [holder]


@page_or_problem(public=True)
def participant_page(store: Store | None = None) -> w.Widget:
    """The participant app for the page's request (``?code=…&step=…``)."""
    from sendreflect.app.request import current_request

    request = current_request()
    step = request.query.get("step", "")
    app = ParticipantApp(
        store or Store(),
        code=request.query.get("code", ""),
        step=int(step) if step.isdigit() else None,
        token=request.query.get("token", ""),
    )
    return app.widget
