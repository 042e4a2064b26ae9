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
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing as mp
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing, like the tests

from sendreflect.browser import find_chromium, launch  # noqa: E402
from tests.harness import ServerProcess  # noqa: E402  (the tests' server harness)

OUT = HERE / "out"
CHROMIUM = find_chromium() or "/usr/bin/chromium"
NC = "national_college"
PAGES = ("floor", "participant", "facilitator")
FACILITATOR_SECTIONS = ("Share", "Participation", "Results", "Agree", "Action plan", "Take away")


# -- results -----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the final table."""

    figure: str
    unit: str
    median: float | None
    floor: float | None
    floor_label: str
    target: str = "–"
    check: Callable[[float, float | None], bool] | None = field(default=None, repr=False)
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor:
            return None
        return self.median / self.floor

    @property
    def met(self) -> bool | None:
        if self.check is None or self.median is None:
            return None
        return self.check(self.median, self.ratio)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("check")
        return data | {"ratio": self.ratio, "met": self.met}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile by the nearest-rank method (what people mean by "p95")."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def within(factor: float) -> Callable[[float, float | None], bool]:
    return lambda _value, ratio: ratio is not None and ratio <= factor


def under(limit: float) -> Callable[[float, float | None], bool]:
    return lambda value, _ratio: value < limit


def say(text: str) -> None:
    print(text, flush=True)


SCRATCH: list[Path] = []


def scratch(prefix: str) -> Path:
    """A temporary folder, removed when the run ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    SCRATCH.append(folder)
    return folder


# -- the machine -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# -- the Voila server --------------------------------------------------------------------------


class VoilaServer:
    """The app notebooks and the floor notebook, served by Voila with the shipped voila.json."""

    def __init__(self, folder: Path, store_url: str) -> None:
        from sendreflect.server import config_dir, notebooks_dir, voila_command

        self.folder = folder
        self.notebooks = folder / "notebooks"
        self.notebooks.mkdir()
        for name in ("participant.ipynb", "facilitator.ipynb"):
            shutil.copy(notebooks_dir() / name, self.notebooks / name)
        shutil.copy(HERE / "floor.ipynb", self.notebooks / "floor.ipynb")
        shipped = json.loads((config_dir() / "voila.json").read_text(encoding="utf-8"))
        self.pools = dict(shipped["VoilaKernelManager"]["kernel_pools_config"])
        # The floor is preheated like the facilitator page (one kernel), for this run only.
        self.pools["floor.ipynb"] = {"pool_size": 1}
        self.pool_total = sum(
            self.pools.get(f"{name}.ipynb", self.pools.get("default", {})).get("pool_size", 0)
            for name in PAGES
        )

        def command(port: int) -> list[str]:
            line = voila_command(port, None, "")
            line[line.index(str(notebooks_dir()))] = str(self.notebooks)
            return [*line, "--VoilaKernelManager.kernel_pools_config=" + json.dumps(self.pools)]

        self.server = ServerProcess(command, log=folder / "voila.log")  # on a free port
        self.base = self.server.base
        self.command = self.server.command(self.server.port)
        self.server.env = {
            **os.environ,
            "SENDREFLECT_DB": store_url,
            "SENDREFLECT_PUBLIC_URL": self.base,
        }
        self.log = self.server.log
        self._watched: dict[int, psutil.Process] = {}
        self._closing: set[str] = set()

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self.server.process

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def url(self, notebook: str, **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.base}/voila/render/{notebook}" + (f"?{urlencode(query)}" if query else "")

    def kernels(self) -> dict[str, psutil.Process]:
        """The running kernels (ipykernel_launcher children of Voila), by kernel id."""
        assert self.process is not None
        found: dict[str, psutil.Process] = {}
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                args = child.cmdline()
            except psutil.Error:
                continue
            if not any("ipykernel" in a for a in args):
                continue
            for arg in args:
                match = re.search(r"kernel-([0-9a-f-]{36})\.json$", arg)
                if match:
                    found[match.group(1)] = child
        return found

    def _cpu(self) -> float:
        """Percent of one core used by Voila and its kernels since the last call."""
        assert self.process is not None
        procs = [psutil.Process(self.process.pid), *self.kernels().values()]
        total = 0.0
        for proc in procs:
            watched = self._watched.setdefault(proc.pid, proc)
            try:
                total += watched.cpu_percent(None)
            except psutil.Error:
                continue
        return total

    def wait_for_pool(self, timeout: float = 120) -> float:
        """Wait until every pool is full, its kernels are preheated and the kernels of earlier
        pages are gone (Voila and every kernel idle). Returns the seconds waited."""
        start = time.monotonic()
        self._cpu()
        quiet = 0
        while time.monotonic() - start < timeout:
            time.sleep(0.4)
            busy = self._cpu()
            settled = len(self.kernels()) == self.pool_total and not self._closing
            quiet = quiet + 1 if settled and busy < 8 else 0
            if quiet >= 3:
                return time.monotonic() - start
        say(f"  (the kernel pool did not settle within {timeout:.0f} s; carrying on)")
        return time.monotonic() - start

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Shut a page's kernel down in the background, as Voila's own unload handler means to
        (its request is refused by the XSRF check, voila-dashboards/voila#1458), so kernels do
        not pile up. ``wait_for_pool`` waits for it to be gone."""
        token = secrets.token_hex(16)
        request = urllib.request.Request(
            f"{self.base}/api/kernels/{kernel_id}",
            method="DELETE",
            headers={"X-XSRFToken": token, "Cookie": f"_xsrf={token}"},
        )

        def send() -> None:
            try:
                with urllib.request.urlopen(request, timeout=60):
                    pass
            except OSError as exc:
                say(f"  (could not shut kernel {kernel_id} down: {exc})")
            finally:
                self._closing.discard(kernel_id)

        self._closing.add(kernel_id)
        threading.Thread(target=send, daemon=True).start()


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and its descendants, in bytes."""
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


# -- pages and kernel memory ---------------------------------------------------------------------


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
                        uss[name].append(load["uss"] / 2**20)
                        if "slider" in load:
                            slider.append(load["slider"])
                        say(
                            f"  run {number} {name}: {load['seconds']:.2f} s, kernel RSS "
                            f"{load['rss'] / 2**20:.0f} MiB (USS {load['uss'] / 2**20:.0f} MiB)"
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
        "kernel_uss_mib": uss,
        "pool_waits_s": waits,
        "voila_log": str(OUT / "voila.log"),
    }
    rows = results["rows"]
    for name in ("participant", "facilitator"):
        rows.append(
            Row(
                f"{name.capitalize()} page interactive",
                "s",
                median(seconds[name]),
                median(seconds["floor"]),
                "floor page: slider and plotly figure visible",
                "≤ 1.3× floor",
                within(1.3),
                seconds[name],
                seconds["floor"],
            )
        )
        rows.append(
            Row(
                "  the same, against the floor's slider alone",
                "s",
                median(seconds[name]),
                median(slider),
                "floor page: slider visible (the figure may still be drawing)",
                samples=seconds[name],
                floor_samples=slider,
            )
        )
    rows.append(
        Row(
            "Participant kernel memory (RSS)",
            "MiB",
            median(rss["participant"]),
            median(rss["floor"]),
            "floor page's kernel (RSS)",
            "≤ 1.3× floor",
            within(1.3),
            rss["participant"],
            rss["floor"],
        )
    )
    rows.append(
        Row(
            "Facilitator kernel memory (RSS)",
            "MiB",
            median(rss["facilitator"]),
            median(rss["floor"]),
            "floor page's kernel (RSS)",
            samples=rss["facilitator"],
            floor_samples=rss["floor"],
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
    finally:
        context.close()
    server.shutdown_kernel(kernel_id)
    load = {"seconds": elapsed, "rss": rss, "uss": uss}
    if "slider" in marks:
        load["slider"] = marks["slider"] - start
    return load


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
        Row(
            f"Save latency, median, {writers} writers",
            "ms",
            median(each("shared", None)),
            median(each("one", None)),
            "one writer alone (median / p95)",
            samples=each("shared", None),
            floor_samples=each("one", None),
        )
    )
    rows.append(
        Row(
            f"Save latency, p95, {writers} writers",
            "ms",
            median(each("shared", 95)),
            median(each("one", 95)),
            "one writer alone (median / p95)",
            "< 100 ms",
            under(100),
            each("shared", 95),
            each("one", 95),
        )
    )
    rows.append(
        Row(
            f"  the same, {writers} writers each on its own file",
            "ms",
            median(each("own", 95)),
            median(each("one", 95)),
            "one writer alone (median / p95)",
            samples=each("own", 95),
            floor_samples=each("one", 95),
        )
    )


# -- a local authority's worth of data ------------------------------------------------------------


def make_local_authority(
    store: Any, schools: int = 100, rounds: int = 3, people: int = 8
) -> list[str]:
    """Bulk-insert a local authority's workshops, participants, positions and evidence notes
    (with one history row per answer, as saving one at a time would leave). Returns the codes."""
    from sendreflect.responses import NOT_SURE, dump_value
    from sendreflect.store.schema import answer_table as answers
    from sendreflect.store.schema import history_table as history
    from sendreflect.store.schema import participant_table as participants
    from sendreflect.store.schema import workshop_table as workshops

    rng = random.Random(2026)
    roles = ["head_teacher", "deputy", "senco", "governor", "middle_leader", "teacher"]
    roles += ["support_staff", "teacher"]
    dims = ["values", "teaching", "resources", "roles", "services"]
    stamp = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc).isoformat(timespec="microseconds")
    rows: dict[str, list[dict[str, Any]]] = {"w": [], "p": [], "a": [], "h": []}
    codes = []
    for school_number in range(1, schools + 1):
        school = f"School {school_number:03d} (fictional)"
        base = rng.uniform(1.5, 3.5)
        previous = None
        for round_number in range(rounds):
            code = f"LA{school_number:03d}R{round_number + 1}"
            codes.append(code)
            rows["w"].append(
                {
                    "code": code,
                    "school": school,
                    "round": f"Round {round_number + 1}",
                    "frameworks": json.dumps([NC]),
                    "previous_code": previous,
                    "status": "open",
                    "revealed": True,
                    "facilitator_key": secrets.token_urlsafe(16),
                    "created_at": stamp,
                }
            )
            previous = code
            for person in range(people):
                pid = uuid.uuid4().hex
                rows["p"].append(
                    {
                        "id": pid,
                        "workshop_code": code,
                        "alias": f"Person {person + 1}",
                        "role": roles[person % len(roles)],
                        "school": school,
                        "joined_at": stamp,
                    }
                )
                given: list[tuple[str, str, Any]] = []
                for dim in dims:
                    value: Any = NOT_SURE
                    if rng.random() > 0.05:
                        value = min(5, max(1, round(rng.gauss(base + 0.4 * round_number, 0.9))))
                    given.append(("position", dim, value))
                for dim in rng.sample(dims, 2):
                    given.append(("evidence", dim, f"{school}, {dim}: seen in lesson visits. " * 3))
                for kind, item, value in given:
                    key = {
                        "workshop_code": code,
                        "subject": pid,
                        "kind": kind,
                        "framework": NC,
                        "item_id": item,
                    }
                    stored = dump_value(value)
                    rows["a"].append(
                        key | {"value": stored, "updated_at": stamp, "updated_by": pid}
                    )
                    rows["h"].append(
                        key
                        | {
                            "id": uuid.uuid4().hex,
                            "old_value": None,
                            "new_value": stored,
                            "changed_at": stamp,
                            "changed_by": pid,
                        }
                    )

    def insert(conn: Any) -> None:
        conn.execute(workshops.insert(), rows["w"])
        conn.execute(participants.insert(), rows["p"])
        conn.execute(answers.insert(), rows["a"])
        conn.execute(history.insert(), rows["h"])

    store.write(insert)
    return codes


def facilitator_views(store: Any, code: str, framework: Any) -> dict[str, float]:
    """What the facilitator's results draw for one workshop, timed step by step."""
    from sendreflect import charts, responses, stats

    times = {}
    start = time.perf_counter()
    answers = store.answers(code)
    times["store.answers"] = time.perf_counter() - start
    mark = time.perf_counter()
    positions = responses.positions(answers)
    notes = responses.notes(answers)
    times["positions+notes"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stats.team_summary(positions, framework)
    times["team_summary"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stats.agenda(positions, notes, framework)
    times["agenda"] = time.perf_counter() - mark
    mark = time.perf_counter()
    charts.radar(positions, framework)
    times["radar"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return times


def all_positions(store: Any) -> Any:
    """Every workshop's positions, read in one query (``Store.answers_for``)."""
    from sendreflect import responses

    return responses.positions(store.answers_for(kinds=["position"]))


def la_overview(store: Any) -> Any:
    """The facilitator's overview across schools, as the app builds it when asked: one query for
    every position, medians per school and round, strengths and needs, and the radar of every
    school's latest round with its table (``sendreflect.app.overview``)."""
    from sendreflect import get_framework
    from sendreflect.app.overview import overview_parts

    return overview_parts(store, get_framework(NC))


def bench_local_authority(repeats: int, results: dict[str, Any]) -> None:
    from sendreflect import Store, get_framework

    folder = scratch("sendreflect-bench-la-")
    store = Store(f"sqlite:///{folder / 'la.sqlite'}")
    start = time.perf_counter()
    codes = make_local_authority(store)
    made = time.perf_counter() - start
    framework = get_framework(NC)
    count = len(store.answers(codes[0]))
    say(f"  {len(codes)} workshops made in {made:.1f} s ({count} answers in the first)")

    facilitator_views(store, codes[0], framework)  # warm caches: not counted
    steps: dict[str, list[float]] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for code in codes:
        for step, seconds in facilitator_views(store, code, framework).items():
            steps.setdefault(step, []).append(seconds)
    loop_total = time.perf_counter() - start
    loop_cpu = time.process_time() - cpu
    per = {step: statistics.median(values) * 1e3 for step, values in steps.items()}
    say(
        f"  every workshop's views, one by one: {loop_total:.1f} s ({loop_cpu:.1f} s CPU); "
        "per workshop (median ms): " + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
    )

    one_frame: list[float] = []
    one_frame_cpu: list[float] = []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        la_overview(store)
        one_frame.append(time.perf_counter() - start)
        one_frame_cpu.append(time.process_time() - cpu)
    loaded = all_positions(store)
    places = store.workshops().set_index("code")[["school", "round"]]
    joined = loaded.join(places, on="workshop")
    floor_la: list[float] = []
    for _ in range(repeats):  # the floor: pandas' groupby on a frame already loaded and joined
        start = time.perf_counter()
        joined.groupby(["school", "round", "dimension"])["position"].median()
        floor_la.append(time.perf_counter() - start)
    mine = loaded[loaded["workshop"] == codes[0]]
    floor_one: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        mine.groupby("dimension")["position"].median()
        floor_one.append(time.perf_counter() - start)
    say(
        f"  one big frame: {statistics.median(one_frame):.3f} s "
        f"({statistics.median(one_frame_cpu):.3f} s CPU) for {len(loaded)} positions; "
        f"the groupby alone {statistics.median(floor_la) * 1e3:.1f} ms"
    )
    results["local_authority"] = {
        "workshops": len(codes),
        "answers": len(codes) * count,
        "made_in_s": made,
        "per_workshop_step_median_ms": per,
        "per_workshop_loop_total_s": loop_total,
        "per_workshop_loop_cpu_s": loop_cpu,
        "one_frame_s": one_frame,
        "one_frame_cpu_s": one_frame_cpu,
        "groupby_floor_s": floor_la,
    }
    store.close()
    rows = results["rows"]
    rows.append(
        Row(
            "LA: one workshop's views (answers, summary, agenda, radar)",
            "ms",
            per["total"],
            median(floor_one) * 1e3,
            "groupby on one loaded workshop",
            samples=[x * 1e3 for x in steps["total"]],
            floor_samples=[x * 1e3 for x in floor_one],
        )
    )
    rows.append(
        Row(
            f"LA: all {len(codes)} workshops, one by one (for comparison)",
            "s",
            loop_total,
            median(floor_la),
            "groupby on the loaded LA frame",
            samples=[loop_total],
            floor_samples=floor_la,
        )
    )
    rows.append(
        Row(
            f"LA overview across schools, as the facilitator's page builds it ({len(codes)} "
            "workshops)",
            "s",
            median(one_frame),
            median(floor_la),
            "groupby on the loaded LA frame",
            "< 1 s",
            under(1.0),
            one_frame,
            floor_la,
        )
    )


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
        Row(
            "HTML report, one workshop (demo)",
            "s",
            median(built),
            median(floor),
            "radar.to_html(include_plotlyjs=True)",
            samples=built,
            floor_samples=floor,
        )
    )


# -- the table -----------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.0f} {unit}"


def _spread(samples: list[float], unit: str) -> str:
    if len(samples) < 2:
        return f"({len(samples)})"
    low, high = _fmt(min(samples), unit), _fmt(max(samples), unit)
    return f"{low.split()[0]}–{high} ({len(samples)})"


def table(rows: list[Row]) -> str:
    head = ["Figure", "Median", "Floor", "Ratio", "Target", "Met?", "Runs: min–max (n)"]
    body = [
        [
            row.figure,
            _fmt(row.median, row.unit),
            _fmt(row.floor, row.unit),
            "–" if row.ratio is None else f"{row.ratio:.2f}×",
            row.target,
            {True: "yes", False: "NO", None: "–"}[row.met],
            _spread(row.samples, row.unit),
        ]
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    floors = sorted({f"{r.floor_label}" for r in rows})
    notes = "\n".join(f"  floor: {label}" for label in floors)
    return "\n".join([line(head), rule, *(line(b) for b in body)]) + "\n" + notes


# -- main ----------------------------------------------------------------------------------------

SECTIONS = ("pages", "saves", "la", "report")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per page (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the other figures")
    parser.add_argument("--writers", type=int, default=30, help="concurrent writers (default 30)")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated of {', '.join(SECTIONS)}"
    )
    parser.add_argument("--json", type=Path, default=OUT / "latest.json", help="raw results")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 runs of everything")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = args.repeats = 2
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]

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
