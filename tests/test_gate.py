"""The server's gate: at most so many pages built at once, the rest in line, first come first
served (``sendreflect.voila_app.Gate``; tests/browser/test_load.py sends a room through it)."""

from __future__ import annotations

import asyncio

from sendreflect.voila_app import BUSY_PAGE, Gate


def test_pages_past_the_gate_wait_in_line_first_come_first_served() -> None:
    async def scenario() -> list[str]:
        gate = Gate(2)
        order: list[str] = []
        assert gate.enter_now()
        assert gate.enter_now()
        assert not gate.enter_now()  # a first request past the gate is told the room is busy

        async def wait(name: str) -> None:
            if await gate.enter(patience=5):
                order.append(name)

        first = asyncio.ensure_future(wait("first"))
        await asyncio.sleep(0.01)
        second = asyncio.ensure_future(wait("second"))
        await asyncio.sleep(0.01)
        assert not gate.enter_now(), "a newcomer jumped the line"
        gate.leave()
        await asyncio.sleep(0.01)
        gate.leave()
        await asyncio.gather(first, second)
        assert gate.inside == 2
        return order

    assert asyncio.run(scenario()) == ["first", "second"]


def test_a_page_that_waits_too_long_leaves_the_line_and_its_place_is_not_lost() -> None:
    async def scenario() -> None:
        gate = Gate(1)
        assert gate.enter_now()
        assert not await gate.enter(patience=0.05)  # told to ask again
        assert not gate.line
        gate.leave()
        assert gate.inside == 0
        assert gate.enter_now()

    asyncio.run(scenario())


def test_no_limit_lets_every_page_in_and_the_busy_page_says_so_plainly() -> None:
    gate = Gate(0)
    assert all(gate.enter_now() for _ in range(100))
    page = BUSY_PAGE.format(seconds=1)
    assert "The workshop is busy: this page will load in a moment." in page
    assert 'http-equiv="refresh" content="1"' in page
