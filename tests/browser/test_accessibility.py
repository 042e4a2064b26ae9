"""axe-core finds no serious or critical accessibility problem on either view."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from sendreflect import Kind, get_framework
from tests.browser.test_participant_page import join

pytestmark = pytest.mark.browser
NC = "national_college"


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


FRAMEWORKS = ["national_college", "sen_leaders", "peer_support", "triad_review"]
STEPS = {
    1: ("Understanding your context", ".sr-note textarea"),
    2: ("Where is our school?", ".sr-choice"),
    3: ("Think about your school…", ".sr-note textarea"),
    4: ("SEN Leaders: eight key areas", "text=Working with pupils and parents"),
    5: ("Peer support or school improvement?", ".sr-note textarea"),
    6: ("Triad peer review", ".sr-note textarea"),
    7: ("Team results", ".js-plotly-plot"),
    8: ("How will you move your school?", ".sr-note textarea"),
}
"""Each step of a workshop with these frameworks: its title, and something it shows once drawn."""


def placed(server, code: str, alias: str) -> None:
    """Someone (not on this page) places the school on every dimension of the pack."""
    person = server.store.join(code, alias, "teacher").id
    for number, dimension in enumerate(get_framework(NC).dimensions):
        server.store.save(code, person, Kind.POSITION, NC, dimension.id, 2 + number % 3)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_participant_steps(server, new_page, step: int) -> None:
    code = server.store.create_workshop("Axe Primary", "Baseline", FRAMEWORKS).code
    title, shows = STEPS[step]
    if title == "Team results":  # the results as a participant sees them once revealed
        placed(server, code, "Alder")
        server.store.update_workshop(code, revealed=True)
    page = new_page()
    join(page, server.participant_url(code, step=str(step)), "Beech")
    expect(page.get_by_role("heading", name=f"{step}. {title}", exact=True)).to_be_visible()
    expect(page.locator(shows).first).to_be_visible()
    if step < len(STEPS):  # the last thing a step draws, after all it shows
        following = STEPS[step + 1][0]
        expect(page.get_by_role("button", name=f"Next: {following}")).to_be_visible()
    assert serious(page) == []


def test_participant_join_form(server, new_page) -> None:
    page = new_page()
    page.goto(server.participant_url("DEMO"))
    expect(page.get_by_role("button", name="Join")).to_be_visible()
    assert serious(page) == []


SECTION_SHOWS = {
    "Share": ".sr-qr",
    "Participation": "text=Cedar",
    "Agree": "text=Record the position you agree",
    "Action plan": "text=Add an action",
    "Take away": "text=Prepare the report (HTML, prints on A4)",
}
"""Something each section shows once it has drawn, so axe checks the section, not a blank."""


@pytest.mark.parametrize("section", list(SECTION_SHOWS))
def test_facilitator_sections(server, new_page, section: str) -> None:
    page = new_page()
    page.goto(server.facilitator_url("DEMO"))
    page.get_by_role("button", name=section, exact=True).click()
    expect(page.locator(SECTION_SHOWS[section]).first).to_be_visible()
    assert serious(page) == []


@pytest.mark.parametrize("revealed", [False, True], ids=["hidden", "revealed"])
def test_facilitator_results(server, new_page, revealed: bool) -> None:
    server.store.update_workshop("DEMO", revealed=revealed)
    page = new_page()
    page.goto(server.facilitator_url("DEMO"))
    page.get_by_role("button", name="Results", exact=True).click()
    if not revealed:
        expect(page.get_by_role("button", name="Reveal the team's results")).to_be_visible()
    else:
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        page.get_by_text("National College support pack", exact=True).click()
        expect(page.locator(".sr-reflection").first).to_be_visible()
    assert serious(page) == []


def test_facilitator_workshop_list(server, new_page) -> None:
    page = new_page()
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?key={server.store.facilitator_key()}")
    expect(page.get_by_role("button", name="Create workshop")).to_be_visible()
    expect(page.get_by_role("button", name="Show the overview across schools")).to_be_visible()
    assert serious(page) == []


def test_solo_page(server, new_page) -> None:
    page = new_page()
    page.goto(server.base + "/voila/render/solo.ipynb")
    page.get_by_label("School").fill("Axe Academy")
    page.get_by_label("Your role").select_option(label="Head teacher")
    page.get_by_role("button", name="Start").click()
    page.get_by_text("This session is temporary").wait_for()
    assert serious(page) == []
    page.get_by_role("button", name="Save your work").click()
    page.get_by_text("Download it now").wait_for()
    assert serious(page) == []
