"""The action plan's form keeps its place: after Add its dimension and target stay as they were,
choosing a dimension shows the target the plan sets for it, every prompt is shown whole, every
label is one width, and Edit asks the page to bring the form into view."""

from __future__ import annotations

import ipywidgets as w

from sendreflect import get_framework, responses
from sendreflect.app import ActionPlan
from sendreflect.app.kit import esc
from sendreflect.app.saving import SaveStatus
from tests.widgets import find

NC = "national_college"


def _plan(store) -> ActionPlan:
    store.create_workshop("Oak Primary", "Baseline", [NC], code="OAK777")
    return ActionPlan(store, "OAK777", get_framework(NC), SaveStatus())


def test_after_add_the_dimension_and_target_stay_as_they_were(sqlite_store) -> None:
    plan = _plan(sqlite_store)
    assert plan.target.label == "No target"
    plan.dimension.value = "values"
    plan.target.value = 4
    plan.what.value = "Staff meeting on shared values"
    plan.lead.value = "Head teacher"
    plan.save_button.click()
    assert "Action saved." in plan.form_message.value
    assert (plan.dimension.value, plan.target.value) == ("values", 4)
    assert plan.target.label == "4 – Mostly whole school"
    assert (plan.what.value, plan.lead.value) == ("", "")
    plan.dimension.value = "teaching"  # no target on it yet: "No target", never a blank box
    assert plan.target.label == "No target"
    plan.what.value = "Lesson study on adaptive teaching"
    plan.save_button.click()
    assert plan.target.label == "No target"
    plan.dimension.value = "values"  # the plan's target for the dimension
    assert plan.target.value == 4
    actions = responses.actions(sqlite_store.answers("OAK777")).set_index("what")
    assert actions.loc["Staff meeting on shared values", "target_position"] == 4
    assert actions["target_position"].isna().sum() == 1


def test_edit_loads_the_action_and_brings_the_form_into_view(sqlite_store) -> None:
    plan = _plan(sqlite_store)
    plan.dimension.value = "roles"
    plan.what.value = "SENCO on the senior leadership team"
    plan.save_button.click()
    asks = plan.reveal.asks
    (edit,) = find(plan.plan, w.Button, description="Edit")
    edit.click()
    assert plan.reveal.asks == asks + 1
    assert plan.what.value == "SENCO on the senior leadership team"
    assert plan.target.label == "No target"
    assert plan.save_button.description == "Save changes"
    assert "Change an action" in plan.form_heading.value
    plan.lead.value = "SENCO"
    plan.save_button.click()
    assert "Add an action" in plan.form_heading.value
    assert plan.dimension.value == "roles"  # kept after a change, as after Add
    assert plan.reveal in find(plan.widget, type(plan.reveal))  # on the page, in the form


def test_every_prompt_is_shown_whole_and_every_label_is_one_width(sqlite_store) -> None:
    plan = _plan(sqlite_store)
    for dimension, prompt in get_framework(NC).prompts():
        plan.prompt.value = prompt.id
        assert plan.dimension.value == dimension.id
        assert f"“{esc(prompt.text)}”" in plan.prompt_text.value
    plan.prompt.value = ""
    assert plan.prompt_text.value == ""
    widths = {field.style.description_width for field in plan.fields}
    assert len(widths) == 1 and widths != {"initial"}
    assert all("sr-field" in field._dom_classes for field in plan.fields)
