"""The team's results as widgets: the radar beside a table of its numbers, and (for the
facilitator) the agenda from disagreement and the medians by role. Every text is escaped."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from sendreflect import charts, responses
from sendreflect.app.common import esc, heading, message
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.store import Store, Workshop


def cell(value: object) -> str:
    """A table cell's text: blank for missing, numbers without needless decimals, escaped."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return esc(value)


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """An accessible HTML table of a frame, every cell escaped."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="sr-table"><table><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def radar_with_table(
    store: Store, workshop: Workshop, framework: Framework, answers: pd.DataFrame
) -> w.Box:
    """The radar (individuals, spread, median, agreed, earlier round, targets) and its table."""
    positions = responses.positions(answers)
    agreed = responses.agreed(answers)
    previous = store.previous_answers(workshop)
    earlier = responses.positions(previous) if previous is not None else None
    targets = charts.targets(responses.actions(answers)) or None
    options = {"agreed": agreed, "previous": earlier, "targets": targets}
    figure = go.FigureWidget(charts.radar(positions, framework, **options))
    table = charts.radar_table(positions, framework, **options)
    side = w.Box([figure, w.HTML(table_html(table, "The radar's numbers"))])
    side.add_class("sr-side-by-side")
    return side


def agenda_html(answers: pd.DataFrame, framework: Framework) -> str:
    """Dimensions ordered by how far views diverge, each with the evidence given."""
    agenda = charts.agenda(responses.positions(answers), responses.notes(answers), framework)
    items = []
    for row in agenda.itertuples():
        spread = "no answers yet" if pd.isna(row.spread) else f"spread {row.spread:g}"
        evidence = "".join(f"<li>{esc(e)}</li>" for e in row.evidence) or "<li>None given</li>"
        items.append(
            f"<li><strong>{esc(row.title)}</strong> ({spread}; {row.answered} placed, "
            f"{row.not_sure} not sure)<ul>{evidence}</ul></li>"
        )
    return f"<ol>{''.join(items)}</ol>"


def roles_html(answers: pd.DataFrame, framework: Framework) -> str:
    """Median positions by role group, never showing a group under three people."""
    roles = charts.role_breakdown(responses.positions(answers), framework)
    if roles.empty:
        return message("Role groups are shown only where three or more people share a role.")
    table = (
        roles.pivot(index="group", columns="title", values="median")
        .reset_index()
        .rename(columns={"group": "Role group"})
    )
    return table_html(table, "Median by role (groups of three or more people only)")


def ratings_html(answers: pd.DataFrame, framework: Framework) -> str:
    """For a rating framework: each area's median rating and how many rated it."""
    summary = charts.rating_summary(responses.ratings(answers), framework)
    return table_html(summary, f"{framework.short_title}: the team's ratings")


def results_view(
    store: Store, workshop: Workshop, framework: Framework, *, detail: bool = False
) -> w.VBox:
    """The results a participant sees after the reveal; with ``detail``, the facilitator's."""
    answers = store.answers(workshop.code)
    parts: list[w.Widget] = [
        heading("Where the team places the school", 3),
        radar_with_table(store, workshop, framework, answers),
    ]
    if detail:
        parts += [
            heading("Agenda: where views differ most", 3),
            w.HTML(agenda_html(answers, framework)),
            heading("By role", 3),
            w.HTML(roles_html(answers, framework)),
        ]
        frameworks = load_frameworks()
        for other in workshop.frameworks:
            if other in frameworks and frameworks[other].rating is not None:
                parts += [
                    heading(frameworks[other].short_title, 3),
                    w.HTML(ratings_html(answers, frameworks[other])),
                ]
    return w.VBox(parts)
