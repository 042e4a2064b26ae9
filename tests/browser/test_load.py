"""A workshop's burst: 30 participants answering one workshop at once through the running server.

Three are real Chromium pages; the other 27 run the participant app's own widgets (the same code
path a page's kernel runs) in three processes of nine threads each against the server's store,
all released at the same moment. Afterwards every answer is in the store exactly once: none lost,
none twice.
"""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from sendreflect import Store
from tests.browser.test_participant_page import join
from tests.harness import wait_for
from tests.widgets import find

pytestmark = pytest.mark.browser

DIMENSIONS = ["values", "teaching", "resources", "roles", "services"]
REFLECTIONS = ["values.think.1", "values.think.2", "values.think.3"]
PER_PERSON = len(DIMENSIONS) * 2 + len(REFLECTIONS)


def position_for(number: int, index: int) -> int:
    return (number + index) % 5 + 1


def simulated_participant(url: str, code: str, number: int) -> None:
    """One participant driving the app's widgets exactly as a page's kernel would."""
    import ipywidgets as w

    from sendreflect.app import ParticipantApp

    app = ParticipantApp(Store(url), code=code)
    app.form.alias.value = f"Sim {number:02d}"
    app.form.role.value = "teacher"
    app.form.button.click()
    assert app.participant is not None, app.form.message.value
    app.nav.value = 1
    page = app.page.children[0]
    radios = [c for c in page.children if isinstance(c, w.RadioButtons)]
    notes = [c for c in page.children if isinstance(c, w.Textarea)]
    for index, (radio, note) in enumerate(zip(radios, notes, strict=True)):
        radio.value = position_for(number, index)
        note.value = f"Evidence {number}-{index}: «{DIMENSIONS[index]}» ✓"
    app.nav.value = 2
    think = find(app.page.children[0], w.Textarea)  # in the first dimension's fold
    for index, box in enumerate(think[: len(REFLECTIONS)]):
        box.value = f"Reflection {number}-{index}"
    assert "Not saved" not in app.status.widget.value


def simulated_group(url: str, code: str, numbers: list[int], go) -> None:
    """Several simulated participants in one process, each in a thread, started together."""
    import sendreflect.app  # noqa: F401  (imported before the start, as a preheated kernel is)

    # SQLAlchemy loads a database's dialect module on the first engine; threads doing that at
    # the same moment can see it half-imported. A kernel is one process with one store, so load
    # it once here, as each kernel has by the time its participant answers.
    Store(url).close()
    go.wait(timeout=120)
    failures: list[BaseException] = []

    def run(number: int) -> None:
        try:
            simulated_participant(url, code, number)
        except BaseException as exc:  # reported below, so the test fails with the reason
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    if failures:
        raise failures[0]


def test_thirty_participants_at_once_lose_nothing_and_double_nothing(server, new_page) -> None:
    code = server.store.create_workshop("Burst Primary", "Baseline", code="BURST1").code
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    groups = [list(range(start, 30, 3)) for start in (3, 4, 5)]
    simulated = [
        context.Process(target=simulated_group, args=(server.store.url, code, numbers, go))
        for numbers in groups
    ]
    for process in simulated:
        process.start()

    pages = []
    for number in range(3):
        page = new_page(width=1000)
        join(page, server.participant_url(code), f"Page {number}")
        page.get_by_role("button", name="2. Where is our school?").click()
        pages.append(page)
    go.set()
    for index, dimension in enumerate(DIMENSIONS):
        for number, page in enumerate(pages):
            group = page.locator(".sr-choice").nth(index)
            group.get_by_label(str(position_for(number, index)), exact=False).first.check()
            page.get_by_label("How do you know?").nth(index).fill(
                f"Evidence {number}-{index}: «{dimension}» ✓"
            )
    for number, page in enumerate(pages):
        page.get_by_role("button", name="3. Think about your school…").click()
        page.get_by_role("heading", name="3. Think about your school…").wait_for()
        boxes = page.locator(".sr-note textarea")
        for index in range(len(REFLECTIONS)):
            boxes.nth(index).fill(f"Reflection {number}-{index}")

    for process in simulated:
        process.join(timeout=240)
    assert [p.exitcode for p in simulated] == [0] * len(simulated)

    expected = 30 * PER_PERSON
    try:
        wait_for(lambda: len(server.store.answers(code)) == expected, timeout=60)
    except AssertionError:
        per_person = server.store.answers(code).groupby("alias").size()
        short = {alias: n for alias, n in per_person.items() if n != PER_PERSON}
        raise AssertionError(f"{per_person.sum()} of {expected} answers; short: {short}") from None
    frame = server.store.answers(code)
    assert frame["alias"].nunique() == 30
    assert not frame.duplicated(["subject", "kind", "framework", "item_id"]).any()
    assert (frame.groupby("alias").size() == PER_PERSON).all()
    for _, row in frame[frame["kind"] == "position"].iterrows():
        number = int(row["alias"].split()[-1])
        assert row["value"] == position_for(number, DIMENSIONS.index(row["item_id"]))
    evidence = frame[frame["kind"] == "evidence"]
    assert all(v.startswith("Evidence ") and v.endswith("» ✓") for v in evidence["value"])
    history = server.store.history(code)
    assert len(history) == expected, "an answer was written more than once"
