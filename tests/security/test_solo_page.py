"""The solo page, which anyone may open, against a running server: a workbook written by hand
that names a team workshop (its code and school are on the projector) opens and changes nothing,
and one that names an earlier round reads nothing of it."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sendreflect.demo import CODE

pytestmark = pytest.mark.browser
LABEL = "Carry on from a workbook (.json)"


def forged(path: Path, code: str, school: str, previous: str | None = None) -> Path:
    book = {
        "format": "sendreflect-workbook",
        "version": 1,
        "exported_at": "2026-11-01T10:00:00+00:00",
        "workshop": {
            "code": code,
            "school": school,
            "round": "Solo",
            "frameworks": ["national_college"],
            "previous_code": previous,
            "created_at": "2026-11-01T10:00:00+00:00",
        },
        "participants": [
            {
                "id": uuid.uuid4().hex,  # ids are unique in a store; other tests choose theirs
                "alias": "Me",
                "role": "senco",
                "joined_at": "2026-11-01T10:00:00+00:00",
            }
        ],
        "answers": [],
        "history": [],
    }
    path.write_text(json.dumps(book), encoding="utf-8")
    return path


def test_a_workbook_naming_the_team_workshop_opens_nothing(server, new_page, tmp_path) -> None:
    store = server.store
    team = store.workshop(CODE)
    before = (store.answers(CODE), store.participants(CODE), store.history(CODE))
    page = new_page()
    page.goto(server.base + "/voila/render/solo.ipynb")
    page.get_by_label(LABEL).set_input_files(str(forged(tmp_path / "w.json", CODE, team.school)))
    expect(page.get_by_role("alert")).to_contain_text("team workshop")
    assert page.get_by_text("Save your work").count() == 0
    assert page.get_by_text("Cedar").count() == 0  # no one of the team appears
    after = (store.answers(CODE), store.participants(CODE), store.history(CODE))
    assert all(a.equals(b) for a, b in zip(before, after, strict=True))


def test_a_restored_reflection_cannot_read_the_team_as_its_earlier_round(
    server, new_page, tmp_path
) -> None:
    page = new_page()
    page.goto(server.base + "/voila/render/solo.ipynb")
    path = forged(tmp_path / "mine.json", "SPYSPY", "Spy Primary", previous=CODE)
    page.get_by_label(LABEL).set_input_files(str(path))
    expect(page.get_by_role("button", name="Save your work")).to_be_visible()
    restored = server.store.workshop("SPYSPY")
    assert restored.kind == "solo" and restored.previous_code is None
    assert server.store.previous_answers(restored) is None
