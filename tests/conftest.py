"""Shared fixtures: isolated settings, stores on real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sendreflect import Store, get_settings, seed_demo

REPO = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.harness"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in this process
    while its browser is open, which would change how the plain-Python widget tests behave."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test gets its own data folder and no stray SENDREFLECT_* variables."""
    for name in list(os.environ):
        if name.startswith("SENDREFLECT_") and name != "SENDREFLECT_TEST_POSTGRES":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SENDREFLECT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server: ``SENDREFLECT_TEST_POSTGRES`` if set, else one started here.

    ``make test`` installs Debian's postgresql; without it the tests are skipped locally and
    fail in CI, so CI can never pass without exercising PostgreSQL.
    """
    if url := os.environ.get("SENDREFLECT_TEST_POSTGRES"):
        yield url
        return
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
    if not initdb[-1]:
        message = "PostgreSQL is not installed: run 'make test', which installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from tests.harness import free_port  # the plugin's, once pytest has loaded it

    bindir = Path(initdb[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="sendreflect-pg-"))  # outside pytest's private folder
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*run_as, bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            bindir / "pg_ctl",
            "-D",
            data,
            "-l",
            root / "log",
            "-w",
            "start",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
        ],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                *run_as,
                bindir / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "sendreflect",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/sendreflect"
    finally:
        subprocess.run(
            [*run_as, bindir / "pg_ctl", "-D", data, "-m", "fast", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


def _fresh_postgres(url: str) -> str:
    """An empty schema in the shared server, so each test starts from nothing."""
    import sqlalchemy as sa

    name = f"t{time.time_ns()}"
    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return _fresh_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A store on an SQLite file of its own (beside, never the same as, ``store``)."""
    opened = Store(f"sqlite:///{tmp_path / 'own.sqlite'}")
    yield opened
    opened.close()


@pytest.fixture
def demo_store(sqlite_store: Store) -> Store:
    seed_demo(sqlite_store)
    return sqlite_store
