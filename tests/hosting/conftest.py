"""A hosted site on this machine, as compose.yaml runs it in containers: a real PostgreSQL
(``postgres_url`` from tests/conftest.py), two ``sendreflect serve`` replicas on it and Debian's
HAProxy before them with HTTPS and sticky sessions, configured by ``deploy/haproxy.cfg``.

The replicas get the same environment variables as compose.yaml gives its app services
(``APP_ENV``), and the proxy the ones ``deploy/haproxy.cfg`` reads (``PROXY_ENV``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from sendreflect import Store
from sendreflect.server import links
from tests.conftest import REPO, _fresh_postgres
from tests.harness import free_port

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
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    family: list[psutil.Process] = field(default_factory=list)

    def kill(self) -> None:
        """SIGKILL serve, Voila and every kernel at once, as when a container or machine dies."""
        family = [psutil.Process(self.process.pid)]
        family += family[0].children(recursive=True)
        for process in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGKILL)
        psutil.wait_procs(family, timeout=20)


@dataclass
class Site:
    base: str
    token: str
    store: Store
    code: str
    replicas: dict[str, Replica]
    proxy: subprocess.Popen[bytes]
    proxy_log: Path

    @property
    def participant_url(self) -> str:
        return links(self.base, self.code, "", self.token).participant

    @property
    def facilitator_url(self) -> str:
        key = self.store.workshop(self.code).facilitator_key
        return links(self.base, self.code, key, self.token).facilitator

    def logs(self) -> dict[str, str]:
        found = {name: r.log for name, r in self.replicas.items()} | {"haproxy": self.proxy_log}
        return {
            name: path.read_text(encoding="utf-8", errors="replace")
            for name, path in found.items()
            if path.exists()
        }


def _start_replica(name: str, port: int, env: dict[str, str], folder: Path) -> Replica:
    log = folder / f"{name}.log"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "sendreflect.cli", "serve", "--workshop", CODE),
            *("--no-browser", "--host", "127.0.0.1", "--port", str(port)),
        ],
        cwd=REPO,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    return Replica(name, port, process, log)


def _wait_until_ready(replica: Replica, seconds: float = 120) -> None:
    """Until serve has printed its links, which it does once Voila answers."""
    deadline = time.monotonic() + seconds
    while "Press Ctrl+C" not in replica.log.read_text(errors="replace"):
        if replica.process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{replica.name} did not start:\n{replica.log.read_text()}")
        time.sleep(0.3)


def insecure() -> ssl.SSLContext:
    """A TLS context that accepts the test's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _wait_for_proxy(base: str, seconds: float = 30) -> None:
    """Until the proxy's health checks have both replicas up: each answers in turn."""
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    while seen != set(REPLICAS):
        if time.monotonic() > deadline:
            raise AssertionError(f"the proxy reached only {sorted(seen)}")
        try:
            with urllib.request.urlopen(
                base + "/voila/static/favicon.ico", timeout=5, context=insecure()
            ) as answer:
                seen.add(answer.headers.get(HEADER, ""))
        except OSError:
            time.sleep(0.3)


def _stop(process: subprocess.Popen[bytes] | psutil.Process) -> None:
    try:
        family = psutil.Process(process.pid)
        family = [family, *family.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for each in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            each.terminate()
    _gone, alive = psutil.wait_procs(family, timeout=20)
    for each in alive:
        each.kill()


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
    ports = [free_port() for _ in REPLICAS]
    replicas = {
        name: _start_replica(name, port, env, tmp_path)
        for name, port in zip(REPLICAS, ports, strict=True)
    }
    proxy_env = dict(
        zip(
            PROXY_ENV,
            (
                str(https_port),
                str(http_port),
                str(self_signed(tmp_path)),
                *(f"127.0.0.1:{port}" for port in ports),
            ),
            strict=True,
        )
    )
    proxy_log = tmp_path / "haproxy.log"
    proxy = subprocess.Popen(
        [haproxy, "-db", "-f", str(PROXY_CONFIG)],
        env={**os.environ, **proxy_env},
        stdout=proxy_log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    site = Site(base, app_env["SENDREFLECT_TOKEN"], store, CODE, replicas, proxy, proxy_log)
    request.node.hosted_site = site
    try:
        for replica in replicas.values():
            _wait_until_ready(replica)
        _wait_for_proxy(base)
        yield site
    finally:
        _stop(proxy)
        for replica in replicas.values():
            _stop(replica.process)
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
