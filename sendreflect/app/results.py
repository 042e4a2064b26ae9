"""The team's results as widgets: the radar beside a table of its numbers, and (for the
facilitator) the agenda from disagreement, the medians by role, the ratings and what the team
wrote on each question.

This is what the projector shows the room, so nothing here names anyone: notes appear without
their authors, in alphabetical order, with any participant's alias typed into them replaced by
"a colleague" (:mod:`sendreflect.confidential`); no group under ``MIN_GROUP`` people is shown
apart from the rest. Every text is escaped, after redacting.

This module brings pandas and plotly into a kernel, so a participant's page imports it only for
the Team results step. In a Voila page's kernel plotly does not import nbformat (about 20 MiB
and a second for a notebook renderer no page uses: :mod:`sendreflect.app.warm`)."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from sendreflect import charts, responses, stats
from sendreflect.app.kit import esc, message
from sendreflect.app.radar import RADAR_CAPTION, radar_beside_table, table_html
from sendreflect.app.teamresults import TeamResults
from sendreflect.app.warm import no_notebook_renderer
from sendreflect.confidential import MIN_GROUP, count_text, unattributed
from sendreflect.formats import format_number
from sendreflect.frameworks import Framework
from sendreflect.responses import Kind
from sendreflect.store import Store, Workshop

no_notebook_renderer()  # in a Voila page's kernel (idempotent: warm's import did it too)


def radar_parts(
    store: Store, workshop: Workshop, framework: Framework, answers: pd.DataFrame
) -> tuple[go.Figure, pd.DataFrame]:
    """The radar (individuals, spread, median, agreed, earlier round, targets) and its numbers."""
    positions = responses.positions(answers)
    agreed = responses.agreed(answers)
    previous = store.previous_answers(workshop)
    earlier = responses.positions(previous) if previous is not None else None
    targets = stats.targets(responses.actions(answers)) or None
    options = {"agreed": agreed, "previous": earlier, "targets": targets}
    figure = charts.radar(positions, framework, **options)
    return figure, stats.radar_table(positions, framework, **options)


def radar_with_table(
    store: Store, workshop: Workshop, framework: Framework, answers: pd.DataFrame
) -> w.Box:
    """The radar and its table, side by side (one above the other on a narrow screen)."""
    figure, table = radar_parts(store, workshop, framework, answers)
    return radar_beside_table(figure, table, RADAR_CAPTION)


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
    return TeamResults(store, workshop, framework, detail=detail).widget


def dots_html(values: pd.Series, framework: Framework) -> str:
    """Each position given on one dimension as a dot above its place on the scale (no names)."""
    counts = values.dropna().astype(int).value_counts()
    columns = []
    for value in framework.position_labels():
        n = int(counts.get(value, 0))
        said = f"{value}: {n} {'person' if n == 1 else 'people'}"
        columns.append(
            f'<li><span class="sr-dot-stack" aria-hidden="true">{"●" * n}</span>'
            f'<span class="sr-dot-value" aria-hidden="true">{value}</span>'
            f'<span class="sr-hidden">{said}</span></li>'
        )
    return f'<ol class="sr-dots" aria-label="Positions given">{"".join(columns)}</ol>'


def dimension_summary(answers: pd.DataFrame, framework: Framework, dimension_id: str) -> w.HTML:
    """For agreeing one dimension without switching to the results: its median and spread, each
    position given (as dots, no names) and the evidence (unattributed, aliases redacted)."""
    positions = responses.positions(answers)
    aliases = sorted(set(answers["alias"].dropna())) if "alias" in answers else []
    row = stats.agenda(positions, responses.notes(answers), framework, aliases)
    row = row[row["dimension"] == dimension_id].iloc[0]
    mine = stats.positions_for(positions, framework)
    values = mine.loc[mine["dimension"] == dimension_id, "position"]
    if pd.isna(row["spread"]):
        numbers = "No one has placed the school on this dimension yet."
    else:
        numbers = (
            f"Spread {format_number(row['spread'])}, from {format_number(values.min())} to "
            f"{format_number(values.max())}: {row['answered']} placed, {row['not_sure']} not sure"
        )
    evidence = "".join(f"<li>{esc(e)}</li>" for e in row["evidence"]) or "<li>None given</li>"
    return w.HTML(
        f'<div class="sr-summary"><p>{esc(numbers)}</p>{dots_html(values, framework)}'
        f'<p class="sr-summary-label">Evidence given</p><ul>{evidence}</ul></div>'
    )
