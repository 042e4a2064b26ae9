"""The radar beside the table of its numbers, as widgets that can be given new numbers in place,
and the team's radar drawn straight from the store's plain records.

This module needs plotly but not pandas: the facilitator's Results draws the radar from
``Store.answer_records`` with :mod:`sendreflect.radarnumbers` while the room waits for the reveal,
and the texts under it (which need pandas: :mod:`sendreflect.app.results`) come a kernel turn
later. Tables may be pandas frames (``table_html`` reads any frame it is given) or a plain
:class:`PlainTable`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import ipywidgets as w
import plotly.graph_objects as go

from sendreflect import charts
from sendreflect.app.chart import chart
from sendreflect.app.kit import esc
from sendreflect.app.page import FitCharts
from sendreflect.app.warm import no_notebook_renderer
from sendreflect.formats import format_number
from sendreflect.frameworks import Framework
from sendreflect.radarnumbers import (
    agreed_from_records,
    placed_from_records,
    radar_numbers,
    radar_rows,
    targets_from_records,
)
from sendreflect.store import Store, Workshop
from sendreflect.store.records import AnswerRecord

if TYPE_CHECKING:
    import pandas as pd

no_notebook_renderer()  # in a Voila page's kernel (idempotent: warm's import did it too)


class PlainTable(NamedTuple):
    """A table without pandas: its column names and its rows."""

    columns: list[str]
    rows: Sequence[Sequence[Any]]


def _pandas_na(value: object) -> bool:
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def cell(value: object) -> str:
    """A table cell's text: blank for missing, numbers without needless decimals, escaped."""
    if value is None or _pandas_na(value) or isinstance(value, float):
        return format_number(value, missing="")
    return esc(value)


def table_html(frame: pd.DataFrame | PlainTable, caption: str) -> str:
    """An accessible HTML table of a frame (or a :class:`PlainTable`), every cell escaped. On a
    narrow screen the table scrolls sideways inside its own box, which the keyboard can reach
    and a screen reader names."""
    if isinstance(frame, PlainTable):
        columns, rows = frame.columns, frame.rows
    else:
        columns, rows = list(frame.columns), frame.itertuples(index=False)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (
        f'<div class="sr-table" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f"<table><caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def team_radar(
    store: Store, workshop: Workshop, framework: Framework, records: list[AnswerRecord]
) -> tuple[go.Figure, PlainTable]:
    """The team's radar (individuals, spread, median, agreed, earlier round, targets) and its
    numbers, from the workshop's plain answer records: the same figure and rows as
    ``results.radar_parts`` builds from frames."""
    earlier = store.previous_records(workshop)
    numbers = radar_numbers(
        placed_from_records(records),
        framework,
        agreed=agreed_from_records(records, framework),
        previous=None if earlier is None else placed_from_records(earlier),
        targets=targets_from_records(records) or None,
    )
    return charts.draw_radar(numbers, framework), PlainTable(*radar_rows(numbers))


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

    def __init__(self, figure: go.Figure, table: pd.DataFrame | PlainTable, caption: str) -> None:
        self.caption = caption
        self.narrow = False
        axis = figure.layout.polar.angularaxis
        words = [str(t).replace("<br>", " ") for t in axis.categoryarray or ()]
        self.labels = {plain: wrap(plain, 16) for plain in words}
        """The axis labels on a wide screen, by their words: lines of at most 16 characters, so
        a label beside the circle stays inside the chart's box."""
        self.note = w.HTML(scale_note(figure))
        self._label(figure)
        self.height = figure.layout.height or 520
        figure.layout.height = self.height
        label = f"Radar chart: its numbers are in the table ‘{caption}’."
        self.chart = chart(fit(figure), label=label)
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
        layout = self.chart.layout
        layout.width = width or None
        layout.height = min(self.height, width + 80) if self.narrow else self.height
        layout.margin.l = layout.margin.r = 84 if self.narrow else 56
        layout.polar.angularaxis.tickfont.size = 11 if self.narrow else 13
        self._label(self.chart.figure)
        self.chart.draw()

    def _label(self, figure: go.Figure) -> None:
        """The axis labels in short lines on a phone, and as the chart has them elsewhere."""

        def label(text: object) -> str:
            plain = str(text).replace("<br>", " ")
            return wrap(plain, 12) if self.narrow else self.labels.get(plain, str(text))

        axis = figure.layout.polar.angularaxis
        axis.categoryarray = [label(t) for t in axis.categoryarray or ()]
        for trace in figure.data:
            trace.theta = [label(t) for t in trace.theta or ()]

    def show(self, figure: go.Figure, table: pd.DataFrame | PlainTable) -> None:
        """Show new numbers in the same chart and table."""
        fit(figure)
        self._label(figure)
        shown = self.chart.figure  # its layout fitted to the page's width: only the lines change
        shown.data = ()
        shown.add_traces(list(figure.data))
        self.chart.draw()
        self.table.value = table_html(table, self.caption)


def radar_beside_table(figure: go.Figure, table: pd.DataFrame | PlainTable, caption: str) -> w.Box:
    """A radar with the table of its numbers beside it (below it on a narrow screen)."""
    return Radar(figure, table, caption).widget
