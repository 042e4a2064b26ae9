"""The page a person reflects on: header, notice, a bar that stays at the top (where the person
is, the step menu on a narrow screen, the save status), step buttons, the step shown.

A :class:`Shell` knows nothing of workshops or frameworks: the participant and solo apps put their
own forms in its ``body`` and hand it their steps. It also holds what the browser remembers of who
joined from it (:class:`~sendreflect.app.memory.BrowserMemory`) and, through
:func:`remembered`, turns that memory back into a participant after a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.resources import files

import ipywidgets as w

from sendreflect.app.kit import esc, message, stylesheet
from sendreflect.app.memory import BrowserMemory
from sendreflect.app.page import Address, OpenAt
from sendreflect.app.saving import SaveStatus
from sendreflect.app.steps import Step
from sendreflect.dberrors import StoreFailure
from sendreflect.store import Participant, Store, StoreError


class Shell:
    """One page of steps. ``widget`` is what the notebook displays.

    Above the open step is a bar that stays at the top of the screen: where the person is
    ("Step 2 of 6"), the step list folded into one menu on a narrow screen, and the save status.
    On a wide screen the steps are buttons below it. The page's address follows the open step
    (``place`` holds what else it says, e.g. the workshop's code), so a reload returns to it.
    """

    def __init__(self) -> None:
        self.status = SaveStatus()
        self.memory = BrowserMemory(layout=w.Layout(display="none"))
        self.address = Address()
        self.opener = OpenAt()
        self.place: dict[str, str] = {}
        """What the page's address says besides the step (``code``, ``token``), in order."""
        self.header = w.HTML()
        self.notice = w.HTML()
        self.body = w.VBox()
        self.nav = w.ToggleButtons(options=[])
        self.menu = w.Dropdown(options=[])
        self.where = w.HTML()
        self.page = w.VBox()
        self.steps: list[Step] = []
        self._built: dict[int, w.VBox] = {}
        self._opening = False
        self.widget = w.VBox(
            [
                stylesheet(),
                _shell_stylesheet(),
                self.memory,
                self.address,
                self.opener,
                self.status.connection,
                self.header,
                self.notice,
                self.body,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("sr-app")

    def show_form(self, header: str, widgets: Sequence[w.Widget]) -> None:
        """Show a form (joining, starting) in place of the steps."""
        self.header.value = header
        self.body.children = list(widgets)
        self.address.follow(**self.place)

    def show_steps(
        self,
        header: str,
        steps: list[Step],
        *,
        first: int | None = None,
        before: Sequence[w.Widget] = (),
        after: Sequence[w.Widget] = (),
    ) -> None:
        """Show step buttons for ``steps`` and open step ``first`` (1-based; the first step when
        None or out of range)."""
        self.header.value = header
        self.steps = steps
        self._built = {}
        options = [(f"{n}. {s.title}", n - 1) for n, s in enumerate(steps, start=1)]
        self.nav = w.ToggleButtons(
            options=options,
            description="Step",
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.nav.add_class("sr-nav")
        self.nav.add_class("sr-step-buttons")
        self.menu = w.Dropdown(options=options, description="Step")
        self.menu.add_class("sr-step-menu")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show_step(change["new"]), names="value")
        self.menu.observe(lambda change: setattr(self.nav, "value", change["new"]), names="value")
        bar = w.HBox([self.menu, self.where, self.status.widget])
        bar.add_class("sr-bar")
        self.body.children = [*before, bar, self.nav, self.page, *after]
        index = min(max((first or 1) - 1, 0), len(steps) - 1)
        self._opening = True  # the page opens where it is drawn, at its top
        try:
            if self.nav.value == index:
                self.show_step(index)
            else:
                self.nav.value = index
        finally:
            self._opening = False

    def show_step(self, index: int) -> None:
        """Show step ``index`` (0-based), building its widgets the first time, and bring its
        heading to the top of the screen."""
        self.menu.value = index
        step = self.steps[index]
        self.where.value = (
            f'<p class="sr-where"><strong>Step {index + 1} of {len(self.steps)}</strong>'
            f'<span class="sr-where-title"> · {esc(step.title)}</span></p>'
        )
        self.address.follow(**self.place, step=str(index + 1))
        if index not in self._built:
            try:
                built = step.build()
            except StoreError as exc:
                self.page.children = [w.HTML(message(str(exc), "error"))]
                return
            self._built[index] = w.VBox([step_heading(index + 1, step.title), *built])
            if index + 1 < len(self.steps):
                self._built[index].children += (self._next_button(index + 1),)
        self.page.children = [self._built[index]]
        if not self._opening:
            self.opener.bring(str(index + 1))

    def _next_button(self, index: int) -> w.Button:
        following = w.Button(
            description=f"Next: {self.steps[index].title}",
            icon="arrow-right",
            button_style="primary",
        )
        following.on_click(lambda _b: setattr(self.nav, "value", index))
        return following


def step_heading(number: int, title: str) -> w.HTML:
    """A step's heading, marked for :class:`~sendreflect.app.page.OpenAt` and able to take the
    focus when the step is opened."""
    return w.HTML(f'<h2 tabindex="-1" data-sr-step="{number}">{number}. {esc(title)}</h2>')


def _shell_stylesheet() -> w.HTML:
    """The sticky bar's and the step menu's styles (``shell.css``)."""
    css = files("sendreflect.app").joinpath("shell.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}</style>", layout=w.Layout(display="none"))


def link_button(label: str, action: Callable[[], object], icon: str = "user") -> w.Button:
    """A quiet button that reads as a link (e.g. "Not Ash? Join as someone else")."""
    button = w.Button(description=label, icon=icon)
    button.add_class("sr-link-button")
    button.on_click(lambda _b: action())
    return button


def remembered(
    store: Store, token: str, problem: w.HTML, memory: BrowserMemory
) -> Participant | None:
    """The participant the browser remembered, if its token still opens one. A database that is
    down keeps the memory for the next reload (and says so in ``problem``); a token that opens
    nothing is forgotten."""
    try:
        return store.resume(token)
    except StoreFailure as exc:
        problem.value = message(str(exc), "error")
    except StoreError:
        memory.clear()
    return None
