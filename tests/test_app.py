"""The apps' widgets in plain Python: build them, set values, click, and read the store."""

from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w
import pytest

from sendreflect import Kind, Store, demo, get_framework, responses
from sendreflect.app import ActionPlan, FacilitatorApp, ParticipantApp
from sendreflect.app.agree import OTHER_VIEWS_LABEL, RATIONALE_LABEL, AgreeForm
from sendreflect.app.chart import Chart
from sendreflect.app.join import FREE_TRIES
from sendreflect.app.kit import esc
from sendreflect.app.saving import SaveStatus
from sendreflect.demo import CODE
from tests.widgets import find, joined

NC = "national_college"


@pytest.fixture
def workshop(sqlite_store: Store):
    return sqlite_store.create_workshop(
        "Oak Primary",
        "Baseline",
        ["national_college", "sen_leaders", "peer_support"],
        code="OAK111",
    )


def test_join_form_names_the_workshop_and_refuses_a_missing_role(sqlite_store, workshop) -> None:
    app = ParticipantApp(sqlite_store, code="oak-111")
    assert "Oak Primary" in app.form.message.value
    app.form.alias.value = "Yew"
    app.form.button.click()
    assert "Choose your role" in app.form.message.value
    assert app.participant is None


def test_unknown_code_is_explained_on_the_join_form(sqlite_store) -> None:
    app = ParticipantApp(sqlite_store, code="ZZZZZZ")
    assert "no workshop with the code" in app.form.message.value
    app.form.alias.value, app.form.role.value = "Yew", "senco"
    app.form.button.click()
    assert 'role="alert"' in app.form.message.value


def test_steps_follow_the_pack_then_the_other_frameworks(sqlite_store, workshop) -> None:
    app = joined(sqlite_store, "OAK111")
    assert [label for label, _ in app.nav.options] == [
        "1. Understanding your context",
        "2. Where is our school?",
        "3. Think about your school…",
        "4. SEN Leaders: eight key areas",
        "5. Peer support or school improvement?",
        "6. Team results",
        "7. How will you move your school?",
    ]


def test_positions_evidence_reflections_and_ratings_land_in_the_store(
    sqlite_store, workshop
) -> None:
    app = joined(sqlite_store, "OAK111")
    app.nav.value = 1
    radios = find(app.page, w.RadioButtons)
    notes = find(app.page, w.Textarea)
    assert len(radios) == 5 and len(notes) == 5
    for radio, value in zip(radios, [1, 2, 3, 4, "not_sure"], strict=True):
        radio.value = value
    notes[0].value = "<script>alert(1)</script>"
    app.nav.value = 2
    find(app.page, w.Textarea)[0].value = "Yes, mostly"
    app.nav.value = 3
    find(app.page, w.RadioButtons)[0].value = 4
    frame = sqlite_store.answers("OAK111")
    positions = responses.positions(frame)
    assert positions.set_index("dimension")["not_sure"].to_dict() == {
        "values": False,
        "teaching": False,
        "resources": False,
        "roles": False,
        "services": True,
    }
    assert responses.notes(frame).set_index("item_id").loc["values", "text"] == (
        "<script>alert(1)</script>"
    )
    assert responses.ratings(frame).loc[0, "rating"] == 4
    assert "✓ Saved" in app.status.widget.value


def test_the_context_step_quotes_the_pack_and_shows_examples_on_demand(
    sqlite_store, workshop
) -> None:
    app = joined(sqlite_store, "OAK111")
    labels = [t.description for t in find(app.page, w.Textarea)]
    assert (
        labels[0] == "Do leaders base their approaches to SEN/D on an analysis of the school "
        "context?"
    )
    buttons = find(app.page, w.Button, description="Show Example 1")
    assert buttons
    buttons[0].click()
    assert buttons[0].description == "Hide Example 1"


def test_rejoining_with_the_resume_code_brings_back_every_answer(sqlite_store, workshop) -> None:
    first = joined(sqlite_store, "OAK111")
    code = first.participant.resume_code
    assert code in first.shell.notice.value and "Note it down" in first.shell.notice.value
    first.nav.value = 1
    find(first.page, w.RadioButtons)[0].value = 2
    again = joined(sqlite_store, "OAK111", role="senco", resume=code)
    assert again.participant.id == first.participant.id
    assert "that role is kept" in again.shell.notice.value and again.participant.role == "teacher"
    again.nav.value = 1
    assert find(again.page, w.RadioButtons)[0].value == 2


def test_an_alias_in_use_asks_for_its_resume_code_instead_of_handing_it_over(
    sqlite_store, workshop
) -> None:
    owner = joined(sqlite_store, "OAK111", alias="Ash", role="senco")
    owner.nav.value = 1
    find(owner.page, w.Textarea)[0].value = "Our SENCO's private worry"
    intruder = ParticipantApp(sqlite_store, code="OAK111")
    intruder.form.alias.value, intruder.form.role.value = "Ash", "head_teacher"
    intruder.form.button.click()
    assert intruder.participant is None and intruder.body.children[0] is intruder.form.code
    assert "already joined as" in intruder.form.message.value
    assert intruder.form.resume_code.layout.display == ""
    assert sqlite_store.participant(owner.participant.id).role == "senco"


def test_wrong_codes_slow_down_after_a_few_tries(sqlite_store, workshop) -> None:
    app = ParticipantApp(sqlite_store, code="ZZZZZZ")
    app.form.alias.value, app.form.role.value = "Yew", "senco"
    for _ in range(FREE_TRIES):
        app.form.button.click()
        assert "no workshop with the code" in app.form.message.value
    app.form.code.value = "OAK111"  # even the right code must wait now
    app.form.button.click()
    assert "Too many tries" in app.form.message.value and app.participant is None
    app.tries.not_before = 0  # the wait is over
    app.form.button.click()
    assert app.participant is not None


def test_the_browser_memory_resumes_only_with_the_matching_token(sqlite_store, workshop) -> None:
    first = joined(sqlite_store, "OAK111")
    token = first.participant.token
    assert first.shell.memory.value == token and token.startswith(first.participant.id + ".")
    fresh = ParticipantApp(sqlite_store, code="OAK111")
    fresh.shell.memory.loaded = token
    assert fresh.participant.id == first.participant.id
    for forged in ("not-a-participant", first.participant.id, first.participant.id + ".AAAAAAAA"):
        stranger = ParticipantApp(sqlite_store, code="OAK111")
        stranger.shell.memory.loaded = forged
        assert stranger.participant is None and stranger.shell.memory.value == ""


def test_a_bad_save_shows_a_clear_message_and_keeps_the_store(sqlite_store, workshop) -> None:
    app = joined(sqlite_store, "OAK111")
    app.nav.value = 1
    sqlite_store.update_workshop("OAK111", status="open")
    note = find(app.page, w.Textarea)[0]
    note.value = "x" * 20_001
    assert "Not saved" in app.status.widget.value
    assert sqlite_store.answers("OAK111").empty


def test_team_results_wait_for_the_reveal(sqlite_store, workshop) -> None:
    app = joined(sqlite_store, "OAK111")
    app.nav.value = [label for label, _ in app.nav.options].index("6. Team results")
    assert "hidden until your facilitator reveals them" in str(
        [h.value for h in find(app.page, w.HTML)]
    )
    sqlite_store.update_workshop("OAK111", revealed=True)
    find(app.page, w.Button, description="Check again")[0].click()
    assert "The radar&#x27;s numbers" in " ".join(h.value for h in find(app.page, w.HTML))


def test_the_facilitator_view_needs_a_key(demo_store) -> None:
    assert not FacilitatorApp(demo_store, code=CODE, key="").workshop
    assert not FacilitatorApp(demo_store, code=CODE, key="wrong").workshop
    own = demo_store.workshop(CODE).facilitator_key
    assert FacilitatorApp(demo_store, code=CODE, key=own).workshop.code == CODE
    other = demo_store.create_workshop("Elm", "R", code="ELM111")
    assert not FacilitatorApp(demo_store, code=CODE, key=other.facilitator_key).workshop


def test_the_store_key_lists_workshops_and_creates_one(demo_store) -> None:
    app = FacilitatorApp(demo_store, key=demo_store.facilitator_key())
    assert app.workshop is None
    app.workshop_list.school.value = "Elm Academy"
    app.workshop_list.round.value = "Baseline, 2026"
    app.workshop_list.previous.value = "DEMO"
    assert (
        app.workshop_list.continuum_choice.value == "national_college"
    )  # the pack unless another is chosen
    assert "national_college" not in app.workshop_list.framework_boxes
    app.workshop_list.framework_boxes["triad_review"].value = True
    find(app.body, w.Button, description="Create workshop")[0].click()
    assert app.workshop.school == "Elm Academy"
    assert list(app.workshop.frameworks) == ["national_college", "triad_review"]
    assert app.workshop.previous_code == "DEMO"


def test_the_store_key_shows_an_overview_across_schools(demo_store) -> None:
    odd = demo_store.create_workshop("<i>Elm</i> & Co", "Baseline", code="ELM999").code
    for alias, value in (("A", 5), ("B", 4), ("C", 4)):
        person = demo_store.join(odd, alias, "teacher").id
        demo_store.save(odd, person, Kind.POSITION, "national_college", "values", value)
    app = FacilitatorApp(demo_store, key=demo_store.facilitator_key())
    button = find(app.body, w.Button, description="Show the overview across schools")[0]
    button.click()
    html = " ".join(h.value for h in find(app.body, w.HTML))
    assert "2 schools and 3 rounds with positions" in html
    assert "&lt;i&gt;Elm&lt;/i&gt; &amp; Co" in html and "<i>Elm" not in html
    strengths = re.search(r"Strength to share.*?</table>", html, re.S).group(0)
    values_row = re.search(r"<td>Values</td><td>(.*?)</td><td>(.*?)</td>", strengths)
    assert values_row.group(1) == "&lt;i&gt;Elm&lt;/i&gt; &amp; Co"  # median 4
    assert esc(demo.SCHOOL) in html and "Baseline, November 2025" in html  # every round
    figures = [x for x in find(app.body, w.DOMWidget) if isinstance(x, Chart)]
    assert [t.name for t in figures[0].data][-1] == "Median across schools"
    assert find(app.body, w.Button, description="Refresh the overview")


def test_an_empty_store_says_no_school_has_placed_itself_yet(sqlite_store) -> None:
    app = FacilitatorApp(sqlite_store, key=sqlite_store.facilitator_key())
    find(app.body, w.Button, description="Show the overview across schools")[0].click()
    html = " ".join(h.value for h in find(app.body, w.HTML))
    assert "No school has placed itself on the continua yet." in html


def test_reveal_shows_the_radar_and_the_agenda(demo_store) -> None:
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Results"
    assert "hidden until you reveal them" in " ".join(h.value for h in find(app.page, w.HTML))
    find(app.page, w.Button, description="Reveal the team's results")[0].click()
    assert demo_store.workshop(CODE).revealed
    figures = [x for x in find(app.page, w.DOMWidget) if isinstance(x, Chart)]
    assert len(figures) == 1
    html = " ".join(h.value for h in find(app.page, w.HTML))
    agenda = html.split("<h3>Agenda: where views differ most</h3>", 1)
    assert len(agenda) == 2, "the results show no agenda from disagreement"
    # Widest spread first (demo positions: values 2–5; roles and teaching 2 apart, roles with the
    # larger deviation; then services and resources 1 apart), each with its spread and count.
    assert re.findall(r"<li><strong>(.*?)</strong> \((spread \d+); (\d+) placed", agenda[1]) == [
        ("Values", "spread 3", "6"),
        ("Specialist leadership roles", "spread 2", "6"),
        ("Approaches to teaching and learning", "spread 2", "5"),
        ("Approaches to integrated services", "spread 1", "5"),
        ("Resources for support", "spread 1", "6"),
    ]
    assert "Some classes still send TAs out" in html
    assert "SEN Leaders: eight key areas: the team" in html
    assert "Efficient use of resources" in html


def test_the_facilitator_sees_what_the_team_wrote_unnamed_and_escaped(demo_store) -> None:
    cedar = demo_store.participants(CODE).set_index("alias").loc["Cedar", "id"]
    question = "peer_support.reflect.2"
    demo_store.save(CODE, cedar, Kind.REFLECTION, "peer_support", question, "<b>Both</b> help")
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Results"
    find(app.page, w.Button, description="Reveal the team's results")[0].click()
    panes = find(app.page, w.Accordion)[0]
    assert panes.titles == (
        "National College support pack",
        "Peer support or school improvement?",
    )  # the eight key areas have no questions, only ratings
    assert panes.selected_index is None
    pack, peer = (child.value for child in panes.children)
    first_alias, first_item = next(iter(demo.REFLECTIONS))
    assert esc(demo.REFLECTIONS[first_alias, first_item]) in pack
    assert esc(get_framework("national_college").item(first_item).text) in pack
    assert "&lt;b&gt;Both&lt;/b&gt; help" in peer and "<b>Both" not in peer
    assert "Cedar" not in pack + peer


def test_participation_lists_aliases_and_progress(demo_store) -> None:
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Participation"
    html = find(app.page, w.HTML)[0].value
    assert "Cedar" in html and "5 of 5" in html


def test_agreeing_saves_the_teams_position(demo_store) -> None:
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Agree"
    radios = find(app.page, w.RadioButtons)
    radios[1].value = 3
    find(app.page, w.Textarea, description="Why the team agreed this")[1].value = "Mixed"
    agreed = responses.agreed(demo_store.answers(CODE)).set_index("dimension")
    assert agreed.loc["teaching", "position"] == 3
    assert agreed.loc["teaching", "rationale"] == "Mixed"


def test_an_action_is_added_edited_and_its_status_changed(sqlite_store, workshop) -> None:
    plan = ActionPlan(sqlite_store, "OAK111", get_framework(NC), SaveStatus())
    plan.save_button.click()
    assert "Say what the action is" in plan.form_message.value
    plan.prompt.value = "roles.move.3"
    assert plan.dimension.value == "roles"
    plan.what.value = "SEN/D first on every SLT agenda"
    plan.lead.value = "Head teacher"
    plan.by_when.value = dt.date(2027, 2, 12)
    plan.target.value = 3
    plan.save_button.click()
    actions = responses.actions(sqlite_store.answers("OAK111"))
    assert list(actions["what"]) == ["SEN/D first on every SLT agenda"]
    action_id = actions.loc[0, "action_id"]
    find(plan.plan, w.Dropdown, description="Status")[0].value = "under_way"
    plan.edit(action_id)
    plan.lead.value = "Deputy head"
    plan.save_button.click()
    actions = responses.actions(sqlite_store.answers("OAK111"))
    assert len(actions) == 1
    assert actions.loc[0, "lead"] == "Deputy head"
    assert actions.loc[0, "status"] == "under_way"
    assert actions.loc[0, "by_when"].date() == dt.date(2027, 2, 12)
    assert sqlite_store.answers("OAK111").loc[0, "kind"] == Kind.ACTION.value


def test_an_app_kernel_does_not_load_jupyters_server_side() -> None:
    """Each participant's kernel imports the app; keeping Jupyter Server out saves ~40 MiB."""
    import subprocess
    import sys

    probe = (
        "import sys, sendreflect.app, sendreflect.app.request as r; r.current_request(); "
        "print(sorted(m for m in ('jupyter_server', 'voila', 'tornado.web') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_a_preheated_kernel_waits_for_a_busy_server_then_reads_its_page_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Voila may be too busy to take the kernel's connection at first (a room joining at once):
    the kernel keeps trying, then reads the page's query string rather than showing no code."""
    import json
    import socket
    import threading
    import time

    from websockets.sync.server import serve

    from sendreflect.app.request import current_request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    paths: list[str] = []

    def handler(connection) -> None:
        paths.append(connection.request.path)
        connection.send(json.dumps({"QUERY_STRING": "code=LATE1&step=2"}))

    def serve_late() -> None:
        time.sleep(2.5)  # refused connections until the server is up
        with serve(handler, "127.0.0.1", port) as server:
            servers.append(server)
            ready.set()
            server.serve_forever()

    servers: list = []
    ready = threading.Event()
    thread = threading.Thread(target=serve_late, daemon=True)
    thread.start()
    for name, value in {
        "VOILA_PREHEAT": "True",
        "VOILA_APP_PORT": str(port),
        "VOILA_KERNEL_ID": "k-123",
        "QUERY_STRING": "",
    }.items():
        monkeypatch.setenv(name, value)
    request = current_request()
    assert ready.wait(timeout=30), "the late server never started"
    servers[0].shutdown()
    thread.join(timeout=10)
    assert paths == ["/voila/query/k-123"]
    assert request.query == {"code": "LATE1", "step": "2"}


def test_form_fields_send_their_text_once_when_left_not_at_every_keystroke(demo_store) -> None:
    """A form read when its button is pressed must not race the button: keystroke messages are
    throttled per widget in the browser, so a click could overtake the last letters typed (seen
    in a real page as a join as "Junipe"). Only the autosaving note boxes send as you type."""
    from sendreflect.app import SoloApp

    forms = {
        "join": ParticipantApp(demo_store, code=CODE).widget,
        "create": FacilitatorApp(demo_store, key=demo_store.facilitator_key()).widget,
        "solo": SoloApp(demo_store).widget,
        "action": ActionPlan(demo_store, CODE, get_framework(NC), SaveStatus()).widget,
    }
    for name, form in forms.items():
        fields = [
            f
            for f in find(form, w.Text) + find(form, w.Textarea)
            if "sr-note" not in f._dom_classes
        ]
        assert fields, f"no text fields found in the {name} form"
        assert [f.description for f in fields if f.continuous_update] == [], name


def test_the_packs_lists_and_a_triads_key_successes_are_shown_with_their_questions(
    sqlite_store,
) -> None:
    """The guidance the source gives under a theme (what a commitment to inclusion can mean,
    what successful schools do, the triads' key successes) sits beside the questions on it."""
    sqlite_store.create_workshop(
        "Ash Primary", "Triad visit", ["national_college", "triad_review"], code="ASH111"
    )
    app = joined(sqlite_store, "ASH111")
    titles = [label for label, _ in app.nav.options]
    shown: dict[str, str] = {}
    for title in ("1. Understanding your context", "3. Think about your school…"):
        app.nav.value = titles.index(title)
        shown[title] = " ".join(h.value for h in find(app.page, w.HTML))
    app.nav.value = next(i for i, t in enumerate(titles) if "Triad" in t)
    shown["triad"] = " ".join(h.value for h in find(app.page, w.HTML))
    pack, triads = get_framework(NC), get_framework("triad_review")
    inclusion = pack.theme("values_commitment").lists[0]
    assert esc(inclusion.lead) in shown["3. Think about your school…"]
    assert all(esc(item) in shown["3. Think about your school…"] for item in inclusion.items)
    successful = pack.dimension("teaching").lists[0]
    assert esc(successful.items[0]) in shown["3. Think about your school…"]
    assert esc(successful.items[0]) not in shown["1. Understanding your context"]
    successes = triads.theme("triad.celebration").lists[0]
    assert "Key successes:" in shown["triad"]
    assert esc(successes.items[1]) in shown["triad"]


def test_a_peer_reviewer_from_another_school_says_which_school(sqlite_store, workshop) -> None:
    """In a triad, a peer reviewer visits from another school; the facilitator sees which."""
    app = ParticipantApp(sqlite_store, code="OAK111")
    assert app.form.home_school.layout.display == "none"  # only asked of peer reviewers
    app.form.alias.value, app.form.role.value = "Holly", "peer_reviewer"
    assert app.form.home_school.layout.display == ""
    app.form.home_school.value = "<b>Elm</b> Academy"
    app.form.button.click()
    assert app.participant.school == "<b>Elm</b> Academy"
    teacher = joined(sqlite_store, "OAK111", alias="Yew")
    assert teacher.participant.school == "Oak Primary"  # the workshop's own school
    facilitator = FacilitatorApp(sqlite_store, code="OAK111", key=sqlite_store.facilitator_key())
    facilitator.nav.value = "Participation"
    html = find(facilitator.page, w.HTML)[0].value
    assert "Holly (visiting from &lt;b&gt;Elm&lt;/b&gt; Academy)" in html
    assert "<td>Yew</td>" in html  # no school beside the home team's aliases


def test_the_store_key_points_to_the_workshops_own_link_to_project(demo_store) -> None:
    admin = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    notice = admin.body.children[0].value
    own = demo_store.workshop(CODE).facilitator_key
    assert "opened with the store key" in notice and f"key={own}" in notice
    assert demo_store.facilitator_key() not in notice
    projected = FacilitatorApp(demo_store, code=CODE, key=own)
    assert "store key" not in str([c for c in projected.body.children if isinstance(c, w.HTML)])


def test_a_database_outage_does_not_make_the_browser_forget_who_joined(
    sqlite_store, workshop, monkeypatch
) -> None:
    from sendreflect.dberrors import StoreBusy

    first = joined(sqlite_store, "OAK111")
    page = ParticipantApp(sqlite_store, code="OAK111")
    page.shell.memory.value = first.participant.token  # what the browser holds from before

    def busy(_token: str) -> None:
        raise StoreBusy("the workshop store is busy; reload this page in a minute")

    monkeypatch.setattr(sqlite_store, "resume", busy)
    page.shell.memory.loaded = first.participant.token
    assert page.participant is None and "busy" in page.form.message.value
    assert page.shell.memory.value == first.participant.token and not page.shell.memory.forget


def test_participation_shows_no_role_beside_an_alias(demo_store) -> None:
    """The participation table may be projected: a role held by one person beside their alias
    would tell the room who wrote what the alias is linked to."""
    app = FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key())
    app.nav.value = "Participation"
    html = find(app.page, w.HTML)[0].value
    assert "<td>Hazel</td>" in html and "5 of 5" in html
    for role in ("Head teacher", "SENCO", "Governor", "Support staff", "Role"):
        assert role not in html, role


def projected(app: FacilitatorApp) -> str:
    """Everything the facilitator's Results page shows as HTML, after the reveal."""
    app.nav.value = "Results"
    find(app.page, w.Button, description="Reveal the team's results")[0].click()
    return " ".join(h.value for h in find(app.page, w.HTML))


def test_the_projector_names_no_one(demo_store) -> None:
    """Participants are told no real names are needed: the agenda's evidence and what the team
    wrote appear without their authors, and an alias typed into a note reads "a colleague"."""
    people = demo_store.participants(CODE).set_index("alias")["id"]
    demo_store.save(CODE, people["Cedar"], Kind.EVIDENCE, NC, "services", "<i>hazel</i> disagrees")
    demo_store.save(CODE, people["Ash"], Kind.REFLECTION, NC, "values.think.3", "As ROWAN said")
    html = projected(FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key()))
    assert "<li>&lt;i&gt;a colleague&lt;/i&gt; disagrees</li>" in html
    assert "<li>As a colleague said</li>" in html
    for alias in demo.TEAM_MEMBERS:
        assert not re.search(rf"\b{alias}\b", html, re.IGNORECASE), alias
    evidence = re.search(r"<strong>Values</strong>.*?</ul>", html, re.S).group(0)
    assert "<li>Inclusion is in our vision" in evidence  # alphabetical, not by author or role


def test_the_projector_shows_no_group_under_three(demo_store) -> None:
    """The demo's six people hold six roles, and only two rated the eight key areas: no role is
    named, and no area's median is shown."""
    for alias in ("Oak", "Elm", "Fir"):
        person = demo_store.join(CODE, alias, "teacher").id
        demo_store.save(CODE, person, Kind.POSITION, NC, "values", 5)
    html = projected(FacilitatorApp(demo_store, code=CODE, key=demo_store.facilitator_key()))
    roles = re.search(r"Median by role.*?</table>", html, re.S).group(0)
    assert "<td>Teacher</td><td>3</td><td>5</td><td>fewer than 3 placed</td>" in roles
    assert "<td>Other roles (groups under 3)</td><td>6</td><td>3.5</td>" in roles
    for role in ("Head teacher", "SENCO", "Governor", "Support staff", "Middle leader"):
        assert role not in roles, role
    ratings = re.search(r"eight key areas: the team.*?</table>", html, re.S).group(0)
    assert ratings.count("<td>fewer than 3</td>") == 8 and "Rated by" in ratings
    assert ratings.count("<td>–</td>") == 8  # no median of two people's ratings
    assert "<td>2</td>" not in ratings and "<td>1</td>" not in ratings


def agree_forms(store: Store, code: str) -> tuple:
    forms = [AgreeForm(store, code, get_framework(NC), SaveStatus()) for _ in range(2)]
    return tuple(
        {
            "position": find(form.widget, w.RadioButtons)[0],
            "why": find(form.widget, w.Textarea, description=RATIONALE_LABEL)[0],
            "other": find(form.widget, w.Textarea, description=OTHER_VIEWS_LABEL)[0],
        }
        for form in forms
    )


def test_two_agree_forms_on_one_workshop_keep_each_others_fields(sqlite_store, workshop) -> None:
    """Two tabs (or the facilitator and a colleague) agree at once: a change saves only its own
    field, merged into what is stored then, and never writes back the other's fields stale."""
    a, b = agree_forms(sqlite_store, "OAK111")
    a["why"].value = "Practice varies"
    b["other"].value = "Some see it as 4"
    a["position"].value = 3
    stored = responses.agreed(sqlite_store.answers("OAK111")).set_index("dimension").loc["values"]
    assert (stored["position"], stored["rationale"], stored["dissent"]) == (
        3,
        "Practice varies",
        "Some see it as 4",
    )
    assert a["other"].value == "Some see it as 4"  # A's form is in step with the store again
    b["why"].value = "Practice varies a lot"
    stored = responses.agreed(sqlite_store.answers("OAK111")).set_index("dimension").loc["values"]
    assert stored["position"] == 3 and stored["dissent"] == "Some see it as 4"
    assert b["position"].value == 3 and stored["rationale"] == "Practice varies a lot"


def test_agreeing_never_asks_who_holds_a_view(demo_store) -> None:
    form = AgreeForm(demo_store, CODE, get_framework(NC), SaveStatus())
    labels = [t.description for t in find(form.widget, w.Textarea)]
    intro = find(form.widget, w.HTML)[0].value
    for text in [*labels, intro]:
        assert not re.search(r"\bwho\b|\bdissent\b", text, re.IGNORECASE), text
    assert labels[1] == "Other views in the team, and why (no names or roles)"


def test_the_action_plan_asks_for_roles_not_names(sqlite_store, workshop) -> None:
    plan = ActionPlan(sqlite_store, "OAK111", get_framework(NC), SaveStatus())
    assert plan.lead.placeholder == "a role, e.g. SENCO"
    assert plan.others.placeholder.startswith("roles, e.g.")


def test_messages_read_as_sentences_but_file_names_keep_their_case() -> None:
    from sendreflect.app.kit import message

    assert ">Someone has already joined as Ash.<" in message("someone has already joined as Ash.")
    assert ">notes.json was not imported: this is not…<" in message(
        "notes.json was not imported: this is not…"
    )
