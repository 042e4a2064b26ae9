"""Serving: runs Voila on the notebooks with the shipped ``voila.json`` and prints the links.

The server settings a workshop needs live in ``voila.json`` beside the notebooks (JSON holds no
comments, so their reasons are here): kernels preheated for the two pages a workshop opens at once
(two participant, one facilitator) and none for others; tracebacks hidden and sources stripped, so
a page never shows code or a server path; a page's HTML keeps flowing every 10 s on a slow start,
so no proxy gives up on it; kernels of closed tabs (no connection, 5 minutes idle) culled every
30 s, since Voila's own shutdown on unload is refused (voila-dashboards/voila#1458); messages of
up to 64 MiB, for a workbook upload; ``port_retries`` 0, so Voila never quietly moves to
another port; and ``VoilaExecutor.iopub_timeout`` 300 s: after a cell's reply Voila waits that long
for the cell's output (nbclient's 4 s lost the widgets of pages whose kernels started together
with a room's others, leaving their intro text and no form; 60 s still lost some on a machine
loaded past 40). The static-file allowlist is left at
Voila's narrow default. Only what depends on this run is given here: port, address, token and the
kernel cap (``SENDREFLECT_MAX_KERNELS``). Voila runs as ``sendreflect.voila_app``, which adds
allowed hosts, the kernel cap, the gate that builds a few pages at a time and the token on the
query socket.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sendreflect.links import RENDER, page_link
from sendreflect.settings import get_settings
from sendreflect.store import Store, Workshop

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
    page = f"{base.rstrip('/')}{RENDER}"
    return Links(
        participant=page_link(page, "participant.ipynb", token, code=code),
        facilitator=page_link(page, "facilitator.ipynb", token, code=code, key=facilitator_key),
    )


def store_link(base: str, store_key: str, token: str = "") -> str:
    """The facilitator page opened with the store's key: every workshop and the overview."""
    return page_link(f"{base.rstrip('/')}{RENDER}", "facilitator.ipynb", token, key=store_key)


def programme_link(base: str, store_key: str, code: str, token: str = "") -> str:
    """A programme's page (its schools, triads, stages and records), opened with the store's key:
    whoever holds that key runs the store's programmes."""
    page = f"{base.rstrip('/')}{RENDER}"
    return page_link(page, "programme.ipynb", token, programme=code, key=store_key)


def voila_command(
    port: int,
    host: str | None,
    token: str,
    *,
    root: Path | None = None,
    extra: tuple[str, ...] = (),
    max_kernels: int | None = None,
) -> list[str]:
    """The Voila command line for this run (everything else comes from voila.json).

    ``root`` serves another folder of notebooks; ``extra`` adds Voila options (tests use both).
    ``max_kernels`` defaults to ``SENDREFLECT_MAX_KERNELS``.
    """
    cap = get_settings().max_kernels if max_kernels is None else max_kernels
    command = [
        sys.executable,
        "-m",
        "sendreflect.voila_app",
        str(root or notebooks_dir()),
        f"--port={port}",
        "--no-browser",
        f"--Voila.ip={host or '127.0.0.1'}",
        f"--Voila.config_file_paths={config_dir()}",
        f"--SendreflectVoila.max_kernels={cap}",
    ]
    if token:
        command.append(f"--Voila.token={token}")
    return [*command, *extra]


class ServerError(RuntimeError):
    """The workshop server could not start, explained in plain English."""


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something else listens on; a port left in TIME_WAIT by a server that just
    stopped is free, as it is to Voila (tornado binds with SO_REUSEADDR too)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        if os.name != "nt":  # on Windows the option would let two servers share a port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the Voila child before it starts (Linux): stop it when ``serve`` dies, even by SIGKILL.

    Voila shuts its kernels down on SIGTERM, and a kernel stops by itself once Voila has gone.
    """
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # serve died before the call above
        os.kill(os.getpid(), signal.SIGTERM)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::")
LOCAL_ONLY = (
    "Only this computer can open these links: phones and other laptops in the room cannot. "
    "To let them join, stop this (Ctrl+C) and run 'sendreflect serve --host 0.0.0.0' on a "
    "computer on the school's network (see 'Running it for a room' in the README)."
)
NO_NETWORK = (
    "This computer's address on the network could not be found, so the links use its name, "
    "{name}; if phones cannot open them, connect this computer to the school's network and "
    "start again."
)


def lan_address() -> str | None:
    """This computer's address on its local network (``192.168.1.20``), or None.

    Nothing is sent anywhere: connecting a UDP socket only asks the system which of its addresses
    would be used to reach a documentation-only address (TEST-NET-1); failing that, the addresses
    of the computer's own name."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        found += [
            str(a[4][0]) for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        ]
    return next((a for a in found if not a.startswith(("127.", "0."))), None)


def room_address(host: str | None, port: int, public_url: str = "") -> tuple[str, str]:
    """The address the printed links and the Share screen use, and a warning when people in
    the room cannot reach it: ``localhost`` without ``--host``; the machine's network address
    (never 0.0.0.0) with ``--host 0.0.0.0``; ``public_url`` behind a proxy."""
    if public_url:
        return public_url.rstrip("/"), ""
    if not host or host in LOOPBACK_NAMES or host.startswith("127."):
        return f"http://localhost:{port}", LOCAL_ONLY
    if host in EVERY_ADDRESS:
        lan = lan_address()
        if lan is None:
            name = socket.gethostname()
            return f"http://{name}:{port}", NO_NETWORK.format(name=name)
        return f"http://{lan}:{port}", ""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}", ""


def _print_links(workshop: Workshop, found: Links, store_key_link: str, warning: str) -> None:
    """The store key's link apart, any warning, then the workshop's two links last."""
    say = lambda text="": print(text, flush=True)  # noqa: E731
    say()
    say(
        "store key (opens every workshop and the overview across schools; keep it private, "
        f"never project it): {store_key_link}"
    )
    say()
    if warning:
        say(f"Note: {warning}")
        say()
    say(f"Workshop {workshop.code}: {workshop.school}, {workshop.round}")
    say(f"participant: {found.participant}")
    say(f"facilitator: {found.facilitator}")
    say()
    say("Press Ctrl+C to stop the server.")


def server_log(folder: Path) -> IO[bytes]:
    """Where Voila's messages go when serve runs in a terminal, so the links are what a
    facilitator sees (they go to serve's own output when it runs under a service or a test)."""
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / "serve.log").open("ab")


@contextlib.contextmanager
def _log_shown_on_failure(log: IO[bytes] | None) -> Iterator[None]:
    """If the server does not start, show the end of its messages, which say why."""
    try:
        yield
    except ServerError:
        if log is not None:
            log.flush()
            tail = Path(log.name).read_text(encoding="utf-8", errors="replace")[-3000:]
            print(tail, file=sys.stderr, flush=True)
        raise


def serve(
    code: str,
    *,
    port: int = 8866,
    host: str | None = None,
    open_browser: bool = True,
    store: Store | None = None,
) -> int:
    """Run the workshop server until interrupted.

    Prints, apart, the store key's link (every workshop, every school), which must never be
    projected; a warning when the room cannot reach the links; then, last, the participant link
    and the facilitator link with the workshop's own key.
    """
    store = store or Store()
    workshop = store.workshop(code)
    settings = get_settings()
    token = settings.token or (secrets.token_urlsafe(16) if host else "")
    base, warning = room_address(host, port, settings.public_url)
    found = links(base, workshop.code, workshop.facilitator_key, token)
    env = {**os.environ, "SENDREFLECT_DB": store.url, "SENDREFLECT_PUBLIC_URL": base}
    frameworks = settings.frameworks
    if frameworks:
        env["SENDREFLECT_FRAMEWORKS"] = str(frameworks)
    local = "127.0.0.1" if host in (None, "0.0.0.0", "::") else host
    check_port_free(host or "127.0.0.1", port)
    log = server_log(settings.data_dir) if sys.stdout.isatty() else None
    process = subprocess.Popen(
        voila_command(port, host, token),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    # Stopped by a service manager or a test (SIGTERM) as by Ctrl+C: Voila goes down with us.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        up = f"http://{local}:{port}/" + (f"?token={token}" if token else "")
        with _log_shown_on_failure(log):
            wait_until_up(up, process)
        if log:
            print(f"The server's messages are written to {log.name}.", flush=True)
        _print_links(workshop, found, store_link(base, store.facilitator_key(), token), warning)
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
        if log is not None:
            log.close()
