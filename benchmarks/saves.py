"""Saving while the whole team types: concurrent writers on one store, against one writer alone."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import statistics
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import NC, compared, percentile, say, scratch, under

# -- saves -------------------------------------------------------------------------------------


def _save_items(number: int) -> list[tuple[str, str, Any]]:
    """Forty answers a participant gives: 5 positions, 5 evidence notes, 30 reflections."""
    from sendreflect import get_framework
    from sendreflect.responses import NOT_SURE

    framework = get_framework(NC)
    dims = [d.id for d in framework.dimensions]
    questions = [q.id for _, _, q in framework.questions()][:30]
    rng = random.Random(number)
    items: list[tuple[str, str, Any]] = [
        ("position", d, rng.choice([1, 2, 3, 4, 5, NOT_SURE])) for d in dims
    ]
    items += [
        ("evidence", d, f"Evidence {number} on {d}: " + "we saw it in class. " * 5) for d in dims
    ]
    items += [
        ("reflection", q, f"Reflection {number} on {q}: " + "mostly, not always. " * 5)
        for q in questions
    ]
    return items


def _writer(
    url: str, code: str, subject: str, number: int, barrier: Any, queue: Any
) -> None:  # runs in a child process
    from sendreflect import Store

    try:
        store = Store(url)
        store.participant(subject)  # open the connection, as a kernel that has joined has
        items = _save_items(number)
        barrier.wait(timeout=120)
        began = time.perf_counter()
        latencies = []
        cpu = time.process_time()
        for kind, item_id, value in items:
            start = time.perf_counter()
            store.save(code, subject, kind, NC, item_id, value)
            latencies.append(time.perf_counter() - start)
        cpu = (time.process_time() - cpu) / len(items)
        queue.put((latencies, cpu, began, time.perf_counter(), None))
        store.close()
    except Exception:
        queue.put(([], 0.0, 0.0, 0.0, traceback.format_exc()))


@dataclass
class Burst:
    latencies_ms: list[float]
    seconds: float
    cpu_ms: float
    """The median writer's CPU time per save (what the save costs, waits left out)."""

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def describe(self) -> str:
        lat = self.latencies_ms
        return (
            f"median {statistics.median(lat):.1f} ms, p95 {percentile(lat, 95):.1f} ms, "
            f"p99 {percentile(lat, 99):.0f} ms, max {max(lat):.0f} ms, {self.rate:.0f} saves/s, "
            f"CPU {self.cpu_ms:.2f} ms a save"
        )


def _save_burst(writers: list[tuple[str, str, str]], first: int) -> Burst:
    """Each (store URL, workshop, participant) saves forty answers in its own process (as each
    participant's kernel is), all starting together."""
    ctx = mp.get_context("fork")  # children inherit the imported modules: quick to start
    barrier = ctx.Barrier(len(writers))
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, code, subject, first + n, barrier, queue))
        for n, (url, code, subject) in enumerate(writers)
    ]
    for proc in procs:
        proc.start()
    latencies: list[float] = []
    cpus: list[float] = []
    spans: list[tuple[float, float]] = []
    for _ in procs:
        lat, cpu, began, ended, error = queue.get(timeout=600)
        if error:
            raise RuntimeError(f"a writer failed:\n{error}")
        latencies += [x * 1e3 for x in lat]
        cpus.append(cpu * 1e3)
        spans.append((began, ended))
    for proc in procs:
        proc.join(timeout=30)
    seconds = max(e for _, e in spans) - min(b for b, _ in spans)
    return Burst(latencies, seconds, statistics.median(cpus))


def _save_targets(folder: Path, name: str, people: int, files: int) -> list[tuple[str, str, str]]:
    """``people`` participants of one workshop, spread over ``files`` SQLite files."""
    from sendreflect import Store

    targets = []
    for number in range(files):
        url = f"sqlite:///{folder / f'{name}-{number}.sqlite'}"
        store = Store(url)
        code = store.create_workshop("Save Primary (fictional)", "Benchmark", code="SAVESS").code
        for person in range(people // files):
            targets.append((url, code, store.join(code, f"P{person:03d}", "teacher").id))
        store.close()
    return targets


def bench_saves(writers: int, repeats: int, results: dict[str, Any]) -> None:
    """Save latency with ``writers`` concurrent writers on one SQLite file, against one writer
    alone; and, to tell lock waits from CPU waits, the same writers each on a file of its own."""
    import sendreflect.app  # noqa: F401  (what a kernel has imported before it saves)
    from sendreflect.frameworks import load_frameworks

    load_frameworks()  # a kernel has built its page, reading the frameworks, before it saves

    folder = scratch("sendreflect-bench-saves-")
    runs: dict[str, list[Burst]] = {"one": [], "shared": [], "own": []}
    for repeat in range(repeats):
        first = repeat * 1000
        runs["one"].append(_save_burst(_save_targets(folder, f"one{repeat}", 1, 1), first))
        shared = _save_targets(folder, f"shared{repeat}", writers, 1)
        runs["shared"].append(_save_burst(shared, first + 100))
        own = _save_targets(folder, f"own{repeat}", writers, writers)
        runs["own"].append(_save_burst(own, first + 100))
        say(f"  repeat {repeat + 1}, load {os.getloadavg()[0]:.1f}")
        say(f"    one writer:                   {runs['one'][-1].describe()}")
        say(f"    {writers} writers, one file:        {runs['shared'][-1].describe()}")
        say(f"    {writers} writers, a file each:     {runs['own'][-1].describe()}")

    def each(kind: str, pct: float | None) -> list[float]:
        return [
            statistics.median(b.latencies_ms) if pct is None else percentile(b.latencies_ms, pct)
            for b in runs[kind]
        ]

    results["saves"] = {
        "writers": writers,
        "saves_each": 40,
        "repeats": repeats,
        **{
            f"{kind}_{label}_ms": each(kind, pct)
            for kind in runs
            for label, pct in (("median", None), ("p95", 95), ("p99", 99), ("max", 100))
        },
        **{f"{kind}_saves_per_s": [b.rate for b in runs[kind]] for kind in runs},
        **{f"{kind}_cpu_ms_per_save": [b.cpu_ms for b in runs[kind]] for kind in runs},
    }
    rows = results["rows"]
    rows.append(
        compared(
            f"Save latency, median, {writers} writers",
            "ms",
            each("shared", None),
            each("one", None),
            "one writer alone (median / p95)",
        )
    )
    rows.append(
        compared(
            f"Save latency, p95, {writers} writers",
            "ms",
            each("shared", 95),
            each("one", 95),
            "one writer alone (median / p95)",
            target="< 100 ms",
            check=under(100),
        )
    )
    rows.append(
        compared(
            f"  the same, {writers} writers each on its own file",
            "ms",
            each("own", 95),
            each("one", 95),
            "one writer alone (median / p95)",
        )
    )
