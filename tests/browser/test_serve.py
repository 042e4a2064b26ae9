"""``sendreflect serve`` starts Voila with the shipped settings and prints working links."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from sendreflect import Store, seed_demo
from tests.harness import ServerProcess

pytestmark = pytest.mark.browser
SCRIPT = shutil.which("sendreflect", path=str(Path(sys.executable).parent))


STORE_KEY = (
    "store key (opens every workshop and the overview across schools; keep it private, "
    "never project it)"
)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., tuple[ServerProcess, dict[str, str]]]]:
    """Start serve on a demo store; what it printed, by name (a blank line is ``""``). Whatever
    the test leaves running is stopped when it ends."""
    started: list[ServerProcess] = []

    def start(*args: str) -> tuple[ServerProcess, dict[str, str]]:
        url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
        seed_demo(Store(url))
        server = ServerProcess(
            lambda port: [SCRIPT, "serve", "--no-browser", "--port", str(port), *args],
            log=tmp_path / "serve.log",
            env={**os.environ, "SENDREFLECT_DB": url},
            printed="Press Ctrl+C",
        )
        started.append(server)
        server.start()
        printed: dict[str, str] = {}
        for line in server.lines:
            name, _, value = line.strip().rpartition(": ")
            printed[name or value] = value
        return server, printed

    yield start
    for server in started:
        server.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect (to a login page) is the answer
        return None


def status(url: str) -> int:
    """The HTTP status of a GET, without following redirects."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_prints_a_participant_and_a_facilitator_link(serve) -> None:
    _server, printed = serve()
    assert printed["participant"].endswith("/voila/render/participant.ipynb?code=DEMO")
    assert printed["participant"].startswith("http://localhost:")
    assert status(printed["participant"]) == 200
    base = printed["participant"].split("/voila/")[0]
    for private in (
        "/voila/files/serve.sqlite",
        "/voila/files/participant.ipynb",
        "/voila/files/../pyproject.toml",
        "/participant.ipynb",
    ):
        assert status(base + private) in (403, 404), private


def test_the_facilitator_link_carries_the_workshops_key_and_the_store_key_stands_apart(
    serve, tmp_path: Path
) -> None:
    server, printed = serve()
    store = Store(f"sqlite:///{tmp_path / 'serve.sqlite'}")
    workshop_key, store_key = store.workshop("DEMO").facilitator_key, store.facilitator_key()
    assert workshop_key != store_key
    base = printed["participant"].split("/voila/")[0]
    page = f"{base}/voila/render/facilitator.ipynb"
    assert printed["facilitator"] == f"{page}?code=DEMO&key={workshop_key}"
    assert store_key not in printed["facilitator"] and store_key not in printed["participant"]
    lines = [line.split(": http")[0] for line in server.lines]
    store_line = lines.index(STORE_KEY)
    assert lines[store_line + 1] == ""  # apart from what follows
    assert lines.index("participant") > store_line  # the workshop's two links come last
    assert lines[-4:] == ["participant", "facilitator", "", "Press Ctrl+C to stop the server."]
    assert printed[STORE_KEY] == f"{page}?key={store_key}"


def test_stopping_serve_stops_voila_and_its_kernels(serve) -> None:
    server, _printed = serve()
    process = server.process
    assert process is not None
    children = psutil.Process(process.pid).children(recursive=True)
    assert any("voila" in " ".join(c.cmdline()) for c in children)
    process.terminate()
    assert process.wait(timeout=30) == 0
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], f"left running: {[' '.join(p.cmdline())[:80] for p in alive]}"


def test_a_busy_port_is_an_error_not_a_move_elsewhere(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
        seed_demo(Store(url))
        result = subprocess.run(
            [SCRIPT, "serve", "--no-browser", "--port", str(port)],
            env={**os.environ, "SENDREFLECT_DB": url},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"port {port} is in use" in result.stderr
    assert "participant:" not in result.stdout


def test_with_a_host_the_links_carry_a_token_and_requests_without_it_are_refused(
    serve,
) -> None:
    _server, printed = serve("--host", "127.0.0.1")
    for name in ("participant", "facilitator", STORE_KEY):
        assert "&token=" in printed[name], name
    assert status(printed["participant"]) == 200
    without = printed["participant"].split("&token=")[0]
    assert status(without) in (302, 401, 403)
