"""The server's gate: at most so many pages built at once; past it a page says the workshop is
busy and asks again by itself (``sendreflect.voila_app``; tests/browser/test_load.py sends a room
through it)."""

from __future__ import annotations

from sendreflect.voila_app import BUSY_PAGE, BUSY_RETRY_SECONDS, Gate


def test_the_gate_lets_so_many_pages_be_built_at_once_and_frees_a_place_when_one_is_done() -> None:
    gate = Gate(2)
    assert gate.enter()
    assert gate.enter()
    assert not gate.enter()  # the third is told the workshop is busy
    gate.leave()
    assert gate.enter()
    assert gate.inside == 2


def test_no_limit_lets_every_page_in() -> None:
    gate = Gate(0)
    assert all(gate.enter() for _ in range(100))


def test_the_busy_page_says_so_plainly_and_asks_again_within_seconds() -> None:
    page = BUSY_PAGE.format(seconds=3)
    assert "The workshop is busy: this page will load in a moment." in page
    assert "You do not need to do anything" in page
    assert 'http-equiv="refresh" content="3"' in page
    low, high = BUSY_RETRY_SECONDS
    assert 1 <= low <= high <= 5
