"""One person's reflection: the steps each framework asks for, and where each answer goes.

:class:`Answers` holds what this person has said in one workshop and saves each answer the moment
it is given. :func:`reflection_steps` lists the steps of every framework the workshop uses, in the
workshop's order: understanding your context, where is our school on each continuum (with "How
do you know?") and "Think about your school…" for its continuum framework (see
:func:`~sendreflect.frameworks.continuum_of`), then a rating or discussion step for each other
framework. The participant and solo apps both build their pages from these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from sendreflect.app.drafts import Target
from sendreflect.app.kit import esc, heading, paragraphs, toggle_example
from sendreflect.app.saving import SaveStatus, note_box
from sendreflect.app.sourcetext import (
    credit,
    dimension_text,
    fold,
    framing_text,
    heading_html,
    list_html,
    own_questions_note,
    poles_html,
    source_fold,
    theme_text,
)
from sendreflect.frameworks import Dimension, Framework, Theme, continuum_of
from sendreflect.responses import NOT_SURE, Kind
from sendreflect.store import Participant, Store, Workshop


@dataclass
class Step:
    """A step of the page: its title, and how to build its widgets the first time it is shown."""

    title: str
    build: Callable[[], list[w.Widget]]


def position_choices(framework: Framework) -> list[tuple[str, Any]]:
    """A participant's options on a continuum, whole-school end first as the pack puts it: the
    ends named, then "Not sure". Stored values keep their meaning (5 the whole-school end)."""
    labels = framework.position_labels()
    return [
        (f"{n} – {labels[n].lower()}" if n in (1, 5) else str(n), n)
        for n in framework.shown_order()
    ] + [("Not sure", NOT_SURE)]


class Answers:
    """One person's answers in one workshop, read once; each saved as soon as it is given."""

    def __init__(
        self,
        store: Store,
        workshop: Workshop,
        participant: Participant,
        status: SaveStatus,
        library: Mapping[str, Framework],
    ) -> None:
        self.store = store
        self.workshop = workshop
        self.participant = participant
        self.status = status
        self.library = library
        mine = store.answer_records(workshop.code, subject=participant.id)
        self.values: dict[tuple[str, str, str], Any] = {
            (r.kind, r.framework, r.item_id): r.value for r in mine
        }

    def save(self, kind: Kind, framework: str, item_id: str, value: Any) -> None:
        self.store.save(self.workshop.code, self.participant.id, kind, framework, item_id, value)
        self.values[(kind.value, framework, item_id)] = value

    def note(
        self, kind: Kind, framework: str, item_id: str, label: str, placeholder: str = ""
    ) -> w.Textarea:
        """A text box saved after a pause in typing (its draft kept in the browser meanwhile)."""
        return note_box(
            label,
            self.values.get((kind.value, framework, item_id)) or "",
            lambda text: self.save(kind, framework, item_id, text or None),
            self.status,
            placeholder=placeholder,
            key=f"{kind.value}/{framework}/{item_id}",
        )

    def choice(
        self, kind: Kind, framework: str, item_id: str, label: str, options: list[tuple[str, Any]]
    ) -> w.RadioButtons:
        """Radio buttons saved at each click."""
        current = self.values.get((kind.value, framework, item_id))
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

    def draft_target(self, key: str) -> Target | None:
        """The saved text and save path of this person's note ``key`` (see :meth:`note`), or
        None for a key that is not one of this workshop's notes."""
        kind, _, rest = key.partition("/")
        framework_id, _, item_id = rest.partition("/")
        framework = self.library.get(framework_id)
        if framework is None or framework_id not in self.workshop.frameworks:
            return None
        if kind == Kind.EVIDENCE.value:
            items = {d.id for d in framework.dimensions}
        elif kind == Kind.REFLECTION.value:
            items = {q.id for _, _, q in framework.questions()}
            items |= {p.id for _, p in framework.prompts()}
        else:
            return None
        if item_id not in items:
            return None
        note_kind = Kind(kind)
        return (
            self.values.get((kind, framework_id, item_id)) or "",
            lambda text: self.save(note_kind, framework_id, item_id, text or None),
        )


def reflection_steps(answers: Answers) -> list[Step]:
    """Every framework's steps, in the order the workshop names its frameworks."""
    library, workshop = answers.library, answers.workshop
    continuum = continuum_of(workshop.frameworks, library)
    steps: list[Step] = []
    for framework_id in workshop.frameworks:
        framework = library.get(framework_id)
        if framework is None:
            continue
        if framework.context_analysis:
            steps.append(
                Step("Understanding your context", _bind(context_step, answers, framework))
            )
        if framework.id == continuum.id:
            steps.append(Step("Where is our school?", _bind(position_step, answers, framework)))
            steps.append(Step("Think about your school…", _bind(think_step, answers, framework)))
        if framework.rating:
            steps.append(Step(framework.short_title, _bind(rating_step, answers, framework)))
        if framework.kind == "discussion":
            steps.append(Step(framework.short_title, _bind(discussion_step, answers, framework)))
    return steps


MOVE_TITLE = "How will you move your school?"


def moving_step(answers: Answers) -> Step | None:
    """The "How will you move your school?" step on the workshop's continuum framework, or None
    when that framework has no prompts (or the workshop does not use it)."""
    continuum = continuum_of(answers.workshop.frameworks, answers.library)
    if continuum.id not in answers.workshop.frameworks or not any(continuum.prompts()):
        return None
    return Step(MOVE_TITLE, _bind(move_step, answers, continuum))


def _bind(
    build: Callable[[Answers, Framework], list[w.Widget]], answers: Answers, framework: Framework
) -> Callable[[], list[w.Widget]]:
    return lambda: build(answers, framework)


def context_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Understanding your context: the introduction and its examples in a "What the pack says"
    fold, then its questions, and the credit."""
    assert framework.context_analysis is not None
    theme = framework.theme(framework.context_theme_id)
    chosen = [e for e in framework.examples if e.id in framework.context_analysis.examples]
    text: list[w.Widget] = [w.HTML(paragraphs(theme.introduction))] if theme.introduction else []
    text += [w.HTML(list_html(lst)) for lst in theme.lists]
    text += [toggle_example(e.title, e.text) for e in chosen]
    parts = source_fold(framework, text)
    parts += _questions(answers, framework, theme)
    return [*parts, credit(framework)]


def position_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Where is our school? The framework's framing and its table, then a position on each
    dimension (whole-school end first, as the pack puts it), and how you know."""
    parts: list[w.Widget] = source_fold(framework, framing_text(framework))
    parts.append(
        w.HTML(
            "<p>For each dimension, place your school between the two poles, from "
            f"{esc(framework.scale_text())}. Then say how you know.</p>"
        )
    )
    options = position_choices(framework)
    for number, dimension in enumerate(framework.dimensions, start=1):
        parts += [
            heading(f"{number}. {dimension.title}", 3),
            w.HTML(poles_html(framework, dimension)),
            answers.choice(
                Kind.POSITION,
                framework.id,
                dimension.id,
                f"Where is our school on {dimension.title.lower()}?",
                options,
            ),
            answers.note(
                Kind.EVIDENCE,
                framework.id,
                dimension.id,
                "How do you know?",
                "Evidence: data, what you have seen, what people say",
            ),
        ]
    return [*parts, credit(framework)]


OPTIONAL = (
    '<p class="sr-lead sr-optional"><strong>These questions are optional.</strong> Answer the '
    "two or three that matter most to you; every answer is saved as you give it.</p>"
)
"""Said above the "Think about your school…" questions, so no one feels behind for leaving
most of them blank."""


def think_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Think about your school… said to be optional, then each dimension's questions in a fold
    of their own (the first open) whose title counts this person's answers, with the dimension's
    and each theme's text in a closed "What the pack says" fold above them (the context theme
    has a step of its own). Folded, the step is a phone's screen or two, not 29 text boxes."""
    parts: list[w.Widget] = [w.HTML(OPTIONAL)]
    if framework.framing and framework.framing.reflecting:
        reflecting = [w.HTML(paragraphs(framework.framing.reflecting))]
        parts += source_fold(framework, reflecting, opened=False)
    for number, dimension in enumerate(framework.dimensions):
        if shown := _dimension_themes(answers, framework, dimension):
            parts.append(question_group(dimension.title, shown, opened=number == 0))
    return [*parts, credit(framework)]


def question_group(title: str, children: list[w.Widget], *, opened: bool) -> w.VBox:
    """``children`` in a fold titled ``title`` and how many of its questions (its note boxes)
    are answered, e.g. "Values — 1 of 4 answered", counted again as each answer is typed."""
    box = fold(title, children, opened=opened)
    box.add_class("sr-group")
    button = box.children[0]
    notes = [c for c in children if isinstance(c, w.Textarea)]

    def count(_change: object = None) -> None:
        if not notes:
            return
        done = sum(1 for note in notes if note.value.strip())
        button.description = f"{title} — {done} of {len(notes)} answered"
        button.tooltip = f"Show or hide the questions on {title}"

    for note in notes:
        note.observe(count, names="value")
    count()
    return box


def _dimension_themes(
    answers: Answers, framework: Framework, dimension: Dimension
) -> list[w.Widget]:
    """A dimension's own text and its themes, each theme's text in a fold above its questions
    (closed: the questions are what a person opened the dimension for, the text one click away);
    a theme without a heading of its own (the dimension's only theme) shares the dimension's
    fold, so no two folds stand one after the other."""
    parts: list[w.Widget] = []
    text = dimension_text(dimension)
    for theme in dimension.themes:
        if theme.id == framework.context_theme_id:
            continue
        if theme.title == dimension.title:
            text += theme_text(framework, theme)
            parts += _questions(answers, framework, theme)
            continue
        parts.append(heading_html(framework, theme.title, 3))
        parts += source_fold(framework, theme_text(framework, theme), opened=False)
        parts += _questions(answers, framework, theme)
    return [*source_fold(framework, text, opened=False), *parts]


def _questions(answers: Answers, framework: Framework, theme: Theme) -> list[w.Widget]:
    """A theme's questions as note boxes: the project's own marked as such, and a source's
    statements (lessons, findings) quoted, each with the project's question beneath it."""
    if theme.statements:
        parts: list[w.Widget] = []
        for number, statement in enumerate(theme.questions, start=1):
            parts += [
                w.HTML(
                    f'<blockquote class="sr-statement">{paragraphs(statement.text)}</blockquote>'
                ),
                answers.note(
                    Kind.REFLECTION,
                    framework.id,
                    statement.id,
                    f"{number}. What does this mean for our school?",
                ),
            ]
        return [own_questions_note(framework, statements=True), *parts] if parts else []
    notes: list[w.Widget] = [
        answers.note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions
    ]
    if notes and not framework.source.questions_quoted:
        notes.insert(0, own_questions_note(framework))
    return notes


def move_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """How will you move your school? Each dimension's prompts in full, each with a note of this
    person's ideas; the team's ideas are gathered, unnamed, beside the action plan."""
    parts: list[w.Widget] = [
        w.HTML(
            "<p>With the team's results in mind, note your ideas against each prompt: what could "
            "we do, who would lead it, how would we know it worked? Your facilitator sees "
            "everyone's ideas together, without names, beside the action plan.</p>"
        )
    ]
    for number, dimension in enumerate(framework.dimensions, start=1):
        if not dimension.prompts:
            continue
        parts += [
            heading(f"{number}. {dimension.title}", 3),
            w.HTML(poles_html(framework, dimension)),
        ]
        parts += [
            answers.note(Kind.REFLECTION, framework.id, p.id, p.text, "Your ideas")
            for p in dimension.prompts
        ]
    return [*parts, credit(framework)]


def rating_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """A rating framework's lists in a fold, then its areas, each rated on its scale."""
    assert framework.rating is not None
    options = [(p.label, p.value) for p in framework.rating.scale]
    parts: list[w.Widget] = [w.HTML(paragraphs(framework.rating.lead))]
    parts += source_fold(framework, [w.HTML(list_html(lst)) for lst in framework.lists])
    parts += [
        answers.choice(Kind.RATING, framework.id, area.id, area.text, options)
        for area in framework.rating.areas
    ]
    return [*parts, credit(framework)]


def discussion_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """A discussion framework's sections, each with its own text in a fold and its questions."""
    parts: list[w.Widget] = [w.HTML(paragraphs(framework.description))]
    parts += source_fold(framework, [w.HTML(list_html(lst)) for lst in framework.lists])
    for theme in framework.sections:
        parts.append(heading_html(framework, theme.title, 3))
        parts += source_fold(framework, theme_text(framework, theme))
        parts += _questions(answers, framework, theme)
    return [*parts, credit(framework)]
