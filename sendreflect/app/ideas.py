"""The team's ideas against each "How will you move your school?" prompt, gathered and unnamed,
for the action plan: each idea turns into an action in one click.

Ideas are the members' notes on the continuum framework's prompts. They are shown as the team's
results are: no alias or role beside them, any alias typed into them replaced by "a colleague",
in alphabetical order (never by author or time).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from sendreflect import responses
from sendreflect.app.kit import esc, heading, message
from sendreflect.confidential import unattributed
from sendreflect.frameworks import Dimension, Framework, Item
from sendreflect.responses import Kind
from sendreflect.store import Store

Adopt = Callable[[Dimension, Item, str], None]
"""What turning an idea into an action does: given its dimension, its prompt and its text."""


class TeamIdeas:
    """The ideas the team noted against each prompt, each with a button that makes it an
    action. ``widget`` is the panel; :meth:`refresh` reads the store again."""

    def __init__(self, store: Store, code: str, framework: Framework, adopt: Adopt) -> None:
        self.store = store
        self.code = code
        self.framework = framework
        self.adopt = adopt
        self.list = w.VBox()
        again = w.Button(description="Check for new ideas", icon="refresh")
        again.on_click(lambda _b: self.refresh())
        self.widget = w.VBox(
            [
                heading("The team's ideas", 3),
                w.HTML(
                    "<p>What members noted against each “How will you move your school?” "
                    "prompt, without names. Make any idea an action in one click, then edit it "
                    "to name a lead, a date and how you will know it worked.</p>"
                ),
                again,
                self.list,
            ]
        )
        self.widget.add_class("sr-ideas")
        self.refresh()

    def gathered(self) -> list[tuple[Dimension, Item, list[str]]]:
        """Each prompt with the ideas noted against it (prompts with none left out)."""
        answers = self.store.answers(self.code)
        notes = responses.notes(answers)
        notes = notes[
            (notes["framework"] == self.framework.id) & (notes["kind"] == Kind.REFLECTION.value)
        ]
        aliases = list(self.store.participants(self.code)["alias"])
        found = []
        for dimension, prompt in self.framework.prompts():
            texts = notes.loc[notes["item_id"] == prompt.id, "text"]
            if ideas := unattributed(texts, aliases):
                found.append((dimension, prompt, ideas))
        return found

    def refresh(self) -> None:
        """Show the ideas as the store holds them now."""
        gathered = self.gathered()
        if not gathered:
            self.list.children = [
                w.HTML(
                    message("No ideas yet: members note them in “How will you move your school?”.")
                )
            ]
            return
        parts: list[w.Widget] = []
        for dimension, prompt, ideas in gathered:
            parts.append(
                w.HTML(
                    f'<p class="sr-idea-prompt"><strong>{esc(dimension.title)}</strong><br>'
                    f"{esc(prompt.text)}</p>"
                )
            )
            parts += [self._card(dimension, prompt, idea) for idea in ideas]
        self.list.children = parts

    def _card(self, dimension: Dimension, prompt: Item, idea: str) -> w.Widget:
        button = w.Button(
            description="Make this an action",
            icon="plus",
            tooltip=f"Make this an action: {idea[:60]}",
        )
        button.on_click(lambda _b: self.adopt(dimension, prompt, idea))
        card = w.VBox([w.HTML(f'<p class="sr-idea">{esc(idea)}</p>'), button])
        card.add_class("sr-card")
        return card
