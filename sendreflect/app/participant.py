"""The participant app: join a workshop, then reflect step by step, every answer saved at once.

Steps follow the pack's order: understanding your context; where is our school on each continuum
(with "How do you know?"); "Think about your school…"; then any other frameworks the workshop
uses (the eight key areas, the peer-support reflection); then the team's results once the
facilitator reveals them. Each step is reachable directly, from the step buttons or ``?step=N``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from sendreflect.app.drafts import Target, restore_drafts
from sendreflect.app.kit import (
    ONCE,
    esc,
    heading,
    message,
    paragraphs,
    quoted_list,
    stylesheet,
    toggle_example,
)
from sendreflect.app.memory import BrowserMemory
from sendreflect.app.results import results_view
from sendreflect.app.saving import PROBLEMS, SaveStatus, note_box
from sendreflect.app.unavailable import page_or_problem
from sendreflect.dberrors import StoreFailure
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.responses import NOT_SURE, POSITION_LABELS, ROLES, Kind
from sendreflect.store import AliasTaken, Participant, Store, StoreError, UnknownWorkshop, Workshop

PEER_REVIEWER = "peer_reviewer"
FREE_TRIES = 3
"""Wrong join codes or resume codes a page may try before each further try must wait longer
(2, 4, 8 … up to 60 seconds), so codes cannot be guessed at speed."""

POSITION_OPTIONS: list[tuple[str, Any]] = [
    (f"{n} {'– ' + POSITION_LABELS[n].lower() if n in (1, 5) else ''}".strip(), n)
    for n in range(1, 6)
] + [("Not sure", NOT_SURE)]


class Tries:
    """Counts a page's wrong codes; after :data:`FREE_TRIES` each further try waits longer."""

    def __init__(self) -> None:
        self.count = 0
        self.not_before = 0.0

    def wait(self) -> int:
        """Whole seconds still to wait before the next try (0: try now)."""
        return max(0, int(self.not_before - time.monotonic() + 0.999))

    def failed(self) -> None:
        self.count += 1
        if self.count >= FREE_TRIES:
            self.not_before = time.monotonic() + min(60, 2 ** (self.count - FREE_TRIES + 1))

    def reset(self) -> None:
        self.count, self.not_before = 0, 0.0


@dataclass
class Step:
    title: str
    build: Callable[[], list[w.Widget]]


class ParticipantApp:
    """One participant's page. ``widget`` is what the notebook displays."""

    def __init__(self, store: Store, code: str = "", step: int | None = None) -> None:
        self.store = store
        self.status = SaveStatus()
        self.frameworks = load_frameworks()
        self.workshop: Workshop | None = None
        self.participant: Participant | None = None
        self.answers: dict[tuple[str, str, str], Any] = {}
        self.start_step = step
        self.memory = BrowserMemory(layout=w.Layout(display="none"))
        self.memory.observe(self._remembered, names="loaded")
        self.header = w.HTML()
        self.notice = w.HTML()
        self.body = w.VBox()
        self._tries = Tries()
        self.widget = w.VBox(
            [
                stylesheet(),
                self.memory,
                self.status.connection,
                self.header,
                self.notice,
                self.body,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("sr-app")
        self._build_join(code)

    # -- joining -------------------------------------------------------------------------------

    def _build_join(self, code: str) -> None:
        self.header.value = (
            "<header><h2>Join your workshop</h2>"
            "<p>Join your workshop with the code your facilitator gave you. Choose an alias: it "
            "need not be your name. What you write is shown to the team without it.</p></header>"
        )
        self.code = w.Text(
            value=code, description="Workshop code", placeholder="e.g. K7QF3M", **ONCE
        )
        self.alias = w.Text(description="Your alias", placeholder="e.g. Ash", **ONCE)
        self.role = w.Dropdown(
            options=[("Choose your role", "")] + [(label, key) for key, label in ROLES.items()],
            description="Your role",
        )
        self.home_school = w.Text(
            description="Your school",
            placeholder="The school you come from",
            layout=w.Layout(display="none"),
            **ONCE,
        )
        self.resume_code = w.Text(
            description="Resume code",
            placeholder="e.g. K7QF-3M2A",
            layout=w.Layout(display="none"),
            **ONCE,
        )
        self.role.observe(self._ask_school, names="value")
        for field in (self.code, self.alias, self.role, self.home_school, self.resume_code):
            field.style.description_width = "8em"
            field.add_class("sr-field")
        self.join_button = w.Button(description="Join", button_style="primary", icon="sign-in")
        self.join_button.on_click(lambda _b: self.join())
        self.join_message = w.HTML()
        self.body.children = [
            self.code,
            self.alias,
            self.role,
            self.home_school,
            self.resume_code,
            self.join_button,
            self.join_message,
        ]
        if code.strip():
            self.memory.key = code.strip().upper()
            try:
                workshop = self.store.workshop(code)
                self.join_message.value = message(
                    f"Workshop {workshop.code}: {workshop.school}, {workshop.round}."
                )
            except StoreError as exc:
                self.join_message.value = message(str(exc), "error")

    def _ask_school(self, change: dict[str, Any]) -> None:
        """A peer reviewer visiting from another school (a triad) says which school."""
        self.home_school.layout.display = "" if change["new"] == PEER_REVIEWER else "none"

    def join(self) -> None:
        """Join with the code, alias and role typed in (or say what is missing)."""
        if not self.role.value:
            self.join_message.value = message("Choose your role, then press Join.", "error")
            return
        if wait := self._tries.wait():
            self.join_message.value = message(
                f"Too many tries: wait {wait} seconds, then check the code and try again.", "error"
            )
            return
        school = self.home_school.value if self.role.value == PEER_REVIEWER else ""
        try:
            participant = self.store.join(
                self.code.value,
                self.alias.value,
                self.role.value,
                school=school,
                resume_code=self.resume_code.value,
            )
        except (UnknownWorkshop, AliasTaken) as exc:
            self._tries.failed()
            self.resume_code.layout.display = "" if isinstance(exc, AliasTaken) else "none"
            self.join_message.value = message(str(exc), "error")
            return
        except PROBLEMS as exc:
            self.join_message.value = message(str(exc), "error")
            return
        self._tries.reset()
        self._enter(participant, chosen_role=self.role.value)

    def _remembered(self, change: dict[str, Any]) -> None:
        """The browser remembered who joined from it: carry on as them, if its token matches."""
        if not change["new"] or self.participant is not None:
            return
        try:
            participant = self.store.resume(change["new"])
        except StoreFailure as exc:  # the database is down: remember them for the next reload
            self.join_message.value = message(str(exc), "error")
            return
        except StoreError:
            self.memory.clear()
            return
        if self.accepts(participant):
            self._enter(participant)

    def accepts(self, participant: Participant) -> bool:
        """Whether a remembered participant belongs on this page (the workshop of its link)."""
        return bool(self.memory.key) and participant.workshop_code == self.memory.key

    def _enter(self, participant: Participant, chosen_role: str = "") -> None:
        self.participant = participant
        self.workshop = self.store.workshop(participant.workshop_code)
        self.memory.key = self.memory_key()
        self.memory.remember(participant.token)
        mine = self.store.answers(self.workshop.code, subject=participant.id)
        self.answers = {(r.kind, r.framework, r.item_id): r.value for r in mine.itertuples()}
        self._build_steps()
        self.notice.value = self._welcome(participant, chosen_role)
        self._restore_drafts()

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

    def memory_key(self) -> str:
        """Where the browser remembers who joined: one entry per workshop."""
        assert self.workshop is not None
        return self.workshop.code

    def leave_label(self) -> str:
        assert self.participant is not None
        return f"Not {self.participant.alias}? Join as someone else"

    def leave(self) -> None:
        """Forget this browser's participant and show the join form again."""
        code = self.workshop.code if self.workshop else ""
        self.participant = None
        self.notice.value = ""
        self.memory.clear()
        self._build_join(code)

    # -- saving --------------------------------------------------------------------------------

    def save(self, kind: Kind, framework: str, item_id: str, value: Any) -> None:
        assert self.participant is not None and self.workshop is not None
        self.store.save(self.workshop.code, self.participant.id, kind, framework, item_id, value)
        self.answers[(kind.value, framework, item_id)] = value

    def _note(
        self, kind: Kind, framework: str, item_id: str, label: str, placeholder: str = ""
    ) -> w.Textarea:
        return note_box(
            label,
            self.answers.get((kind.value, framework, item_id)) or "",
            lambda text: self.save(kind, framework, item_id, text or None),
            self.status,
            placeholder=placeholder,
            key=f"{kind.value}/{framework}/{item_id}",
        )

    # -- typing kept in the browser ------------------------------------------------------------

    def _restore_drafts(self) -> None:
        """Keep this person's typing in the browser from now on, and save what it kept of
        notes typed before a lost connection (see ``drafts.restore_drafts``)."""
        assert self.participant is not None and self.workshop is not None
        self.status.connection.replay(
            f"{self.workshop.code}/{self.participant.id}",
            lambda drafts: restore_drafts(drafts, self.status, self._draft_target),
        )

    def _draft_target(self, key: str) -> Target | None:
        """The saved text and save path of this person's note ``key`` (see ``_note``)."""
        assert self.workshop is not None
        kind, _, rest = key.partition("/")
        framework_id, _, item_id = rest.partition("/")
        framework = self.frameworks.get(framework_id)
        if framework is None or framework_id not in self.workshop.frameworks:
            return None
        if kind == Kind.EVIDENCE.value:
            items = {d.id for d in framework.dimensions}
        elif kind == Kind.REFLECTION.value:
            items = {q.id for _, _, q in framework.questions()}
        else:
            return None
        if item_id not in items:
            return None
        note_kind = Kind(kind)
        return (
            self.answers.get((kind, framework_id, item_id)) or "",
            lambda text: self.save(note_kind, framework_id, item_id, text or None),
        )

    def _choice(
        self, kind: Kind, framework: str, item_id: str, label: str, options: list[tuple[str, Any]]
    ) -> w.RadioButtons:
        current = self.answers.get((kind.value, framework, item_id))
        radio = w.RadioButtons(
            options=options,
            value=current if current in [v for _, v in options] else None,
            description=label,
            orientation="horizontal",
            style={"description_width": "initial"},
        )
        radio.add_class("sr-choice")
        radio.observe(
            lambda change: self.status.run(
                lambda: self.save(kind, framework, item_id, change["new"])
            ),
            names="value",
        )
        return radio

    # -- steps ---------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        assert self.workshop is not None
        steps: list[Step] = []
        for framework_id in self.workshop.frameworks:
            framework = self.frameworks.get(framework_id)
            if framework is None:
                continue
            if framework.context_analysis:
                steps.append(
                    Step("Understanding your context", lambda f=framework: self._context_step(f))
                )
            if framework.dimensions:
                steps.append(
                    Step("Where is our school?", lambda f=framework: self._position_step(f))
                )
                steps.append(
                    Step("Think about your school…", lambda f=framework: self._think_step(f))
                )
            if framework.rating:
                steps.append(Step(framework.short_title, lambda f=framework: self._rating_step(f)))
            if framework.kind == "discussion":
                steps.append(
                    Step(framework.short_title, lambda f=framework: self._discussion_step(f))
                )
        if any(
            self.frameworks[f].dimensions for f in self.workshop.frameworks if f in self.frameworks
        ):
            steps.append(Step("Team results", self._results_step))
        return steps

    def _build_steps(self) -> None:
        assert self.workshop is not None and self.participant is not None
        self.header.value = (
            f"<header><h2>{esc(self.workshop.school)}</h2>"
            f"<p>{esc(self.workshop.round)} · workshop {esc(self.workshop.code)} · you are "
            f"<strong>{esc(self.participant.alias)}</strong> "
            f"({esc(ROLES.get(self.participant.role, self.participant.role))})</p></header>"
        )
        self._steps = self.steps()
        self._built: dict[int, w.VBox] = {}
        self.nav = w.ToggleButtons(
            options=[(f"{n}. {s.title}", n - 1) for n, s in enumerate(self._steps, start=1)],
            description="Step",
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show_step(change["new"]), names="value")
        not_me = w.Button(description=self.leave_label(), icon="user")
        not_me.add_class("sr-link-button")
        not_me.on_click(lambda _b: self.leave())
        self.body.children = [self.status.widget, self.nav, self.page, not_me]
        first = self.start_step - 1 if self.start_step else 0
        first = min(max(first, 0), len(self._steps) - 1)
        if self.nav.value == first:
            self.show_step(first)
        else:
            self.nav.value = first

    def show_step(self, index: int) -> None:
        """Show step ``index`` (0-based), building its widgets the first time."""
        if index not in self._built:
            step = self._steps[index]
            try:
                built = step.build()
            except StoreError as exc:
                self.page.children = [w.HTML(message(str(exc), "error"))]
                return
            children = [heading(f"{index + 1}. {step.title}"), *built]
            if index + 1 < len(self._steps):
                following = w.Button(
                    description=f"Next: {self._steps[index + 1].title}",
                    icon="arrow-right",
                    button_style="primary",
                )
                following.on_click(lambda _b, i=index + 1: setattr(self.nav, "value", i))
                children.append(following)
            self._built[index] = w.VBox(children)
        self.page.children = [self._built[index]]

    def _results_step(self) -> list[w.Widget]:
        """The team's radar and its table, once the facilitator has revealed them."""
        holder = w.VBox()
        again = w.Button(description="Check again", icon="refresh")

        def draw(_button: w.Button | None = None) -> None:
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
            framework = next(
                self.frameworks[f]
                for f in self.workshop.frameworks
                if f in self.frameworks and self.frameworks[f].dimensions
            )
            holder.children = [results_view(self.store, self.workshop, framework)]

        def redraw(_button: w.Button) -> None:
            try:
                draw()
            except StoreError as exc:
                holder.children = [w.HTML(message(str(exc), "error")), again]

        again.on_click(redraw)
        draw()
        return [holder]

    def _context_step(self, framework: Framework) -> list[w.Widget]:
        assert framework.context_analysis is not None
        theme = framework.theme(framework.context_analysis.theme)
        examples = [e for e in framework.examples if e.id in framework.context_analysis.examples]
        parts: list[w.Widget] = [w.HTML(paragraphs(theme.introduction))]
        parts += [quoted_list(lst) for lst in theme.lists]
        parts += [toggle_example(e.title, e.text) for e in examples]
        parts += [self._note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions]
        return parts

    def _position_step(self, framework: Framework) -> list[w.Widget]:
        parts: list[w.Widget] = [
            w.HTML(
                "<p>For each dimension, place your school between the two poles: "
                "1 means SEN/D is the preserve of specialists (bolted on), 5 means it is the task "
                "of the whole school. Then say how you know.</p>"
            )
        ]
        for number, dimension in enumerate(framework.dimensions, start=1):
            poles = w.HTML(
                f'<div class="sr-poles" role="group" aria-label="The two poles for '
                f'{esc(dimension.title)}">'
                f'<div class="sr-pole"><strong>1 – Preserve of specialists</strong>'
                f"<span>{esc(dimension.bolt_on)}</span></div>"
                f'<div class="sr-pole"><strong>5 – Whole school</strong>'
                f"<span>{esc(dimension.whole_school)}</span></div></div>"
            )
            parts += [
                heading(f"{number}. {dimension.title}", 3),
                poles,
                self._choice(
                    Kind.POSITION,
                    framework.id,
                    dimension.id,
                    f"Where is our school on {dimension.title.lower()}?",
                    POSITION_OPTIONS,
                ),
                self._note(
                    Kind.EVIDENCE,
                    framework.id,
                    dimension.id,
                    "How do you know?",
                    "Evidence: data, what you have seen, what people say",
                ),
            ]
        return parts

    def _think_step(self, framework: Framework) -> list[w.Widget]:
        skip = framework.context_theme_id
        parts: list[w.Widget] = []
        for dimension in framework.dimensions:
            parts.append(heading(dimension.title, 3))
            for theme in dimension.themes:
                if theme.id == skip:
                    continue
                if theme.title != dimension.title:
                    parts.append(heading(theme.title, 4))
                parts += [quoted_list(lst) for lst in theme.lists]
                parts += [toggle_example(e.title, e.text) for e in framework.examples_for(theme.id)]
                parts += [
                    self._note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions
                ]
        return parts

    def _rating_step(self, framework: Framework) -> list[w.Widget]:
        assert framework.rating is not None
        options = [(p.label, p.value) for p in framework.rating.scale]
        parts: list[w.Widget] = [w.HTML(paragraphs(framework.rating.lead))]
        parts += [
            self._choice(Kind.RATING, framework.id, area.id, area.text, options)
            for area in framework.rating.areas
        ]
        return parts

    def _discussion_step(self, framework: Framework) -> list[w.Widget]:
        parts: list[w.Widget] = [w.HTML(paragraphs(framework.description))]
        for theme in framework.sections:
            parts += [heading(theme.title, 3), w.HTML(paragraphs(theme.introduction))]
            parts += [quoted_list(lst) for lst in theme.lists]
            parts += [
                self._note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions
            ]
        return parts


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
    )
    return app.widget
