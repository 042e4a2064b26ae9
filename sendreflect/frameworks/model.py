"""A framework file's schema: the pydantic models every YAML file is validated by.

Every answerable item (dimension, question, prompt, rating area) has a stable id such as
``values.think.2``; answers refer to ``(framework id, item id)``, so wording can be edited without
detaching answers. A continuum framework's dimensions each run from a ``bolt_on`` pole (1) to a
``whole_school`` pole (5), and the framework may name its five points (``positions``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"

PACK = "national_college"
"""The National College support pack: the continuum framework of every workshop that names no
other."""

PACK_POSITIONS = (
    "Preserve of specialists",
    "Mostly specialists",
    "In between",
    "Mostly whole school",
    "Whole school",
)


class FrameworkError(ValueError):
    """A framework file that cannot be used, with a message that says where and what to fix."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Model):
    """Where an item's text comes from."""

    file: str = ""
    section: str


class Item(_Model):
    """A question or prompt that people answer with a note."""

    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)
    source: Source | None = None


class ItemList(_Model):
    """A bulleted list quoted from the source, with the sentence that leads into it."""

    id: str = Field(pattern=ID_PATTERN)
    lead: str = Field(min_length=1)
    items: list[str] = Field(min_length=1)
    details: list[str] = []
    """Each item's own paragraph, when the source explains its items (one per item, in order)."""
    after_examples: bool = False
    """True when the source prints the list after its theme's examples."""
    before_introduction: bool = False
    """True when the source prints the list before its theme's introduction (the introduction
    then goes on from it)."""
    source: Source | None = None

    @model_validator(mode="after")
    def _details_match(self) -> ItemList:
        if self.details and len(self.details) != len(self.items):
            raise ValueError(
                f"list '{self.id}' has {len(self.items)} items but {len(self.details)} details; "
                "give one paragraph per item, or none"
            )
        return self


class Example(_Model):
    """An example from a real school, attached to the theme it illustrates."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    theme: str
    text: str = Field(min_length=1)
    source: Source | None = None


class Theme(_Model):
    """A sub-theme with its introduction, lists and "Think about your school…" questions."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    introduction: str = ""
    quote: str = ""
    """Someone's own words, quoted after the introduction, with who said them (``said_by``)."""
    said_by: str = ""
    lists: list[ItemList] = []
    questions: list[Item] = []
    statements: bool = False
    """True when the "questions" are the source's statements (lessons, findings) to discuss:
    each is shown as a quotation, with the project's own question beneath it."""
    source: Source | None = None

    @model_validator(mode="after")
    def _quote_has_speaker(self) -> Theme:
        if self.quote and not self.said_by:
            raise ValueError(f"theme '{self.id}' quotes someone: say who under 'said_by'")
        return self


class Dimension(_Model):
    """One continuum between the whole-school pole and the bolt-on pole."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    whole_school: str = Field(min_length=1)
    bolt_on: str = Field(min_length=1)
    introduction: str = ""
    lists: list[ItemList] = []
    themes: list[Theme] = []
    prompts: list[Item] = []
    source: Source | None = None


class Framing(_Model):
    """How a continuum framework frames itself: the paragraph that introduces its continuum, its
    table's title and header row (the whole-school column first, as the pack prints it), and the
    paragraph that opens its questions for reflection."""

    introduction: str = ""
    table_title: str = ""
    whole_school_heading: str = ""
    bolt_on_heading: str = ""
    reflecting: str = ""
    source: Source | None = None


class ScalePoint(_Model):
    value: int
    label: str


class Rating(_Model):
    """A rating framework: areas a school rates on one scale."""

    lead: str = ""
    scale: list[ScalePoint] = Field(min_length=2)
    areas: list[Item] = Field(min_length=1)


class ContextAnalysis(_Model):
    """Which theme holds the context-analysis questions, and which examples illustrate it."""

    theme: str
    examples: list[str] = []


class FrameworkSource(_Model):
    """Where a framework's text comes from and how to credit it."""

    file: str
    citation: str
    credit: str = ""
    notice: str = ""
    """The source's own copyright or permissions notice, quoted word for word ("" when the source
    prints none)."""
    called: str = "the source"
    """How the pages name the source in "What … says" ("the pack")."""
    questions_quoted: bool = True
    """False when the questions are the project's own, written from the source (the
    introductions and lists are still quoted word for word)."""
    headings_quoted: bool = True
    """False when the section headings are the project's own."""


class Framework(_Model):
    """One framework file."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    short_title: str
    kind: Literal["continuum", "rating", "discussion"]
    description: str = ""
    source: FrameworkSource
    dimensions: list[Dimension] = []
    rating: Rating | None = None
    sections: list[Theme] = []
    lists: list[ItemList] = []
    examples: list[Example] = []
    context_analysis: ContextAnalysis | None = None
    framing: Framing | None = None
    positions: list[str] = Field(default=list(PACK_POSITIONS), min_length=5, max_length=5)
    """A continuum's five points by name, from 1 (the bolt-on end: each dimension's ``bolt_on``)
    to 5 (the whole-school end: ``whole_school``); the pack's names unless the file has its own."""

    @field_validator("dimensions")
    @classmethod
    def _unique_dimensions(cls, value: list[Dimension]) -> list[Dimension]:
        _require_unique([d.id for d in value], "dimension")
        return value

    @model_validator(mode="after")
    def _check_structure(self) -> Framework:
        if self.kind == "continuum" and not self.dimensions:
            raise ValueError("a 'continuum' framework needs at least one entry under 'dimensions'")
        if self.kind == "rating" and self.rating is None:
            raise ValueError("a 'rating' framework needs a 'rating:' block with a scale and areas")
        _require_unique([i.id for i in self.answerable()], "question, prompt or area")
        _require_unique([t.id for t in self.themes()], "theme")
        _require_unique([e.id for e in self.examples], "example")
        themes = {t.id for t in self.themes()}
        for example in self.examples:
            if example.theme not in themes:
                raise ValueError(
                    f"example '{example.id}' names theme '{example.theme}', which does not exist; "
                    f"use one of: {', '.join(sorted(themes))}"
                )
        if self.context_analysis:
            if self.context_analysis.theme not in themes:
                raise ValueError(
                    f"context_analysis names theme '{self.context_analysis.theme}', "
                    "which does not exist"
                )
            known = {e.id for e in self.examples}
            for ex in self.context_analysis.examples:
                if ex not in known:
                    raise ValueError(f"context_analysis names example '{ex}', which does not exist")
        return self

    def themes(self) -> Iterator[Theme]:
        """Every theme, those under dimensions first, then free-standing sections."""
        for dimension in self.dimensions:
            yield from dimension.themes
        yield from self.sections

    def questions(self) -> Iterator[tuple[Dimension | None, Theme, Item]]:
        """Every "Think about your school…" question with its dimension and theme."""
        for dimension in self.dimensions:
            for theme in dimension.themes:
                for question in theme.questions:
                    yield dimension, theme, question
        for theme in self.sections:
            for question in theme.questions:
                yield None, theme, question

    @property
    def context_theme_id(self) -> str:
        """The theme holding the context-analysis questions ("" when the framework has none).
        It is a step of its own, so the "Think about your school…" step, the progress table and
        the report's dimension sections all leave it out."""
        return self.context_analysis.theme if self.context_analysis else ""

    def context_questions(self) -> list[Item]:
        """The context-analysis questions, in order (none when the framework has none)."""
        theme_id = self.context_theme_id
        return list(self.theme(theme_id).questions) if theme_id else []

    def think_questions(self) -> list[Item]:
        """The "Think about your school…" questions: every question outside the context theme."""
        return [q for _, theme, q in self.questions() if theme.id != self.context_theme_id]

    def prompts(self) -> Iterator[tuple[Dimension, Item]]:
        """Every "How will you move your school?" prompt with its dimension."""
        for dimension in self.dimensions:
            for prompt in dimension.prompts:
                yield dimension, prompt

    def answerable(self) -> list[Item]:
        """Every item an answer can refer to (dimensions count, as positions refer to them)."""
        items = [Item(id=d.id, text=d.title) for d in self.dimensions]
        items += [q for _, _, q in self.questions()]
        items += [p for _, p in self.prompts()]
        if self.rating:
            items += list(self.rating.areas)
        return items

    def item(self, item_id: str) -> Item:
        """The answerable item with this id (raises ``KeyError`` naming the framework)."""
        for item in self.answerable():
            if item.id == item_id:
                return item
        raise KeyError(f"framework '{self.id}' has no item '{item_id}'")

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(f"framework '{self.id}' has no dimension '{dimension_id}'")

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes():
            if theme.id == theme_id:
                return theme
        raise KeyError(f"framework '{self.id}' has no theme '{theme_id}'")

    def position_labels(self) -> dict[int, str]:
        """Each point of the continuum by its name: ``{1: "Preserve of specialists", …}``."""
        return dict(enumerate(self.positions, start=1))

    def shown_order(self) -> list[int]:
        """The continuum's points in the order every page shows them: the whole-school end (5)
        first, as the pack's Table 1 puts it, down to the bolt-on end (1). Stored values keep
        their meaning (1 the bolt-on end, 5 the whole-school end)."""
        return sorted(self.position_labels(), reverse=True)

    @property
    def fold_title(self) -> str:
        """The heading of the fold holding the source's own text: "What the pack says"."""
        return f"What {self.source.called} says"

    def tick_labels(self) -> dict[int, str]:
        """The continuum's points as a chart's axis shows them: the ends named briefly."""
        if tuple(self.positions) == PACK_POSITIONS:
            low, high = "specialists", "whole school"
        else:
            low, high = self.positions[0].lower(), self.positions[-1].lower()
        return {1: f"1 {low}", 2: "2", 3: "3", 4: "4", 5: f"5 {high}"}

    def scale_text(self) -> str:
        """The continuum's ends in words, whole-school end first as the pack puts it:
        "5 (whole school) to 1 (preserve of specialists)"."""
        return f"5 ({self.positions[-1].lower()}) to 1 ({self.positions[0].lower()})"

    def examples_for(self, theme_id: str) -> list[Example]:
        return [e for e in self.examples if e.theme == theme_id]

    def counts(self) -> dict[str, int]:
        """How many items of each kind the framework holds (shown by ``sendreflect frameworks``)."""
        return {
            "dimensions": len(self.dimensions),
            "themes": sum(1 for _ in self.themes()),
            "questions": sum(1 for _ in self.questions()),
            "prompts": sum(1 for _ in self.prompts()),
            "areas": len(self.rating.areas) if self.rating else 0,
            "examples": len(self.examples),
        }


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"the {what} id '{item_id}' is used twice; give each a different id")
        seen.add(item_id)
