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
from sendreflect.app.kit import esc, heading, paragraphs, quoted_list, toggle_example
from sendreflect.app.saving import SaveStatus, note_box
from sendreflect.frameworks import Dimension, Framework, continuum_of
from sendreflect.responses import NOT_SURE, Kind
from sendreflect.store import Participant, Store, Workshop


@dataclass
class Step:
    """A step of the page: its title, and how to build its widgets the first time it is shown."""

    title: str
    build: Callable[[], list[w.Widget]]


def position_choices(framework: Framework) -> list[tuple[str, Any]]:
    """A participant's options on a continuum: the ends named, then "Not sure"."""
    labels = framework.position_labels()
    return [(f"{n} – {labels[n].lower()}" if n in (1, 5) else str(n), n) for n in labels] + [
        ("Not sure", NOT_SURE)
    ]


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
        mine = store.answers(workshop.code, subject=participant.id)
        self.values: dict[tuple[str, str, str], Any] = {
            (r.kind, r.framework, r.item_id): r.value for r in mine.itertuples()
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


def _bind(
    build: Callable[[Answers, Framework], list[w.Widget]], answers: Answers, framework: Framework
) -> Callable[[], list[w.Widget]]:
    return lambda: build(answers, framework)


def context_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Understanding your context: the introduction, its lists and examples, and its questions."""
    assert framework.context_analysis is not None
    theme = framework.theme(framework.context_theme_id)
    examples = [e for e in framework.examples if e.id in framework.context_analysis.examples]
    parts: list[w.Widget] = [w.HTML(paragraphs(theme.introduction))]
    parts += [quoted_list(lst) for lst in theme.lists]
    parts += [toggle_example(e.title, e.text) for e in examples]
    parts += [answers.note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions]
    return parts


def poles_html(framework: Framework, dimension: Dimension) -> str:
    """A dimension's two poles side by side, each with its end of the scale."""
    labels = framework.position_labels()
    return (
        f'<div class="sr-poles" role="group" aria-label="The two poles for '
        f'{esc(dimension.title)}">'
        f'<div class="sr-pole"><strong>1 – {esc(labels[1])}</strong>'
        f"<span>{esc(dimension.bolt_on)}</span></div>"
        f'<div class="sr-pole"><strong>5 – {esc(labels[5])}</strong>'
        f"<span>{esc(dimension.whole_school)}</span></div></div>"
    )


def position_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Where is our school? A position on each dimension, and how you know."""
    parts: list[w.Widget] = [
        w.HTML(
            "<p>For each dimension, place your school between the two poles, from "
            f"{esc(framework.scale_text())}. Then say how you know.</p>"
        )
    ]
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
    return parts


def think_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """Think about your school… each dimension's themes, with their lists, examples and questions
    (the context theme has a step of its own)."""
    parts: list[w.Widget] = []
    for dimension in framework.dimensions:
        parts.append(heading(dimension.title, 3))
        for theme in dimension.themes:
            if theme.id == framework.context_theme_id:
                continue
            if theme.title != dimension.title:
                parts.append(heading(theme.title, 4))
            parts += [quoted_list(lst) for lst in theme.lists]
            parts += [toggle_example(e.title, e.text) for e in framework.examples_for(theme.id)]
            parts += [
                answers.note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions
            ]
    return parts


def rating_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """A rating framework's areas, each rated on its scale."""
    assert framework.rating is not None
    options = [(p.label, p.value) for p in framework.rating.scale]
    parts: list[w.Widget] = [w.HTML(paragraphs(framework.rating.lead))]
    parts += [
        answers.choice(Kind.RATING, framework.id, area.id, area.text, options)
        for area in framework.rating.areas
    ]
    return parts


def discussion_step(answers: Answers, framework: Framework) -> list[w.Widget]:
    """A discussion framework's sections, each with its introduction, lists and questions."""
    parts: list[w.Widget] = [w.HTML(paragraphs(framework.description))]
    for theme in framework.sections:
        parts += [heading(theme.title, 3), w.HTML(paragraphs(theme.introduction))]
        parts += [quoted_list(lst) for lst in theme.lists]
        parts += [
            answers.note(Kind.REFLECTION, framework.id, q.id, q.text) for q in theme.questions
        ]
    return parts
