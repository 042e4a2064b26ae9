"""The installed ``sendreflect`` script, run as a user runs it, for the tests that need it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = shutil.which("sendreflect", path=str(Path(sys.executable).parent))


def run(*args: str, db: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SENDREFLECT_DB": db}
    result = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result
