"""Pages one at a time: seconds from navigation to an interactive page, and its kernel's memory."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import CHROMIUM, OUT, PAGES, compared, median, say, scratch, within
from serving import VoilaServer, tree_rss

from sendreflect.browser import launch

FACILITATOR_SECTIONS = ("Share", "Participation", "Results", "Agree", "Action plan", "Take away")

# -- pages and kernel memory ---------------------------------------------------------------------


def _settled_rss(kernel: Any, patience: float = 15) -> int:
    """The kernel's RSS once it has been idle for a second (below 5 % of a core), after any work
    it does in the background once its page is built (the facilitator's warm-up)."""
    kernel.cpu_percent(None)
    quiet = 0
    deadline = time.monotonic() + patience
    while quiet < 4 and time.monotonic() < deadline:
        time.sleep(0.25)
        quiet = quiet + 1 if kernel.cpu_percent(None) < 5 else 0
    return tree_rss(kernel)


def _ready_floor(page: Any, marks: dict[str, float]) -> None:
    page.locator(".widget-slider").first.wait_for(state="visible")
    marks["slider"] = time.perf_counter()
    page.locator(".js-plotly-plot .main-svg").first.wait_for(state="visible")


def _ready_participant(page: Any, _marks: dict[str, float]) -> None:
    from playwright.sync_api import expect

    alias = page.get_by_label("Your alias")
    alias.wait_for(state="visible")
    expect(alias).to_be_editable(timeout=90_000)


def _ready_facilitator(page: Any, _marks: dict[str, float]) -> None:
    for name in FACILITATOR_SECTIONS:
        page.get_by_role("button", name=name, exact=True).wait_for(state="visible")


READY: dict[str, Callable[[Any, dict[str, float]], None]] = {
    "floor": _ready_floor,
    "participant": _ready_participant,
    "facilitator": _ready_facilitator,
}


def bench_pages(runs: int, results: dict[str, Any]) -> None:
    """Time from navigation to an interactive page, and the RSS of the kernel behind it."""
    from playwright.sync_api import sync_playwright

    from sendreflect import Store, seed_demo

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is not installed: run 'make system' (Debian's chromium)")
    folder = scratch("sendreflect-bench-pages-")
    store_url = f"sqlite:///{folder / 'workshops.sqlite'}"
    store = Store(store_url)
    seed_demo(store)
    queries: dict[str, dict[str, str]] = {
        "floor": {},
        "participant": {"code": "DEMO"},
        "facilitator": {"code": "DEMO", "key": store.facilitator_key()},
    }
    store.close()
    server = VoilaServer(folder, store_url)
    say(f"  {' '.join(server.command[2:])}")
    seconds: dict[str, list[float]] = {name: [] for name in PAGES}
    rss: dict[str, list[float]] = {name: [] for name in PAGES}
    settled: dict[str, list[float]] = {name: [] for name in PAGES}
    uss: dict[str, list[float]] = {name: [] for name in PAGES}
    slider: list[float] = []
    waits: list[float] = []
    started = time.monotonic()
    server.start()
    try:
        say(f"  server up in {time.monotonic() - started:.1f} s; preheating the pools…")
        say(f"  pools preheated after {server.wait_for_pool():.1f} s more")
        with sync_playwright() as playwright:
            browser = launch(playwright, CHROMIUM)
            results["machine"]["chromium"] = browser.version
            try:
                # Round 0 warms Chromium and the server (templates, static files): not counted.
                for number in range(runs + 1):
                    # Rotate the order, so no page always follows the same one.
                    order = PAGES[number % 3 :] + PAGES[: number % 3]
                    for name in order:
                        waits.append(server.wait_for_pool())
                        load = _load_once(browser, server, f"{name}.ipynb", queries[name], name)
                        if number == 0:
                            say(f"  warm-up {name}: {load['seconds']:.2f} s")
                            continue
                        seconds[name].append(load["seconds"])
                        rss[name].append(load["rss"] / 2**20)
                        settled[name].append(load["settled"] / 2**20)
                        uss[name].append(load["uss"] / 2**20)
                        if "slider" in load:
                            slider.append(load["slider"])
                        say(
                            f"  run {number} {name}: {load['seconds']:.2f} s, kernel RSS "
                            f"{load['rss'] / 2**20:.0f} MiB (USS {load['uss'] / 2**20:.0f} MiB), "
                            f"settled {load['settled'] / 2**20:.0f} MiB"
                        )
            finally:
                browser.close()
        server.wait_for_pool(timeout=30)
    finally:
        server.stop()
        OUT.mkdir(exist_ok=True)
        shutil.copy(server.log, OUT / "voila.log")
    say(
        "  medians: "
        + ", ".join(f"{n} {median(seconds[n]) or 0:.2f} s" for n in PAGES)
        + f"; floor's slider alone {median(slider) or 0:.2f} s"
    )
    results["pages"] = {
        "seconds": seconds,
        "floor_slider_seconds": slider,
        "kernel_rss_mib": rss,
        "kernel_settled_rss_mib": settled,
        "kernel_uss_mib": uss,
        "pool_waits_s": waits,
        "voila_log": str(OUT / "voila.log"),
    }
    rows = results["rows"]
    for name in ("participant", "facilitator"):
        rows.append(
            compared(
                f"{name.capitalize()} page interactive",
                "s",
                seconds[name],
                seconds["floor"],
                "floor page: slider and plotly figure visible",
                target="≤ 1.3× floor",
                check=within(1.3),
            )
        )
        rows.append(
            compared(
                "  the same, against the floor's slider alone",
                "s",
                seconds[name],
                slider,
                "floor page: slider visible (the figure may still be drawing)",
            )
        )
    rows.append(
        compared(
            "Participant kernel memory (RSS)",
            "MiB",
            rss["participant"],
            rss["floor"],
            "floor page's kernel (RSS)",
            target="≤ 0.65× floor",
            check=within(0.65),
        )
    )
    rows.append(
        compared(
            "Facilitator kernel memory (RSS)",
            "MiB",
            rss["facilitator"],
            rss["floor"],
            "floor page's kernel (RSS)",
            target="≤ 1.0× floor",
            check=within(1.0),
        )
    )
    rows.append(
        compared(
            "  the same, settled (idle for a second after)",
            "MiB",
            settled["facilitator"],
            settled["floor"],
            "floor page's kernel, settled (RSS)",
        )
    )


def _load_once(
    browser: Any, server: VoilaServer, notebook: str, query: dict[str, str], name: str
) -> dict[str, float]:
    """Load one page in a fresh context: seconds to interactive, its kernel's RSS and USS."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(90_000)
    marks: dict[str, float] = {}
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(server.url(notebook, **query), wait_until="commit")
        READY[name](page, marks)
        elapsed = time.perf_counter() - start
        kernel_id = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        time.sleep(0.5)  # let the kernel finish answering the page's widget messages
        kernel = server.kernels().get(kernel_id)
        if kernel is None:
            raise RuntimeError(f"no kernel process for {kernel_id} ({notebook})")
        rss = tree_rss(kernel)
        uss = kernel.memory_full_info().uss
        settled = _settled_rss(kernel)
    finally:
        context.close()
    server.shutdown_kernel(kernel_id)
    load = {"seconds": elapsed, "rss": rss, "uss": uss, "settled": settled}
    if "slider" in marks:
        load["slider"] = marks["slider"] - start
    return load
