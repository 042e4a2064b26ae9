"""The benchmark script still runs (a smoke run of its quick parts; it asserts no timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_benchmark_runs_and_prints_its_table() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--only",
            "saves,report,la",
            "--writers",
            "4",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Save latency, p95" in result.stdout
    assert "HTML report, one workshop" in result.stdout
    assert "LA overview across schools, as the facilitator's page builds it" in result.stdout
