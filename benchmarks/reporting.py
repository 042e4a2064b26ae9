"""The governors' HTML report for one workshop, against plotly's own HTML of one radar."""

from __future__ import annotations

import statistics
import time
from typing import Any

from common import NC, compared, say, scratch

# -- the report ----------------------------------------------------------------------------------


def bench_report(repeats: int, results: dict[str, Any]) -> None:
    from sendreflect import Store, charts, get_framework, responses, seed_demo
    from sendreflect.report import build_report

    folder = scratch("sendreflect-bench-report-")
    store = Store(f"sqlite:///{folder / 'demo.sqlite'}")
    seed_demo(store)
    build_report(store, "DEMO")  # warm: template compiled, frameworks loaded
    built: list[float] = []
    size = 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(build_report(store, "DEMO"))
        built.append(time.perf_counter() - start)
    figure = charts.radar(responses.positions(store.answers("DEMO")), get_framework(NC))
    figure.to_html(include_plotlyjs=True)
    floor: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        figure.to_html(include_plotlyjs=True)
        floor.append(time.perf_counter() - start)
    store.close()
    say(f"  report {size / 1e6:.1f} MB in {statistics.median(built):.3f} s")
    results["report"] = {"seconds": built, "bytes": size, "floor_seconds": floor}
    results["rows"].append(
        compared(
            "HTML report, one workshop (demo)",
            "s",
            built,
            floor,
            "radar.to_html(include_plotlyjs=True)",
        )
    )
