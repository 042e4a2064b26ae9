"""The page a person reflects on: header, notice, step buttons, the step shown and the save status.

A :class:`Shell` knows nothing of workshops or frameworks: the participant and solo apps put their
own forms in its ``body`` and hand it their steps. It also holds what the browser remembers of who
joined from it (:class:`~sendreflect.app.memory.BrowserMemory`) and, through
:func:`remembered`, turns that memory back into a participant after a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as w

from sendreflect.app.kit import heading, message, stylesheet
from sendreflect.app.memory import BrowserMemory
from sendreflect.app.saving import SaveStatus
from sendreflect.app.steps import Step
from sendreflect.dberrors import StoreFailure
from sendreflect.store import Participant, Store, StoreError


class Shell:
    """One page of steps. ``widget`` is what the notebook displays."""

    def __init__(self) -> None:
        self.status = SaveStatus()
        self.memory = BrowserMemory(layout=w.Layout(display="none"))
        self.header = w.HTML()
        self.notice = w.HTML()
        self.body = w.VBox()
        self.nav = w.ToggleButtons(options=[])
        self.page = w.VBox()
        self.steps: list[Step] = []
        self._built: dict[int, w.VBox] = {}
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

    def show_form(self, header: str, widgets: Sequence[w.Widget]) -> None:
        """Show a form (joining, starting) in place of the steps."""
        self.header.value = header
        self.body.children = list(widgets)

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
        self.nav = w.ToggleButtons(
            options=[(f"{n}. {s.title}", n - 1) for n, s in enumerate(steps, start=1)],
            description="Step",
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.nav.add_class("sr-nav")
        self.page = w.VBox()
        self.nav.observe(lambda change: self.show_step(change["new"]), names="value")
        self.body.children = [*before, self.status.widget, self.nav, self.page, *after]
        index = min(max((first or 1) - 1, 0), len(steps) - 1)
        if self.nav.value == index:
            self.show_step(index)
        else:
            self.nav.value = index

    def show_step(self, index: int) -> None:
        """Show step ``index`` (0-based), building its widgets the first time."""
        if index not in self._built:
            step = self.steps[index]
            try:
                built = step.build()
            except StoreError as exc:
                self.page.children = [w.HTML(message(str(exc), "error"))]
                return
            children = [heading(f"{index + 1}. {step.title}"), *built]
            if index + 1 < len(self.steps):
                following = w.Button(
                    description=f"Next: {self.steps[index + 1].title}",
                    icon="arrow-right",
                    button_style="primary",
                )
                following.on_click(lambda _b, i=index + 1: setattr(self.nav, "value", i))
                children.append(following)
            self._built[index] = w.VBox(children)
        self.page.children = [self._built[index]]


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
