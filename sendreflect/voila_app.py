"""The Voila server as ``sendreflect serve`` runs it: Voila's own app with three guards added.

Run as ``python -m sendreflect.voila_app NOTEBOOKS [Voila options]``; ``server.voila_command``
builds that command line. Everything else is Voila's, configured by ``voila.json``.

- Allowed hosts. A server bound to one address answers only requests whose ``Host`` is a loopback
  name (``localhost``, ``127.0.0.1``, ``[::1]``) or the address it was started on; any other
  ``Host`` gets 403 on every route, static files and websockets included. Without this a web page
  the facilitator happens to open can rebind its own name to 127.0.0.1 (DNS rebinding) and read the
  token-less local server. jupyter_server's own ``allow_remote_access`` check cannot do this here:
  Voila turns it off, its static-file and ``/voila/query`` handlers are plain tornado handlers
  that never run it, and it refuses every non-loopback IP address, even the one given with
  ``--host``. A server bound to every address (``--host 0.0.0.0``) answers any ``Host``: people
  reach it by names this machine cannot know, and its token guards it.
- The kernel cap (``max_kernels``). Every open page is a Python kernel of about 125 MiB. When
  the live kernels (the preheated ones included) reach the cap, opening a page answers a short
  "the workshop is full" page (HTTP 503, ``Retry-After``) that tries again by itself, instead of
  starting one more kernel and slowing every page on the machine.
- The gate (``max_starting``). A room opening the link together asks for 30 kernels at once; on a
  small machine 30 kernels starting together share its cores until each page takes minutes, and
  Voila's executor, starved, can miss a page's widgets (``VoilaExecutor.iopub_timeout`` in
  voila.json is the other half of that fix). So at most ``max_starting`` pages are built at
  once. A page that finds the gate full answers at once "The workshop is busy: this page will
  load in a moment" (HTTP 503, never a blank page) and asks again two to four seconds later (at
  random, so a room's pages do not all ask together). A busy page's request is answered at once,
  never held: the tabs of one browser share six connections to a server, and requests held
  waiting would keep the admitted tabs' own files from loading.
- The query socket. ``/voila/query/<kernel id>`` hands a preheated kernel its page's query string,
  keys included; when the server has a token this socket asks for it like every other route. The
  token reaches the kernels as ``SENDREFLECT_TOKEN`` (see ``app.request.wait_for_request``).
- Login cookies any replica accepts. With a token, the cookie that remembers a browser has shown
  it is signed with a secret made from the token, not a random one per process: replicas behind
  one proxy share the token (``SENDREFLECT_TOKEN``), so a page moved to another replica when its
  own stops keeps its login there (docs/hosting.md).
- The charts' code, served. ``sendreflect/static/chart.js`` (plotly.js's polar chart, about
  1 MB) is cached by the browser for as long as the digest of its contents in its address; the
  kernels learn its address from ``SENDREFLECT_CHART_SCRIPT`` and each chart imports it from
  there instead of carrying it (``app.chart``).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import os
import random
import re
import shutil
import sys
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado.httputil import HTTPServerRequest
from tornado.routing import Matcher, Rule
from traitlets import Integer, default
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler

EVERY_ADDRESS = ("", "0.0.0.0", "::")
FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}">
<title>The workshop is full right now</title>
<style>body{{font:1.2rem/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;
color:#1a1a1a}}h1{{font-size:1.6rem}}</style></head>
<body><main><h1>The workshop is full right now.</h1>
<p>This page will try again in a minute. You do not need to do anything.</p>
<p>If it keeps saying this, tell your facilitator: the server has reached the number of pages it
can keep open at once, and closing tabs you no longer use frees room.</p></main></body></html>
"""
RETRY_SECONDS = 60
BUSY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}">
<title>The workshop is busy</title>
<style>body{{font:1.2rem/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;
color:#1a1a1a}}h1{{font-size:1.6rem}}</style></head>
<body><main><h1>The workshop is busy: this page will load in a moment.</h1>
<p>Everyone is opening the link at once. You do not need to do anything: keep this page open and
it carries on by itself.</p></main></body></html>
"""
BUSY_RETRY_SECONDS = (2, 4)
"""How soon a busy page asks again: a whole number of seconds in this range, at random."""
COOKIE_SECRET_LABEL = b"sendreflect login cookie"
FOREIGN_HOST = (
    "This server answers only at the address it was started with. Open the link that "
    "'sendreflect serve' printed.\n"
)


def allowed_hosts(ip: str) -> frozenset[str] | None:
    """The host names a server bound to ``ip`` answers besides loopback ones; None for any."""
    if ip in EVERY_ADDRESS:
        return None
    return frozenset({"localhost", ip.lower().strip("[]")})


def host_allowed(host_name: str, allowed: frozenset[str] | None) -> bool:
    """Whether a request's ``Host`` name (without its port) may be answered."""
    if allowed is None:
        return True
    name = host_name.lower().strip("[]")
    try:
        if ipaddress.ip_address(name).is_loopback:
            return True
    except ValueError:
        pass
    return name in allowed


class ForeignHost(Matcher):
    """Matches every request whose ``Host`` this server does not answer."""

    def __init__(self, allowed: frozenset[str] | None) -> None:
        self.allowed = allowed

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        return None if host_allowed(request.host_name, self.allowed) else {}


class RefuseForeignHost(tornado.web.RequestHandler):
    """403 for any method on any route, websockets included, before any handler runs."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(FOREIGN_HOST)


class CountingKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager (Voila adds its pools on top) that can say how many kernels are
    live or on their way, preheated ones included, for the kernel cap."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reserved = 0
        """Pages let in whose kernel is not yet counted below."""
        self.gate = Gate(0)
        """The pages being built; ``SendreflectVoila`` sets its size."""
        self._starters: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()

    # jupyter_client types the synchronous manager's start_kernel; this manager's is async
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        task = asyncio.current_task()
        if task is not None:  # a pool's task from here on is counted by its kernel's id
            self._starters.add(task)
        return await super().start_kernel(*args, **kwargs)

    def live_kernels(self) -> int:
        """Kernels running or starting, plus pool places whose kernel has not begun to start."""
        ids = set(self._kernels) | set(self._pending_kernels)
        pools: dict[str, list[asyncio.Task[Any]]] = getattr(self, "_pools", {})
        waiting = sum(
            1
            for pool in pools.values()
            for task in pool
            if not task.done() and task not in self._starters
        )
        return len(ids) + waiting


class Gate:
    """At most ``slots`` pages built at once (0: no limit)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.inside = 0

    def enter(self) -> bool:
        """Take a place if one is free."""
        if self.slots and self.inside >= self.slots:
            return False
        self.inside += 1
        return True

    def leave(self) -> None:
        self.inside -= 1


class CappedVoilaHandler(TornadoVoilaHandler):
    """Voila's page handler, which answers "the workshop is full" at the kernel cap and "the
    workshop is busy" while ``max_starting`` pages are being built."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        if self._at_cap():
            self._answer(FULL_PAGE, RETRY_SECONDS)
            return
        gate: Gate = self.kernel_manager.gate
        if not gate.enter():
            self._answer(BUSY_PAGE, random.randint(*BUSY_RETRY_SECONDS))
            return
        try:
            await self._render(path)
        finally:
            gate.leave()

    def _at_cap(self) -> bool:
        manager = self.kernel_manager
        cap: int = self.settings["voila"].max_kernels
        if cap and manager.live_kernels() + manager.reserved >= cap:
            self.log.warning("Refused a page: %s kernels is the cap (max_kernels)", cap)
            return True
        return False

    def _answer(self, page: str, seconds: int) -> None:
        self.set_status(503)
        self.set_header("Retry-After", str(seconds))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.format(seconds=seconds))

    async def _render(self, path: str | None) -> None:
        """Voila's page, streamed. A page of a notebook without preheated kernels starts one,
        counted as reserved until its HTML flows; one with a pool takes a kernel the pool already
        counts (and the pool's refill is counted as it starts), so reserving too would count it
        twice and turn a room away below the cap."""
        manager = self.kernel_manager
        held = not manager.get_pool_size(path or "")
        manager.reserved += held
        try:
            async for html in self.get_generator(path=path):
                if held:
                    manager.reserved -= 1
                    held = False
                self.write(html)
                self.flush()
        finally:
            if held:
                manager.reserved -= 1


class TokenQuerySocket(RequestInfoSocketHandler):
    """``/voila/query/<kernel id>``, which asks for the server's token when it has one."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        token: str = self.settings["identity_provider"].token or ""
        if token and not hmac.compare_digest(self._offered().encode(), token.encode()):
            raise tornado.web.HTTPError(403)
        await super().get(*args, **kwargs)

    def _offered(self) -> str:
        scheme, _, value = self.request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "token":
            return value.strip()
        return self.get_argument("token", "")


CHART_FOLDER = "sendreflect/static"
CHART_FILE = "chart.js"
"""The charts' browser code, served from the package's ``static`` folder; only this one file."""
CHART_SERVED = "SENDREFLECT_CHART_SCRIPT"
"""Where kernels read the served file's address (``app.chart.SERVED``)."""
REPLACED = {TornadoVoilaHandler: CappedVoilaHandler, RequestInfoSocketHandler: TokenQuerySocket}


class SendreflectVoila(Voila):
    """Voila with allowed hosts, a kernel cap and a token-guarded query socket."""

    max_kernels = Integer(
        0,
        config=True,
        help="The most kernels (pages and preheated ones) at once; 0 for no cap.",
    )
    max_starting = Integer(
        config=True,
        help="The most pages built at once (0: no limit); by default two for each core.",
    )

    @default("max_starting")
    def _default_max_starting(self) -> int:
        return 2 * (os.cpu_count() or 1)

    @default("cookie_secret")
    def _default_cookie_secret(self) -> bytes:
        """Made from the token, so every replica sharing it signs login cookies alike (without
        a token no login cookie is used, and the secret is random as in Voila)."""
        if self.token:
            return hmac.new(self.token.encode(), COOKIE_SECRET_LABEL, hashlib.sha256).digest()
        return os.urandom(32)

    def initialize(self, argv: list[str] | None = None) -> None:
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = CountingKernelManager
        # Kernels inherit this environment (the pools copy it when the kernel manager is made).
        if self.token:
            os.environ["SENDREFLECT_TOKEN"] = self.token
        else:
            os.environ.pop("SENDREFLECT_TOKEN", None)
        os.environ.setdefault("VOILA_APP_IP", self._own_address())
        served = url_path_join(self.base_url, CHART_FOLDER, CHART_FILE)
        os.environ[CHART_SERVED] = f"{served}?v={_digest(_static_folder() / CHART_FILE)}"

    def _own_address(self) -> str:
        """Where a kernel on this machine reaches this server."""
        if self.ip in (*EVERY_ADDRESS, "localhost"):
            return "127.0.0.1"
        return f"[{self.ip}]" if ":" in self.ip else self.ip

    def init_handlers(self) -> list[Any]:
        """Voila's handlers with ours swapped in, behind the allowed-hosts rule."""
        self._check_cap_fits_pools()
        self.kernel_manager.gate = Gate(self.max_starting)
        self.app.default_router.rules.insert(
            0, Rule(ForeignHost(allowed_hosts(self.ip)), RefuseForeignHost)
        )
        route = url_path_join(self.server_url, CHART_FOLDER, f"({re.escape(CHART_FILE)})")
        served = (route, tornado.web.StaticFileHandler, {"path": str(_static_folder())})
        return [_swapped(spec) for spec in super().init_handlers()] + [served]

    def _check_cap_fits_pools(self) -> None:
        pooled = sum(_pool_sizes(self.kernel_manager, Path(self.root_dir)))
        if self.max_kernels and self.max_kernels <= pooled:
            self.log.critical(
                "SENDREFLECT_MAX_KERNELS is %s, but %s kernels are kept ready for pages to open "
                "at once, so no page could open; set it to at least %s.",
                self.max_kernels,
                pooled,
                pooled + 1,
            )
            shutil.rmtree(self.connection_dir, ignore_errors=True)
            self.exit(1)


def _static_folder() -> Path:
    """The package's folder of browser code."""
    return Path(__file__).resolve().parent / "static"


def _digest(path: Path) -> str:
    """A short digest of a file's contents: its address changes whenever it does."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _swapped(spec: tuple[Any, ...]) -> tuple[Any, ...]:
    return (spec[0], REPLACED.get(spec[1], spec[1]), *spec[2:])


def _pool_sizes(manager: Any, root: Path) -> Iterable[int]:
    """The preheated kernels kept for each notebook under ``root``."""
    config: dict[str, dict[str, Any]] = getattr(manager, "kernel_pools_config", {})
    default = config.get("default", {}).get("pool_size", 0)
    for notebook in root.rglob("*.ipynb"):
        if ".ipynb_checkpoints" not in notebook.parts:
            name = str(notebook.relative_to(root))
            yield config.get(name, {}).get("pool_size", default)


main = SendreflectVoila.launch_instance

if __name__ == "__main__":
    sys.exit(main())
