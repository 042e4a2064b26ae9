"""``/voila/query/<kernel>`` hands a kernel its page's query string, keys included: with a token
the server asks for it there too, and the kernels, which are given it, still get their pages."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

pytestmark = pytest.mark.browser


def handshake(url: str, token: str | None) -> int:
    """The status of a websocket handshake: 101 when it opens."""
    headers = {"Authorization": f"token {token}"} if token is not None else None
    try:
        with connect(url, additional_headers=headers, open_timeout=60):
            return 101
    except InvalidStatus as exc:
        return exc.response.status_code


def test_the_query_socket_asks_for_the_token_and_pages_still_open(serve, chromium) -> None:
    run = serve("--host", "127.0.0.1")
    participant = run.link("participant")
    token = parse_qs(urlsplit(participant).query)["token"][0]
    query = f"ws://127.0.0.1:{run.port}/voila/query/{uuid.uuid4()}"
    assert handshake(query, None) == 403
    assert handshake(query, "not-the-token") == 403
    assert handshake(f"{query}?token=not-the-token", None) == 403
    assert handshake(query, token) == 101
    context = chromium.new_context()
    context.set_default_timeout(90_000)  # a loaded two-core machine is slow to start a page
    try:
        page = context.new_page()
        page.goto(participant)
        expect(page.get_by_text("Workshop DEMO: Brookfield Primary School")).to_be_visible(
            timeout=90_000
        )
    finally:
        context.close()
