"""The facilitator's page in a real room, in plain Python: an address that follows what is open,
results that change only when asked and then in place, one timer per page, participation that
counts what the workshop needs, a Share screen for the back of the room, and agreeing beside the
evidence."""

from __future__ import annotations

import asyncio
import re
import sys
from urllib.parse import parse_qs

import ipywidgets as w
import pytest

from sendreflect import Kind, Store, get_framework
from sendreflect.app import FacilitatorApp
from sendreflect.app.agree import AgreeForm
from sendreflect.app.radar import QUIET
from sendreflect.app.request import Request
from sendreflect.app.saving import SaveStatus
from sendreflect.app.share import only_this_computer, share_html
from sendreflect.app.teamresults import TeamResults
from sendreflect.demo import CODE
from tests.widgets import find

NC = "national_college"


def address(app: FacilitatorApp) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(app.address.query).items()}


def test_the_address_follows_the_workshop_and_section(demo_store: Store) -> None:
    own = demo_store.workshop(CODE).facilitator_key
    request = Request({"token": "t0k"}, "http://192.168.1.20:8866", "/voila/render/f.ipynb")
    app = FacilitatorApp(demo_store, code=CODE, key=own, request=request)
    assert address(app) == {"code": CODE, "key": own, "section": "share", "token": "t0k"}
    app.nav.value = "Action plan"
    assert address(app)["section"] == "action-plan"


def test_a_reload_opens_the_section_its_address_names(demo_store: Store) -> None:
    own = demo_store.workshop(CODE).facilitator_key
    request = Request({"section": "participation"}, "http://localhost:8866", "/voila/render/f")
    app = FacilitatorApp(demo_store, code=CODE, key=own, request=request)
    assert app.nav.value == "Participation"
    assert "Cedar" in app.participation.value


def test_the_store_key_never_goes_into_the_address(demo_store: Store) -> None:
    store_key = demo_store.facilitator_key()
    app = FacilitatorApp(demo_store, key=store_key)
    assert app.address.query == ""  # the list: the address is left as it was opened
    app.workshop_list.school.value = "Elm Academy"
    app.workshop_list.round.value = "Baseline"
    find(app.body, w.Button, description="Create workshop")[0].click()
    created = app.workshop
    assert address(app) == {
        "code": created.code,
        "key": created.facilitator_key,
        "section": "share",
    }
    find(app.body, w.Button, description="All workshops")[0].click()
    assert store_key not in app.address.query


def test_one_timer_per_page_and_none_once_back_at_the_list(demo_store: Store) -> None:
    async def scenario() -> None:
        app = FacilitatorApp(demo_store, key=demo_store.facilitator_key())
        app.open(CODE)
        first = app._timer
        app.open("DEMO25")
        assert first is not None and first.cancelled() and not app._timer.cancelled()
        find(app.body, w.Button, description="All workshops")[0].click()
        assert app._timer is None

    asyncio.run(scenario())


@pytest.fixture
def quick_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[FacilitatorApp.__module__], "REFRESH_SECONDS", 0.05)


def test_results_change_only_when_asked_and_then_in_place(
    demo_store: Store, quick_refresh: None
) -> None:
    demo_store.update_workshop(CODE, revealed=True)

    async def scenario() -> None:
        app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
        app.nav.value = "Results"
        section, results = app.page.children[0], app.results
        panes = find(section, w.Accordion)[0]
        panes.selected_index = 1  # the facilitator opened what the team wrote
        table = results.radar.table.value
        juniper = demo_store.join(CODE, "Juniper", "teacher")
        for dimension in ("values", "teaching", "resources"):
            demo_store.save(CODE, juniper.id, Kind.POSITION, NC, dimension, 1)
        deadline = asyncio.get_running_loop().time() + 20
        while not app.notice.text:
            assert asyncio.get_running_loop().time() < deadline, "no notice of new answers"
            await asyncio.sleep(0.05)
        assert app.notice.text == "3 new answers since this was drawn."
        assert results.radar.table.value == table, "the results changed before being asked"
        app.notice.clicks += 1  # "Show them" pressed
        assert app.page.children[0] is section and app.results is results
        assert panes.selected_index == 1
        assert results.radar.table.value != table
        assert not app.notice.text
        app.stop()

    asyncio.run(scenario())


def test_the_radar_goes_to_the_page_before_the_texts_under_it_are_written(
    demo_store: Store,
) -> None:
    demo_store.update_workshop(CODE, revealed=True)
    seen: dict[str, str] = {}

    async def scenario() -> None:
        app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
        app.nav.value = "Results"  # a click's handler: the radar is on the page when it returns
        assert app.results is not None
        seen["radar"] = app.results.radar.table.value
        seen["agenda at once"] = app.results.agenda.value
        await asyncio.sleep(0)  # the kernel's next turn
        seen["agenda next"] = app.results.agenda.value
        app.stop()

    asyncio.run(scenario())
    assert "<table>" in seen["radar"]
    assert seen["agenda at once"] == "" and "<ol>" in seen["agenda next"]


def test_participation_counts_what_the_workshop_needs_and_the_rest_as_extra(
    sqlite_store: Store,
) -> None:
    code = sqlite_store.create_workshop("Oak", "Baseline", [NC, "sen_leaders"], code="OAK111").code
    ash = sqlite_store.join(code, "Ash", "teacher").id
    for dimension in get_framework(NC).dimensions:
        sqlite_store.save(code, ash, Kind.POSITION, NC, dimension.id, 3)
        sqlite_store.save(code, ash, Kind.EVIDENCE, NC, dimension.id, "Seen in lessons")
    sqlite_store.save(code, ash, Kind.REFLECTION, NC, "values.think.2", "A note")
    area = get_framework("sen_leaders").rating.areas[0].id
    sqlite_store.save(code, ash, Kind.RATING, "sen_leaders", area, 2)
    sqlite_store.join(code, "Birch", "senco")
    app = FacilitatorApp(sqlite_store, code=code, key=sqlite_store.facilitator_key())
    app.nav.value = "Participation"
    html = app.participation.value
    assert "1 of 2 ready" in html
    assert "<td>Ash</td><td>5 of 5</td><td>5 of 5</td><td>Yes</td>" in html
    assert "1 on the questions; SEN Leaders: eight key areas: 1 of 8 rated" in html
    assert "of 29" not in html and "<td>Birch</td><td>0 of 5</td><td>0 of 5</td><td>Not yet" in html


def test_share_is_readable_from_the_back_and_warns_about_localhost() -> None:
    local = share_html("http://localhost:8866/voila/render/participant.ipynb?code=OAK111", "OAK111")
    assert 'class="sr-join-code">OAK111<' in local
    assert "--host 0.0.0.0" in local and 'class="sr-message sr-warning"' in local
    room = share_html("http://192.168.1.20:8866/voila/render/participant.ipynb?code=OAK", "OAK")
    assert "sr-warning" not in room and "192.168.1.20:8866" in room
    assert only_this_computer("http://127.0.0.1:1/") and only_this_computer("http://[::1]:8/")
    assert not only_this_computer("https://send.example.org/voila/render/participant.ipynb")


def test_each_agree_card_shows_the_spread_the_positions_and_the_evidence(
    demo_store: Store,
) -> None:
    form = AgreeForm(demo_store, CODE, get_framework(NC), SaveStatus())
    html = " ".join(h.value for h in find(form.widget, w.HTML))
    assert "Spread 3, from 2 to 5: 6 placed, 0 not sure" in html
    assert '<span class="sr-hidden">4: 2 people</span>' in html
    assert "Inclusion is in our vision" in html
    for alias in ("Ash", "Birch", "Cedar", "Hazel"):
        assert alias not in html


def test_the_radar_takes_its_boxs_width_and_shows_individuals_quietly(demo_store: Store) -> None:
    results = TeamResults(demo_store, demo_store.workshop(CODE), get_framework(NC))
    chart = results.radar.chart
    assert chart.layout.width is None and chart.layout.autosize
    individuals = [t for t in chart.data if t.legendgroup == "individuals"]
    assert individuals and all(t.line.color == QUIET for t in individuals)
    assert list(chart.layout.polar.radialaxis.ticktext) == ["1", "2", "3", "4", "5"]
    assert "1 = specialists; 5 = whole school" in results.radar.note.value


def test_serve_shows_the_room_an_address_it_can_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    from sendreflect import server

    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    assert server.room_address(None, 8866) == ("http://localhost:8866", server.LOCAL_ONLY)
    assert server.room_address("127.0.0.1", 8866)[1] == server.LOCAL_ONLY
    assert server.room_address("0.0.0.0", 8866) == ("http://192.168.1.20:8866", "")
    assert server.room_address("::", 9000) == ("http://192.168.1.20:9000", "")
    assert server.room_address("0.0.0.0", 1, "https://send.example.org/") == (
        "https://send.example.org",
        "",
    )
    monkeypatch.setattr(server, "lan_address", lambda: None)
    base, warning = server.room_address("0.0.0.0", 8866)
    assert "0.0.0.0" not in base and "could not be found" in warning


def test_the_network_address_is_found_without_sending_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sendreflect import server

    class Probe:
        """A UDP socket that records what it is asked and never sends."""

        def __init__(self, *_args: object) -> None:
            self.sent = False

        def __enter__(self) -> Probe:
            return self

        def __exit__(self, *_exc: object) -> None:
            pass

        def connect(self, address: tuple[str, int]) -> None:
            assert address[0].startswith("192.0.2.")  # documentation-only, never routed

        def getsockname(self) -> tuple[str, int]:
            return ("10.4.2.7", 50000)

        def send(self, *_args: object) -> None:
            raise AssertionError("nothing may be sent")

        sendto = send

    monkeypatch.setattr(server.socket, "socket", Probe)
    assert server.lan_address() == "10.4.2.7"


def test_serve_prints_the_store_key_apart_and_the_two_links_last(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendreflect import server

    workshop = demo_store.workshop(CODE)
    found = server.links("http://localhost:8866", CODE, workshop.facilitator_key)
    server._print_links(workshop, found, "http://localhost:8866/…?key=S", server.LOCAL_ONLY)
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert lines[0].startswith("store key (")
    assert lines[1].startswith("Note: Only this computer can open these links")
    assert lines[-3].startswith("participant: http://localhost:8866/")
    assert lines[-2].startswith("facilitator: ") and lines[-1].startswith("Press Ctrl+C")


def test_the_workshop_list_reads_as_a_table(demo_store: Store) -> None:
    from sendreflect.cli import workshops_table

    text = workshops_table(demo_store.workshops())
    assert text.splitlines()[0].split() == [
        "Code", "School", "Round", "Status", "Created", "Earlier", "round", "People"
    ]  # fmt: skip
    assert "NaN" not in text and "+00:00" not in text and "T" not in text.split("Created")[1][:3]
    assert re.search(r"DEMO25 .* \d{1,2} [A-Z][a-z]+ 20\d\d {2,}\s*5$", text, re.M)


def test_on_a_phone_the_radar_has_short_label_lines_and_room_for_them(demo_store: Store) -> None:
    radar = TeamResults(demo_store, demo_store.workshop(CODE), get_framework(NC)).radar
    wide = list(radar.chart.layout.polar.angularaxis.categoryarray)
    radar.fit.width = 347  # as the browser measures a 390 px phone's box
    chart = radar.chart
    assert chart.layout.width == 347 and chart.layout.margin.l > 56
    labels = list(chart.layout.polar.angularaxis.categoryarray)
    assert "Approaches<br>to teaching<br>and learning" in labels
    assert all(set(t.theta) <= set(labels) for t in chart.data)
    radar.fit.width = 1100  # the same page turned to a projector
    assert list(chart.layout.polar.angularaxis.categoryarray) == wide
    assert chart.layout.width == 1100
