"""A server on loopback answers only loopback host names (a DNS-rebinding attack's first step)."""

from __future__ import annotations

import uuid

import pytest

from sendreflect.voila_app import FOREIGN_HOST, allowed_hosts, host_allowed
from tests.security.conftest import request

KERNEL = str(uuid.uuid4())
ROUTES = [
    ("GET", "/", False),
    ("GET", "/voila/render/participant.ipynb?code=DEMO", False),
    ("GET", "/voila/tree", False),
    ("GET", "/voila/static/voila.js", False),
    ("GET", "/sendreflect/static/chart.js?v=1", False),
    ("GET", "/voila/templates/lab/static/index.css", False),
    ("GET", "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json", False),
    ("GET", "/voila/api/themes/@jupyterlab/theme-light-extension/index.css", False),
    ("GET", "/voila/files/security.sqlite", False),
    ("GET", "/login", False),
    ("GET", f"/api/kernels/{KERNEL}", False),
    ("DELETE", f"/api/kernels/{KERNEL}", False),
    ("POST", f"/voila/api/shutdown/{KERNEL}", False),
    ("GET", f"/api/kernels/{KERNEL}/channels", True),
    ("GET", f"/voila/query/{KERNEL}", True),
]
FOREIGN = ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example"]


@pytest.mark.browser
def test_every_route_refuses_a_foreign_host_and_answers_local_ones(serve) -> None:
    run = serve()
    for method, path, websocket in ROUTES:
        for host in FOREIGN:
            status, body = request(run.port, path, host, method=method, websocket=websocket)
            assert (status, body) == (403, FOREIGN_HOST), f"{method} {path} with Host {host}"
    for host in ("localhost", "127.0.0.1", "[::1]", "LOCALHOST"):
        named = f"{host}:{run.port}"
        assert request(run.port, "/voila/static/voila.js", named)[0] == 200, host
        assert request(run.port, f"/voila/query/{KERNEL}", named, websocket=True)[0] == 101, host
    page = request(run.port, "/voila/render/participant.ipynb?code=DEMO", f"localhost:{run.port}")
    assert page[0] == 200


def test_with_host_the_given_address_or_name_is_answered_too() -> None:
    for bound in ("192.168.1.20", "workshop.school.example", "fe80::1"):
        allowed = allowed_hosts(bound)
        assert host_allowed(bound, allowed) and host_allowed(f"[{bound}]", allowed)
        assert host_allowed("localhost", allowed) and host_allowed("127.0.0.1", allowed)
        assert not host_allowed("evil.example", allowed)
    assert host_allowed("anything.example", allowed_hosts("0.0.0.0"))  # the token guards it
    assert not host_allowed("evil.example", allowed_hosts("127.0.0.1"))
