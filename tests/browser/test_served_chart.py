"""The charts' code reaches a facilitator's browser once, from the server, as the page opens,
instead of through the kernel's socket with every chart; nothing beside it is served from the
package, and a participant's phone is not sent it."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from sendreflect import Kind
from sendreflect.app.chart import CODE

pytestmark = pytest.mark.browser
NC = "national_college"
SERVED = "/sendreflect/static/chart.js"
KILOBYTES_100 = 100_000


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_the_server_serves_the_chart_code_and_nothing_beside_it(server) -> None:
    digest = hashlib.sha256(CODE.read_bytes()).hexdigest()[:12]
    status, headers, body = fetch(f"{server.base}{SERVED}?v={digest}")
    assert status == 200 and body == CODE.read_bytes()
    assert "javascript" in headers["Content-Type"]
    assert "max-age=315360000" in headers["Cache-Control"]  # kept for as long as its digest
    for path in (
        "/sendreflect/static/../voila_app.py",
        "/sendreflect/static/%2e%2e/voila_app.py",
        "/sendreflect/static/%2e%2e%2fvoila_app.py",
        "/sendreflect/static/chart.jsx",
        "/sendreflect/static/",
        "/sendreflect/app/chart.py",
    ):
        assert fetch(server.base + path)[0] == 404, path


def revealed(store, school: str, code: str) -> str:
    """A workshop of two people with positions, its results revealed."""
    store.create_workshop(school, "Baseline", code=code)
    for number, (name, role) in enumerate((("Ash", "senco"), ("Birch", "head_teacher"))):
        person = store.join(code, name, role)
        store.save(code, person.id, Kind.POSITION, NC, "values", 2 + number)
    store.update_workshop(code, revealed=True)
    return code


def watch(page, requested: list[str], frames: list[int]) -> None:
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(len(payload))),
    )


def test_the_radar_is_drawn_from_the_served_code_fetched_as_the_page_opens(
    server, new_page
) -> None:
    code = revealed(server.store, "Served Primary", "SERVE1")
    page = new_page(width=1300)
    requested: list[str] = []
    frames: list[int] = []
    watch(page, requested, frames)
    with page.expect_request(lambda request: SERVED in request.url, timeout=30_000):
        page.goto(server.facilitator_url(code))  # fetched once the opened page is idle
    expect(page.get_by_role("button", name="Results")).to_be_visible()

    page.get_by_role("button", name="Results").click()
    expect(page.locator(".js-plotly-plot .scatterlayer .trace").first).to_be_attached()
    expect(page.get_by_role("figure", name="Radar chart")).to_be_visible()
    expect(page.locator(".sr-table", has_text="The radar's numbers")).to_contain_text("Values")
    assert sum(SERVED in url for url in requested) == 1, "the chart code fetched more than once"
    assert frames and max(frames) < KILOBYTES_100, "a chart still carries its code"


def test_a_participant_s_phone_is_not_sent_the_chart_code(server, new_page) -> None:
    page = new_page(width=390, height=844)
    requested: list[str] = []
    watch(page, requested, [])
    page.goto(server.participant_url("DEMO"))
    expect(page.get_by_label("Your alias")).to_be_visible()
    assert not [url for url in requested if SERVED in url]


def test_new_answers_change_the_drawn_radar_in_place(server, new_page) -> None:
    code = revealed(server.store, "Redrawn Primary", "REDRAW")
    page = new_page(width=1300)
    page.goto(server.facilitator_url(code))
    page.get_by_role("button", name="Results").click()
    plot = page.locator(".js-plotly-plot").first
    traces = page.locator(".js-plotly-plot .scatterlayer .trace")
    expect(traces.first).to_be_attached()
    before = traces.count()
    plot.evaluate("element => { element.dataset.seen = 'yes'; }")  # the same chart, after?

    person = server.store.join(code, "Cedar", "teacher")
    server.store.save(code, person.id, Kind.POSITION, NC, "values", 5)
    page.get_by_role("button", name="Show them").click(timeout=30_000)
    page.wait_for_function(  # Cedar's line, or the individual lines once there are three
        "n => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length > n",
        arg=before,
    )
    assert plot.evaluate("element => element.dataset.seen") == "yes", "the chart was replaced"
