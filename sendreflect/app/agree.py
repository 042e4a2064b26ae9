"""Agreeing positions: for each dimension, the position the team settles on, why, and any other
views in the team, beside the team's median. Saved at once as the team's answers.

Two forms may be open on one workshop (two facilitator tabs, a facilitator and a colleague), so a
change saves only the field that changed, merged into the agreed position as stored at that
moment (read just before writing), and the form's other fields then show what is stored, unless
someone is part-way through editing them here. No form writes back another's fields as they were
when it opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from sendreflect import responses, stats
from sendreflect.app.forms import TeamForm
from sendreflect.app.kit import heading
from sendreflect.app.results import dimension_summary
from sendreflect.app.saving import SaveStatus, note_box
from sendreflect.app.sourcetext import poles_html
from sendreflect.formats import format_number
from sendreflect.frameworks import Dimension, Framework, position_options
from sendreflect.responses import TEAM, Kind
from sendreflect.store import Store

FIELDS = ("position", "rationale", "dissent")
RATIONALE_LABEL = "Why the team agreed this"
OTHER_VIEWS_LABEL = "Other views in the team, and why (no names or roles)"
SOLO_RATIONALE_LABEL = "Why you chose this"
SOLO_INTRO = (
    "<p>Your position on each dimension starts where you placed your school earlier. Change it "
    "if your view has moved while you reflected, and say why you chose it.</p>"
)


def agreed_value(agreed: pd.DataFrame, framework_id: str, dimension_id: str) -> dict[str, Any]:
    """One dimension's agreed position from :func:`responses.agreed`'s frame, as a value to save
    (empty if none is recorded)."""
    rows = agreed[(agreed["framework"] == framework_id) & (agreed["dimension"] == dimension_id)]
    if rows.empty:
        return {"position": None, "rationale": "", "dissent": ""}
    row = rows.iloc[0]
    return {
        "position": None if pd.isna(row["position"]) else int(row["position"]),
        "rationale": "" if pd.isna(row["rationale"]) else str(row["rationale"]),
        "dissent": "" if pd.isna(row["dissent"]) else str(row["dissent"]),
    }


class AgreeForm(TeamForm):
    """One block per dimension: agreed position, rationale and other views.

    ``solo`` is one person's reflection: their own position (starting from their placement,
    saved as their agreed position), why they chose it, no team median and no other views."""

    def __init__(
        self,
        store: Store,
        code: str,
        framework: Framework,
        status: SaveStatus,
        *,
        by: str = "facilitator",
        show_median: bool = True,
        solo: bool = False,
    ) -> None:
        super().__init__(store, code, framework, status, by=by)
        self.solo = solo
        show_median = show_median and not solo
        self.widgets: dict[str, dict[str, w.ValueWidget]] = {}
        """Each dimension's fields, by field name."""
        self.known: dict[str, dict[str, Any]] = {}
        """Each dimension's agreed position as this form last read or saved it."""
        self._quiet = False
        answers = store.answers(code)
        summary = stats.team_summary(responses.positions(answers), framework)
        medians = summary.set_index("dimension")["median"]
        agreed = responses.agreed(answers)
        parts: list[w.Widget] = [
            w.HTML(
                SOLO_INTRO
                if solo
                else "<p>Record the position you agree for each dimension, why, and any other "
                "views in the team. Describe the views without names or roles.</p>"
            )
        ]
        for dimension in framework.dimensions:
            self.known[dimension.id] = agreed_value(agreed, framework.id, dimension.id)
            parts += [heading(dimension.title, 3), w.HTML(poles_html(framework, dimension))]
            if show_median:
                median = medians.get(dimension.id)
                said = format_number(median, missing="none yet")
                parts.append(w.HTML(f"<p>Team median: {said}</p>"))
                parts.append(dimension_summary(answers, framework, dimension.id))
            parts += self._fields(dimension)
        self.widget = w.VBox(parts)
        if solo:
            self._start_from_placements(responses.positions(answers))

    def _start_from_placements(self, positions: pd.DataFrame) -> None:
        """Save the person's own placement as their position on each dimension that has none
        yet, so nothing given once is asked for again."""
        for dimension in self.framework.dimensions:
            rows = positions[
                (positions["framework"] == self.framework.id)
                & (positions["dimension"] == dimension.id)
                & (positions["subject"] == self.by)
                & positions["position"].notna()
            ]
            if self.known[dimension.id]["position"] is None and not rows.empty:
                self._start_at(dimension.id, int(rows.iloc[0]["position"]))

    def _start_at(self, dimension_id: str, placed: int) -> None:
        self.status.run(lambda: self.change(dimension_id, "position", placed))

    def stored(self, dimension_id: str) -> dict[str, Any]:
        """A dimension's agreed position as the store holds it now."""
        answers = self.store.answers_for([self.code], kinds=[Kind.AGREED], subjects=[TEAM])
        return agreed_value(responses.agreed(answers), self.framework.id, dimension_id)

    def change(self, dimension_id: str, field: str, new: Any) -> None:
        """Save one field of a dimension's agreed position, merged into what is stored now, then
        bring this form's other fields in step (raises what ``Store.save`` raises)."""
        if self._quiet or new == self.known[dimension_id][field]:
            return  # this form showing what is stored, or nothing changed
        merged = {**self.stored(dimension_id), field: new}
        self.save_team(Kind.AGREED, dimension_id, merged)
        self._in_step(dimension_id, merged)

    def _in_step(self, dimension_id: str, fresh: dict[str, Any]) -> None:
        """Show ``fresh`` in each field not being edited here (one still showing what this form
        last knew to be stored)."""
        known = self.known[dimension_id]
        self._quiet = True
        try:
            # a draft put back while the fields are being built saves before they are all here
            for field, widget in self.widgets.get(dimension_id, {}).items():
                if widget.value == known[field] and widget.value != fresh[field]:
                    widget.value = fresh[field]
        finally:
            self._quiet = False
        self.known[dimension_id] = dict(fresh)

    def _fields(self, dimension: Dimension) -> list[w.Widget]:
        value = self.known[dimension.id]
        position = w.RadioButtons(
            options=position_options(self.framework),
            value=value["position"],
            description=f"{'Your' if self.solo else 'Agreed'} position on "
            f"{dimension.title.lower()}",
            style={"description_width": "initial"},
        )
        position.add_class("sr-choice")

        def on_position(change: dict[str, Any]) -> None:
            if not self._quiet:
                self.status.run(lambda: self.change(dimension.id, "position", change["new"]))

        position.observe(on_position, names="value")

        def setter(field: str) -> Callable[[str], None]:
            return lambda text: self.change(dimension.id, field, text)

        key = f"{Kind.AGREED.value}/{self.framework.id}/{dimension.id}"
        rationale = note_box(
            SOLO_RATIONALE_LABEL if self.solo else RATIONALE_LABEL,
            value["rationale"],
            setter("rationale"),
            self.status,
            key=f"{key}/rationale",
        )
        fields = [position, rationale]
        if not self.solo:  # one person's reflection has no other views in a team
            fields.append(
                note_box(
                    OTHER_VIEWS_LABEL,
                    value["dissent"],
                    setter("dissent"),
                    self.status,
                    key=f"{key}/dissent",
                )
            )
        self.widgets[dimension.id] = dict(zip(FIELDS, fields, strict=False))
        return fields
