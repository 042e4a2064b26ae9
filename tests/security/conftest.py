"""Real servers to attack: ``sendreflect serve`` itself, or Voila started as it starts it.

Each test starts its own server on a demo store in a temporary SQLite file, and everything it
started is stopped when the test ends, killed if it does not stop.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from sendreflect import Store, seed_demo
from sendreflect.server import config_dir, notebooks_dir, voila_command, wait_until_up

SCRIPT = shutil.which("sendreflect", path=str(Path(sys.executable).parent))
LAST_LINE = "Press Ctrl+C"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    """A running ``sendreflect serve``: its process, port and what it printed, line by line."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

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


def _stop(process: subprocess.Popen[object] | psutil.Process) -> None:
    try:
        process.terminate()
        process.wait(timeout=20)
    except (subprocess.TimeoutExpired, psutil.TimeoutExpired):
        process.kill()
    except (ProcessLookupError, psutil.NoSuchProcess):
        pass


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Serve]]:
    """Start ``sendreflect serve --no-browser`` on a demo store; read its output to the end."""
    started: list[psutil.Process] = []

    def start(*args: str, port: int | None = None, env: dict[str, str] | None = None) -> Serve:
        port = port or free_port()
        process = subprocess.Popen(
            [SCRIPT, "serve", "--no-browser", "--port", str(port), *args],
            env={**os.environ, "SENDREFLECT_DB": demo_store(tmp_path), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=(tmp_path / "serve.log").open("ab"),
            text=True,
        )
        me = psutil.Process(process.pid)
        started.append(me)
        run = Serve(process, port)
        assert process.stdout is not None
        for line in process.stdout:
            run.lines.append(line.rstrip("\n"))
            if line.startswith(LAST_LINE):
                break
        if me.is_running():
            started.extend(me.children(recursive=True))
        return run

    yield start
    for process in started:
        if process.is_running():
            _stop(process)


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[Callable[..., tuple[str, Path]]]:
    """Start Voila with ``voila_command`` exactly as ``serve`` does, with the given options."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*, max_kernels: int, extra: tuple[str, ...] = ()) -> tuple[str, Path]:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = tmp_path / "voila.log"
        env = {**os.environ, "SENDREFLECT_DB": demo_store(tmp_path), "SENDREFLECT_PUBLIC_URL": base}
        command = voila_command(port, None, "", max_kernels=max_kernels, extra=extra)
        process = subprocess.Popen(
            command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )
        started.append(process)
        wait_until_up(base + "/", process, seconds=90)
        return base, log

    yield start
    for process in started:
        _stop(process)


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
