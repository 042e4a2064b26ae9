"""nbval executes every notebook in notebooks/ against the demo workshop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sendreflect import Store, seed_demo

REPO = Path(__file__).resolve().parents[1]


def test_every_notebook_runs_against_the_demo(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = Store(url)
    seed_demo(store)
    notebooks = sorted(str(p) for p in (REPO / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 2
    env = {
        **os.environ,
        "SENDREFLECT_DB": url,
        # What Voila would pass: the demo's code, and the facilitator's key for the dashboard.
        "QUERY_STRING": f"code=DEMO&key={store.facilitator_key()}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            *notebooks,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    cells = sum(
        cell["cell_type"] == "code"
        for path in notebooks
        for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    )
    assert f"{cells} passed" in result.stdout
