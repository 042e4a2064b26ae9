"""The workshop report of a programme school's self-evaluation: "Self and peers" (the radar, its
table and the agenda by gap) and each action's progress at the triad meetings, only when present."""

from __future__ import annotations

import re

from markupsafe import escape

from sendreflect import demo
from sendreflect.peer import progress_item
from sendreflect.report import build_report
from sendreflect.responses import TEAM, Kind
from tests.test_progress import add_action
from tests.test_selfpeer import agreed, placed  # noqa: F401 - the fixture

XSS = "<script>alert(1)</script>"


def test_self_and_peers_is_in_the_report_with_the_agenda(placed, sqlite_store) -> None:  # noqa: F811
    agreed(sqlite_store, placed.visit.code, placed.framework.id, placed.second, 1)  # gap −2
    page = build_report(sqlite_store, placed.host.code)
    section = page[page.index('<section id="self-and-peers"') :]
    section = section[: section.index("</section>")]
    assert 'id="self-peer-radar"' in section and "<svg" in section
    assert "3 (median of 3, range 2 to 4)" in section and "1 (agreed)" in section
    titles = [d.title for d in placed.framework.dimensions[:2]]
    assert section.index(f"1. {escape(titles[1])}") < section.index(f"2. {escape(titles[0])}")
    assert "Gap −2: the reviewers place the school 2 steps lower than the team does." in section
    assert "The reviewers have not yet agreed their view of this dimension." in section
    assert "median of 2" not in section
    assert "a colleague runs &lt;b&gt;reviews&lt;/b&gt;" in section
    assert "Pupil voice &lt;i&gt;is&lt;/i&gt; strong" in section
    for alias in ("Rowan-s1", "Hazel-r1", "Maple-r2"):
        assert alias not in section
    assert len(re.findall(r'id="radar"', page)) == 1  # the team's radar keeps its own id


def test_each_actions_progress_is_in_the_report_by_meeting(placed, sqlite_store) -> None:  # noqa: F811
    code, fw = placed.host.code, placed.framework.id
    action = add_action(sqlite_store, code, fw, "Audit the provision map")
    add_action(sqlite_store, code, fw, "Train assistants")  # no progress: not listed
    for meeting, status in ((2, "under_way"), (1, "not_started")):
        value = {"status": status, "note": f"Note {meeting} by Rowan-s1", "coach_comment": XSS}
        sqlite_store.save(code, TEAM, Kind.PROGRESS, fw, progress_item(action, meeting), value)
    page = build_report(sqlite_store, code)
    progress = page[page.index('id="progress-heading"') :]
    assert progress.index("First triad meeting") < progress.index("Second triad meeting")
    assert "Under way" in progress and "Note 2 by a colleague" in progress
    assert escape(XSS) in progress and XSS not in page
    assert "Train assistants" not in progress


def test_an_ordinary_workshop_report_has_neither(demo_store) -> None:
    page = build_report(demo_store, demo.CODE)
    assert 'id="self-and-peers"' not in page and 'id="progress-heading"' not in page
