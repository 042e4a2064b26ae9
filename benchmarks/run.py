"""Benchmarks: how fast and how heavy sendreflect is, each figure against a floor measured in the
same run on the same machine.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Every figure is the median of
several runs and is printed beside a floor (the least the same job can cost with the same tools)
and the ratio between them; the table at the end says which targets are met. Benchmarks never
assert: the exit status is 0 unless a benchmark crashed. See benchmarks/README.md.

- Pages: a real Voila server (the shipped voila.json, preheated kernels) on loopback serves copies
  of the participant and facilitator notebooks beside benchmarks/floor.ipynb (one IntSlider and one
  plotly FigureWidget), all preheated; Debian's Chromium loads each page in a fresh context.
- Kernel memory: the RSS of the kernel that served each page, once the page is ready.
- Saves: 30 processes, each with its own Store on one SQLite file (WAL), save 40 answers at once;
  against one writer alone, and (to tell lock waits from CPU waits) 30 writers on 30 files.
- Local authority: 100 schools x 3 rounds x 8 participants, bulk-inserted into a Store.
- Report: the governors' HTML report for the demo workshop.
- Room: 30 Chromium pages opening the participant link at once (each its own browser context),
  against 30 floor pages opened the same way; then 50 at once, beyond the kernel cap.
- Radar: the facilitator link opened, Results clicked, the radar drawn; against the floor's figure.

One module per concern: common (rows, medians, the machine, the table), serving (the Voila server
and its kernels), pages, saves, la, reporting, room (the room and the radar); this file runs them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from common import OUT, SCRATCH, Row, machine, say, table
from la import bench_local_authority
from pages import bench_pages
from reporting import bench_report
from room import bench_radar, bench_room
from saves import bench_saves

# -- main ----------------------------------------------------------------------------------------

SECTIONS = ("pages", "radar", "saves", "la", "report", "room")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per page (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the other figures")
    parser.add_argument("--writers", type=int, default=30, help="concurrent writers (default 30)")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated of {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--room", default="30,50", help="pages opened at once: within the cap, beyond it"
    )
    parser.add_argument(
        "--patience", type=float, default=420, help="seconds a room's pages are watched"
    )
    parser.add_argument("--json", type=Path, default=OUT / "latest.json", help="raw results")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 runs of everything")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = args.repeats = 2
        args.room, args.patience = "5,8", 180.0
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    room = [int(n) for n in args.room.split(",")]

    results: dict[str, Any] = {"machine": machine(), "rows": [], "crashed": []}
    info = results["machine"]
    say(
        f"sendreflect benchmarks, {info['date']}: {info['cores']} cores, {info['memory_gib']} GiB, "
        f"{info['cpu']}, Python {info['python']}, load {info['load_average_at_start']}"
    )
    began = time.monotonic()
    jobs: dict[str, Callable[[], None]] = {
        "pages": lambda: bench_pages(args.runs, results),
        "saves": lambda: bench_saves(args.writers, args.repeats, results),
        "la": lambda: bench_local_authority(args.repeats, results),
        "report": lambda: bench_report(args.repeats, results),
        "radar": lambda: bench_radar(args.runs, results),
        "room": lambda: bench_room(room[0], room[1], args.patience, results),
    }
    results["sections"] = {}
    try:
        for name in wanted:
            say(f"\n== {name} ==")
            start, load = time.monotonic(), os.getloadavg()[0]
            psutil.cpu_percent(None)
            try:
                jobs[name]()
            except Exception:
                traceback.print_exc()
                results["crashed"].append(name)
            busy = psutil.cpu_percent(None)
            took = time.monotonic() - start
            results["sections"][name] = {"s": took, "load": [load, os.getloadavg()[0]]}
            results["sections"][name]["machine_cpu_percent"] = busy
            say(
                f"  ({took:.0f} s; load average {load:.1f} → {os.getloadavg()[0]:.1f}, "
                f"whole machine {busy:.0f}% busy, this benchmark included)"
            )
    finally:
        for folder in SCRATCH:
            shutil.rmtree(folder, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["elapsed_s"] = time.monotonic() - began

    rows: list[Row] = results["rows"]
    say(f"\nResults (median of runs; whole run {results['elapsed_s']:.0f} s)\n")
    say(table(rows))
    missed = [r.figure for r in rows if r.met is False]
    say("\nTargets missed: " + ("; ".join(missed) if missed else "none"))
    if results["crashed"]:
        say("Crashed: " + ", ".join(results["crashed"]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(results | {"rows": [r.as_dict() for r in rows]}, indent=1, default=str),
        encoding="utf-8",
    )
    say(f"Raw figures: {args.json}")
    return 1 if results["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
