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

import asyncio
from collections.abc import Iterable

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from sendreflect import charts, responses, stats
from sendreflect.app.kit import esc, heading, message
from sendreflect.app.page import FitCharts
from sendreflect.app.warm import no_notebook_renderer
from sendreflect.confidential import MIN_GROUP, count_text, unattributed
from sendreflect.formats import format_number
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.responses import Kind
from sendreflect.store import Store, Workshop

no_notebook_renderer()  # in a Voila page's kernel (idempotent: warm's import did it too)


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


RADAR_CAPTION = "The radar's numbers"
QUIET = "rgba(60,60,60,0.5)"
"""Each person's own line: seen, but behind the team's lines."""


def fit(figure: go.Figure) -> go.Figure:
    """The radar laid out for any box, from a 390 px phone to a projector: no fixed width (it
    takes its box's), room for the legend below, plain numbers on the radial axis drawn above the
    lines (what 1 and 5 mean is said under the chart), and the individual views quiet but seen."""
    radial = figure.layout.polar.radialaxis
    ticks = [str(v) for v in (radial.tickvals or ())]
    figure.update_layout(
        width=None, autosize=True, margin={"l": 56, "r": 56, "t": 40, "b": 20}, font_size=13
    )
    figure.update_polars(
        radialaxis_ticktext=ticks or None,
        radialaxis_tickfont={"size": 12, "color": "#333"},
        radialaxis_layer="above traces",
        angularaxis_tickfont_size=13,
    )
    figure.update_traces(
        line={"color": QUIET, "width": 1.5}, selector={"legendgroup": "individuals"}
    )
    return figure


def scale_note(figure: go.Figure) -> str:
    """What the radial axis's ends mean, from the chart's own tick labels ("1 specialists")."""
    radial = figure.layout.polar.radialaxis
    said = [
        f"{value} = {str(text).split(' ', 1)[1]}"
        for value, text in zip(radial.tickvals or (), radial.ticktext or (), strict=False)
        if " " in str(text)
    ]
    return f'<p class="sr-scale">{esc("; ".join(said))}</p>' if said else ""


def wrap(label: str, width: int) -> str:
    """An axis label broken into lines of about ``width`` characters (``<br>`` between)."""
    lines: list[str] = []
    for word in label.replace("<br>", " ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


class Radar:
    """A radar with the table of its numbers beside it (below it on a narrow screen), which can
    be given new numbers in place: the chart's data and the table change, nothing is redrawn
    round them, so nothing on the page moves or closes."""

    def __init__(self, figure: go.Figure, table: pd.DataFrame, caption: str) -> None:
        self.caption = caption
        self.narrow = False
        axis = figure.layout.polar.angularaxis
        words = [str(t).replace("<br>", " ") for t in axis.categoryarray or ()]
        self.labels = {plain: wrap(plain, 16) for plain in words}
        """The axis labels on a wide screen, by their words: lines of at most 16 characters, so
        a label beside the circle stays inside the chart's box."""
        self.note = w.HTML(scale_note(figure))
        self._label(figure)
        self.chart = go.FigureWidget(fit(figure))
        self.height = figure.layout.height or 520
        self.chart.layout.height = self.height
        self.table = w.HTML(table_html(table, caption))
        self.fit = FitCharts()
        self.fit.observe(self._resize, names="width")
        chart_box = w.VBox([self.chart, self.note, self.fit])
        chart_box.add_class("sr-fit")
        self.widget = w.Box([chart_box, self.table])
        self.widget.add_class("sr-side-by-side")

    def _resize(self, change: dict[str, object]) -> None:
        """Draw the chart at its box's width, as the browser measured it; on a phone the axis
        labels, which sit outside the circle, get more room and shorter lines."""
        width = int(change["new"] or 0)  # type: ignore[call-overload]
        self.narrow = 0 < width < 520
        with self.chart.batch_update():
            self.chart.layout.width = width or None
            self.chart.layout.height = min(self.height, width + 80) if self.narrow else self.height
            self.chart.layout.margin.l = self.chart.layout.margin.r = 84 if self.narrow else 56
            self.chart.layout.polar.angularaxis.tickfont.size = 11 if self.narrow else 13
            self._label(self.chart)

    def _label(self, figure: go.Figure) -> None:
        """The axis labels in short lines on a phone, and as the chart has them elsewhere."""

        def label(text: object) -> str:
            plain = str(text).replace("<br>", " ")
            return wrap(plain, 12) if self.narrow else self.labels.get(plain, str(text))

        axis = figure.layout.polar.angularaxis
        axis.categoryarray = [label(t) for t in axis.categoryarray or ()]
        for trace in figure.data:
            trace.theta = [label(t) for t in trace.theta or ()]

    def show(self, figure: go.Figure, table: pd.DataFrame) -> None:
        """Show new numbers in the same chart and table."""
        fit(figure)
        self._label(figure)
        names = [(t.name, t.meta) for t in figure.data]
        if names != [(t.name, t.meta) for t in self.chart.data]:  # someone new, or a new line
            self.chart.data = ()
            self.chart.add_traces(list(figure.data))
        else:
            with self.chart.batch_update():
                for old, new in zip(self.chart.data, figure.data, strict=True):
                    old.update({k: v for k, v in new.to_plotly_json().items() if k != "type"})
        self.table.value = table_html(table, self.caption)


def radar_beside_table(figure: go.Figure, table: pd.DataFrame, caption: str) -> w.Box:
    """A radar with the table of its numbers beside it (below it on a narrow screen)."""
    return Radar(figure, table, caption).widget


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


class TeamResults:
    """The team's results as a participant sees them after the reveal; with ``detail``, the
    facilitator's. ``update()`` reads the store again and changes the numbers, rows and texts in
    place, so a projected page keeps its scroll position and whatever was opened stays open."""

    def __init__(
        self, store: Store, workshop: Workshop, framework: Framework, *, detail: bool = False
    ) -> None:
        self.store, self.workshop, self.framework, self.detail = store, workshop, framework, detail
        library = load_frameworks()
        used = [library[f] for f in workshop.frameworks if f in library]
        self.rated = [f for f in used if f.rating is not None]
        self.discussed = [f for f in used if f.counts()["questions"]]
        answers = store.answers(workshop.code)
        self.radar = Radar(*radar_parts(store, workshop, framework, answers), RADAR_CAPTION)
        self.agenda, self.roles = w.HTML(), w.HTML()
        self.ratings = [w.HTML() for _ in self.rated]
        self.notes = reflections_view(answers, self.discussed) if self.discussed else None
        parts: list[w.Widget] = [heading("Where the team places the school", 3), self.radar.widget]
        if detail:
            parts += [heading("Agenda: where views differ most", 3), self.agenda]
            parts += [heading("By role", 3), self.roles]
            for framework_, box in zip(self.rated, self.ratings, strict=True):
                parts += [heading(framework_.short_title, 3), box]
            if self.notes is not None:
                parts += [heading("What the team wrote", 3), self.notes]
        self.widget = w.VBox(parts)
        self._texts_soon(answers)

    def _texts_soon(self, answers: pd.DataFrame) -> None:
        """The facilitator's texts under the radar, written once the radar has gone to the page
        (on the kernel's next turn, when there is an event loop): the room sees the chart first."""
        try:
            asyncio.get_running_loop().call_soon(self._texts, answers)
        except RuntimeError:  # no event loop (a script, a test): at once
            self._texts(answers)

    def _texts(self, answers: pd.DataFrame) -> None:
        if not self.detail:
            return
        aliases = list(self.store.participants(self.workshop.code)["alias"])
        self.agenda.value = agenda_html(answers, self.framework, aliases)
        self.roles.value = roles_html(answers, self.framework)
        for framework, box in zip(self.rated, self.ratings, strict=True):
            box.value = ratings_html(answers, framework)
        if self.notes is not None:
            for framework, pane in zip(self.discussed, self.notes.children, strict=True):
                pane.value = reflections_html(answers, framework, aliases)

    def update(self) -> None:
        """Show the answers as stored now, in the same widgets."""
        answers = self.store.answers(self.workshop.code)
        self.radar.show(*radar_parts(self.store, self.workshop, self.framework, answers))
        self._texts(answers)


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
