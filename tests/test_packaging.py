"""The wheel carries the content, so a plain ``pip install`` finds every framework."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_frameworks_and_loads_them(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("sendreflect-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("sendreflect/_data/frameworks/")}
    assert shipped == {p.name for p in (REPO / "data" / "frameworks").glob("*.yaml")}
    assert "sendreflect/_data/voila.json" in names
    assert "sendreflect/_data/notebooks/participant.ipynb" in names
    assert "sendreflect/app/style.css" in names
    assert "sendreflect/static/chart.js" in names  # the charts' code, built from js/
    assert "sendreflect/templates/report.html.j2" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    probe = (
        "import sendreflect, sendreflect.frameworks as f; "
        "import sendreflect.server as s; "
        "print(sendreflect.__file__); print(f.framework_dirs()[0]); "
        "print(s.notebooks_dir()); print(s.config_dir()); "
        "print(sorted(sendreflect.load_frameworks()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target))
    assert out[2].startswith(str(target))
    assert out[3].startswith(str(target))
    assert "national_college" in out[4]
