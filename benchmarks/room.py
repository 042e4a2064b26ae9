"""A room opening the link together, and the facilitator's time to the radar.

- The room: ``count`` real Chromium pages open one link at the same moment, each in a browser
  context of its own (one person's device: its own connections, so Chromium's six connections to
  a host are per page, as in a room of phones). Each page is watched until it is interactive (the
  floor's slider and figure drawn; the participant's join form editable) or the deadline passes;
  every five seconds each page's state is read: interactive, busy (the server's "the workshop is
  busy" page), full (the kernel cap's page), loading (Voila's spinner while its notebook runs),
  no widgets (Voila finished but the widgets never came: what a room saw before) or blank.
  Every room has a fresh server (the shipped voila.json and kernel cap), its pools preheated and
  one page loaded and closed first, so no room inherits another's kernels.
- Time to the radar: a fresh context opens the facilitator link, clicks Results and waits for
  the radar's SVG; the floor is the floor page's plotly figure drawn, each load after the pools
  have settled, the order alternating.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from common import CHROMIUM, OUT, Row, compared, median, say, scratch, within
from serving import VoilaServer

from sendreflect.browser import CHROMIUM_ARGS, launch

READY_JS = {
    "floor": """() => !!document.querySelector('.widget-slider')
        && !!document.querySelector('.js-plotly-plot .main-svg')""",
    "participant": """() => { const label = [...document.querySelectorAll('label')]
        .find(l => l.textContent.trim() === "Your alias");
      const input = label && (document.getElementById(label.htmlFor)
        || label.parentElement.querySelector('input'));
      return !!input && !input.disabled && !input.readOnly; }""",
}
STATE_JS = """(ready) => {
  const title = document.title || "";
  if (title.startsWith("The workshop is full")) return "full";
  if (title.startsWith("The workshop is busy")) return "busy";
  if (eval(ready)()) return "interactive";
  const loading = document.getElementById("loading");
  if (loading && getComputedStyle(loading).display !== "none") return "loading";
  const text = ((document.body && document.body.textContent) || "").trim();
  return text ? "no widgets" : "blank";
}"""
POLITE = ("interactive", "busy", "full")
"""The states a page may be left in when a room is over the server's means."""
SAMPLE_EVERY = 5.0
STILL = "*, *::before, *::after { animation: none !important; transition: none !important; }"
"""Every page's CSS animations stopped (Voila's spinning logo): in a room each device paints its
own, but here 30 pages share the server's two cores, and 30 spinners at 60 frames a second
would take from the server what no real room takes. The floor's pages are treated alike."""
STILL_JS = (
    "document.addEventListener('DOMContentLoaded', () => { const s = document.createElement"
    f"('style'); s.textContent = {STILL!r}; document.head.appendChild(s); }});"
)


def _server(prefix: str, floor_pool: int = 2) -> tuple[VoilaServer, dict[str, dict[str, str]]]:
    from sendreflect import Store, seed_demo

    folder = scratch(prefix)
    store_url = f"sqlite:///{folder / 'workshops.sqlite'}"
    store = Store(store_url)
    seed_demo(store)
    store.update_workshop("DEMO", revealed=True)  # Results draws the radar at once
    queries = {
        "floor": {},
        "participant": {"code": "DEMO"},
        "facilitator": {"code": "DEMO", "key": store.facilitator_key()},
    }
    store.close()
    return VoilaServer(folder, store_url, floor_pool=floor_pool), queries


async def _watch(context: Any, url: str, name: str, began: float, deadline: float) -> dict:
    """One person opening the link: when the page was interactive, and its states meanwhile."""
    page = await context.new_page()
    await page.add_init_script(STILL_JS)
    seen: dict[str, Any] = {"ready": None, "states": []}
    shown = ["blank"]
    """What the last page the server sent is: nothing yet, busy, full or Voila's page."""

    def on_response(response: Any) -> None:
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            full = response.headers.get("retry-after") == "60"
            shown[0] = ("full" if full else "busy") if response.status == 503 else "voila"

    page.on("response", on_response)

    async def sample() -> None:
        while seen["ready"] is None and time.perf_counter() < deadline:
            try:
                state = await asyncio.wait_for(page.evaluate(STATE_JS, READY_JS[name]), 5)
            except Exception:  # the renderer too busy to answer, or a busy page asking again
                # (its next request waits in line while the busy page stays on screen)
                state = {"voila": "no answer"}.get(shown[0], shown[0])
            seen["states"].append((round(time.perf_counter() - began, 1), state))
            await asyncio.sleep(SAMPLE_EVERY)

    sampler = asyncio.ensure_future(sample())
    navigation = asyncio.ensure_future(page.goto(url, wait_until="commit", timeout=0))
    try:
        await page.wait_for_function(
            READY_JS[name], polling=1000, timeout=max(1.0, deadline - time.perf_counter()) * 1000
        )
        seen["ready"] = time.perf_counter() - began
        seen["states"].append((round(seen["ready"], 1), "interactive"))
    except Exception:
        pass
    await sampler
    navigation.cancel()
    return seen


async def _room(server: VoilaServer, url: str, name: str, count: int, patience: float) -> list:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
        )
        try:
            contexts = [
                await browser.new_context(viewport={"width": 1000, "height": 800})
                for _ in range(count)
            ]
            began = time.perf_counter()
            deadline = began + patience
            return list(
                await asyncio.gather(*(_watch(c, url, name, began, deadline) for c in contexts))
            )
        finally:
            await browser.close()


def _warm(server: VoilaServer, name: str, query: dict[str, str]) -> None:
    """One page loaded and closed (templates compiled, files read), then its kernel shut."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright, CHROMIUM)
        try:
            page = browser.new_page()
            page.goto(server.url(f"{name}.ipynb", **query))
            page.wait_for_function(READY_JS[name], timeout=180_000)
            kernel_id = page.evaluate(
                "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
            )
        finally:
            browser.close()
    server.shutdown_kernel(kernel_id)
    server.wait_for_pool()


def room_once(name: str, count: int, patience: float) -> dict[str, Any]:
    """``count`` pages of ``name`` opened at once on a fresh server."""
    server, queries = _server(f"sendreflect-bench-room-{name}-")
    server.start()
    try:
        server.wait_for_pool()
        _warm(server, name, queries[name])
        url = server.url(f"{name}.ipynb", **queries[name])
        pages = asyncio.run(_room(server, url, name, count, patience))
    finally:
        server.stop()
        OUT.mkdir(exist_ok=True)
        Path(server.log).replace(OUT / f"voila-room-{name}-{count}.log")
    return summarise(pages)


def summarise(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """How many pages became interactive and when, and the state each was left in."""
    ready = sorted(p["ready"] for p in pages if p["ready"] is not None)
    finals = [p["states"][-1][1] if p["states"] else "no answer" for p in pages]
    blank_first = [  # seconds before a page first showed anything (all its watch if never)
        next(
            (t for t, s in p["states"] if s not in ("blank", "no answer")),
            p["states"][-1][0] if p["states"] else 0.0,
        )
        for p in pages
    ]
    return {
        "pages": len(pages),
        "interactive": len(ready),
        "ready_s": ready,
        "last_s": ready[-1] if ready and len(ready) == len(pages) else None,
        "median_s": median(ready),
        "final_states": {s: finals.count(s) for s in sorted(set(finals))},
        "impolite": sum(1 for s in finals if s not in POLITE),
        "longest_blank_start_s": max(blank_first) if pages else None,
        "states": [p["states"] for p in pages],
    }


def _describe(label: str, room: dict[str, Any]) -> str:
    last = f"{room['last_s']:.1f} s" if room["last_s"] is not None else "not all"
    return (
        f"  {label}: {room['interactive']}/{room['pages']} interactive (median "
        f"{room['median_s'] or 0:.1f} s, last {last}); left as {room['final_states']}; "
        f"nothing shown for at most {room['longest_blank_start_s'] or 0:.1f} s"
    )


def bench_room(together: int, beyond: int, patience: float, results: dict[str, Any]) -> None:
    """The floor and the participant page, ``together`` at once; the participant page ``beyond``
    at once, past the kernel cap."""
    rooms = results.setdefault("room", {})
    if together:  # --room 0,50 runs the room past the cap alone
        rooms["floor"] = room_once("floor", together, patience)
        say(_describe(f"floor, {together} at once", rooms["floor"]))
        rooms["participant"] = room_once("participant", together, patience)
        say(_describe(f"participant, {together} at once", rooms["participant"]))
        _rows_together(together, rooms["floor"], rooms["participant"], results["rows"])
    rooms["participant beyond"] = over = room_once("participant", beyond, patience)
    say(_describe(f"participant, {beyond} at once", over))
    results["rows"].append(
        Row(
            f"Room: {beyond} opened at once, pages left blank or without widgets",
            "pages",
            over["impolite"],
            None,
            "–",
            "0 (each interactive, busy or full)",
            lambda value, _ratio: value == 0,
        )
    )


def _rows_together(together: int, floor: dict, mine: dict, rows: list[Row]) -> None:
    rows.append(
        Row(
            f"Room: {together} participant pages opened at once, interactive",
            "pages",
            mine["interactive"],
            floor["interactive"],
            f"floor page, {together} opened at once: pages interactive",
            f"all {together}",
            lambda value, _ratio: value == together,
        )
    )
    rows.append(
        Row(
            f"  the same, the last page interactive (all {together})",
            "s",
            mine["last_s"],
            floor["last_s"],
            f"floor page, {together} opened at once: the last interactive",
            "≤ 1.0× floor",
            within(1.0),
            mine["ready_s"],
            floor["ready_s"],
        )
    )


def _time_radar(browser: Any, server: VoilaServer, queries: dict, name: str) -> tuple[float, str]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(120_000)
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(server.url(f"{name}.ipynb", **queries[name]), wait_until="commit")
        if name == "facilitator":
            page.get_by_role("button", name="Results", exact=True).click()
        page.locator(".js-plotly-plot .main-svg").first.wait_for(state="visible")
        elapsed = time.perf_counter() - start
        kernel_id = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
    finally:
        context.close()
    return elapsed, kernel_id


def bench_radar(runs: int, results: dict[str, Any]) -> None:
    """Seconds from opening the facilitator link to the radar drawn in Results, against the
    floor page's plotly figure drawn."""
    from playwright.sync_api import sync_playwright

    server, queries = _server("sendreflect-bench-radar-", floor_pool=1)
    times: dict[str, list[float]] = {"floor": [], "facilitator": []}
    server.start()
    try:
        server.wait_for_pool()
        with sync_playwright() as playwright:
            browser = launch(playwright, CHROMIUM)
            try:
                for number in range(runs + 1):  # round 0 warms Chromium and the server
                    order = ("floor", "facilitator") if number % 2 else ("facilitator", "floor")
                    for name in order:
                        server.wait_for_pool()
                        elapsed, kernel_id = _time_radar(browser, server, queries, name)
                        server.shutdown_kernel(kernel_id)
                        if number:
                            times[name].append(elapsed)
                            say(f"  run {number} {name}: {elapsed:.2f} s")
            finally:
                browser.close()
    finally:
        server.stop()
    results["radar"] = times
    results["rows"].append(
        compared(
            "Time to the radar (facilitator link, Results, radar drawn)",
            "s",
            times["facilitator"],
            times["floor"],
            "floor page: its plotly figure drawn",
            target="≤ 1.0× floor",
            check=within(1.0),
        )
    )
