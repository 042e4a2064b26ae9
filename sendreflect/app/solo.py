"""Solo mode: one person works through the whole reflection alone, for example in a temporary
Binder session. Every step of the participant app, then agreed positions, the action plan and a
step to save the work; a banner says the session is temporary and offers the workbook in one
click, and uploading that workbook later restores everything."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from sendreflect.app.actions import ActionPlan
from sendreflect.app.agree import AgreeForm
from sendreflect.app.kit import ONCE, esc, message
from sendreflect.app.participant import ParticipantApp, Step
from sendreflect.app.saving import PROBLEMS
from sendreflect.app.transfer import Downloads, Upload, workbook_link
from sendreflect.app.unavailable import page_or_problem
from sendreflect.formats import format_month
from sendreflect.responses import ROLES
from sendreflect.store import Participant, Store
from sendreflect.workbook import ImportSummary

SOLO_FRAMEWORKS = ("national_college", "sen_leaders", "peer_support")
MEMORY_KEY = "SOLO"


class SoloApp(ParticipantApp):
    """The participant app for one person, with the team's steps and saving built in."""

    def _build_join(self, code: str) -> None:
        self.memory.key = MEMORY_KEY
        self.header.value = (
            "<header><h2>Start your reflection</h2><p>Name your school and choose your role. "
            "If you have a workbook from an earlier session, upload it instead to carry on "
            "where you left off.</p></header>"
        )
        self.school = w.Text(description="School", placeholder="e.g. Oak Primary School", **ONCE)
        self.role = w.Dropdown(
            options=[("Choose your role", ""), *((label, key) for key, label in ROLES.items())],
            description="Your role",
        )
        for field in (self.school, self.role):
            field.style.description_width = "8em"
            field.add_class("sr-field")
        self.join_button = w.Button(description="Start", button_style="primary", icon="play")
        self.join_button.on_click(lambda _b: self.start())
        self.join_message = w.HTML()
        self.upload = Upload(
            self.store, self._restored, solo=True, label="Carry on from a workbook (.json)"
        )
        self.body.children = [
            self.school,
            self.role,
            self.join_button,
            self.join_message,
            w.HTML("<h3>Carry on from an earlier session</h3>"),
            self.upload.widget,
        ]

    def start(self) -> None:
        """Create this person's own workshop and begin."""
        if not self.role.value:
            self.join_message.value = message("Choose your role, then press Start.", "error")
            return
        round_name = f"Solo reflection, {format_month(dt.date.today())}"
        try:
            participant = self.store.start_solo(
                self.school.value, round_name, SOLO_FRAMEWORKS, self.role.value
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

    def memory_key(self) -> str:
        return MEMORY_KEY

    def accepts(self, participant: Participant) -> bool:
        """Only a solo reflection carries on here, never a team workshop's participant."""
        return self.store.workshop(participant.workshop_code).kind == "solo"

    def leave_label(self) -> str:
        return "Start a new reflection, or carry on from another workbook"

    def _enter(self, participant: Participant, chosen_role: str = "") -> None:
        super()._enter(participant)
        self.banner = w.HTML()
        self._refresh_banner()
        self.status.listeners = [self._refresh_banner]
        self.body.children = [self.banner, *self.body.children]

    def _refresh_banner(self) -> None:
        assert self.workshop is not None
        self.banner.value = (
            '<div class="sr-banner" role="note"><strong>This session is temporary.</strong> '
            "Download your workbook before you leave, and upload it next time to carry on. "
            f"{workbook_link(self.store, self.workshop.code)}</div>"
        )

    def steps(self) -> list[Step]:
        steps = [s for s in super().steps() if s.title != "Team results"]
        framework = self.frameworks["national_college"]
        assert self.workshop is not None and self.participant is not None
        code, by = self.workshop.code, self.participant.id
        steps += [
            Step(
                "Your positions",
                lambda: [
                    AgreeForm(
                        self.store, code, framework, self.status, by=by, show_median=False
                    ).widget
                ],
            ),
            Step(
                "Action plan",
                lambda: [ActionPlan(self.store, code, framework, self.status, by=by).widget],
            ),
            Step("Save your work", self._save_step),
        ]
        return steps

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
    app = SoloApp(store or Store(), step=int(step) if step.isdigit() else None)
    return app.widget
