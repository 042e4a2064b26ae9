"""Solo mode: one person works through the whole reflection alone, for example in a temporary
Binder session.

Composed of the same parts as the participant app (the :class:`~sendreflect.app.shell.Shell` and
the steps of :func:`~sendreflect.app.steps.reflection_steps`), with a start form in place of the
join form, then the person's own positions, the action plan and a step to save the work, all on
the reflection's continuum framework. A banner says the session is temporary and offers the
workbook in one click; uploading that workbook later restores everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from sendreflect.app.actions import ActionPlan
from sendreflect.app.agree import AgreeForm
from sendreflect.app.drafts import restore_drafts
from sendreflect.app.join import as_fields, role_choice
from sendreflect.app.kit import ONCE, esc, message
from sendreflect.app.saving import PROBLEMS
from sendreflect.app.shell import Shell, link_button, remembered
from sendreflect.app.steps import Answers, Step, moving_step, reflection_steps
from sendreflect.app.transfer import Downloads, Upload, workbook_link
from sendreflect.app.unavailable import page_or_problem
from sendreflect.formats import format_month
from sendreflect.frameworks import PACK, continuum_of, load_frameworks
from sendreflect.responses import ROLES
from sendreflect.store import Participant, Store, Workshop
from sendreflect.workbook import ImportSummary

ALSO_DISCUSSED = ("sen_leaders", "peer_support")
"""The frameworks a solo reflection discusses beside its continuum framework."""
MEMORY_KEY = "SOLO"

START_HEADER = (
    "<header><h2>Start your reflection</h2><p>Name your school and choose your role. "
    "If you have a workbook from an earlier session, upload it instead to carry on "
    "where you left off.</p></header>"
)


class SoloApp:
    """One person's reflection, from start to a saved workbook. ``widget`` is what the notebook
    displays."""

    def __init__(self, store: Store, step: int | None = None, token: str = "") -> None:
        self.store = store
        self.library = load_frameworks()
        self.shell = Shell()
        self.shell.place = {"token": token}
        self.status, self.body, self.widget = self.shell.status, self.shell.body, self.shell.widget
        self.workshop: Workshop | None = None
        self.participant: Participant | None = None
        self.start_step = step
        self.banner = w.HTML()
        self.shell.memory.observe(self._remembered, names="loaded")
        self._show_start()

    @property
    def nav(self) -> w.ToggleButtons:
        return self.shell.nav

    @property
    def page(self) -> w.VBox:
        return self.shell.page

    def _show_start(self) -> None:
        self.shell.memory.key = MEMORY_KEY
        self.school = w.Text(description="School", placeholder="e.g. Oak Primary School", **ONCE)
        self.role = role_choice()
        continua = [f for f in self.library.values() if f.kind == "continuum"]
        self.continuum = w.Dropdown(
            options=[(f.short_title, f.id) for f in continua],
            value=PACK,
            description="Continuum",
            layout=w.Layout(display="" if len(continua) > 1 else "none"),
        )
        as_fields(self.school, self.role, self.continuum)
        self.join_button = w.Button(description="Start", button_style="primary", icon="play")
        self.join_button.on_click(lambda _b: self.start())
        self.join_message = w.HTML()
        self.upload = Upload(
            self.store, self._restored, solo=True, label="Carry on from a workbook (.json)"
        )
        self.shell.show_form(
            START_HEADER,
            [
                self.school,
                self.role,
                self.continuum,
                self.join_button,
                self.join_message,
                w.HTML("<h3>Carry on from an earlier session</h3>"),
                self.upload.widget,
            ],
        )

    def start(self) -> None:
        """Create this person's own reflection and begin."""
        if not self.role.value:
            self.join_message.value = message("Choose your role, then press Start.", "error")
            return
        round_name = f"Solo reflection, {format_month(dt.date.today())}"
        frameworks = [self.continuum.value, *(f for f in ALSO_DISCUSSED if f in self.library)]
        try:
            participant = self.store.start_solo(
                self.school.value, round_name, frameworks, self.role.value
            )
        except PROBLEMS as exc:
            self.join_message.value = message(str(exc), "error")
            return
        self._enter(participant)

    def _restored(self, summary: ImportSummary) -> None:
        """The workbook was this person's own solo reflection: carry on as its one person."""
        people = self.store.participants(summary.code)
        if people.empty:
            self.upload.message.value = message(
                "That workbook has nobody's answers in it; start a new reflection instead.", "error"
            )
            return
        self._enter(self.store.reissue_resume_code(str(people.iloc[0]["id"])))

    def _remembered(self, change: dict[str, Any]) -> None:
        """Only a solo reflection carries on here, never a team workshop's participant."""
        if not change["new"] or self.participant is not None:
            return
        participant = remembered(self.store, change["new"], self.join_message, self.shell.memory)
        if participant and self.store.workshop(participant.workshop_code).kind == "solo":
            self._enter(participant)

    def _enter(self, participant: Participant) -> None:
        self.participant = participant
        self.workshop = self.store.workshop(participant.workshop_code)
        self.shell.memory.remember(participant.token)
        answers = Answers(self.store, self.workshop, participant, self.status, self.library)
        self._refresh_banner()
        self.status.listeners = [self._refresh_banner]
        role = ROLES.get(participant.role, participant.role)
        role = role if role.split()[0].isupper() else role[:1].lower() + role[1:]  # SENCO stays
        self.shell.show_steps(
            f"<header><h2>{esc(self.workshop.school)}</h2>"
            f"<p>Your own reflection, as {esc(role)} · {esc(self.workshop.round)}</p></header>",
            self.steps(answers),
            first=self.start_step,
            before=[self.banner],
            after=[
                link_button("Start a new reflection, or carry on from another workbook", self.leave)
            ],
        )
        self.start_step = None  # a new reflection started later begins at the beginning
        self.status.connection.replay(
            f"{self.workshop.code}/{participant.id}",
            lambda drafts: restore_drafts(drafts, self.status, answers.draft_target),
        )

    def leave(self) -> None:
        """Forget this browser's reflection and show the start form again."""
        self.participant = None
        self.shell.memory.clear()
        self._show_start()

    def _refresh_banner(self) -> None:
        assert self.workshop is not None
        self.banner.value = (
            '<div class="sr-banner" role="note"><strong>This session is temporary.</strong> '
            "Download your workbook before you leave, and upload it next time to carry on. "
            f"{workbook_link(self.store, self.workshop.code)}</div>"
        )

    def steps(self, answers: Answers) -> list[Step]:
        """The reflection's steps, then the person's positions, action plan and saving."""
        assert self.workshop is not None and self.participant is not None
        framework = continuum_of(self.workshop.frameworks, self.library)
        code, by = self.workshop.code, self.participant.id
        moving = moving_step(answers)
        return [
            *reflection_steps(answers),
            Step(
                "Your positions",
                lambda: [
                    AgreeForm(self.store, code, framework, self.status, by=by, solo=True).widget
                ],
            ),
            *([moving] if moving else []),
            Step(
                "Action plan",
                lambda: [ActionPlan(self.store, code, framework, self.status, by=by).widget],
            ),
            Step("Save your work", self._save_step),
        ]

    def _save_step(self) -> list[w.Widget]:
        assert self.workshop is not None
        downloads = Downloads(self.store, self.workshop.code)
        self.status.listeners = [self._refresh_banner, downloads.refresh]
        return [
            w.HTML(
                f"<p>Your work is held for {esc(self.workshop.school)} under the code "
                f"<strong>{esc(self.workshop.code)}</strong> only while this session "
                "lasts. Download it now:</p>"
            ),
            downloads.widget,
        ]


@page_or_problem(public=True)
def solo_page(store: Store | None = None) -> w.Widget:
    """The solo app for the page's request."""
    from sendreflect.app.request import current_request

    request = current_request()
    step = request.query.get("step", "")
    app = SoloApp(
        store or Store(),
        step=int(step) if step.isdigit() else None,
        token=request.query.get("token", ""),
    )
    return app.widget
