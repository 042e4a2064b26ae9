"""Real servers to attack: ``sendreflect serve`` itself, or Voila started as it starts it.

Each test starts its own server on a demo store in a temporary SQLite file, and everything it
started is stopped when the test ends, killed if it does not stop.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from sendreflect import Store, seed_demo
from sendreflect.server import config_dir, notebooks_dir
from tests.harness import ServerProcess
from tests.harness import voila as voila_server

SCRIPT = shutil.which("sendreflect", path=str(Path(sys.executable).parent))
LAST_LINE = "Press Ctrl+C"


def demo_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'security.sqlite'}"
    seed_demo(Store(url))
    return url


def pooled_kernels() -> int:
    """The preheated kernels the shipped voila.json keeps for the shipped notebooks."""
    pools = json.loads((config_dir() / "voila.json").read_text())["VoilaKernelManager"]
    config = pools["kernel_pools_config"]
    default = config.get("default", {}).get("pool_size", 0)
    return sum(
        config.get(nb.name, {}).get("pool_size", default) for nb in notebooks_dir().glob("*.ipynb")
    )


@dataclass
class Serve:
    """A running ``sendreflect serve``: the harness's process, and what it printed, by line."""

    server: ServerProcess

    @property
    def process(self):
        return self.server.process

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def lines(self) -> list[str]:
        return self.server.lines

    def link(self, name: str) -> str:
        """The link printed after ``name:`` (``participant``, ``facilitator``, ``store key``)."""
        for line in self.lines:
            if line.startswith(name) and ": http" in line:
                return line.rpartition(": ")[2]
        raise AssertionError(f"serve printed no {name} link: {self.lines}")

    def voila(self) -> psutil.Process:
        for child in psutil.Process(self.process.pid).children():
            if "sendreflect.voila_app" in " ".join(child.cmdline()):
                return child
        raise AssertionError("serve runs no Voila")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Serve]]:
    """Start ``sendreflect serve --no-browser`` on a demo store; read its output to the end.
    A serve that refuses to start is returned too: its exit and ``serve.log`` are the answer."""
    started: list[ServerProcess] = []

    def start(*args: str, port: int = 0, env: dict[str, str] | None = None) -> Serve:
        server = ServerProcess(
            lambda port: [SCRIPT, "serve", "--no-browser", "--port", str(port), *args],
            log=tmp_path / "serve.log",
            env={**os.environ, "SENDREFLECT_DB": demo_store(tmp_path), **(env or {})},
            port=port,
            printed=LAST_LINE,
            may_end=True,
        )
        started.append(server)
        return Serve(server.start())

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[Callable[..., tuple[str, Path]]]:
    """Start Voila with ``voila_command`` exactly as ``serve`` does, with the given options."""
    started: list[ServerProcess] = []

    def start(*, max_kernels: int, extra: tuple[str, ...] = ()) -> tuple[str, Path]:
        server = voila_server(tmp_path, demo_store(tmp_path), max_kernels=max_kernels, extra=extra)
        started.append(server)
        server.start()
        return server.base, server.log

    yield start
    for server in started:
        server.stop()


def request(
    port: int, path: str, host: str, *, method: str = "GET", websocket: bool = False
) -> tuple[int, str]:
    """Send one request to 127.0.0.1:port with the given Host header; its status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        if websocket:
            connection.putheader("Connection", "Upgrade")
            connection.putheader("Upgrade", "websocket")
            connection.putheader("Sec-WebSocket-Version", "13")
            connection.putheader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        connection.endheaders()
        response = connection.getresponse()
        body = "" if response.status == 101 else response.read().decode("utf-8", "replace")
        return response.status, body
    finally:
        connection.close()


@pytest.fixture
def chromium(browser: object) -> object:
    """Debian's Chromium through Playwright: the session's one browser (``tests/harness.py``)."""
    return browser
