"""The page's request: what a Voila page was opened with (its query string, the server and the
notebook's path) and links to the other pages on the same server.

This module owns reading the request in a preheated kernel without importing Jupyter's server
side; nothing here builds a widget.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from dataclasses import dataclass
from urllib.parse import parse_qs

from sendreflect.links import page_link


@dataclass(frozen=True)
class Request:
    """What the page was opened with: its query string and where the server is."""

    query: dict[str, str]
    server: str
    path: str

    def link(self, notebook: str, **params: str) -> str:
        """A link to another notebook on the same server, carrying the access token if any."""
        folder = self.path.rsplit("/", 1)[0]
        return page_link(f"{self.server}{folder}", notebook, self.query.get("token", ""), **params)


def wait_for_request(patience: float = 120) -> None:
    """In a preheated kernel, wait until Voila gives this kernel to a page, then put the page's
    request (query string, server, path) into the environment.

    This is what ``voila.utils.wait_for_request`` does, without importing Jupyter's server side
    into every kernel (about 40 MiB each). Outside a preheated kernel it returns at once. A kernel
    is preheated while the server is busy (starting other kernels, serving a room that joins at
    once), so a slow or refused connection is tried again for up to ``patience`` seconds; Voila
    keeps a request that arrives first until the kernel connects. When the server has a token
    (``SENDREFLECT_TOKEN``, set by ``sendreflect.voila_app``) it is sent, as that socket asks.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    address = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    url = f"{protocol}://{address}:{port}{base}voila/query/{kernel}"
    token = os.environ.get("SENDREFLECT_TOKEN", "")  # the server's, which this socket asks for
    headers = {"Authorization": f"token {token}"} if token else None
    deadline = time.monotonic() + patience
    while True:
        try:
            with connect(url, open_timeout=10, additional_headers=headers) as socket:
                info = socket.recv()
            break
        except (TimeoutError, OSError, WebSocketException) as exc:
            if time.monotonic() >= deadline:
                warnings.warn(f"could not read the page's request from {url}: {exc}", stacklevel=2)
                return
            time.sleep(1)
    for name, value in json.loads(info).items():
        os.environ[name] = value


def current_request() -> Request:
    """The request that opened this page (in Voila), read after the preheated kernel is claimed.

    Outside Voila (JupyterLab, tests) the query is empty and links point at a local server.
    """
    wait_for_request()
    return request_in_environment()


def request_in_environment(page: str = "participant.ipynb") -> Request:
    """The request as the environment holds it now (Voila puts it there when the page opens),
    without waiting; outside Voila, a local server's ``page`` with an empty query."""
    raw = os.environ.get("QUERY_STRING", "")
    query = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    name = os.environ.get("SERVER_NAME", "localhost")
    port = os.environ.get("SERVER_PORT", "")
    server = os.environ.get("SENDREFLECT_PUBLIC_URL") or f"http://{name}" + (
        f":{port}" if port else ""
    )
    path = os.environ.get("SCRIPT_NAME", f"/voila/render/{page}")
    return Request(query=query, server=server.rstrip("/"), path=path)
