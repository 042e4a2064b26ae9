"""Writers to one SQLite file take turns in the store's queue: a save waits while another
process has its turn and goes on the moment it is let go, or its kernel is killed."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest

from sendreflect import Kind, Store
from sendreflect.store.engine import WriterQueue

NC = "national_college"


def _hold_turn(database: str, ready, release) -> None:  # runs in a child process
    queue = WriterQueue(Path(database))
    with queue.turn():
        ready.set()
        release.wait(60)


@pytest.fixture
def holder(tmp_path: Path):
    """A store with one participant, and a child process that can take the queue's turn."""
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    store = Store(url)
    code = store.create_workshop("Queue Primary", "Baseline").code
    person = store.join(code, "Ash", "senco").id
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    child = context.Process(
        target=_hold_turn, args=(str(tmp_path / "queue.sqlite"), ready, release)
    )
    yield store, code, person, child, ready, release
    if child.is_alive():  # (a killed waiter would leave the event's notify waiting for it)
        release.set()
        child.join(30)
    store.close()


def _save_in_thread(store: Store, code: str, person: str, value: int) -> dict[str, float]:
    """Save in another thread; the returned dict gets the moment it finished."""
    finished: dict[str, float] = {}

    def save() -> None:
        store.save(code, person, Kind.POSITION, NC, "values", value)
        finished["at"] = time.monotonic()

    threading.Thread(target=save, daemon=True).start()
    return finished


def test_a_save_waits_for_the_writer_whose_turn_it_is(holder) -> None:
    store, code, person, child, ready, release = holder
    child.start()
    assert ready.wait(60)
    finished = _save_in_thread(store, code, person, 3)
    time.sleep(1.0)
    assert not finished, "the save did not wait its turn"
    released = time.monotonic()
    release.set()
    deadline = time.monotonic() + 10
    while not finished and time.monotonic() < deadline:
        time.sleep(0.01)
    assert finished and finished["at"] >= released
    assert store.answer_records(code)[0].value == 3


def test_a_killed_writer_lets_go_of_its_turn(holder) -> None:
    store, code, person, child, ready, _release = holder
    child.start()
    assert ready.wait(60)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(30)
    store.save(code, person, Kind.POSITION, NC, "values", 4)
    assert store.answer_records(code)[0].value == 4


def test_the_queue_file_is_private_and_other_databases_have_none(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'private.sqlite'}")
    mode = stat.S_IMODE((tmp_path / "private.sqlite-writers").stat().st_mode)
    assert mode & 0o077 == 0
    store.close()
    assert WriterQueue.for_url("sqlite:///:memory:")._fd is None
    assert WriterQueue.for_url("postgresql://user@db/sendreflect")._fd is None


def test_a_write_inside_a_write_keeps_the_turn(tmp_path: Path) -> None:
    database = tmp_path / "nested.sqlite"
    queue = WriterQueue(database)
    other = os.open(f"{database}-writers", os.O_RDWR)
    with queue.turn(), queue.turn(), pytest.raises(BlockingIOError):  # still this writer's turn
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert queue._depth == 0
    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # let go when the outer turn ended
    os.close(other)
