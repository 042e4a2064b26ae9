"""The framework schema: every built-in file loads, broken files say where and what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sendreflect import FrameworkError, get_framework, get_settings, load_frameworks
from sendreflect.frameworks import parse_framework

GOOD = """
id: my_reflection
title: Our own reflection
short_title: Our reflection
kind: discussion
source: {file: our-notes.txt, citation: "Written by the facilitator team, 2026."}
sections:
  - id: ours
    title: Our questions
    questions:
      - {id: ours.q.1, text: "Who leads SEND on the governing board?"}
"""


def write(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_facilitator_file_in_the_frameworks_folder_is_loaded(tmp_path, monkeypatch) -> None:
    write(tmp_path, GOOD)
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(tmp_path))
    get_settings.cache_clear()
    frameworks = load_frameworks()
    assert "my_reflection" in frameworks and "national_college" in frameworks
    assert get_framework("my_reflection").item("ours.q.1").text.startswith("Who leads")


def test_the_documented_example_file_is_valid() -> None:
    example = Path(__file__).parents[1] / "docs" / "example-framework.yaml"
    assert parse_framework(example).counts()["questions"] >= 1


def test_an_edited_file_is_reloaded(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(tmp_path))
    get_settings.cache_clear()
    assert load_frameworks()["my_reflection"].title == "Our own reflection"
    path.write_text(GOOD.replace("Our own reflection", "Renamed"), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 10**18))
    assert load_frameworks()["my_reflection"].title == "Renamed"


def test_a_missing_frameworks_folder_is_named(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(tmp_path / "nowhere"))
    get_settings.cache_clear()
    with pytest.raises(FrameworkError, match="not a folder"):
        load_frameworks()


def test_a_clashing_framework_id_is_refused(tmp_path, monkeypatch) -> None:
    write(tmp_path, GOOD.replace("id: my_reflection", "id: national_college"))
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(tmp_path))
    get_settings.cache_clear()
    with pytest.raises(FrameworkError, match="already used by"):
        load_frameworks()


def test_an_unknown_framework_lists_those_there_are() -> None:
    with pytest.raises(FrameworkError, match="national_college"):
        get_framework("nope")


BROKEN = [
    (
        "missing text",
        GOOD.replace('text: "Who leads SEND on the governing board?"', "text: ''"),
        [
            "entry 1 (id 'ours')",
            "'questions'",
            "entry 1 (id 'ours.q.1')",
            "'text'",
            "must not be empty",
        ],
    ),
    (
        "misspelt key",
        GOOD.replace("title: Our questions", "titel: Our questions"),
        ["'sections' > entry 1 (id 'ours')", "'titel'", "check its spelling"],
    ),
    ("bad id", GOOD.replace("id: ours.q.1", "id: Ours Q1"), ["id 'Ours Q1'", "lower-case letters"]),
    (
        "duplicate id",
        GOOD.replace(
            '      - {id: ours.q.1, text: "Who leads SEND on the governing board?"}',
            '      - {id: ours.q.1, text: "A"}\n      - {id: ours.q.1, text: "B"}',
        ),
        ["'ours.q.1' is used twice"],
    ),
    (
        "unknown kind",
        GOOD.replace("kind: discussion", "kind: survey"),
        ["'kind'", "'continuum', 'rating' or 'discussion'"],
    ),
    (
        "continuum without dimensions",
        GOOD.replace("kind: discussion", "kind: continuum"),
        ["needs at least one entry under 'dimensions'"],
    ),
    ("no id", GOOD.replace("id: my_reflection\n", ""), ["'id'", "Field required", "add it"]),
]


@pytest.mark.parametrize(("case", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_schema_errors_name_the_file_the_entry_and_the_fix(tmp_path, case, text, expected) -> None:
    path = write(tmp_path, text)
    with pytest.raises(FrameworkError) as caught:
        parse_framework(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_yaml_syntax_errors_give_the_line(tmp_path) -> None:
    path = write(tmp_path, GOOD.replace("title: Our questions", "title: [Our questions"))
    with pytest.raises(FrameworkError, match=r"line \d+, column \d+"):
        parse_framework(path)


@pytest.mark.parametrize("text", ["", "just a sentence", "- a\n- list"])
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, text) -> None:
    with pytest.raises(FrameworkError, match="block of 'key: value' lines"):
        parse_framework(write(tmp_path, text))


def test_an_example_must_name_a_real_theme(tmp_path) -> None:
    text = GOOD + "examples:\n  - {id: ex.1, title: Example, theme: nowhere, text: Hello}\n"
    with pytest.raises(FrameworkError, match="theme 'nowhere', which does not exist"):
        parse_framework(write(tmp_path, text))


def test_a_broken_file_in_the_folder_stops_everything_loading(tmp_path, monkeypatch) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, "id: [", name="zz-broken.yaml")
    monkeypatch.setenv("SENDREFLECT_FRAMEWORKS", str(tmp_path))
    get_settings.cache_clear()
    with pytest.raises(FrameworkError, match=r"zz-broken\.yaml"):
        load_frameworks()


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parents[1] / "data" / "frameworks").glob("*.yaml")),
    ids=lambda p: p.stem,
)
def test_every_builtin_file_round_trips_through_the_schema(path: Path) -> None:
    framework = parse_framework(path)
    dumped = framework.model_dump(mode="json", exclude_defaults=True)
    assert parse_framework(write_tmp(path, yaml.safe_dump(dumped, allow_unicode=True))) == framework


def write_tmp(original: Path, text: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    return write(folder, text, original.name)
