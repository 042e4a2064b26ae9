"""Hostile files: every one, through the command line and through the app's upload, gets a
plain-English refusal (never a traceback, never a hang) and leaves the store's file byte for byte
as it was."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sendreflect import Store, seed_demo
from sendreflect.app.transfer import Upload
from sendreflect.cli import main
from tests.security.corpus import CORPUS, large_files, small_files

LIMIT = 5 * 1024 * 1024
CASES = small_files()
NOT_PLAIN = re.compile(
    r"Traceback|Error\b|Exception|pydantic|errors\.pydantic|object at 0x|\{'|\\x[0-9a-f]{2}|"
    r"sqlite|sqlalchemy|Decode",
    re.IGNORECASE,
)


def test_the_corpus_on_disk_is_the_corpus_the_tests_expect() -> None:
    on_disk = {p.name: p.read_bytes() for p in CORPUS.iterdir()}
    assert len(on_disk) >= 40
    assert on_disk == {name: data for name, (data, _) in CASES.items()}


@pytest.fixture(scope="module")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the demo workshops, made once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    seed_demo(store)
    store.close()
    _checkpoint(path)
    return path


@pytest.fixture
def store_file(template_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    shutil.copy(template_store, path)
    return path


def _checkpoint(path: Path) -> None:
    """Move anything in the write-ahead log into the file itself, so the file says it all."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def fingerprint(path: Path) -> str:
    _checkpoint(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_plain(text: str, phrase: str) -> None:
    assert phrase in text, text
    assert not NOT_PLAIN.search(text), text
    assert len(text) < 700, text


def via_cli(store_file: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["--db", f"sqlite:///{store_file}", "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("sendreflect: ") and err.count("\n") == 1
    return err.removeprefix("sendreflect: ")


def via_upload(store_file: Path, name: str, data: bytes) -> str:
    store = Store(f"sqlite:///{store_file}")
    upload = Upload(store)
    try:
        assert upload.receive(name, data) is None
    finally:
        store.close()
    assert 'role="alert"' in upload.message.value
    text = re.sub(r"<[^>]+>", "", upload.message.value)
    return html.unescape(text).removeprefix(f"{name} was not imported: ")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_is_refused_plainly_by_the_cli_and_the_upload(
    store_file: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    phrase = CASES[name][1]
    data = (CORPUS / name).read_bytes()
    before = fingerprint(store_file)
    assert_plain(via_cli(store_file, CORPUS / name, capsys), phrase)
    assert fingerprint(store_file) == before
    assert_plain(via_upload(store_file, name, data), phrase)
    assert fingerprint(store_file) == before


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return large_files(tmp_path_factory.mktemp("large"), LIMIT)


@pytest.mark.parametrize(
    "name",
    [
        "oversized_valid.json",
        "huge_note_under_limit.json",
        "deep_nesting_million.json",
        "too_many_participants.json",
        "zip_bomb_large.json",
        "seventy_megabytes.json",
    ],
)
def test_a_large_hostile_file_is_refused_plainly_too(
    store_file: Path, capsys: pytest.CaptureFixture[str], large, name: str
) -> None:
    path, phrase = large[name]
    before = fingerprint(store_file)
    assert_plain(via_cli(store_file, path, capsys), phrase)
    assert fingerprint(store_file) == before
    assert_plain(via_upload(store_file, name, path.read_bytes()), phrase)
    assert fingerprint(store_file) == before


@pytest.mark.parametrize("name", ["deep_nesting_small.json", "lone_surrogate.json"])
def test_the_real_command_exits_1_with_one_line_and_no_traceback(
    store_file: Path, name: str
) -> None:
    before = fingerprint(store_file)
    command = [sys.executable, "-m", "sendreflect.cli", "--db", f"sqlite:///{store_file}"]
    done = subprocess.run(
        [*command, "import", str(CORPUS / name)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert_plain(done.stderr.removeprefix("sendreflect: "), CASES[name][1])
    assert fingerprint(store_file) == before
