"""The one server harness every server test and the benchmarks use: it starts a command on a free
port, waits until it answers, keeps its log, and stops it with whatever it started."""

from __future__ import annotations

import signal
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.harness import ServerFailed, ServerProcess, free_port


def http_server(folder: Path) -> list[str]:
    return [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder)]


def test_a_server_is_started_on_a_free_port_waited_for_and_stopped(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hello")
    server = ServerProcess(lambda port: [*http_server(tmp_path), str(port)], log=tmp_path / "log")
    with server:
        with urllib.request.urlopen(server.base + "/hello.txt", timeout=30) as response:
            assert response.read() == b"hello"
        process = server.process
        assert process is not None and process.poll() is None
    assert process.poll() is not None
    assert "GET /hello.txt" in server.log_text()


def test_a_server_that_stops_while_starting_fails_with_its_log(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; print('no store here'); sys.exit(3)"]
    with pytest.raises(ServerFailed, match=r"(?s)stopped while starting \(exit 3\).*no store here"):
        ServerProcess(lambda _port: command, log=tmp_path / "log").start()


def test_a_server_that_never_answers_fails_and_is_stopped(tmp_path: Path) -> None:
    server = ServerProcess(
        lambda _port: [sys.executable, "-c", "import time; time.sleep(600)"],
        log=tmp_path / "log",
        seconds=1,
    )
    with pytest.raises(ServerFailed, match="did not answer"):
        server.start()
    assert server.process is not None and server.process.poll() is not None


def test_stopping_a_server_stops_what_it_started(tmp_path: Path) -> None:
    child = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', " \
        "'import time; time.sleep(600)']); print('ready', flush=True); time.sleep(600)"  # fmt: skip
    server = ServerProcess(
        lambda _port: [sys.executable, "-c", child], log=tmp_path / "log", printed="ready"
    ).start()
    assert server.process is not None
    started = psutil.Process(server.process.pid).children(recursive=True)
    assert started
    server.stop()
    assert not [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_a_server_can_be_waited_for_until_a_check_passes(tmp_path: Path) -> None:
    asked: list[int] = []

    def up_on_the_third_ask() -> bool:
        asked.append(1)
        if len(asked) == 1:
            raise ConnectionRefusedError  # not yet, as a proxy refuses before it listens
        return len(asked) == 3

    server = ServerProcess(
        lambda _port: [sys.executable, "-c", "import time; time.sleep(600)"],
        log=tmp_path / "log",
        ready="/never-asked",
        check=up_on_the_third_ask,
    )
    with server:
        assert len(asked) == 3 and server.running()
    never = ServerProcess(
        lambda _port: [sys.executable, "-c", "import time; time.sleep(600)"],
        log=tmp_path / "log",
        check=lambda: False,
        seconds=1,
    )
    with pytest.raises(ServerFailed, match="did not pass its check"):
        never.start()
    assert not never.running()


def test_killing_a_server_ends_it_and_what_it_started_at_once(tmp_path: Path) -> None:
    child = "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);" \
        " subprocess.Popen([sys.executable, '-c', 'import signal, time; " \
        "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)']);" \
        " print('ready', flush=True); time.sleep(600)"  # fmt: skip
    server = ServerProcess(
        lambda _port: [sys.executable, "-c", child], log=tmp_path / "log", printed="ready"
    ).start()
    assert server.process is not None
    started = psutil.Process(server.process.pid).children(recursive=True)
    assert started
    server.kill()  # both ignore SIGTERM: only SIGKILL ends them
    assert server.process.returncode == -signal.SIGKILL
    assert not [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    server.stop()  # and stopping what was killed is harmless


def test_what_a_server_prints_after_its_ready_line_goes_on_to_its_log(tmp_path: Path) -> None:
    """A server waited for by a printed line keeps printing into its log: more than a pipe holds
    (64 KiB) must never stop it."""
    script = (
        "import sys, time\n"
        "print('ready', flush=True)\n"
        "for n in range(5000): print('x' * 100, n, flush=True)\n"
        "print('all printed', flush=True)\n"
        "time.sleep(60)\n"
    )
    server = ServerProcess(
        lambda _port: [sys.executable, "-c", script], log=tmp_path / "log", printed="ready"
    )
    with server:
        deadline = time.monotonic() + 30
        while "all printed" not in server.log_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "all printed" in server.log_text()


def test_free_ports_are_free() -> None:
    import socket

    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
