"""Frameworks: the content library, its schema and the loader.

A framework is one YAML file in ``data/frameworks/`` (shipped inside the wheel as
``sendreflect/_data/frameworks``), or in the folder named by ``SENDREFLECT_FRAMEWORKS``. Every file
is validated by :class:`Framework`; a broken file raises :class:`FrameworkError`, whose message
names the file, the entry and what to change. Nothing half-loads.

Every answerable item (dimension, question, prompt, rating area) has a stable id such as
``values.think.2``; answers refer to ``(framework id, item id)``, so wording can be edited without
detaching answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sendreflect.settings import get_settings

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

BUILTIN_DIR = Path(__file__).parent / "_data" / "frameworks"
SOURCE_TREE_DIR = Path(__file__).parent.parent / "data" / "frameworks"


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
    source: Source | None = None


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
    lists: list[ItemList] = []
    questions: list[Item] = []
    source: Source | None = None


class Dimension(_Model):
    """One continuum between the whole-school pole and the bolt-on pole."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    whole_school: str = Field(min_length=1)
    bolt_on: str = Field(min_length=1)
    introduction: str = ""
    themes: list[Theme] = []
    prompts: list[Item] = []
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
    questions_quoted: bool = True
    """False when the questions are the project's own, written from the source (the
    introductions and lists are still quoted word for word)."""


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

    def tick_labels(self) -> dict[int, str]:
        """The continuum's points as a chart's axis shows them: the ends named briefly."""
        if tuple(self.positions) == PACK_POSITIONS:
            low, high = "specialists", "whole school"
        else:
            low, high = self.positions[0].lower(), self.positions[-1].lower()
        return {1: f"1 {low}", 2: "2", 3: "3", 4: "4", 5: f"5 {high}"}

    def scale_text(self) -> str:
        """The continuum's ends in words: "1 (preserve of specialists) to 5 (whole school)"."""
        return f"1 ({self.positions[0].lower()}) to 5 ({self.positions[-1].lower()})"

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


_FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it or check its spelling",
    "string_type": "write it as text (in quotes if it starts with a symbol)",
    "string_too_short": "it must not be empty",
    "string_pattern_mismatch": "use lower-case letters, digits and _ only, parts joined by dots "
    "(for example values.think.2)",
    "list_type": "write it as a list, one '- ' line per entry",
    "too_short": "it needs at least one entry",
    "literal_error": "use one of the values named",
    "int_parsing": "write it as a whole number",
    "model_type": "write it as a block of 'key: value' lines",
}


def _describe_location(data: object, loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            label = f"entry {step + 1}"
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" (id '{node['id']}')"
            parts.append(label)
        else:
            parts.append(f"'{step}'")
            node = node.get(step) if isinstance(node, dict) else None
    return " > ".join(parts) or "the top level"


def _format_validation_error(path: Path, data: object, error: ValidationError) -> str:
    lines = [f"{path}: this framework file has {error.error_count()} problem(s):"]
    for err in error.errors():
        where = _describe_location(data, tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        fix = _FIXES.get(err["type"])
        lines.append(f"  - at {where}: {message}" + (f"; fix: {fix}." if fix else "."))
    return "\n".join(lines)


def parse_framework(path: str | Path) -> Framework:
    """Read and validate one framework file, or raise :class:`FrameworkError` saying what to fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"{path}: no such file; check the path.") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path}: not a text file; save it as UTF-8 YAML.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise FrameworkError(
            f"{path}: the YAML cannot be read{where}: {problem}. Check the indentation and that "
            "text containing ': ' is in quotes."
        ) from None
    if not isinstance(data, dict):
        raise FrameworkError(
            f"{path}: a framework file must be a block of 'key: value' lines starting with 'id:'."
        )
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(_format_validation_error(path, data, exc)) from None


def framework_dirs() -> list[Path]:
    """The folders frameworks are loaded from: the built-in one, then ``SENDREFLECT_FRAMEWORKS``."""
    builtin = BUILTIN_DIR if BUILTIN_DIR.is_dir() else SOURCE_TREE_DIR
    dirs = [builtin]
    extra = get_settings().frameworks
    if extra is not None:
        if not extra.is_dir():
            raise FrameworkError(
                f"SENDREFLECT_FRAMEWORKS points at {extra}, which is not a folder; "
                "create it or correct the variable."
            )
        dirs.append(extra)
    return dirs


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, int], ...]) -> dict[str, Framework]:
    loaded: dict[str, Framework] = {}
    origin: dict[str, Path] = {}
    for path, _mtime in files:
        framework = parse_framework(path)
        if framework.id in loaded:
            raise FrameworkError(
                f"{path}: the framework id '{framework.id}' is already used by "
                f"{origin[framework.id]}; give this file a different 'id:'."
            )
        loaded[framework.id] = framework
        origin[framework.id] = path
    return loaded


def load_frameworks() -> dict[str, Framework]:
    """Every framework, keyed by id, in file-name order. Raises :class:`FrameworkError`.

    Files are parsed once and parsed again only when one of them changes.
    """
    files = tuple(
        (path, path.stat().st_mtime_ns)
        for folder in framework_dirs()
        for path in sorted(folder.glob("*.y*ml"))
    )
    return dict(_load(files))


def position_options(framework: Framework) -> list[tuple[str, int]]:
    """The continuum's five points as a form's options: ``("1 – Preserve of specialists", 1)``."""
    return [(f"{n} – {label}", n) for n, label in framework.position_labels().items()]


def continuum_of(
    framework_ids: Iterable[str], library: Mapping[str, Framework] | None = None
) -> Framework:
    """The continuum framework a workshop places the school on: the first of its frameworks whose
    kind is ``continuum``, or the pack for a workshop that names none (one made before workshops
    named theirs). Every page, the report and the workbook ask this, and nothing else, which
    framework holds the positions, agreements and actions."""
    library = load_frameworks() if library is None else library
    for framework_id in framework_ids:
        framework = library.get(framework_id)
        if framework is not None and framework.kind == "continuum":
            return framework
    return library[PACK]


def with_continuum(framework_ids: Iterable[str], library: Mapping[str, Framework]) -> list[str]:
    """A new workshop's frameworks, led by the pack when they name no continuum framework."""
    ids = list(framework_ids)
    if not any(f in library and library[f].kind == "continuum" for f in ids):
        ids.insert(0, PACK)
    return ids


def get_framework(framework_id: str) -> Framework:
    """One framework by id, or a :class:`FrameworkError` listing the ids there are."""
    frameworks = load_frameworks()
    try:
        return frameworks[framework_id]
    except KeyError:
        raise FrameworkError(
            f"there is no framework '{framework_id}'; the frameworks are: {', '.join(frameworks)}."
        ) from None
