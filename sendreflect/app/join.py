"""Joining a workshop: the code, an alias, a role (and a visiting reviewer's school), and the
resume code that an alias already taken needs.

Wrong codes are counted per page (:class:`Tries`): after :data:`FREE_TRIES` each further try
waits longer, so join codes and resume codes cannot be guessed at speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from sendreflect.app.kit import ONCE, message
from sendreflect.app.saving import PROBLEMS
from sendreflect.responses import ROLES
from sendreflect.store import AliasTaken, Participant, Store, StoreError, UnknownWorkshop

PEER_REVIEWER = "peer_reviewer"
FREE_TRIES = 3
"""Wrong join codes or resume codes a page may try before each further try must wait longer
(2, 4, 8 … up to 60 seconds), so codes cannot be guessed at speed."""

JOIN_HEADER = (
    "<header><h2>Join your workshop</h2>"
    "<p>Join your workshop with the code your facilitator gave you. Choose an alias: it "
    "need not be your name. What you write is shown to the team without it.</p></header>"
)


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


def role_choice() -> w.Dropdown:
    return w.Dropdown(
        options=[("Choose your role", ""), *((label, key) for key, label in ROLES.items())],
        description="Your role",
    )


def as_fields(*fields: w.Widget) -> None:
    """Line a form's fields up under one label width."""
    for field in fields:
        field.style.description_width = "8em"
        field.add_class("sr-field")


class JoinForm:
    """The join form. ``joined(participant, chosen_role)`` is called once someone has joined."""

    def __init__(
        self,
        store: Store,
        code: str,
        joined: Callable[[Participant, str], None],
        tries: Tries,
    ) -> None:
        self.store = store
        self.joined = joined
        self.tries = tries
        self.code = w.Text(
            value=code, description="Workshop code", placeholder="e.g. K7QF3M", **ONCE
        )
        self.alias = w.Text(description="Your alias", placeholder="e.g. Ash", **ONCE)
        self.role = role_choice()
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
        as_fields(self.code, self.alias, self.role, self.home_school, self.resume_code)
        self.button = w.Button(description="Join", button_style="primary", icon="sign-in")
        self.button.on_click(lambda _b: self.join())
        self.message = w.HTML()
        self.widgets: list[w.Widget] = [
            self.code,
            self.alias,
            self.role,
            self.home_school,
            self.resume_code,
            self.button,
            self.message,
        ]
        if code.strip():
            self._describe(code)

    def _describe(self, code: str) -> None:
        """Say which workshop the link's code opens (or what is wrong with it)."""
        try:
            workshop = self.store.workshop(code)
            self.message.value = message(
                f"Workshop {workshop.code}: {workshop.school}, {workshop.round}."
            )
        except StoreError as exc:
            self.message.value = message(str(exc), "error")

    def _ask_school(self, change: dict[str, Any]) -> None:
        """A peer reviewer visiting from another school (a triad) says which school."""
        self.home_school.layout.display = "" if change["new"] == PEER_REVIEWER else "none"

    def join(self) -> None:
        """Join with the code, alias and role typed in (or say what is missing)."""
        if not self.role.value:
            self.message.value = message("Choose your role, then press Join.", "error")
            return
        if wait := self.tries.wait():
            self.message.value = message(
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
            self.tries.failed()
            self.resume_code.layout.display = "" if isinstance(exc, AliasTaken) else "none"
            self.message.value = message(str(exc), "error")
            return
        except PROBLEMS as exc:
            self.message.value = message(str(exc), "error")
            return
        self.tries.reset()
        self.joined(participant, self.role.value)
