"""Faults a workshop meets: a kernel killed mid-session, the server restarted, tabs closed.

Each test runs its own Voila server on its own store, so stopping or starving it never touches
the other tests.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import expect

from sendreflect import Store, seed_demo
from sendreflect.app.connection import FINGERPRINT_JS, LOST, fingerprint
from tests.browser.test_participant_page import CHOICES, DIMENSIONS, join
from tests.harness import voila, wait_for

pytestmark = pytest.mark.browser
KERNEL_GONE = ("Kernel connection disconnected", "WebSocket connection", "ERR_CONNECTION_REFUSED")
"""What the page itself logs while its kernel or server is gone, before the person reloads."""


class OwnServer:
    """A Voila server of this test's own, which the test may stop and start again."""

    def __init__(self, folder: Path, extra: tuple[str, ...] = ()) -> None:
        self.folder = folder
        self.url = f"sqlite:///{folder / 'store.sqlite'}"
        self.store = Store(self.url)
        seed_demo(self.store)
        self.server = voila(folder, self.url, extra=extra)  # the same port at every start
        self.start()

    @property
    def base(self) -> str:
        return self.server.base

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self.server.process

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def participant_url(self, code: str) -> str:
        return f"{self.base}/voila/render/participant.ipynb?code={code}"

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes this server runs (its children started from ipykernel)."""
        assert self.process is not None
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and any(
                    "ipykernel" in part for part in child.cmdline()
                ):
                    found.append(child)
            except psutil.Error:  # it ended while we looked
                continue
        return found


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[OwnServer]:
    server = OwnServer(tmp_path)
    yield server
    server.stop()


def answer_every_dimension(page, server: OwnServer, code: str, alias: str) -> None:
    page.get_by_role("button", name="2. Where is our school?").click()
    for index, dimension in enumerate(DIMENSIONS):
        page.locator(".sr-choice").nth(index).get_by_label(CHOICES[dimension]).first.check()
        page.get_by_label("How do you know?").nth(index).fill(f"{alias} on {dimension}")

    def saved() -> bool:
        frame = server.store.answers(code)
        return len(frame[frame["alias"] == alias]) == 10

    wait_for(saved, what=f"{alias}'s ten answers")


def expect_every_answer(page, alias: str) -> None:
    page.get_by_text(f"you are {alias}").wait_for()
    page.get_by_role("button", name="2. Where is our school?").click()
    for index, dimension in enumerate(DIMENSIONS):
        group = page.locator(".sr-choice").nth(index)
        expect(group.locator("input:checked")).to_have_count(1)
        label = group.locator("label:has(input:checked)").inner_text()
        assert label.startswith(CHOICES[dimension])
        expect(page.get_by_label("How do you know?").nth(index)).to_have_value(
            f"{alias} on {dimension}"
        )


def kernel_id(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def test_a_killed_kernel_loses_nothing(own_server: OwnServer, new_page) -> None:
    code = own_server.store.create_workshop("Kill Primary", "Baseline", code="KILL11").code
    page = new_page(allow=KERNEL_GONE)
    join(page, own_server.participant_url(code), "Larch")
    answer_every_dimension(page, own_server, code, "Larch")
    kernel = kernel_id(page)
    mine = [k for k in own_server.kernels() if any(kernel in part for part in k.cmdline())]
    assert len(mine) == 1, "could not find this page's kernel"
    mine[0].send_signal(signal.SIGKILL)
    mine[0].wait(timeout=10)
    page.reload()
    expect_every_answer(page, "Larch")
    assert kernel_id(page) != kernel
    page.locator(".sr-choice").nth(0).get_by_label("2").check()
    wait_for(
        lambda: (
            own_server.store.answers(code)
            .query("item_id == 'values' and kind == 'position'")["value"]
            .iloc[0]
            == 2
        ),
        what="an answer after the kill",
    )


def test_a_restarted_server_loses_nothing_and_people_carry_on(
    own_server: OwnServer, new_page
) -> None:
    code = own_server.store.create_workshop("Restart Primary", "Baseline", code="RESTART1").code
    page = new_page(allow=KERNEL_GONE)
    join(page, own_server.participant_url(code), "Hornbeam")
    answer_every_dimension(page, own_server, code, "Hornbeam")
    own_server.stop()
    own_server.start()
    page.reload()
    expect_every_answer(page, "Hornbeam")
    page.get_by_role("button", name="3. Think about your school…").click()
    page.locator(".sr-note textarea").first.fill("After the restart")
    wait_for(
        lambda: "After the restart" in set(own_server.store.answers(code)["value"].map(str)),
        what="a note saved after the restart",
    )
    assert len(own_server.store.history(code)) == 11


def kill_kernel_of(page, server: OwnServer) -> None:
    kernel = kernel_id(page)
    mine = [k for k in server.kernels() if any(kernel in part for part in k.cmdline())]
    assert len(mine) == 1, "could not find this page's kernel"
    mine[0].send_signal(signal.SIGKILL)


def start_a_note(page, first_words: str):
    """Open step 3, type into its first note and see it saved; the note's box."""
    page.get_by_role("button", name="3. Think about your school…").click()
    expect(page.get_by_role("heading", name="3. Think about your school…")).to_be_visible()
    note = page.locator(".sr-note textarea").first
    note.press_sequentially(first_words, delay=20)
    expect(page.locator(".sr-status")).to_contain_text("Saved at")
    return note


def expect_told_not_saved(page) -> None:
    """The banner and every status say the connection is lost, and no "Saved" is left."""
    expect(page.get_by_role("alert").filter(has_text=LOST)).to_be_visible()
    statuses = page.locator(".sr-status")
    for index in range(statuses.count()):
        expect(statuses.nth(index)).to_contain_text("Not saved: connection lost")
    expect(page.get_by_text("Saved at")).to_have_count(0)


def note_in_store(server: OwnServer, code: str, text: str) -> None:
    wait_for(
        lambda: text in set(server.store.answers(code)["value"].map(str)),
        what=f"the note {text!r} in the store",
    )


def test_a_killed_kernel_is_told_and_what_was_typed_is_saved_after_reload(
    own_server: OwnServer, new_page
) -> None:
    code = own_server.store.create_workshop("Typing Primary", "Baseline", code="TYPE11").code
    page = new_page(allow=KERNEL_GONE)
    join(page, own_server.participant_url(code), "Rowan")
    note = start_a_note(page, "Saved first. ")
    note.press_sequentially("Typed as the kernel died, ", delay=20)
    kill_kernel_of(page, own_server)
    note.press_sequentially("and typed after it died.", delay=20)
    expect_told_not_saved(page)
    page.reload()
    page.get_by_text("you are Rowan").wait_for()
    expect(page.locator(".sr-status")).to_contain_text(
        "1 note you typed before the connection was lost was saved."
    )
    note_in_store(
        own_server, code, "Saved first. Typed as the kernel died, and typed after it died."
    )


def test_a_killed_server_is_told_and_what_was_typed_is_saved_after_restart(
    own_server: OwnServer, new_page
) -> None:
    code = own_server.store.create_workshop("Outage Primary", "Baseline", code="OUTAGE1").code
    page = new_page(allow=KERNEL_GONE)
    join(page, own_server.participant_url(code), "Aspen")
    note = start_a_note(page, "Saved first. ")
    note.press_sequentially("Typed as the server died, ", delay=20)
    assert own_server.process is not None
    own_server.process.kill()
    own_server.process.wait(timeout=20)
    note.press_sequentially("and typed while it was down.", delay=20)
    expect_told_not_saved(page)
    own_server.start()
    page.reload()
    page.get_by_text("you are Aspen").wait_for()
    expect(page.locator(".sr-status")).to_contain_text(
        "1 note you typed before the connection was lost was saved."
    )
    note_in_store(
        own_server, code, "Saved first. Typed as the server died, and typed while it was down."
    )


def test_the_browser_fingerprints_text_as_the_kernel_does(browser) -> None:
    """A kept draft names the texts it passed through by fingerprint; both sides must agree."""
    page = browser.new_page()
    texts = ["", "Typed as it died, ", 'Évidence: 5 < 6 & "quotes" 🙂\nnew line', "x" * 3000]
    script = f"texts => {{ {FINGERPRINT_JS}; return texts.map(fingerprint); }}"
    prints = page.evaluate(script, texts)
    page.close()
    assert prints == [fingerprint(text) for text in texts]


def settled_memory(server: OwnServer, seconds: float = 90) -> int:
    """The kernels' total memory once the preheated ones have finished warming up."""
    deadline = time.monotonic() + seconds
    last = -1
    while time.monotonic() < deadline:
        now = 0
        for kernel in server.kernels():
            with contextlib.suppress(psutil.Error):
                now += kernel.memory_info().rss
        if last > 0 and abs(now - last) <= 0.02 * last:
            return now
        last = now
        time.sleep(2)
    raise AssertionError("kernel memory did not settle")


@pytest.fixture
def culling_server(tmp_path: Path) -> Iterator[OwnServer]:
    """A server that culls idle kernels after four seconds instead of five minutes."""
    server = OwnServer(
        tmp_path,
        extra=(
            "--MappingKernelManager.cull_idle_timeout=4",
            "--MappingKernelManager.cull_interval=2",
        ),
    )
    yield server
    server.stop()


def test_closed_tabs_are_culled_and_memory_returns_to_the_pool(
    culling_server: OwnServer, new_page
) -> None:
    server = culling_server

    def pool_ready() -> bool:
        return len(server.kernels()) == 3  # participant ×2 and facilitator ×1, preheated

    wait_for(pool_ready, timeout=90, what="the preheated pool")
    before = settled_memory(server)
    pages = [new_page() for _ in range(3)]
    for number, page in enumerate(pages):
        join(page, server.participant_url("DEMO"), f"Tab {number}")
    wait_for(lambda: len(server.kernels()) >= 5, timeout=60, what="kernels for open tabs")
    for page in pages:
        page.context.close()
    wait_for(pool_ready, timeout=90, what="closed tabs' kernels culled")
    after = settled_memory(server)
    assert after <= before * 1.25, f"kernel memory {after / before:.2f}× the pool's before"


@pytest.fixture
def cold_server(tmp_path: Path) -> Iterator[OwnServer]:
    """A server with no preheated kernels, as when more people join than the pool holds."""
    server = OwnServer(tmp_path, extra=("--VoilaConfiguration.preheat_kernel=False",))
    yield server
    server.stop()


def test_pages_beyond_the_preheated_pool_still_open_their_workshop(
    cold_server: OwnServer, new_page
) -> None:
    """Pages beyond the pool start a kernel of their own; the query string must reach it."""
    page = new_page()
    join(page, cold_server.participant_url("DEMO"), "Cold start")
    assert "Brookfield Primary School" in page.locator("header").first.inner_text()
