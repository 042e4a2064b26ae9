"""Settings: the one object that reads every ``SENDREFLECT_*`` environment variable.

``SENDREFLECT_DB``          any SQLAlchemy URL; default an SQLite file in the user's data folder.
``SENDREFLECT_FRAMEWORKS``  a folder of extra framework YAML files (facilitators' own).
``SENDREFLECT_DATA_DIR``    where the default SQLite file lives.
``SENDREFLECT_UPLOAD_LIMIT`` the largest workbook upload accepted, in bytes.
``SENDREFLECT_SOLO_PER_HOUR`` how many solo reflections may be started in an hour.
``SENDREFLECT_MAX_KERNELS`` the most kernels ``serve`` keeps at once (0: no cap; see below).
``SENDREFLECT_PUBLIC_URL``  the address people open, when ``serve`` runs behind a proxy.
``SENDREFLECT_TOKEN``       the token ``serve`` asks for, shared by every replica behind a proxy.

``serve`` itself sets ``SENDREFLECT_CHART_SCRIPT`` for its kernels (where it serves the charts'
browser code; read by ``app.chart``); it is not a setting for people to give.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings, read from ``SENDREFLECT_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SENDREFLECT_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("sendreflect", appauthor=False))
    )
    db: str | None = None
    frameworks: Path | None = None
    upload_limit: int = 5 * 1024 * 1024
    solo_per_hour: int = 30
    """New solo reflections a store accepts in an hour (an anonymous page cannot flood it)."""
    max_kernels: int = Field(default=40, ge=0)
    """The most kernels ``sendreflect serve`` keeps at once, the preheated ones included; past it
    a page says the workshop is full and tries again a minute later. Every open page (each tab) is
    a Python kernel of about 125 MiB, so 40 is about 5 GiB: a large workshop of 30 people, some
    with a second tab, on a laptop with 8 GiB. Beyond what the machine's memory holds it swaps,
    and every page slows for everyone; the cap keeps the pages already open working."""
    public_url: str = ""
    """Where people reach the server (``https://workshops.example.org``) when ``serve`` runs
    behind a reverse proxy: the printed links, the share link and its QR code use it instead of
    this machine's own address."""
    token: str = ""
    """The token ``serve`` asks for instead of a new random one each run. Replicas behind one
    proxy must share it, or a link printed by one would be refused by the others."""

    @property
    def db_url(self) -> str:
        """The store's SQLAlchemy URL: ``SENDREFLECT_DB`` or the default SQLite file."""
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / 'sendreflect.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings for this process (read once; call ``get_settings.cache_clear()`` to re-read)."""
    return Settings()
