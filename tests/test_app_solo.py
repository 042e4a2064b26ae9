"""Solo mode and the take-away controls, in plain Python: downloads carry the real files, uploads
restore everything, and bad uploads get a clear message while the store stays as it was."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from urllib.parse import parse_qs

import ipywidgets as w
import openpyxl
import pytest

from sendreflect import Store, responses
from sendreflect.app import FacilitatorApp, SoloApp
from sendreflect.app.transfer import Downloads, Upload
from sendreflect.app.upload import FilePicker
from sendreflect.demo import BASELINE_CODE, CODE
from sendreflect.workbook import to_json, to_xlsx
from tests.test_workbook import snapshot
from tests.widgets import find

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def pick(picker: FilePicker, name: str, data: bytes) -> None:
    """What reaches the kernel when a person picks a file: the picker's message and its bytes."""
    picker._handle_custom_msg({"event": "file", "name": name}, [memoryview(data)])


def links(html: str) -> dict[str, bytes]:
    """The files inside the data-URI download links of some HTML, by file name."""
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    return {name: base64.b64decode(payload) for name, payload in found}


def started(store: Store) -> SoloApp:
    app = SoloApp(store)
    app.school.value = "Oak Primary"
    app.role.value = "senco"
    app.join_button.click()
    assert app.participant is not None
    return app


def test_solo_walks_every_step_including_positions_and_the_plan(sqlite_store) -> None:
    app = started(sqlite_store)
    titles = [label.split(". ", 1)[1] for label, _ in app.nav.options]
    assert titles[:3] == [
        "Understanding your context",
        "Where is our school?",
        "Think about your school…",
    ]
    assert titles[-4:] == [
        "Your positions",
        "How will you move your school?",
        "Action plan",
        "Save your work",
    ]
    assert "This session is temporary" in app.banner.value
    app.nav.value = 1
    find(app.page, w.RadioButtons)[0].value = 2
    app.nav.value = titles.index("Your positions")
    find(app.page, w.RadioButtons)[0].value = 3
    app.nav.value = titles.index("Action plan")
    (what,) = find(app.page, w.Textarea, description="What will we do?")
    what.value = "Audit TA deployment"
    find(app.page, w.Button, description="Add action")[0].click()
    code = app.workshop.code
    frame = sqlite_store.answers(code)
    assert set(frame["kind"]) == {"position", "agreed", "action"}
    book = json.loads(links(app.banner.value)[next(iter(links(app.banner.value)))])
    assert {a["kind"] for a in book["answers"]} == {"position", "agreed", "action"}


def test_a_downloaded_workbook_restores_everything_in_a_fresh_session(
    sqlite_store, tmp_path
) -> None:
    app = started(sqlite_store)
    app.nav.value = 1
    find(app.page, w.RadioButtons)[2].value = 5
    find(app.page, w.Textarea)[2].value = "Flexible TA time <b>since Easter</b>"
    code = app.workshop.code
    saved = links(app.banner.value)
    ((name, data),) = saved.items()
    assert name.endswith("-workbook.json")

    fresh_store = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    fresh = SoloApp(fresh_store)
    pick(fresh.upload.control, name, data)
    assert fresh.participant is not None
    assert snapshot(fresh_store, code) == snapshot(sqlite_store, code)
    fresh.nav.value = 1
    assert find(fresh.page, w.RadioButtons)[2].value == 5
    assert find(fresh.page, w.Textarea)[2].value == "Flexible TA time <b>since Easter</b>"
    assert fresh.upload.control.handled == 1


def test_downloads_hold_the_real_workbook_and_excel_file(demo_store) -> None:
    downloads = Downloads(demo_store, CODE)
    files = links(downloads.links.value)
    workbook = next(v for k, v in files.items() if k.endswith(".json"))
    excel = next(v for k, v in files.items() if k.endswith(".xlsx"))
    assert json.loads(workbook)["workshop"]["code"] == CODE
    assert "Positions" in openpyxl.load_workbook(io.BytesIO(excel)).sheetnames
    downloads.report_button.click()
    report = next(v for k, v in links(downloads.report_link.value).items())
    assert b"Brookfield Primary School" in report


def _bad_uploads(store: Store) -> dict[str, tuple[bytes, str]]:
    good = to_json(store, CODE)
    newer = json.loads(good)
    newer["version"] = 7
    return {
        "corrupt": (b"{{{ not json", "not a complete sendreflect workbook"),
        "truncated": (good[: len(good) // 3], "cut short"),
        "excel renamed .json": (to_xlsx(store, CODE), "looks like an Excel"),
        "newer version": (json.dumps(newer).encode(), "newer sendreflect"),
        "another workshop": (to_json(store, BASELINE_CODE), "open that workshop"),
        "over the size limit": (b" " * (6 * 1024 * 1024) + good, "more than the 5 MB"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "corrupt",
        "truncated",
        "excel renamed .json",
        "newer version",
        "another workshop",
        "over the size limit",
    ],
)
def test_bad_uploads_get_a_clear_message_and_change_nothing(demo_store, case: str) -> None:
    data, expected = _bad_uploads(demo_store)[case]
    before = snapshot(demo_store, CODE), snapshot(demo_store, BASELINE_CODE)
    upload = Upload(demo_store, expect_code=CODE)
    pick(upload.control, "workbook.json", data)
    assert expected in upload.message.value
    assert 'role="alert"' in upload.message.value
    assert (snapshot(demo_store, CODE), snapshot(demo_store, BASELINE_CODE)) == before


def test_the_facilitator_can_take_a_workshop_away_and_bring_it_back(demo_store) -> None:
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Take away"
    html = " ".join(h.value for h in find(app.page, w.HTML))
    (workbook,) = [v for k, v in links(html).items() if k.endswith(".json")]
    (picker,) = find(app.page, FilePicker)
    pick(picker, "again.json", workbook)
    assert "nothing changed" in " ".join(h.value for h in find(app.page, w.HTML))


def test_a_later_round_reviews_the_earlier_plan(demo_store) -> None:
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Action plan"
    html = " ".join(h.value for h in find(app.page, w.HTML))
    assert "The plan from Baseline, November 2025" in html
    assert "Put the SENCO on the senior leadership team" in html
    status = find(app.page, w.Dropdown, description="Status")[0]
    status.value = "under_way"
    earlier = responses.actions(demo_store.answers(BASELINE_CODE)).set_index("what")
    assert earlier.loc["Put the SENCO on the senior leadership team", "status"] == "under_way"


def forged(workshop, people: list[dict], answers: list[dict]) -> bytes:
    """A workbook an outsider could write by hand, naming a workshop they saw on a projector."""
    return json.dumps(
        {
            "format": "sendreflect-workbook",
            "version": 1,
            "exported_at": "2026-11-01T10:00:00+00:00",
            "workshop": {
                "code": workshop.code,
                "school": workshop.school,
                "round": workshop.round,
                "frameworks": list(workshop.frameworks),
                "created_at": workshop.created_at,
            },
            "participants": people,
            "answers": answers,
            "history": [],
        }
    ).encode()


OUTSIDER = {
    "id": "f" * 32,
    "alias": "Me",
    "role": "senco",
    "joined_at": "2026-11-01T10:00:00+00:00",
}


def test_a_workbook_naming_a_team_workshop_opens_and_changes_nothing(demo_store) -> None:
    team = demo_store.workshop(CODE)
    before = snapshot(demo_store, CODE)
    agreed = {
        "subject": "team",
        "kind": "agreed",
        "framework": "national_college",
        "item_id": "values",
        "value": {"position": 1, "rationale": "forged", "dissent": ""},
        "updated_at": "2026-11-02T10:00:00+00:00",
        "updated_by": "facilitator",
    }
    for people, answers in (([], []), ([OUTSIDER], [agreed])):
        app = SoloApp(demo_store)
        pick(app.upload.control, "w.json", forged(team, people, answers))
        assert app.participant is None and app.workshop is None
        assert "team workshop" in app.upload.message.value
        assert "Save your work" not in str(app.widget.children)
    assert snapshot(demo_store, CODE) == before


def test_a_workbook_naming_someone_elses_solo_reflection_opens_nothing(sqlite_store) -> None:
    theirs = started(sqlite_store)
    theirs.nav.value = 1
    find(theirs.page, w.Textarea)[0].value = "What only I know about our school"
    before = snapshot(sqlite_store, theirs.workshop.code)
    app = SoloApp(sqlite_store)
    pick(app.upload.control, "w.json", forged(theirs.workshop, [OUTSIDER], []))
    assert app.participant is None
    assert "does not match" in app.upload.message.value
    assert snapshot(sqlite_store, theirs.workshop.code) == before


def test_solo_reflections_stay_out_of_the_facilitators_lists(demo_store) -> None:
    solo = started(demo_store).workshop
    assert solo.kind == "solo"
    admin = FacilitatorApp(demo_store, key=demo_store.facilitator_key())
    listed = {value for _, value in admin.workshop_list.open_choice.options}
    earlier = {value for _, value in admin.workshop_list.previous.options}
    assert CODE in listed and solo.code not in listed | earlier
    remembered = SoloApp(demo_store)
    team_member = demo_store.join(CODE, "Visitor", "teacher")
    remembered.shell.memory.loaded = team_member.token
    assert remembered.participant is None, "a team participant never opens on the solo page"


def test_a_restored_reflection_reads_no_other_workshop_and_counts_against_the_hour(
    demo_store, monkeypatch
) -> None:
    from sendreflect import get_settings

    mine = demo_store.create_workshop("Spy Primary", "Solo", ["national_college"]).code
    book = json.loads(forged(demo_store.workshop(mine), [OUTSIDER], []))
    demo_store.delete_workshop(mine)
    book["workshop"]["previous_code"] = CODE  # the team's hidden results, as an "earlier round"
    app = SoloApp(demo_store)
    pick(app.upload.control, "w.json", json.dumps(book).encode())
    assert app.participant is not None, app.upload.message.value
    assert app.workshop.previous_code is None
    assert demo_store.previous_answers(app.workshop) is None
    monkeypatch.setenv("SENDREFLECT_SOLO_PER_HOUR", "1")
    get_settings.cache_clear()
    book["workshop"]["code"] = "OTHER1"
    again = SoloApp(demo_store)
    pick(again.upload.control, "w.json", json.dumps(book).encode())
    assert again.participant is None and "last hour" in again.upload.message.value


def test_the_projected_key_takes_away_only_what_names_no_one(demo_store) -> None:
    """The workshop's own key is seen on the projector: its Take away offers the report and the
    Excel file, not the workbook of each person's answers, nor bringing one back."""
    own = demo_store.workshop(CODE).facilitator_key
    app = FacilitatorApp(demo_store, code=CODE, key=own)
    app.nav.value = "Take away"
    html = " ".join(h.value for h in find(app.page, w.HTML))
    files = links(html)
    assert [name for name in files if name.endswith(".xlsx")]
    assert not [name for name in files if name.endswith(".json")]
    assert find(app.page, FilePicker) == [] and "store key" in html


def test_solo_greets_the_person_in_the_first_person_without_an_alias(sqlite_store) -> None:
    app = started(sqlite_store)
    header = app.shell.header.value
    assert "Your own reflection, as SENCO" in header
    assert "you are" not in header and "Me" not in header


def test_solo_positions_start_from_the_placements_and_speak_to_one_person(sqlite_store) -> None:
    app = started(sqlite_store)
    titles = [label.split(". ", 1)[1] for label, _ in app.nav.options]
    app.nav.value = titles.index("Where is our school?")
    find(app.page, w.RadioButtons)[0].value = 2  # placed once, on the first dimension
    app.nav.value = titles.index("Your positions")
    radios = find(app.page, w.RadioButtons)
    assert radios[0].value == 2 and radios[1].value is None  # not asked again
    assert radios[0].description.startswith("Your position on ")
    agreed = responses.agreed(sqlite_store.answers(app.workshop.code))
    assert list(agreed["position"].dropna()) == [2]  # the report has it too
    boxes = [t.description for t in find(app.page, w.Textarea)]
    assert "Why you chose this" in boxes
    words = " ".join([*boxes, *(r.description for r in radios)])
    assert "team" not in words.lower() and "Agreed" not in words and "Other views" not in words
    radios[0].value = 3  # a view that moved while reflecting
    again = responses.agreed(sqlite_store.answers(app.workshop.code))
    assert list(again["position"].dropna()) == [3]


def test_a_solo_reflection_carried_on_keeps_the_position_chosen_over_the_placement(
    sqlite_store,
) -> None:
    app = started(sqlite_store)
    titles = [label.split(". ", 1)[1] for label, _ in app.nav.options]
    app.nav.value = titles.index("Where is our school?")
    find(app.page, w.RadioButtons)[0].value = 2
    app.nav.value = titles.index("Your positions")
    find(app.page, w.RadioButtons)[0].value = 5
    again = SoloApp(sqlite_store, step=titles.index("Your positions") + 1)
    again.shell.memory.loaded = app.participant.token
    assert again.nav.value == titles.index("Your positions")
    assert find(again.page, w.RadioButtons)[0].value == 5
    assert parse_qs(again.shell.address.query)["step"] == [str(again.nav.value + 1)]
