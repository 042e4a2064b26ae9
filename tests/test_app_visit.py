"""A peer visit's participant page, in plain Python: reviewers are told whose school they place."""

from __future__ import annotations

from tests.widgets import joined


def _visit(store):
    programme = store.create_programme("North triads 2026-27")
    schools = [
        store.add_school(programme.code, name, cohort="One", triad="North", coach=name == "Oak")
        for name in ("Oak", "Elm <b>Primary</b>", "Ash")
    ]
    return store.open_visit(programme.code, schools[1].school_id)


def test_a_reviewer_is_told_whose_school_the_visit_places(sqlite_store) -> None:
    visit = _visit(sqlite_store)
    app = joined(sqlite_store, visit.code, alias="Rowan-1", role="peer_reviewer")
    header = app.shell.header.value
    assert "Peer visit to Elm &lt;b&gt;Primary&lt;/b&gt;" in header
    assert "read Elm &lt;b&gt;Primary&lt;/b&gt;" in header
    assert "name no pupil or member of staff" in header
    assert "<b>Primary</b>" not in header


def test_a_team_workshop_keeps_its_plain_header(sqlite_store) -> None:
    workshop = sqlite_store.create_workshop("Oak Primary", "Baseline", code="OAKVIS")
    app = joined(sqlite_store, workshop.code, alias="Rowan-2")
    assert "Peer visit" not in app.shell.header.value
    assert "reviewer" not in app.shell.header.value
