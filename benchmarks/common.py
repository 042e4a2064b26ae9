"""What every benchmark shares: where things are, the table's rows, medians, scratch folders and
the machine."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing, like the tests

from sendreflect.browser import find_chromium  # noqa: E402

OUT = HERE / "out"
CHROMIUM = find_chromium() or "/usr/bin/chromium"
NC = "national_college"
PAGES = ("floor", "participant", "facilitator")
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


def compared(
    figure: str,
    unit: str,
    samples: list[float],
    floor_samples: list[float],
    floor_label: str,
    *,
    target: str = "–",
    check: Callable[[float, float | None], bool] | None = None,
) -> Row:
    """A row whose figure and floor are the medians of their samples, each taken once."""
    return Row(
        figure,
        unit,
        median(samples),
        median(floor_samples),
        floor_label,
        target,
        check,
        samples,
        floor_samples,
    )


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
