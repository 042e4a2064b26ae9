"""plotly's widget code reaches a facilitator's browser once, from the server, as the page
opens, instead of 5 MB through the kernel's socket with every chart; nothing else of plotly's
folder is served, and a participant's phone is not sent it."""

from __future__ import annotations

import importlib.metadata
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from sendreflect import Kind

pytestmark = pytest.mark.browser
NC = "national_college"
BUNDLE = "/sendreflect/plotly/widgetbundle.js"
MEGABYTE = 1_000_000


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_the_server_serves_plotly_s_widget_code_and_nothing_beside_it(server) -> None:
    version = importlib.metadata.version("plotly")
    status, headers, body = fetch(f"{server.base}{BUNDLE}?v={version}")
    assert status == 200 and len(body) > MEGABYTE
    assert "javascript" in headers["Content-Type"]
    assert "max-age=315360000" in headers["Cache-Control"]  # kept for as long as its version
    for path in (
        "/sendreflect/plotly/plotly.min.js",
        "/sendreflect/plotly/../basewidget.py",
        "/sendreflect/plotly/%2e%2e/basewidget.py",
        "/sendreflect/plotly/widgetbundle.jsx",
        "/sendreflect/plotly/",
    ):
        assert fetch(server.base + path)[0] == 404, path


def watch(page, requested: list[str], frames: list[int]) -> None:
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(len(payload))),
    )


def test_the_radar_is_drawn_from_the_served_code_fetched_as_the_page_opens(
    server, new_page
) -> None:
    code = server.store.create_workshop("Served Primary", "Baseline", code="SERVE1").code
    for number, (name, role) in enumerate((("Ash", "senco"), ("Birch", "head_teacher"))):
        person = server.store.join(code, name, role)
        server.store.save(code, person.id, Kind.POSITION, NC, "values", 2 + number)
    server.store.update_workshop(code, revealed=True)
    page = new_page(width=1300)
    requested: list[str] = []
    frames: list[int] = []
    watch(page, requested, frames)
    with page.expect_request(lambda request: BUNDLE in request.url, timeout=30_000):
        page.goto(server.facilitator_url(code))  # fetched once the opened page is idle
    expect(page.get_by_role("button", name="Results")).to_be_visible()

    page.get_by_role("button", name="Results").click()
    expect(page.locator(".js-plotly-plot .scatterlayer .trace").first).to_be_attached()
    expect(page.locator(".sr-table", has_text="The radar's numbers")).to_contain_text("Values")
    assert sum(BUNDLE in url for url in requested) == 1, "plotly's code fetched more than once"
    assert frames and max(frames) < MEGABYTE, "a chart still carries plotly's code"


def test_a_participant_s_phone_is_not_sent_plotly_s_code(server, new_page) -> None:
    page = new_page(width=390, height=844)
    requested: list[str] = []
    watch(page, requested, [])
    page.goto(server.participant_url("DEMO"))
    expect(page.get_by_label("Your alias")).to_be_visible()
    assert not [url for url in requested if BUNDLE in url]
