"""The overview across schools, for a facilitator who holds the store's key (a local authority's
SEND lead, a trust's adviser): where each school places itself on each dimension, round by
round, which schools have a strength to share and where support may help, and a radar of every
school's latest round. Built on request, as it reads every workshop in the store."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from sendreflect import charts, responses, stats
from sendreflect.app.kit import heading, message
from sendreflect.app.radar import radar_beside_table, table_html
from sendreflect.app.saving import PROBLEMS
from sendreflect.frameworks import Framework
from sendreflect.responses import Kind
from sendreflect.store import Store

HIGH, LOW = 4, 2
"""A school's latest median at or above HIGH is a strength to share; at or below LOW, support
may help."""


def overview_parts(store: Store, framework: Framework) -> list[w.Widget]:
    """The overview's widgets: a summary sentence, the radar beside its table, strengths and
    needs per dimension, and every school's medians round by round."""
    workshops = store.workshops()
    positions = responses.positions(store.answers_for(kinds=[Kind.POSITION]))
    positions = positions[positions["framework"] == framework.id]
    summary = stats.school_summary(positions, workshops)
    if summary.empty:
        return [w.HTML(message("No school has placed itself on the continua yet."))]
    latest = stats.latest_rounds(summary)
    latest_positions = positions[positions["workshop"].isin(latest["workshop"])]
    name = "Median across schools"
    figure = charts.radar(latest_positions, framework, show_individuals=False, median_name=name)
    numbers = stats.radar_table(latest_positions, framework, median_name=name)
    side = radar_beside_table(figure, numbers, "The radar's numbers, all participants")
    titles = {d.id: d.title for d in framework.dimensions}

    found = stats.strengths_and_needs(latest, framework, high=HIGH, low=LOW)
    strengths = pd.DataFrame(
        {
            "Dimension": found["title"],
            f"Strength to share (median {HIGH} or more)": found["strong"].map(", ".join),
            f"Support may help (median {LOW} or less)": found["support"].map(", ".join),
        }
    )
    rounds = summary.rename(columns={"school": "School", "round": "Round"})
    rounds = rounds[["School", "Round", *(d for d in titles if d in rounds.columns)]]
    rounds = rounds.rename(columns=titles)
    schools, count = latest["school"].nunique(), len(summary)
    return [
        w.HTML(
            f"<p>{schools} school{'s' if schools != 1 else ''} and {count} "
            f"round{'s' if count != 1 else ''} with positions. The radar and the first table use "
            f"each school's latest round; positions run from {framework.scale_text()}.</p>"
        ),
        side,
        heading("Strengths to share, and where support may help", 4),
        w.HTML(table_html(strengths, "Schools by their latest round's median on each dimension")),
        heading("Every school, round by round", 4),
        w.HTML(table_html(rounds, "Median position per school and round")),
    ]


class Overview:
    """A button that builds the overview across schools, saying so while it works."""

    def __init__(self, store: Store, continua: list[Framework]) -> None:
        self.store = store
        self.continua = {f.id: f for f in continua}
        self.choice = w.Dropdown(
            options=[(f.short_title, f.id) for f in continua],
            description="Continuum",
            layout=w.Layout(display="" if len(continua) > 1 else "none"),
        )
        self.choice.add_class("sr-field")
        self.button = w.Button(description="Show the overview across schools", icon="table")
        self.button.on_click(lambda _b: self.show())
        self.body = w.VBox()
        self.widget = w.VBox(
            [heading("Across your schools", 3), self.choice, self.button, self.body]
        )

    @property
    def framework(self) -> Framework:
        """The continuum framework the overview compares schools on (chosen when there are two
        or more)."""
        return self.continua[self.choice.value]

    def show(self) -> None:
        """Build (or rebuild) the overview from what the store holds now."""
        self.button.disabled = True
        self.body.children = [w.HTML(message("Reading every workshop in the store…"))]
        try:
            self.body.children = overview_parts(self.store, self.framework)
        except PROBLEMS as exc:
            self.body.children = [
                w.HTML(message(f"The overview could not be built: {exc}", "error"))
            ]
        finally:
            self.button.disabled = False
            self.button.description = "Refresh the overview"
