"""Agreeing positions: for each dimension, the position the team settles on, why, and any
dissent, beside the team's median. Saved at once as the team's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from sendreflect import charts, responses
from sendreflect.app.common import SaveStatus, TeamForm, heading, note_box
from sendreflect.frameworks import Dimension, Framework
from sendreflect.responses import POSITION_LABELS, Kind
from sendreflect.store import Store


class AgreeForm(TeamForm):
    """One block per dimension: agreed position, rationale and dissent."""

    def __init__(
        self,
        store: Store,
        code: str,
        framework: Framework,
        status: SaveStatus,
        *,
        by: str = "facilitator",
        show_median: bool = True,
    ) -> None:
        super().__init__(store, code, framework, status, by=by)
        answers = store.answers(code)
        summary = charts.team_summary(responses.positions(answers), framework)
        medians = summary.set_index("dimension")["median"]
        agreed = responses.agreed(answers).set_index("dimension")
        parts: list[w.Widget] = [
            w.HTML("<p>Record the position you agree for each dimension, why, and any dissent.</p>")
        ]
        for dimension in framework.dimensions:
            row = agreed.loc[dimension.id] if dimension.id in agreed.index else None
            value = {
                "position": None
                if row is None or pd.isna(row["position"])
                else int(row["position"]),
                "rationale": "" if row is None else str(row["rationale"]),
                "dissent": "" if row is None else str(row["dissent"]),
            }
            parts.append(heading(dimension.title, 3))
            if show_median:
                median = medians.get(dimension.id)
                said = "none yet" if median is None or pd.isna(median) else f"{median:g}"
                parts.append(w.HTML(f"<p>Team median: {said}</p>"))
            parts += self._fields(dimension, value)
        self.widget = w.VBox(parts)

    def _fields(self, dimension: Dimension, value: dict[str, Any]) -> list[w.Widget]:
        def save() -> None:
            self.save_team(Kind.AGREED, dimension.id, value)

        position = w.RadioButtons(
            options=[(f"{n} – {POSITION_LABELS[n]}", n) for n in range(1, 6)],
            value=value["position"],
            description=f"Agreed position on {dimension.title.lower()}",
            style={"description_width": "initial"},
        )
        position.add_class("sr-choice")

        def on_position(change: dict[str, Any]) -> None:
            value["position"] = change["new"]
            self.status.run(save)

        position.observe(on_position, names="value")

        def setter(field: str) -> Callable[[str], None]:
            def on_text(text: str) -> None:
                value[field] = text
                save()

            return on_text

        key = f"{Kind.AGREED.value}/{self.framework.id}/{dimension.id}"
        return [
            position,
            note_box(
                "Why the team agreed this",
                value["rationale"],
                setter("rationale"),
                self.status,
                key=f"{key}/rationale",
            ),
            note_box(
                "Dissent (who sees it differently, and why)",
                value["dissent"],
                setter("dissent"),
                self.status,
                key=f"{key}/dissent",
            ),
        ]
