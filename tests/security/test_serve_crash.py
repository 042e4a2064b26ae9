"""A ``sendreflect serve`` killed outright (SIGKILL) leaves nothing running and nothing holding
its port: Voila and its kernels go down with it, and a new serve can start there at once."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import sys

import psutil
import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(sys.platform != "linux", reason="a parent-death signal is Linux's"),
]


def refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_killed_serve_takes_voila_and_its_kernels_down(serve) -> None:
    run = serve()
    voila = run.voila()
    left = [voila, *voila.children(recursive=True)]
    assert len(left) > 1, "Voila had started no kernel"
    os.kill(run.process.pid, signal.SIGKILL)
    run.process.wait(timeout=30)
    _gone, alive = psutil.wait_procs(left, timeout=60)
    assert alive == [], f"left running: {[' '.join(p.cmdline())[:80] for p in alive]}"
    assert refused(run.port)


def test_a_port_left_in_time_wait_by_a_killed_serve_can_be_served_again_at_once(serve) -> None:
    first = serve()
    voila = first.voila()
    client = http.client.HTTPConnection("127.0.0.1", first.port, timeout=60)
    client.request("GET", "/voila/static/voila.js")
    client.getresponse().read()  # the connection stays open (keep-alive) while serve dies
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=30)
    voila.wait(timeout=60)  # Voila closed its side first, so its side waits (TIME_WAIT)
    client.close()
    ends = [c for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == first.port]
    assert any(c.status in ("TIME_WAIT", "FIN_WAIT2") for c in ends), ends
    second = serve(port=first.port)
    assert second.link("participant").startswith(f"http://localhost:{first.port}/")
