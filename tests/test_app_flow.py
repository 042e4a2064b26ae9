"""A person's flow through the steps, in plain Python: Next asks the page to bring the next step's
heading to the top, the bar says where they are and holds the save status, the step menu and the
step buttons move together, and the page's address follows the open step."""

from __future__ import annotations

from urllib.parse import parse_qs

import ipywidgets as w
import pytest

from sendreflect import Store
from sendreflect.app import ParticipantApp
from tests.widgets import find, joined

NC = "national_college"


@pytest.fixture
def code(sqlite_store: Store) -> str:
    return sqlite_store.create_workshop("Flow Primary", "Baseline", [NC], code="FLOW11").code


def query(app: ParticipantApp) -> dict[str, list[str]]:
    return parse_qs(app.shell.address.query)


def bar(app: ParticipantApp) -> w.HBox:
    (found,) = [b for b in find(app.widget, w.HBox) if "sr-bar" in b._dom_classes]
    return found


def test_a_step_opened_on_joining_stays_where_the_page_is_drawn(sqlite_store, code) -> None:
    app = joined(sqlite_store, code, alias="Hawthorn")
    assert app.shell.opener.asks == 0  # nothing scrolls as the page first appears
    assert query(app) == {"code": [code], "step": ["1"]}
    assert "Step 1 of " in app.shell.where.value
    assert app.status.widget in bar(app).children
    assert app.shell.menu in bar(app).children
    (heading,) = [h for h in find(app.page, w.HTML) if "data-sr-step" in h.value]
    assert 'data-sr-step="1"' in heading.value and 'tabindex="-1"' in heading.value


def test_next_brings_the_next_step_to_the_top_and_the_address_follows(sqlite_store, code) -> None:
    app = joined(sqlite_store, code, alias="Hawthorn")
    total = len(app.shell.steps)
    (following,) = find(app.page, w.Button, description="Next: Where is our school?")
    following.click()
    assert app.nav.value == 1 and app.shell.menu.value == 1
    assert app.shell.opener.step == "2" and app.shell.opener.asks == 1
    assert f"Step 2 of {total}" in app.shell.where.value
    assert "Where is our school?" in app.shell.where.value
    assert query(app)["step"] == ["2"]
    assert find(
        app.page, w.HTML, value='<h2 tabindex="-1" data-sr-step="2">2. Where is our school?</h2>'
    )


def test_the_step_menu_and_the_step_buttons_move_together(sqlite_store, code) -> None:
    app = joined(sqlite_store, code, alias="Hawthorn")
    assert app.shell.menu.options == app.nav.options
    app.shell.menu.value = 2  # a phone's menu
    assert app.nav.value == 2
    assert app.shell.opener.step == "3"
    assert query(app)["step"] == ["3"]
    app.nav.value = 0  # a wide screen's buttons
    assert app.shell.menu.value == 0
    assert app.shell.opener.step == "1" and app.shell.opener.asks == 2


def test_the_address_carries_the_step_and_the_token_and_a_reload_reads_it(
    sqlite_store, code
) -> None:
    person = sqlite_store.join(code, "Hornbeam", "teacher")
    app = ParticipantApp(sqlite_store, code=code.lower(), step=3, token="s3cret")
    assert query(app) == {"code": [code], "token": ["s3cret"]}  # the join form
    app.shell.memory.loaded = person.token  # the browser remembered who joined from it
    assert app.participant is not None and app.nav.value == 2
    assert query(app) == {"code": [code], "token": ["s3cret"], "step": ["3"]}
    assert app.shell.opener.asks == 0
    app.leave()
    assert query(app) == {"code": [code], "token": ["s3cret"]}
