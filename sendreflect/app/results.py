"""The team's results as widgets: the radar beside a table of its numbers, and (for the
facilitator) the agenda from disagreement, the medians by role, the ratings and what the team
wrote on each question.

This is what the projector shows the room, so nothing here names anyone: notes appear without
their authors, in alphabetical order, with any participant's alias typed into them replaced by
"a colleague" (:mod:`sendreflect.confidential`); no group under ``MIN_GROUP`` people is shown
apart from the rest. Every text is escaped, after redacting."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from sendreflect import charts, responses, stats
from sendreflect.app.kit import esc, heading, message
from sendreflect.confidential import MIN_GROUP, count_text, unattributed
from sendreflect.formats import format_number
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.responses import Kind
from sendreflect.store import Store, Workshop


def cell(value: object) -> str:
    """A table cell's text: blank for missing, numbers without needless decimals, escaped."""
    if value is None or value is pd.NA or isinstance(value, float):
        return format_number(value, missing="")
    return esc(value)


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """An accessible HTML table of a frame, every cell escaped. On a narrow screen the table
    scrolls sideways inside its own box, which the keyboard can reach and a screen reader names."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="sr-table" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f"<table><caption>{esc(caption)}</caption>"
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
    targets = stats.targets(responses.actions(answers)) or None
    options = {"agreed": agreed, "previous": earlier, "targets": targets}
    figure = charts.radar(positions, framework, **options)
    table = stats.radar_table(positions, framework, **options)
    return radar_beside_table(figure, table, "The radar's numbers")


def radar_beside_table(figure: go.Figure, table: pd.DataFrame, caption: str) -> w.Box:
    """A radar with the table of its numbers beside it (below it on a narrow screen)."""
    side = w.Box([go.FigureWidget(figure), w.HTML(table_html(table, caption))])
    side.add_class("sr-side-by-side")
    return side


def agenda_html(answers: pd.DataFrame, framework: Framework, aliases: Iterable[object] = ()) -> str:
    """Dimensions ordered by how far views diverge, each with the evidence given (unattributed,
    ``aliases`` redacted)."""
    agenda = stats.agenda(
        responses.positions(answers), responses.notes(answers), framework, aliases
    )
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
    """Median positions by role group, never showing a group under ``MIN_GROUP`` people."""
    roles = stats.role_breakdown(responses.positions(answers), framework)
    if roles.empty:
        return message(
            f"Role groups are shown only where {MIN_GROUP} or more people share a role "
            f"(or, pooled, {MIN_GROUP} or more hold roles shared by fewer)."
        )
    withheld = f"fewer than {MIN_GROUP} placed"
    roles["shown"] = [format_number(m, missing=withheld) for m in roles["median"]]
    titles = [d.title for d in framework.dimensions]
    table = roles.pivot(index="group", columns="title", values="shown")[titles]
    people = roles.drop_duplicates("group").set_index("group")["people"].map(count_text)
    table.insert(0, "People", people)
    order = sorted(table.index, key=stats.group_order)
    table = table.loc[order].reset_index().rename(columns={"group": "Role group"})
    table.columns.name = None
    return table_html(table, f"Median by role (groups of {MIN_GROUP} or more people only)")


def ratings_html(answers: pd.DataFrame, framework: Framework) -> str:
    """For a rating framework: each area's median rating and how many rated it (a median only
    where ``MIN_GROUP`` or more rated the area)."""
    summary = stats.rating_summary(responses.ratings(answers), framework)
    return table_html(summary, f"{framework.short_title}: the team's ratings") + (
        f"<p>A median is shown only where {MIN_GROUP} or more people rated the area.</p>"
    )


def reflections_html(
    answers: pd.DataFrame, framework: Framework, aliases: Iterable[object] = ()
) -> str:
    """The team's notes on each question of a framework, unnamed, under the question they answer
    (questions nobody wrote on are left out); ``aliases`` typed into a note are redacted."""
    notes = responses.notes(answers)
    notes = notes[(notes["framework"] == framework.id) & (notes["kind"] == Kind.REFLECTION.value)]
    names = list(aliases)
    written = {item: unattributed(group["text"], names) for item, group in notes.groupby("item_id")}
    parts = []
    shown_theme = ""
    for _dimension, theme, question in framework.questions():
        if texts := written.get(question.id):
            if theme.id != shown_theme:
                parts.append(f'<p class="sr-theme">{esc(theme.title)}</p>')
                shown_theme = theme.id
            items = "".join(f"<li>{esc(t)}</li>" for t in texts)
            parts.append(
                f'<div class="sr-reflection"><blockquote>{esc(question.text)}</blockquote>'
                f"<ul>{items}</ul></div>"
            )
    return "".join(parts) or message("No one has written on these questions yet.")


def reflections_view(
    answers: pd.DataFrame, frameworks: list[Framework], aliases: Iterable[object] = ()
) -> w.Accordion:
    """One closed pane per framework with what the team wrote, so the projector shows one at a
    time."""
    names = list(aliases)
    panes = w.Accordion(
        children=[w.HTML(reflections_html(answers, f, names)) for f in frameworks],
        titles=tuple(f.short_title for f in frameworks),
    )
    panes.selected_index = None
    return panes


def results_view(
    store: Store, workshop: Workshop, framework: Framework, *, detail: bool = False
) -> w.VBox:
    """The results a participant sees after the reveal; with ``detail``, the facilitator's."""
    answers = store.answers(workshop.code)
    aliases = list(store.participants(workshop.code)["alias"]) if detail else []
    parts: list[w.Widget] = [
        heading("Where the team places the school", 3),
        radar_with_table(store, workshop, framework, answers),
    ]
    if detail:
        parts += [
            heading("Agenda: where views differ most", 3),
            w.HTML(agenda_html(answers, framework, aliases)),
            heading("By role", 3),
            w.HTML(roles_html(answers, framework)),
        ]
        library = load_frameworks()
        used = [library[f] for f in workshop.frameworks if f in library]
        for other in used:
            if other.rating is not None:
                parts += [heading(other.short_title, 3), w.HTML(ratings_html(answers, other))]
        discussed = [f for f in used if f.counts()["questions"]]
        if discussed:
            parts += [
                heading("What the team wrote", 3),
                reflections_view(answers, discussed, aliases),
            ]
    return w.VBox(parts)
