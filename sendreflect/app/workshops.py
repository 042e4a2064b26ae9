"""The store key's list of workshops: create one on a continuum framework (the pack unless
another is chosen) with any other frameworks to discuss, open an earlier one, or look across
every school in the overview."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as w

from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.mentoring import start_form
from sendreflect.app.request import Request
from sendreflect.app.saving import PROBLEMS
from sendreflect.frameworks import PACK, Framework
from sendreflect.store import Store, Workshop


class WorkshopList:
    """The create and open forms, and the overview across schools; ``widgets`` go on the page.
    ``opened(code)`` is called to open a workshop."""

    def __init__(
        self, store: Store, library: Mapping[str, Framework], opened: Callable[[str], None]
    ) -> None:
        self.store = store
        self.library = library
        self.open = opened
        frame = self.store.workshops()
        self.school = w.Text(description="School", placeholder="e.g. Oak Primary School", **ONCE)
        self.round = w.Text(description="Round", placeholder="e.g. Baseline, November 2026", **ONCE)
        continua = [f for f in self.library.values() if f.kind == "continuum"]
        self.continuum_choice = w.Dropdown(
            options=[(f.short_title, f.id) for f in continua],
            value=PACK if PACK in self.library else continua[0].id,
            description="Continuum",
            tooltip="The framework the school is placed on: its dimensions, results and plan",
        )
        self.framework_boxes = {
            f.id: w.Checkbox(
                value=False, description=f.short_title, indent=False, layout=w.Layout(width="auto")
            )
            for f in self.library.values()
            if f.kind != "continuum"
        }
        frameworks_choice = w.VBox(
            [w.HTML("<p><strong>Also discuss</strong></p>"), *self.framework_boxes.values()]
        )
        rounds = [(f"{r.code}: {r.school}, {r.round}", r.code) for r in frame.itertuples()]
        self.previous = w.Dropdown(options=[("None", ""), *rounds], description="Earlier round")
        self.open_choice = w.Dropdown(options=rounds, description="Workshop")
        fields = (self.school, self.round, self.continuum_choice, self.previous, self.open_choice)
        for field in fields:  # one label width; on a phone each label stands above its field
            field.style.description_width = "8em"
            field.add_class("sr-field")
        create = w.Button(description="Create workshop", button_style="primary", icon="plus")
        self.create_message = w.HTML()
        create.on_click(lambda _b: self.create())
        open_button = w.Button(description="Open", icon="folder-open")
        open_button.on_click(
            lambda _b: self.open_choice.value and self.open(self.open_choice.value)
        )
        from sendreflect.app.overview import Overview  # pandas and plotly: the list only
        from sendreflect.app.programme_list import ProgrammeList

        self.widgets: list[w.Widget] = [
            heading("Create a workshop", 3),
            self.school,
            self.round,
            self.continuum_choice,
            frameworks_choice,
            self.previous,
            create,
            self.create_message,
            heading("Open an earlier workshop", 3),
            self.open_choice,
            open_button,
            *ProgrammeList(self.store).widgets,  # peer-review programmes, each with its page
            *start_form(self.store, self.open),  # peer mentoring after an inspection
            Overview(self.store, continua).widget,
        ]

    def create(self) -> None:
        """Create the workshop described in the form and open it (or say what is missing)."""
        try:
            workshop = self.store.create_workshop(
                self.school.value,
                self.round.value,
                [
                    self.continuum_choice.value,
                    *(fid for fid, box in self.framework_boxes.items() if box.value),
                ],
                previous_code=self.previous.value or None,
            )
        except PROBLEMS as exc:
            self.create_message.value = message(str(exc), "error")
            return
        self.open(workshop.code)


def own_link_notice(request: Request, workshop: Workshop) -> w.HTML:
    """Opened with the store key: point to the workshop's own link, which opens only it, so the
    store key never reaches a projector's address bar or a school's browser history."""
    own = request.link("facilitator.ipynb", code=workshop.code, key=workshop.facilitator_key)
    return w.HTML(
        '<div class="sr-message sr-info" role="note">This page was opened with the store key, '
        "which opens every workshop. To project this workshop or hand it to its facilitator, "
        f'use its own link, which opens only it: <a href="{esc(own)}" target="_top">'
        "this workshop's facilitator link</a>.</div>"
    )
