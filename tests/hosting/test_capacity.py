"""The figures behind docs/hosting.md's capacity table, measured on the hosted site (PostgreSQL,
two replicas, HAProxy): memory per open page and CPU time per participant. Not a check, so it
runs only when asked: ``HOSTING_MEASURE=1 pytest tests/hosting/test_capacity.py -s``."""

from __future__ import annotations

import os
import time

import psutil
import pytest

from tests.browser.test_participant_page import join
from tests.harness import wait_for
from tests.hosting.conftest import Site
from tests.hosting.test_hosted_workshop import DIMENSIONS, answer, replica_of

pytestmark = [
    pytest.mark.hosting,
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("HOSTING_MEASURE"), reason="set HOSTING_MEASURE=1"),
]
PAGES = int(os.environ.get("HOSTING_MEASURE_PAGES", "10"))
MIB = 1024 * 1024


def family(site: Site, name: str) -> list[psutil.Process]:
    root = psutil.Process(site.replicas[name].process.pid)
    return [root, *root.children(recursive=True)]


def kernels(processes: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in processes if "ipykernel" in " ".join(p.cmdline())]


def cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def memory(processes: list[psutil.Process]) -> tuple[float, float]:
    """Resident and unique (USS) memory, MiB."""
    full = [p.memory_full_info() for p in processes]
    return sum(m.rss for m in full) / MIB, sum(m.uss for m in full) / MIB


def test_measure(site: Site, browser) -> None:
    names = list(site.replicas)
    idle = {n: memory(family(site, n)) for n in names}
    pool = {n: len(kernels(family(site, n))) for n in names}
    before = {n: cpu(family(site, n)) for n in names}
    per_kernel_before = {n: {p.pid: cpu([p]) for p in kernels(family(site, n))} for n in names}
    contexts, on = [], {}
    started = time.monotonic()
    for person in range(PAGES):
        context = browser.new_context(ignore_https_errors=True)
        context.set_default_timeout(120_000)
        contexts.append(context)
        page = context.new_page()
        alias = f"P{person:02d}"
        join(page, site.participant_url, alias)
        answer(page, person, alias)
        on[alias] = replica_of(page)
    wait_for(
        lambda: len(site.store.answers(site.code)) == PAGES * (len(DIMENSIONS) + 1),
        timeout=120,
        what="every answer",
    )
    busy = time.monotonic() - started
    time.sleep(3)
    after = {n: cpu(family(site, n)) for n in names}
    settled = {n: memory(family(site, n)) for n in names}
    lines = [f"{PAGES} pages in {busy:.0f} s; idle pool kernels per replica: {pool}"]
    for n in names:
        opened = sum(1 for r in on.values() if r == n)
        ks = kernels(family(site, n))
        rss = [p.memory_info().rss / MIB for p in ks]
        uss = [p.memory_full_info().uss / MIB for p in ks]
        fresh = [p for p in ks if p.pid not in per_kernel_before[n]]
        lines.append(
            f"{n}: {opened} pages; kernels {len(ks)}; kernel RSS {min(rss):.0f}-{max(rss):.0f} "
            f"MiB (mean {sum(rss) / len(rss):.0f}); kernel USS mean {sum(uss) / len(uss):.0f} MiB; "
            f"replica RSS {idle[n][0]:.0f} -> {settled[n][0]:.0f} MiB, USS {idle[n][1]:.0f} -> "
            f"{settled[n][1]:.0f} MiB; CPU {after[n] - before[n]:.1f} s"
        )
        if opened:
            grown = (settled[n][1] - idle[n][1]) / opened
            lines.append(
                f"  per page: USS growth {grown:.0f} MiB; CPU {(after[n] - before[n]) / opened:.2f}"
                f" s (pool refill included; fresh kernels {len(fresh)})"
            )
    with site.store.engine.connect() as conn:
        connections = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        ).scalar()
    kernel_count = sum(len(kernels(family(site, n))) for n in names)
    lines.append(f"PostgreSQL connections: {connections} for {kernel_count} kernels")
    quiet_from = {n: cpu(family(site, n)) for n in names}
    time.sleep(60)
    quiet = {n: cpu(family(site, n)) - quiet_from[n] for n in names}
    lines.append(f"60 s with every page open and idle: CPU {quiet} s")
    proxy = psutil.Process(site.proxy.process.pid)
    lines.append(
        f"haproxy: RSS {proxy.memory_info().rss / MIB:.0f} MiB, CPU {cpu([proxy]):.2f} s in all"
    )
    for context in contexts:
        context.close()
    print("\n" + "\n".join(lines))
