"""Loading frameworks: reading and validating the YAML files, with errors that name the file, the
entry and the fix, and choosing a workshop's continuum framework.

Files come from ``data/frameworks/`` (shipped inside the wheel as ``sendreflect/_data/frameworks``)
and from the folder named by ``SENDREFLECT_FRAMEWORKS``. Nothing half-loads: a broken file raises
:class:`FrameworkError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from sendreflect.frameworks.model import PACK, Framework, FrameworkError
from sendreflect.settings import get_settings

BUILTIN_DIR = Path(__file__).parents[1] / "_data" / "frameworks"
SOURCE_TREE_DIR = Path(__file__).parents[2] / "data" / "frameworks"

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
    """The continuum's five points as a form's options, whole-school end first as the pack puts
    it: ``("5 – Whole school", 5)`` down to ``("1 – Preserve of specialists", 1)``."""
    labels = framework.position_labels()
    return [(f"{n} – {labels[n]}", n) for n in framework.shown_order()]


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


def continua(library: Mapping[str, Framework]) -> list[str]:
    """The ids of the continuum frameworks (those a school is placed on), in library order."""
    return [f.id for f in library.values() if f.kind == "continuum"]


def with_continuum(framework_ids: Iterable[str], library: Mapping[str, Framework]) -> list[str]:
    """A new workshop's frameworks, led by the pack when they name no continuum framework."""
    ids = list(framework_ids)
    if not set(ids) & set(continua(library)):
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
