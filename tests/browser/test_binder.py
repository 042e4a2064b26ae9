"""The Binder set-up, stood in for here: what repo2docker does with ``binder/``, then the badge.

A fresh virtual environment gets ``binder/requirements.txt`` and nothing else, ``binder/postBuild``
runs in a copy of the repository, and a plain Jupyter Server started in that copy (as Binder
starts it, with the Voila extension and no user configuration of this machine) must serve the
solo app at the solo badge's address, with the repository's ``voila.json`` and kernel culling in
force.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.harness import ServerProcess, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
"""Building the environment takes one to two minutes; more on a loaded machine."""

REPO = Path(__file__).resolve().parents[2]
SOLO_PATH = "/voila/render/notebooks/solo.ipynb"
"""The page the solo badge opens (``?urlpath=voila%2Frender%2Fnotebooks%2Fsolo.ipynb``)."""
LEAKY_ENV = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "CONDA_PREFIX")
OFFLINE = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
)


def missing(message: str) -> None:
    """Something the test needs is not here: fail on CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float, what: str) -> None:
    """Run a build step; on failure show its output (and skip when the package index is away)."""
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} took more than {timeout:.0f} seconds")
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-40:])
        if any(sign in done.stdout for sign in OFFLINE):
            missing(f"{what} could not reach the package index:\n{tail}")
        pytest.fail(f"{what} failed ({done.returncode}):\n{tail}")


def copy_repository(target: Path) -> None:
    """Copy the files git knows of (tracked, and new ones not ignored), never .venv or caches."""
    if shutil.which("git") is None:
        missing("git is needed to list the repository's files")
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        timeout=60,
    )
    if listed.returncode != 0:
        missing(f"{REPO} is not a git checkout: {listed.stderr.decode(errors='replace')}")
    for name in listed.stdout.decode().split("\0"):
        source = REPO / name
        if name and source.is_file():  # a tracked file being deleted is not there
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def build_environment(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """What repo2docker does: requirements.txt into a fresh environment, then postBuild."""
    repo = folder / "repo"
    copy_repository(repo)
    venv = folder / "env"
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=180
        )
    except subprocess.CalledProcessError as exc:
        missing(f"cannot make a virtual environment: {exc.stderr.decode(errors='replace')}")
    # pip keeps this machine's own configuration (its package index), as Binder has its own.
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    path = env.get("PATH", "").split(os.pathsep)
    if sys.prefix != sys.base_prefix:  # leave out the environment the tests run in
        path = [p for p in path if not Path(p).resolve().is_relative_to(Path(sys.prefix).resolve())]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    requirements = repo / "binder" / "requirements.txt"
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    run(  # --no-compile: quicker to install and to remove; what is imported compiles on first use
        [*pip, "-q", "--no-compile", "-r", str(requirements)],
        cwd=repo,
        env=env,
        timeout=420,
        what="pip install -r binder/requirements.txt",
    )
    post_build = repo / "binder" / "postBuild"
    post_build.chmod(0o755)  # repo2docker makes it executable, then runs it from the root
    run([str(post_build)], cwd=repo, env=env, timeout=240, what="binder/postBuild")
    return repo, venv, env


@dataclass
class BinderServer:
    base: str
    token: str
    repo: Path
    log: Path
    data_dir: Path

    def url(self, path: str) -> str:
        return f"{self.base}{path}?token={self.token}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BinderServer]:
    folder = tmp_path_factory.mktemp("binder")
    repo, venv, build_env = build_environment(folder)
    home = folder / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in build_env.items()
        if not k.startswith(("JUPYTER", "SENDREFLECT_", "XDG_", "IPYTHON"))
    }
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
        SENDREFLECT_DATA_DIR=str(folder / "sendreflect-data"),
    )
    token = secrets.token_urlsafe(16)
    command = [
        str(venv / "bin" / "python"),
        "-m",
        "jupyter_server",
        "--no-browser",
        f"--IdentityProvider.token={token}",
        "--ServerApp.ip=127.0.0.1",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # test containers may run as root (Binder does not)
    process = ServerProcess(
        lambda port: [*command, f"--port={port}"],
        log=folder / "jupyter-server.log",
        env=env,
        cwd=repo,
        ready=f"/api/status?token={token}",
        seconds=120,
    )
    try:
        with process:
            yield BinderServer(process.base, token, repo, process.log, folder / "sendreflect-data")
    finally:
        # Half a gigabyte: removed here rather than left to slow down a later session's cleanup.
        shutil.rmtree(venv, ignore_errors=True)


def test_the_solo_badge_opens_the_solo_app_on_a_binder_like_server(new_page, binder) -> None:
    page = new_page()
    page.goto(binder.url(SOLO_PATH))
    expect(page.get_by_role("heading", name="Start your reflection")).to_be_visible(timeout=90_000)
    expect(page.get_by_label("School", exact=True)).to_be_visible()
    # voila.json in the folder Jupyter starts in applies to the extension: sources are stripped.
    assert "solo_page" not in page.content()

    page.get_by_label("School", exact=True).fill("Oak Primary School")
    page.get_by_label("Your role").select_option(label="SENCO")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("This session is temporary")).to_be_visible()
    wait_for(
        lambda: (binder.data_dir / "sendreflect.sqlite").exists(),
        what="the answers stored under SENDREFLECT_DATA_DIR",
    )

    # The kernel manager has the culling settings of voila.json (through postBuild's config).
    shipped = json.loads((binder.repo / "voila.json").read_text(encoding="utf-8"))
    culling = shipped["MappingKernelManager"]
    expected = (
        f"Culling kernels with idle durations > {culling['cull_idle_timeout']} seconds "
        f"at {culling['cull_interval']} second intervals"
    )
    wait_for(lambda: expected in binder.log_text(), what=f"'{expected}' in the server's log")
