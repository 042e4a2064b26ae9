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


def test_a_room_counts_pages_left_blank_or_without_widgets_as_impolite() -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from room import summarise
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    pages = [
        {"ready": 12.0, "states": [(5.0, "blank"), (10.0, "loading"), (12.0, "interactive")]},
        {"ready": None, "states": [(5.0, "busy"), (10.0, "busy")]},
        {"ready": None, "states": [(5.0, "full")]},
        {"ready": None, "states": [(5.0, "loading"), (10.0, "no widgets")]},
        {"ready": None, "states": [(5.0, "blank"), (15.0, "blank")]},
    ]
    room = summarise(pages)
    assert room["interactive"] == 1
    assert room["last_s"] is None  # not every page came
    assert room["impolite"] == 2
    assert room["final_states"] == {
        "blank": 1,
        "busy": 1,
        "full": 1,
        "interactive": 1,
        "no widgets": 1,
    }
    assert room["longest_blank_start_s"] == 15.0
