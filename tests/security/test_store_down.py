"""No one is told "Saved" when it was not: a real Voila page whose store turns read-only while
someone is typing says "Not saved" with the reason at once, and keeps their text on the page.

The store is a real PostgreSQL database; it is set read-only the way a hosting provider does when
its disk is nearly full (``default_transaction_read_only``), and the server's sessions are ended so
every new one is read-only. Running as root cannot get round that, as it can a ``chmod``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from sendreflect import Store
from tests import harness
from tests.browser.test_participant_page import join
from tests.conftest import _fresh_postgres

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@dataclass
class Served:
    url: str
    base: str

    def freeze(self) -> None:
        """Make the store's database read-only and end its sessions, as an administrator would."""
        name = self.url.rsplit("/", 1)[1]
        admin = sa.create_engine(
            self.url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.exec_driver_sql(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        admin.dispose()


@pytest.fixture
def served(postgres_url: str, tmp_path: Path) -> Iterator[Served]:
    url = _fresh_postgres(postgres_url)
    store = Store(url)
    store.create_workshop("Frost Primary", "Baseline", code="FROST1")
    store.close()
    with harness.voila(tmp_path, url) as running:
        yield Served(url, running.base)


def test_a_store_turned_read_only_mid_session_says_not_saved_and_keeps_the_text(
    served: Served,
    new_page,
) -> None:
    page = new_page()
    join(page, f"{served.base}/voila/render/participant.ipynb?code=FROST1", "Rowan")
    page.get_by_role("button", name="3. Think about your school…").click()
    notes = page.locator(".sr-note textarea")
    status = page.locator(".sr-status")
    notes.nth(0).fill("Written while the store could take it")
    expect(status).to_contain_text("Saved at")

    served.freeze()
    typed = "Written after the store went read-only"
    notes.nth(1).fill(typed)
    expect(status).to_contain_text("Not saved: the workshop store", timeout=60_000)
    expect(status).to_contain_text("is read-only")
    expect(status).to_contain_text("still on this page")
    expect(notes.nth(1)).to_have_value(typed)

    store = Store(served.url)
    saved = set(store.answers("FROST1")["value"])
    store.close()
    assert "Written while the store could take it" in saved and typed not in saved
