"""The facilitator view in a real page: locked without its key, live participation, reveal,
the radar with its table, agreeing positions and an action plan that survives a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendreflect import Kind, responses
from tests.browser.test_participant_page import join
from tests.harness import wait_for

pytestmark = pytest.mark.browser
NC = "national_college"


def test_the_participant_link_cannot_open_the_facilitator_view(server, new_page) -> None:
    code = server.store.create_workshop("Locked Primary", "Baseline", code="LOCK11").code
    server.store.join(code, "Ash", "senco")
    page = new_page()
    page.goto(server.base + f"/voila/render/facilitator.ipynb?code={code}&key=guess")
    expect(page.get_by_role("alert")).to_contain_text("does not open the facilitator view")
    assert page.get_by_text("Ash").count() == 0
    assert not server.store.workshop(code).revealed


def test_results_stay_hidden_until_revealed_then_show_a_second_participant(
    server, new_page
) -> None:
    code = server.store.create_workshop("Radar Primary", "Baseline", code="RADAR1").code
    first = server.store.join(code, "Ash", "head_teacher")
    server.store.save(code, first.id, Kind.POSITION, NC, "values", 2)
    facilitator = new_page(width=1300)
    facilitator.goto(server.facilitator_url(code))
    facilitator.get_by_role("button", name="Results").click()
    expect(facilitator.get_by_text("hidden until you reveal them")).to_be_visible()
    assert facilitator.locator(".js-plotly-plot").count() == 0

    participant = new_page(width=390, height=844)
    join(participant, server.participant_url(code), "Birch", role="SENCO")
    participant.get_by_label("Step", exact=True).select_option(label="2. Where is our school?")
    participant.locator(".sr-choice").first.get_by_label("4").check()
    wait_for(lambda: len(server.store.answers(code)) == 2, what="Birch's position")

    facilitator.get_by_role("button", name="Participation").click()
    expect(facilitator.locator(".sr-table")).to_contain_text("Birch")
    facilitator.get_by_role("button", name="Results").click()
    facilitator.get_by_role("button", name="Reveal the team's results").click()
    table = facilitator.locator(".sr-table", has_text="The radar's numbers")
    expect(table).to_contain_text("3")  # median of 2 and 4
    row = table.locator("tr", has_text="Values")
    expect(row.locator("td").nth(1)).to_have_text("3")
    expect(row.locator("td").nth(2)).to_have_text("2")
    expect(row.locator("td").nth(3)).to_have_text("4")
    expect(facilitator.locator(".js-plotly-plot")).to_have_count(1)
    expect(
        facilitator.locator(
            ".js-plotly-plot .scatterlayer .trace, .js-plotly-plot .scatterpolarlayer .trace"
        ).first
    ).to_be_attached()
    assert server.store.workshop(code).revealed


def test_agreeing_a_position_and_an_action_survive_a_reload(server, new_page) -> None:
    code = server.store.create_workshop("Plan Primary", "Baseline", code="PLAN11").code
    page = new_page(width=1300)
    page.goto(server.facilitator_url(code))
    page.get_by_role("button", name="Agree").click()
    page.locator(".sr-choice").first.get_by_label("3 – In between").check()
    page.get_by_label("Why the team agreed this").first.fill("Practice varies by class")
    wait_for(
        lambda: (
            not responses.agreed(server.store.answers(code)).empty
            and responses.agreed(server.store.answers(code)).loc[0, "rationale"]
            == "Practice varies by class"
        ),
        what="the agreed position",
    )

    page.get_by_role("button", name="Action plan").click()
    page.get_by_label("Prompt").select_option(index=1)
    page.get_by_label("What will we do?").fill("Staff survey on inclusion <i>now</i>")
    page.get_by_label("Who leads it").fill("Deputy head")
    page.get_by_label("By when").fill("2027-03-31")
    page.get_by_label("Target position").select_option(label="4 – Mostly whole school")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action saved.")).to_be_visible()

    def saved_plan():
        plan = responses.actions(server.store.answers(code))
        return plan if len(plan) == 1 else None

    plan = wait_for(saved_plan, what="the action")
    assert plan.loc[0, "dimension"] == "values"
    assert plan.loc[0, "target_position"] == 4
    assert str(plan.loc[0, "by_when"].date()) == "2027-03-31"

    page.reload()
    page.get_by_role("button", name="Action plan").click()
    expect(page.get_by_text("Staff survey on inclusion <i>now</i>")).to_be_visible()
    page.get_by_label("Status", exact=True).select_option(label="Under way")
    wait_for(
        lambda: responses.actions(server.store.answers(code)).loc[0, "status"] == "under_way",
        what="the status change",
    )
    page.get_by_role("button", name="Agree").click()
    expect(page.get_by_label("Why the team agreed this").first).to_have_value(
        "Practice varies by class"
    )


def test_the_overview_across_schools_fits_a_phone_and_passes_axe(server, new_page) -> None:
    """A local authority lead opens the overview on a phone: every school's round is there, wide
    tables scroll inside their own boxes, and the page never scrolls sideways."""
    from tests.browser.test_accessibility import serious

    code = server.store.create_workshop("Overview Primary", "Baseline", code="OVER11").code
    for alias in ("Ash", "Elm", "Fir"):  # a school's round is shown only for three or more
        person = server.store.join(code, alias, "senco").id
        server.store.save(code, person, Kind.POSITION, NC, "values", 5)
    page = new_page(width=390, height=844)
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?key={server.store.facilitator_key()}")
    page.get_by_role("button", name="Show the overview across schools").click()
    rounds = page.get_by_role("region", name="Median position per school and round")
    expect(rounds).to_contain_text("Overview Primary")
    expect(rounds).to_contain_text("Review, November 2026")  # the demo's school too
    page.locator(".js-plotly-plot").wait_for()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, f"the page is {scroll}px wide on a 390px phone"
    boxes = page.evaluate(
        "[...document.querySelectorAll('.sr-table')].map(e => e.getBoundingClientRect().right)"
    )
    assert len(boxes) == 3 and max(boxes) <= 390, f"tables cut off at the right edge: {boxes}"
    assert serious(page) == []
