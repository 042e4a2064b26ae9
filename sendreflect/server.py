"""Serving: runs Voila on the notebooks with the shipped ``voila.json`` and prints the links.

The server settings a workshop needs (preheated kernels, culling the kernels of closed tabs,
sources stripped, tracebacks hidden, the static-file allowlist left narrow) live in ``voila.json``
beside the notebooks; only what depends on this run (port, address, token) is given here.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sendreflect.settings import get_settings
from sendreflect.store import Store

PACKAGE = Path(__file__).parent
SOURCE_TREE = PACKAGE.parent


def notebooks_dir() -> Path:
    """The folder of app notebooks: the source tree's, or the copy shipped in the wheel."""
    for candidate in (SOURCE_TREE / "notebooks", PACKAGE / "_data" / "notebooks"):
        if (candidate / "participant.ipynb").exists():
            return candidate
    raise FileNotFoundError("the app notebooks are missing; reinstall sendreflect")


def config_dir() -> Path:
    """The folder holding ``voila.json``."""
    for candidate in (SOURCE_TREE, PACKAGE / "_data"):
        if (candidate / "voila.json").exists():
            return candidate
    raise FileNotFoundError("voila.json is missing; reinstall sendreflect")


@dataclass(frozen=True)
class Links:
    participant: str
    facilitator: str


def links(base: str, code: str, facilitator_key: str, token: str = "") -> Links:
    """The participant and facilitator links for a workshop on a server at ``base``."""
    extra = {"token": token} if token else {}
    page = f"{base.rstrip('/')}/voila/render"
    return Links(
        participant=f"{page}/participant.ipynb?{urlencode({'code': code, **extra})}",
        facilitator=f"{page}/facilitator.ipynb?"
        f"{urlencode({'code': code, 'key': facilitator_key, **extra})}",
    )


def voila_command(
    port: int,
    host: str | None,
    token: str,
    *,
    root: Path | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The Voila command line for this run (everything else comes from voila.json).

    ``root`` serves another folder of notebooks; ``extra`` adds Voila options (tests use both).
    """
    command = [
        sys.executable,
        "-m",
        "voila",
        str(root or notebooks_dir()),
        f"--port={port}",
        "--no-browser",
        f"--Voila.ip={host or '127.0.0.1'}",
        f"--Voila.config_file_paths={config_dir()}",
    ]
    if token:
        command.append(f"--Voila.token={token}")
    return [*command, *extra]


class ServerError(RuntimeError):
    """The workshop server could not start, explained in plain English."""


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something else already listens on (Voila would quietly take another)."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise ServerError(
                f"port {port} is in use (perhaps by another sendreflect); choose another with "
                "--port, or stop the other server"
            ) from None


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait for the server to answer, or raise if it stopped or did not start in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError("the Voila server stopped while starting; see the messages above")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise ServerError(f"the Voila server did not answer at {url} within {seconds:.0f} seconds")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    code: str,
    *,
    port: int = 8866,
    host: str | None = None,
    open_browser: bool = True,
    store: Store | None = None,
) -> int:
    """Run the workshop server until interrupted; prints the participant and facilitator links."""
    store = store or Store()
    workshop = store.workshop(code)
    token = secrets.token_urlsafe(16) if host else ""
    shown_host = "localhost" if not host or host in ("127.0.0.1", "localhost") else host
    if host in ("0.0.0.0", "::"):
        shown_host = socket.gethostname()
    base = f"http://{shown_host}:{port}"
    found = links(base, workshop.code, store.facilitator_key(), token)
    env = {**os.environ, "SENDREFLECT_DB": store.url, "SENDREFLECT_PUBLIC_URL": base}
    frameworks = get_settings().frameworks
    if frameworks:
        env["SENDREFLECT_FRAMEWORKS"] = str(frameworks)
    local = "127.0.0.1" if host in (None, "0.0.0.0", "::") else host
    check_port_free(host or "127.0.0.1", port)
    process = subprocess.Popen(voila_command(port, host, token), env=env)
    # Stopped by a service manager or a test (SIGTERM) as by Ctrl+C: Voila goes down with us.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        wait_until_up(f"http://{local}:{port}/" + (f"?token={token}" if token else ""), process)
        print(f"Workshop {workshop.code}: {workshop.school}, {workshop.round}", flush=True)
        print(f"participant: {found.participant}", flush=True)
        print(f"facilitator: {found.facilitator}", flush=True)
        print("Press Ctrl+C to stop the server.", flush=True)
        if open_browser:
            import webbrowser

            webbrowser.open(found.facilitator)
            webbrowser.open(found.participant)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
