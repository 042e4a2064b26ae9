"""axe-core finds no serious or critical accessibility problem on either view."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_participant_page import join

pytestmark = pytest.mark.browser


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6])
def test_participant_steps(server, new_page, step: int) -> None:
    code = server.store.create_workshop(
        "Axe Primary",
        "Baseline",
        ["national_college", "sen_leaders", "peer_support", "triad_review"],
    ).code
    page = new_page()
    join(page, server.participant_url(code, step=str(step)), "Beech")
    page.wait_for_timeout(500)
    assert serious(page) == []


def test_participant_join_form(server, new_page) -> None:
    page = new_page()
    page.goto(server.participant_url("DEMO"))
    page.get_by_label("Your alias").wait_for()
    assert serious(page) == []


SECTION_SHOWS = {
    "Share": ".sr-qr",
    "Participation": "text=Cedar",
    "Agree": "text=Record the position you agree",
    "Action plan": "text=Add an action",
}
"""Something each section shows once it has drawn, so axe checks the section, not a blank."""


@pytest.mark.parametrize("section", ["Share", "Participation", "Results", "Agree", "Action plan"])
def test_facilitator_sections(server, new_page, section: str) -> None:
    page = new_page()
    page.goto(server.facilitator_url("DEMO"))
    page.get_by_role("button", name=section).click()
    if section == "Results":
        reveal = page.get_by_role("button", name="Reveal the team's results")
        reveal.or_(page.locator(".js-plotly-plot")).first.wait_for()
        if reveal.count():
            reveal.click()
        page.locator(".js-plotly-plot").wait_for()
        page.get_by_text("National College support pack", exact=True).click()
        page.locator(".sr-reflection").first.wait_for()
    else:
        page.locator(SECTION_SHOWS[section]).first.wait_for()
    page.wait_for_timeout(500)
    assert serious(page) == []


def test_facilitator_workshop_list(server, new_page) -> None:
    page = new_page()
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?key={server.store.facilitator_key()}")
    page.get_by_text("Frameworks to use").wait_for()
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
