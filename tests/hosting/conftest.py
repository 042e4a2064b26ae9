"""A hosted site on this machine, as compose.yaml runs it in containers: a real PostgreSQL
(``postgres_url`` from tests/conftest.py), two ``sendreflect serve`` replicas on it and Debian's
HAProxy before them with HTTPS and sticky sessions, configured by ``deploy/haproxy.cfg``.

The replicas get the same environment variables as compose.yaml gives its app services
(``APP_ENV``), and the proxy the ones ``deploy/haproxy.cfg`` reads (``PROXY_ENV``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from sendreflect import Store
from sendreflect.server import links
from tests.conftest import REPO, _fresh_postgres
from tests.harness import ServerProcess, free_port

PROXY_CONFIG = REPO / "deploy" / "haproxy.cfg"
APP_ENV = ("SENDREFLECT_DB", "SENDREFLECT_TOKEN", "SENDREFLECT_PUBLIC_URL")
PROXY_ENV = ("PROXY_HTTPS_PORT", "PROXY_HTTP_PORT", "PROXY_CERT", "REPLICA_1", "REPLICA_2")
REPLICAS = ("replica1", "replica2")
"""The replicas' names in deploy/haproxy.cfg: its sticky cookie and response header carry them."""
COOKIE = "SENDREFLECT_REPLICA"
HEADER = "x-sendreflect-replica"
CODE = "HOST01"


def find_haproxy() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        message = "HAProxy is not installed: run 'make test', which installs Debian's haproxy"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def self_signed(folder: Path) -> Path:
    """A certificate for localhost and its key in one PEM file, as HAProxy reads them."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", key, "-out", cert, "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    pem = folder / "proxy.pem"
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return pem


@dataclass
class Site:
    base: str
    token: str
    store: Store
    code: str
    replicas: dict[str, ServerProcess]
    """Each ``sendreflect serve`` by its name in deploy/haproxy.cfg; ``kill`` is a replica dying."""
    proxy: ServerProcess

    @property
    def participant_url(self) -> str:
        return links(self.base, self.code, "", self.token).participant

    @property
    def facilitator_url(self) -> str:
        key = self.store.workshop(self.code).facilitator_key
        return links(self.base, self.code, key, self.token).facilitator

    def logs(self) -> dict[str, str]:
        found = {**self.replicas, "haproxy": self.proxy}
        return {name: server.log_text() for name, server in found.items()}


def insecure() -> ssl.SSLContext:
    """A TLS context that accepts the test's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


HEALTH = "/voila/static/favicon.ico"
"""What the proxy's health checks ask each replica for (deploy/haproxy.cfg)."""


def replica(name: str, env: dict[str, str], folder: Path) -> ServerProcess:
    """One replica's ``sendreflect serve``, ready once it answers the proxy's health check."""
    return ServerProcess(
        lambda port: [
            *(sys.executable, "-m", "sendreflect.cli", "serve", "--workshop", CODE),
            *("--no-browser", "--host", "127.0.0.1", "--port", str(port)),
        ],
        log=folder / f"{name}.log",
        env=env,
        cwd=REPO,
        ready=HEALTH,
        seconds=120,
    )


def both_replicas_answer(base: str) -> Callable[[], bool]:
    """A check that passes once the proxy has had an answer from each replica in turn."""
    seen: set[str] = set()

    def check() -> bool:
        with urllib.request.urlopen(base + HEALTH, timeout=5, context=insecure()) as answer:
            seen.add(answer.headers.get(HEADER, ""))
        return seen == set(REPLICAS)

    return check


@pytest.fixture
def site(postgres_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Site]:
    """The hosted site on a fresh PostgreSQL database holding one workshop, ``CODE``."""
    haproxy = find_haproxy()
    url = _fresh_postgres(postgres_url)
    store = Store(url)
    store.create_workshop("Hosted Academy", "Baseline, November 2026", code=CODE)
    https_port, http_port = free_port(), free_port()
    base = f"https://localhost:{https_port}"
    app_env = dict(zip(APP_ENV, (url, secrets.token_urlsafe(16), base), strict=True))
    env = {
        **os.environ,
        **app_env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    replicas = {name: replica(name, env, tmp_path) for name in REPLICAS}
    proxy_env = dict(
        zip(
            PROXY_ENV,
            (
                str(https_port),
                str(http_port),
                str(self_signed(tmp_path)),
                *(f"127.0.0.1:{r.port}" for r in replicas.values()),
            ),
            strict=True,
        )
    )
    proxy = ServerProcess(
        lambda _port: [haproxy, "-db", "-f", str(PROXY_CONFIG)],
        log=tmp_path / "haproxy.log",
        env={**os.environ, **proxy_env},
        port=https_port,
        check=both_replicas_answer(base),
        seconds=30,
    )
    site = Site(base, app_env["SENDREFLECT_TOKEN"], store, CODE, replicas, proxy)
    request.node.hosted_site = site
    try:
        with ThreadPoolExecutor(len(replicas)) as starting:  # side by side, as compose does
            list(starting.map(ServerProcess.start, replicas.values()))
        proxy.start()
        yield site
    finally:
        proxy.stop()
        for each in replicas.values():
            each.stop()
        store.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """On a failure, add the replicas' and the proxy's logs to the report."""
    outcome = yield
    report = outcome.get_result()
    site = getattr(item, "hosted_site", None)
    if report.when == "call" and report.failed and site is not None:
        for name, text in site.logs().items():
            report.sections.append((f"{name} log (last lines)", text[-5_000:]))
