"""The Voila server the page benchmarks load: the app notebooks beside the floor, all preheated,
with the shipped voila.json; the kernels behind it and their memory."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import psutil
from common import HERE, PAGES, say

from tests.harness import ServerProcess  # the tests' server harness

# -- the Voila server --------------------------------------------------------------------------


class VoilaServer:
    """The app notebooks and the floor notebook, served by Voila with the shipped voila.json."""

    def __init__(self, folder: Path, store_url: str, floor_pool: int = 1) -> None:
        from sendreflect.server import config_dir, notebooks_dir, voila_command

        self.folder = folder
        self.notebooks = folder / "notebooks"
        self.notebooks.mkdir()
        for name in ("participant.ipynb", "facilitator.ipynb"):
            shutil.copy(notebooks_dir() / name, self.notebooks / name)
        shutil.copy(HERE / "floor.ipynb", self.notebooks / "floor.ipynb")
        shipped = json.loads((config_dir() / "voila.json").read_text(encoding="utf-8"))
        self.pools = dict(shipped["VoilaKernelManager"]["kernel_pools_config"])
        # The floor is preheated too, for this run only: like the facilitator page (one kernel)
        # for pages one at a time, like the participant page (two) for a room at once.
        self.pools["floor.ipynb"] = {"pool_size": floor_pool}
        self.pool_total = sum(
            self.pools.get(f"{name}.ipynb", self.pools.get("default", {})).get("pool_size", 0)
            for name in PAGES
        )

        def command(port: int) -> list[str]:
            line = voila_command(port, None, "")
            line[line.index(str(notebooks_dir()))] = str(self.notebooks)
            return [*line, "--VoilaKernelManager.kernel_pools_config=" + json.dumps(self.pools)]

        self.server = ServerProcess(command, log=folder / "voila.log")  # on a free port
        self.base = self.server.base
        self.command = self.server.command(self.server.port)
        self.server.env = {
            **os.environ,
            "SENDREFLECT_DB": store_url,
            "SENDREFLECT_PUBLIC_URL": self.base,
        }
        self.log = self.server.log
        self._watched: dict[int, psutil.Process] = {}
        self._closing: set[str] = set()

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self.server.process

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def url(self, notebook: str, **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.base}/voila/render/{notebook}" + (f"?{urlencode(query)}" if query else "")

    def kernels(self) -> dict[str, psutil.Process]:
        """The running kernels (ipykernel_launcher children of Voila), by kernel id."""
        assert self.process is not None
        found: dict[str, psutil.Process] = {}
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                args = child.cmdline()
            except psutil.Error:
                continue
            if not any("ipykernel" in a for a in args):
                continue
            for arg in args:
                match = re.search(r"kernel-([0-9a-f-]{36})\.json$", arg)
                if match:
                    found[match.group(1)] = child
        return found

    def _cpu(self) -> float:
        """Percent of one core used by Voila and its kernels since the last call."""
        assert self.process is not None
        procs = [psutil.Process(self.process.pid), *self.kernels().values()]
        total = 0.0
        for proc in procs:
            watched = self._watched.setdefault(proc.pid, proc)
            try:
                total += watched.cpu_percent(None)
            except psutil.Error:
                continue
        return total

    def wait_for_pool(self, timeout: float = 120) -> float:
        """Wait until every pool is full, its kernels are preheated and the kernels of earlier
        pages are gone (Voila and every kernel idle). Returns the seconds waited."""
        start = time.monotonic()
        self._cpu()
        quiet = 0
        while time.monotonic() - start < timeout:
            time.sleep(0.4)
            busy = self._cpu()
            settled = len(self.kernels()) == self.pool_total and not self._closing
            quiet = quiet + 1 if settled and busy < 8 else 0
            if quiet >= 3:
                return time.monotonic() - start
        say(f"  (the kernel pool did not settle within {timeout:.0f} s; carrying on)")
        return time.monotonic() - start

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Shut a page's kernel down in the background, as Voila's own unload handler means to
        (its request is refused by the XSRF check, voila-dashboards/voila#1458), so kernels do
        not pile up. ``wait_for_pool`` waits for it to be gone."""
        token = secrets.token_hex(16)
        request = urllib.request.Request(
            f"{self.base}/api/kernels/{kernel_id}",
            method="DELETE",
            headers={"X-XSRFToken": token, "Cookie": f"_xsrf={token}"},
        )

        def send() -> None:
            try:
                with urllib.request.urlopen(request, timeout=60):
                    pass
            except OSError as exc:
                say(f"  (could not shut kernel {kernel_id} down: {exc})")
            finally:
                self._closing.discard(kernel_id)

        self._closing.add(kernel_id)
        threading.Thread(target=send, daemon=True).start()


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and its descendants, in bytes."""
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total
