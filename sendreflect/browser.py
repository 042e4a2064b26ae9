"""The browser: finding Debian's Chromium and launching it headless through Playwright, the one
way the report's PDF, the browser tests and the benchmarks all start it.

This module owns Chromium's discovery and its launch arguments; no browser is ever downloaded.
Playwright is imported only when a browser is launched, so importing this module costs nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""Headless Chromium on a machine with no network but the package registries: no background
connections, no updates, no sync."""
NOT_INSTALLED = "Chromium is not installed: install it with 'apt-get install chromium' (Debian)"


def find_chromium() -> str | None:
    """Debian's Chromium, if installed (``chromium`` on the PATH, else /usr/bin/chromium)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.is_file() and os.access(fallback, os.X_OK) else None


def launch(playwright: Any, executable: str | None = None) -> Any:
    """Launch headless Chromium with :data:`CHROMIUM_ARGS` from a started Playwright
    (``sync_playwright().start()`` or the ``with`` block's value); ``executable`` defaults to
    :func:`find_chromium`. Raises ``FileNotFoundError`` when there is no Chromium."""
    path = executable or find_chromium()
    if path is None:
        raise FileNotFoundError(NOT_INSTALLED)
    return playwright.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
