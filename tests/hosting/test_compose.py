"""compose.yaml and the Dockerfile run what the hosting test proves: the same proxy
configuration, the same environment variables, replicas on one PostgreSQL, and no root."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.hosting.conftest import (
    APP_ENV,
    COOKIE,
    PROXY_CONFIG,
    PROXY_ENV,
    REPLICAS,
    find_haproxy,
    self_signed,
)

pytestmark = pytest.mark.hosting


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))


def app_services(compose: dict) -> dict[str, dict]:
    return {
        name: service
        for name, service in compose["services"].items()
        if "serve" in service.get("command", [])
    }


def test_two_app_replicas_on_one_postgresql_with_the_tests_variables(compose: dict) -> None:
    apps = app_services(compose)
    assert len(apps) >= 2
    for name, service in apps.items():
        environment = service["environment"]
        assert set(APP_ENV) <= set(environment), name
        assert environment["SENDREFLECT_DB"].startswith("postgresql://"), name
        assert "@postgres:" in environment["SENDREFLECT_DB"], name
        command = service["command"]
        assert command[command.index("--host") + 1] == "0.0.0.0", name
    assert len({str(s["environment"]) for s in apps.values()}) == 1, "replicas must agree"
    assert compose["services"]["postgres"]["image"].startswith("postgres:")


def test_the_proxy_runs_the_tests_configuration_with_the_same_variables(compose: dict) -> None:
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("haproxy:")
    mounted = {v.split(":")[0]: v.split(":")[1] for v in proxy["volumes"]}
    assert mounted["./deploy/haproxy.cfg"] == "/usr/local/etc/haproxy/haproxy.cfg"
    config = PROXY_CONFIG.read_text(encoding="utf-8")
    read = set(re.findall(r'"\$\{(\w+)\}"', config))
    assert read == set(PROXY_ENV) == set(proxy["environment"])
    apps = app_services(compose)
    for variable in ("REPLICA_1", "REPLICA_2"):
        host = proxy["environment"][variable].split(":")[0]
        assert host in apps, variable
    assert re.findall(r"^\s*server (\S+) .* cookie (\S+)$", config, re.M) == [
        (name, name) for name in REPLICAS
    ]
    assert f"cookie {COOKIE} insert" in config
    assert proxy["environment"]["PROXY_HTTPS_PORT"] in {p.split(":")[1] for p in proxy["ports"]}


def test_the_proxy_configuration_is_valid_for_debians_haproxy(tmp_path: Path) -> None:
    values = ("8443", "8080", str(self_signed(tmp_path)), "127.0.0.1:1", "127.0.0.1:2")
    result = subprocess.run(
        [find_haproxy(), "-c", "-f", str(PROXY_CONFIG)],
        env={**os.environ, **dict(zip(PROXY_ENV, values, strict=True))},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_holds_the_wheel_only_and_runs_without_root() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    final = dockerfile.rsplit("\nFROM ", 1)[1]
    copies = re.findall(r"^COPY (.*)$", final, re.M)
    assert copies == ["--from=wheel /dist/ /tmp/dist/"]
    users = re.findall(r"^USER (\S+)$", final, re.M)
    assert users and users[-1] not in ("root", "0")
    assert '"--host", "0.0.0.0"' in final
