"""The browser test harness, shared by tests/browser and tests/security (registered as a plugin
by tests/conftest.py): a real Voila server on loopback, with the shipped voila.json, and Debian's
Chromium.

The server runs once per test session on a demo store in a temporary SQLite file; tests make
their own workshops in it so they never see each other's answers. Chromium is driven by
Playwright with ``executable_path``: no browser is ever downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from sendreflect import Store, seed_demo
from sendreflect.browser import find_chromium, launch
from sendreflect.server import links, voila_command, wait_until_up

REPO = Path(__file__).resolve().parents[1]

expect.set_options(timeout=20_000)  # a loaded two-core machine can take a while to redraw


@dataclass
class Server:
    base: str
    store: Store
    process: subprocess.Popen[bytes]
    log: Path

    def participant_url(self, code: str, **extra: str) -> str:
        url = links(self.base, code, "").participant
        return url + "".join(f"&{k}={v}" for k, v in extra.items())

    def facilitator_url(self, code: str) -> str:
        return links(self.base, code, self.store.workshop(code).facilitator_key).facilitator


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    folder: Path,
    store_url: str,
    *,
    port: int | None = None,
    root: Path | None = None,
    extra: tuple[str, ...] = (),
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start Voila as ``sendreflect serve`` does, logging to ``folder/voila.log``."""
    port = port or _free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / "voila.log"
    env = {
        **os.environ,
        "SENDREFLECT_DB": store_url,
        "SENDREFLECT_PUBLIC_URL": base,
        # a facilitator's own continuum framework beside the pack (tests/browser/…own_continuum…)
        "SENDREFLECT_FRAMEWORKS": str(folder / "frameworks"),
    }
    (folder / "frameworks").mkdir(exist_ok=True)
    shutil.copy(REPO / "docs" / "example-continuum.yaml", folder / "frameworks")
    process = subprocess.Popen(
        # No kernel cap: the suite opens more pages within the five minutes before a closed
        # page's kernel is culled than a workshop does (tests/security tests the cap).
        voila_command(port, None, "", root=root, extra=extra, max_kernels=0),
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    wait_until_up(base + "/", process, seconds=90)
    return process, base, log


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("voila")
    url = f"sqlite:///{folder / 'workshops.sqlite'}"
    store = Store(url)
    seed_demo(store)
    process, base, log = start_server(folder, url)
    yield Server(base, store, process, log)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = find_chromium()
    if path is None:
        message = "Chromium is not installed: run 'make test', which installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright, path)
        yield launched
        launched.close()


IGNORED_CONSOLE = ("net::ERR_NAME_NOT_RESOLVED", "Unsatisfied version", "No satisfying version")
"""Voila's page asks a CDN for a font (offline here), and JupyterLab's shared-module version
notices are not errors of the app."""
VOILA_SHUTDOWN = "/voila/api/shutdown/"
"""On unload Voila's page posts a kernel shutdown that its own XSRF check refuses with 403
(voila-dashboards/voila#1458); the kernels of closed tabs are culled instead (voila.json)."""


FIELDS = """Array.from(document.querySelectorAll("input, select, textarea"))
  .filter(e => e.type !== "radio" || e.checked)
  .map(e => `${e.labels?.[0]?.innerText || e.getAttribute("aria-label") || e.tagName}=${e.value}`)
  .join("; ")"""
"""A page's form fields and what they hold, for a failure report."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """When a browser test fails, add what its pages showed and the server's log to the report,
    so a failure in CI can be understood from its output alone."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for number, page in enumerate(getattr(item, "open_pages", []), start=1):
        try:
            text = page.inner_text("body", timeout=5_000) + "\nfields: " + page.evaluate(FIELDS)
        except Exception as exc:  # a closed or crashed page says why instead
            text = f"(could not read the page: {exc})"
        report.sections.append((f"page {number}: {page.url}", text[-4_000:]))
    server = item.funcargs.get("server")
    if isinstance(server, Server) and server.log.exists():
        tail = server.log.read_text(encoding="utf-8", errors="replace")[-6_000:]
        report.sections.append(("voila log (last lines)", tail))


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:
    """Open pages in fresh browser contexts; fails the test on any unexpected console error."""
    contexts = []
    request.node.open_pages = []
    errors: list[str] = []

    def open_page(width: int = 1200, height: int = 900, *, allow: tuple[str, ...] = ()):
        """A page in a fresh context; ``allow`` lists console errors this test expects."""
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        request.node.open_pages.append(page)

        def on_console(msg) -> None:
            where = (msg.location or {}).get("url", "")
            if (
                msg.type == "error"
                and not any(s in msg.text for s in (*IGNORED_CONSOLE, *allow))
                and VOILA_SHUTDOWN not in where
            ):
                errors.append(f"{msg.text} ({where})")

        def on_response(response) -> None:
            if response.status >= 400 and VOILA_SHUTDOWN not in response.url:
                errors.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)

        def on_page_error(exc: Exception) -> None:
            if not any(s in str(exc) for s in allow):
                errors.append(str(exc))

        page.on("pageerror", on_page_error)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"console errors: {errors}"


def wait_for(check: Callable[[], object], timeout: float = 20, what: str = "condition") -> object:
    """Poll ``check`` until it returns something truthy or a frame (used to wait for the store)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if isinstance(result, pd.DataFrame) or result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
