"""A failing database says what happened and what to do: through the store, the pages' widgets
and the command line, never as a traceback or a page stuck on "Saving…".

Every failure is real: a SQLite file whose connection may not grow (SQLITE_FULL), a file opened
read-only (SQLite's ``mode=ro``: the tests may run as root, whom ``chmod`` does not stop, and SQLite
then meets the very error a non-writable file gives), bytes overwritten in a file, another
connection holding the write lock, and a PostgreSQL server of these tests' own that refuses a
wrong password, lacks a database, is stopped, or is set read-only.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
import sqlalchemy as sa

from sendreflect import Kind, Store, StoreError, get_settings
from sendreflect.app import FacilitatorApp, ParticipantApp, facilitator_page, participant_page
from sendreflect.app.transfer import Downloads, Upload
from sendreflect.dberrors import (
    StoreBusy,
    StoreCannotOpen,
    StoreCorrupt,
    StoreFailure,
    StoreFull,
    StoreLoginRefused,
    StoreMissing,
    StoreReadOnly,
    StoreUnreachable,
)
from sendreflect.workbook import to_json
from tests.commands import run
from tests.harness import free_port
from tests.widgets import find, joined

NC = "national_college"
LONG_NOTE = "We know this from lesson visits and pupil voice. " * 300  # needs new pages


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A real store file with one workshop, closed so everything is in the file itself."""
    file = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{file}")
    store.create_workshop("Oak Primary", "Baseline", code="OAK111")
    store.close()
    return file


def fill_up(store: Store) -> None:
    """Let the store's connections grow its file no further, as a full disk would."""

    def cap(dbapi_connection, _record) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(store.engine, "connect", cap)
    store.engine.dispose()  # pooled connections come back capped


def read_only(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def corrupt(path: Path, where: str) -> None:
    """Overwrite the file's header, or every page after the first, with junk."""
    with path.open("r+b") as file:
        if where == "header":
            file.write(b"\x42" * 100)
        else:
            file.seek(4096)
            file.write(b"\x42" * (path.stat().st_size - 4096))


@pytest.fixture
def lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the store's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.rollback()
    other.close()


def impatient(path: Path) -> Store:
    """A store that waits a moment, not minutes, for another writer."""
    return Store(f"sqlite:///{path}", attempts=2, busy_timeout=0.2)


# -- the store -------------------------------------------------------------------------------


def test_a_full_disk_says_so_and_what_to_do(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    ash = store.join("OAK111", "Ash", "senco")
    fill_up(store)
    with pytest.raises(StoreFull, match=r"is full: .*Free some disk space") as raised:
        store.save("OAK111", ash.id, Kind.REFLECTION, NC, "values.think.1", LONG_NOTE)
    assert str(path) in str(raised.value)
    assert "database or disk is full" in str(raised.value.__cause__)
    assert store.answers("OAK111").empty  # reading still works


def test_a_read_only_store_can_be_read_but_says_why_it_cannot_be_written(path: Path) -> None:
    store = Store(read_only(path))
    assert store.workshop("OAK111").school == "Oak Primary"
    with pytest.raises(StoreReadOnly, match=r"read-only.*Make it writable again"):
        store.join("OAK111", "Ash", "senco")
    with pytest.raises(StoreReadOnly):
        store.create_workshop("Elm", "Baseline")


def test_a_new_store_that_cannot_be_written_is_not_opened_as_if_it_were(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(StoreReadOnly):
        Store(read_only(empty))
    with pytest.raises(StoreCannotOpen, match="cannot be opened"):
        Store(read_only(tmp_path / "missing.sqlite"))


@pytest.mark.parametrize("where", ["header", "pages"])
def test_a_damaged_file_says_it_is_damaged(path: Path, where: str) -> None:
    corrupt(path, where)

    def read() -> None:  # opening or the first read may be the one that finds the damage
        Store(f"sqlite:///{path}").answers("OAK111")

    with pytest.raises(StoreCorrupt, match=r"is damaged.*put back a backup"):
        read()


def test_a_lock_held_too_long_says_the_store_is_busy(path: Path, lock) -> None:
    store = impatient(path)
    with pytest.raises(StoreBusy, match="busy: another program has kept it locked"):
        store.join("OAK111", "Ash", "senco")
    assert store.workshop("OAK111").code == "OAK111"  # readers are not held up
    lock.rollback()
    assert store.join("OAK111", "Ash", "senco").alias == "Ash"  # and it carries on after


def test_every_failure_is_a_store_error_with_its_own_words() -> None:
    kinds = [
        StoreFull,
        StoreReadOnly,
        StoreCorrupt,
        StoreBusy,
        StoreCannotOpen,
        StoreUnreachable,
        StoreLoginRefused,
        StoreMissing,
    ]
    messages = {str(kind("'x.sqlite'")) for kind in kinds}
    assert len(messages) == len(kinds)
    assert all(issubclass(kind, StoreError) for kind in kinds)


# -- PostgreSQL ------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL server of these tests' own, with password logins, which a test may stop."""

    PASSWORD = "right-horse-battery"

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
        if not found[-1]:
            pytest.skip("PostgreSQL is not installed: run 'make test', which installs it")
        self.bin = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="sendreflect-pg-"))
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        secret = self.root / "password"
        secret.write_text(self.PASSWORD)
        if self.run_as:
            shutil.chown(secret, "postgres")
        self._run("initdb", "-D", self.root / "data", "-U", "postgres", "-A", "scram-sha-256",
                  f"--pwfile={secret}", "--no-sync")  # fmt: skip
        self.start()
        env = {**os.environ, "PGPASSWORD": self.PASSWORD}
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "shop", env=env)

    def _run(self, tool: str, *args: object, env: dict[str, str] | None = None) -> None:
        subprocess.run(
            [*self.run_as, self.bin / tool, *map(str, args)], check=True, capture_output=True,
            env=env,
        )  # fmt: skip

    def url(self, password: str = PASSWORD, database: str = "shop") -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.root / "data", "-l", self.root / "log", "-w", "start",
                  "-o", options)  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.root / "data", "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    yield server
    subprocess.run(
        [*server.run_as, server.bin / "pg_ctl", "-D", server.root / "data", "-m", "fast", "stop"],
        capture_output=True,
    )
    shutil.rmtree(server.root, ignore_errors=True)


def test_a_closed_port_says_the_server_cannot_be_reached() -> None:
    with pytest.raises(StoreUnreachable, match=r"cannot reach .*127\.0\.0\.1:\d+/shop.*Start it"):
        Store(f"postgresql://postgres:pw@127.0.0.1:{free_port()}/shop")


@pytest.mark.postgres
def test_a_wrong_password_or_a_missing_database_says_which(postgres: Postgres) -> None:
    with pytest.raises(StoreLoginRefused, match="refused the user name or password") as raised:
        Store(postgres.url(password="wrong"))
    assert "wrong" not in str(raised.value) and "postgres:" not in str(raised.value)
    with pytest.raises(StoreMissing, match="has no database"):
        Store(postgres.url(database="nowhere"))


@pytest.mark.postgres
def test_a_server_stopped_mid_session_says_so_and_the_store_carries_on_after(
    postgres: Postgres,
) -> None:
    store = Store(postgres.url())
    code = store.create_workshop("Stop Primary", "Baseline").code
    postgres.stop()
    try:
        with pytest.raises(StoreUnreachable):
            store.join(code, "Ash", "senco")
        with pytest.raises(StoreUnreachable):
            store.workshop(code)
    finally:
        postgres.start()
    assert store.join(code, "Ash", "senco").alias == "Ash"
    store.close()


@pytest.mark.postgres
def test_a_database_set_read_only_says_so(postgres: Postgres) -> None:
    admin = sa.create_engine(
        postgres.url()
        .replace("postgresql://", "postgresql+psycopg://")
        .replace("/shop", "/postgres"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        for name in ("frozen", "bare"):
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        conn.exec_driver_sql("ALTER DATABASE bare SET default_transaction_read_only = on")
    with pytest.raises(StoreReadOnly):  # not opened as if it could hold workshops
        Store(postgres.url(database="bare"))
    store = Store(postgres.url(database="frozen"))
    code = store.create_workshop("Frozen Primary", "Baseline").code
    with admin.connect() as conn:  # as a provider does when the disk is nearly full
        conn.exec_driver_sql("ALTER DATABASE frozen SET default_transaction_read_only = on")
    store.engine.dispose()  # new sessions take the database's new setting
    with pytest.raises(StoreReadOnly):
        store.join(code, "Ash", "senco")
    assert store.workshop(code).school == "Frozen Primary"
    store.close()
    admin.dispose()


# -- the pages -------------------------------------------------------------------------------


def test_a_save_into_a_full_store_says_not_saved_at_once_and_keeps_the_text(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    app = joined(store, "OAK111")
    fill_up(store)
    note = find(app.page, w.Textarea)[0]
    note.value = LONG_NOTE
    status = app.status.widget.value
    assert app.status.state == "error"
    assert "Not saved: the workshop store" in status and "is full" in status
    assert "still on this page" in status
    assert note.value == LONG_NOTE


def test_a_choice_on_a_locked_store_says_busy(path: Path, lock) -> None:
    lock.rollback()
    store = impatient(path)
    app = joined(store, "OAK111")
    app.nav.value = 1
    lock.execute("BEGIN IMMEDIATE")
    find(app.page, w.RadioButtons)[0].value = 3
    assert app.status.state == "error"
    assert "Not saved: " in app.status.widget.value and "is busy" in app.status.widget.value


def test_join_on_a_read_only_store_says_why(path: Path) -> None:
    app = ParticipantApp(Store(read_only(path)), code="OAK111")
    app.form.alias.value = "Ash"
    app.form.role.value = "senco"
    app.form.button.click()
    assert app.participant is None
    assert "is read-only" in app.form.message.value and "sr-error" in app.form.message.value


def test_the_facilitator_sees_why_a_reveal_failed(path: Path, lock) -> None:
    lock.rollback()
    store = impatient(path)
    app = FacilitatorApp(store, code="OAK111", key=store.workshop("OAK111").facilitator_key)
    lock.execute("BEGIN IMMEDIATE")
    app.reveal(True)
    assert "Not saved: " in app.status.widget.value and "is busy" in app.status.widget.value
    assert not store.workshop("OAK111").revealed


def test_a_store_damaged_mid_session_says_so_where_the_page_reads_it(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    store.update_workshop("OAK111", revealed=True)
    participant = joined(store, "OAK111")
    facilitator = FacilitatorApp(store, code="OAK111", key=store.workshop("OAK111").facilitator_key)
    store.engine.dispose()  # everything written into the file itself, then the file is damaged
    corrupt(path, "pages")
    participant.nav.value = next(
        value for label, value in participant.nav.options if label.endswith("Team results")
    )
    facilitator.nav.value = "Participation"
    for page in (participant.page, facilitator.page):
        shown = " ".join(h.value for h in find(page, w.HTML))
        assert "is damaged and cannot be read" in shown and "sr-error" in shown


@pytest.mark.parametrize("failure", ["read-only", "damaged"])
def test_a_workbook_brought_into_a_failing_store_says_why_it_was_not(
    path: Path, tmp_path: Path, failure: str
) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.create_workshop("Elm Primary", "Baseline", code="ELM111")
    store = Store(read_only(path) if failure == "read-only" else f"sqlite:///{path}")
    if failure == "damaged":
        store.engine.dispose()
        corrupt(path, "pages")
    upload = Upload(store)
    assert upload.receive("elm.json", to_json(other, "ELM111")) is None
    assert "elm.json was not imported: the workshop store" in upload.message.value
    assert f"is {failure}" in upload.message.value


def test_a_report_from_a_damaged_store_says_why_it_could_not_be_prepared(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    downloads = Downloads(store, "OAK111")
    store.engine.dispose()
    corrupt(path, "pages")
    downloads.prepare_report()
    assert "The report could not be prepared: the workshop store" in downloads.report_link.value
    assert "is damaged" in downloads.report_link.value


@pytest.mark.parametrize("page", [participant_page, facilitator_page])
def test_a_store_that_cannot_open_gives_a_plain_error_page(
    path: Path, page, monkeypatch: pytest.MonkeyPatch
) -> None:
    corrupt(path, "header")
    monkeypatch.setenv("SENDREFLECT_DB", f"sqlite:///{path}")
    get_settings.cache_clear()  # settings are read once per process, as a kernel starts
    shown = " ".join(h.value for h in find(page(), w.HTML))
    assert "The workshop cannot open" in shown and 'role="alert"' in shown
    if page is facilitator_page:
        assert "is damaged and cannot be read" in shown
    else:  # anyone may open it: no file path, no steps for whoever runs the server
        assert "Tell your facilitator" in shown and str(path) not in shown


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "args", "words"),
    [
        ("damaged", ("workshops",), "is damaged and cannot be read"),
        ("read-only", ("new", "--school", "Elm", "--round", "Baseline"), "is read-only"),
        ("read-only", ("demo",), "is read-only"),
        ("unreachable", ("export", "OAK111"), "cannot reach the database server"),
        ("unreachable", ("report", "OAK111"), "cannot reach the database server"),
    ],
)
def test_the_command_line_says_what_failed_in_one_line(path: Path, failure, args, words) -> None:
    if failure == "damaged":
        corrupt(path, "pages")
        db = f"sqlite:///{path}"
    elif failure == "read-only":
        db = read_only(path)
    else:
        db = f"postgresql://postgres@127.0.0.1:{free_port()}/shop"
    result = run(*args, db=db, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sendreflect: ") and result.stderr.count("\n") == 1
    assert words in result.stderr


def test_a_store_failure_is_a_failure_of_the_store(path: Path) -> None:
    with pytest.raises(StoreFailure):
        Store(read_only(path)).join("OAK111", "Ash", "senco")
