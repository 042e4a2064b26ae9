"""Report: the take-away report for governors, as one self-contained HTML file and, if asked, a PDF.

This module owns the report a leadership team hands to its governors after a workshop: the school,
round and date; who took part (a head count, by role only where a role is shared by enough people
to name no one); the context analysis;
the radar of whole-school positioning with its numbers in a table; dimension by dimension, the
two poles, the agreed position with its rationale and dissent, the evidence and the reflections
on the "Think about your school…" questions; the team's ratings and notes on any other framework
the workshop used; the action plan; and the credit to each source.

It reads the store, the frameworks and :mod:`sendreflect.charts`; the page itself is the Jinja2
template ``templates/report.html.j2``, rendered with autoescaping, so every piece of typed text
is escaped. The HTML opens offline: plotly.js is inlined once and nothing is fetched from the
network (no CDN, no web fonts). The PDF is printed from that HTML by Debian's Chromium through
Playwright; no browser is ever downloaded.

Nobody is named (see :mod:`sendreflect.confidential`): notes are shown without their authors, in
alphabetical order; a role is named only for a group of ``MIN_GROUP`` or more people; no median
or count of fewer than ``MIN_GROUP`` people is shown; and any participant's alias typed into free
text (a note, a dissent, an action's lead) is replaced by "a colleague" before it is escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from sendreflect import charts, responses
from sendreflect.confidential import MIN_GROUP, count_text, redact, unattributed
from sendreflect.frameworks import Dimension, Framework, Item, get_framework, load_frameworks
from sendreflect.responses import ACTION_STATUSES, POSITION_LABELS, Kind
from sendreflect.store import Store, Workshop

FRAMEWORK = "national_college"
"""The framework the report is built on: the National College support pack."""

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""Headless Chromium on a machine with no network but the package registries: no background
connections, no updates, no sync (the tests and benchmarks launch it the same way)."""
CHART_WIDTH, CHART_HEIGHT = 680, 480
"""The radar's size in CSS pixels: 680 px is the width of an A4 page inside 15 mm margins."""
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", '
    '"DejaVu Sans", Arial, sans-serif'
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class ReportError(RuntimeError):
    """A report that cannot be made, explained in plain English."""


@dataclass(frozen=True)
class Question:
    """A "Think about your school…" question, quoted exactly, with the notes on it."""

    id: str
    text: str
    notes: list[str]


@dataclass(frozen=True)
class ThemeNotes:
    title: str
    questions: list[Question]


@dataclass
class OtherFramework:
    """A framework the workshop used beside the pack: its ratings and the notes on its questions."""

    id: str
    title: str
    citation: str
    credit: str
    ratings: Table | None
    themes: list[ThemeNotes]
    has_questions: bool


@dataclass(frozen=True)
class Figure:
    """A number shown in a dimension's summary: label and value as text."""

    label: str
    value: str


@dataclass
class DimensionSection:
    id: str
    title: str
    whole_school: str
    bolt_on: str
    figures: list[Figure]
    agreed_position: str
    rationale: str
    dissent: str
    evidence: list[str]
    themes: list[ThemeNotes]
    context_theme: str = ""
    actions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActionRow:
    what: str
    prompt: str
    dimension: str
    lead: str
    others: str
    by_when: str
    success_criteria: str
    target: str
    status: str
    status_key: str
    status_note: str


@dataclass(frozen=True)
class Table:
    """A table ready for the template: caption, column headings and rows of text (the first
    cell of each row is its row heading)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


def format_date(value: object) -> str:
    """A date as governors write it, e.g. "12 February 2027" (empty for a missing date)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    day = pd.Timestamp(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def team_table(people: pd.DataFrame) -> list[tuple[str, str]]:
    """Who took part, as (role group, head count) rows: a role is named only where
    ``MIN_GROUP`` or more people hold it; the rest are pooled as "Other roles", counted only if
    they too are ``MIN_GROUP`` or more (else "fewer than 3")."""
    groups = charts.role_groups(people["role"].astype("string"))
    shown = groups.dropna().value_counts()
    rows = [
        (str(g), count_text(int(shown[g]))) for g in sorted(shown.index, key=charts.group_order)
    ]
    if hidden := int(groups.isna().sum()):
        rows.append((charts.OTHER_ROLES, count_text(hidden)))
    return rows


def _number(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):g}"


def _position(value: object) -> str:
    """An agreed or target position with its words, e.g. "3 (In between)"."""
    if value is None or pd.isna(value):
        return ""
    return f"{int(value)} ({POSITION_LABELS[int(value)]})"


def _table(frame: pd.DataFrame, caption: str) -> Table:
    rows = [
        [_number(v) if not isinstance(v, str) else v for v in row]
        for row in frame.itertuples(index=False)
    ]
    return Table(caption=caption, columns=[str(c) for c in frame.columns], rows=rows)


def _radar_html(figure: go.Figure) -> Markup:
    figure.update_layout(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        autosize=False,
        font={"family": FONT_STACK, "size": 12},
        margin={"l": 130, "r": 130, "t": 30, "b": 20},
    )
    html = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id="radar",
        config={"displayModeBar": False, "responsive": False, "staticPlot": False},
    )
    return Markup(html)


@functools.cache
def _plotly_js() -> Markup:
    source = plotly.offline.get_plotlyjs()
    if "</script" in source.lower():  # pragma: no cover - plotly.js never holds one
        raise ReportError("this plotly.js cannot be inlined safely; reinstall plotly")
    return Markup(source)


def report_context(store: Store, code: str) -> dict[str, object]:
    """Everything the template shows, as plain Python data (text unescaped: the template
    escapes it)."""
    workshop = store.workshop(code)
    framework: Framework = get_framework(FRAMEWORK)
    people = store.participants(workshop.code)
    answers = store.answers(workshop.code)

    team = team_table(people)
    # A solo reflection names no one else, and its one alias ("Me") is no name.
    aliases = [] if workshop.kind == "solo" else list(people["alias"])

    def free(text: object) -> str:
        """Typed text as the report shows it: any alias replaced by "a colleague"."""
        return redact(text, aliases)

    positions = responses.positions(answers)
    agreed = responses.agreed(answers)
    agreed = agreed[agreed["framework"] == framework.id]
    plan = responses.actions(answers)
    earlier = store.previous_answers(workshop)
    previous = responses.positions(earlier) if earlier is not None else None
    targets = charts.targets(plan) or None

    notes = responses.notes(answers)

    def notes_on(kind: Kind, item_id: str, framework_id: str = framework.id) -> list[str]:
        mine = notes[
            (notes["framework"] == framework_id)
            & (notes["kind"] == kind.value)
            & (notes["item_id"] == item_id)
        ]
        return unattributed(mine["text"], aliases)

    def question(item: Item, framework_id: str = framework.id) -> Question:
        return Question(item.id, item.text, notes_on(Kind.REFLECTION, item.id, framework_id))

    def other(fw: Framework) -> OtherFramework:
        ratings = None
        themes = [
            ThemeNotes(theme.title, answered)
            for theme in fw.themes()
            if (answered := [q for q in (question(i, fw.id) for i in theme.questions) if q.notes])
        ]
        if fw.rating is not None:
            ratings = _table(
                charts.rating_summary(responses.ratings(answers), fw),
                f"{fw.short_title}: the team's ratings",
            )
        return OtherFramework(
            id=fw.id,
            title=fw.title,
            citation=fw.source.citation,
            credit=fw.source.credit,
            ratings=ratings,
            themes=themes,
            has_questions=bool(fw.counts()["questions"]),
        )

    library = load_frameworks()
    others = [other(library[f]) for f in workshop.frameworks if f != framework.id and f in library]

    context = None
    context_theme = ""
    if framework.context_analysis:
        theme = framework.theme(framework.context_analysis.theme)
        context_theme = theme.id
        context = {
            "title": theme.title,
            "questions": [question(q) for q in theme.questions],
        }

    radar_args = {"agreed": agreed, "previous": previous, "targets": targets}
    figure = charts.radar(positions, framework, **radar_args)
    table = _table(
        charts.radar_table(positions, framework, **radar_args),
        "The radar's numbers: positions from 1 (preserve of specialists) to 5 (whole school)",
    )

    summary = charts.team_summary(positions, framework).set_index("dimension")
    before = (
        charts.team_summary(previous, framework).set_index("dimension")
        if previous is not None
        else None
    )
    chosen = agreed.set_index("dimension")
    titles = {d.id: d.title for d in framework.dimensions}
    prompts = {p.id: p.text for _, p in framework.prompts()}

    def section(dimension: Dimension) -> DimensionSection:
        stats = summary.loc[dimension.id]
        figures = [
            Figure("Placed the school", str(int(stats["answered"]))),
            Figure("Not sure", str(int(stats["not_sure"]))),
            Figure("Team median", _number(stats["median"])),
            Figure(
                "Range of views",
                "–" if pd.isna(stats["low"]) else f"{int(stats['low'])} to {int(stats['high'])}",
            ),
        ]
        if before is not None:
            figures.append(
                Figure("Median, earlier round", _number(before.loc[dimension.id, "median"]))
            )
        if targets and dimension.id in targets:
            figures.append(Figure("Target", _position(targets[dimension.id])))
        row = chosen.loc[dimension.id] if dimension.id in chosen.index else None
        themes = [
            ThemeNotes(theme.title, answered)
            for theme in dimension.themes
            if theme.id != context_theme
            and (answered := [q for q in map(question, theme.questions) if q.notes])
        ]
        context_title = next((t.title for t in dimension.themes if t.id == context_theme), "")
        return DimensionSection(
            id=dimension.id,
            title=dimension.title,
            whole_school=dimension.whole_school,
            bolt_on=dimension.bolt_on,
            figures=figures,
            agreed_position=_position(row["position"]) if row is not None else "",
            rationale=free(row["rationale"]) if row is not None else "",
            dissent=free(row["dissent"]) if row is not None else "",
            evidence=notes_on(Kind.EVIDENCE, dimension.id),
            themes=themes,
            context_theme=context_title,
            actions=[
                f"{free(a.what)} ({ACTION_STATUSES.get(str(a.status), str(a.status))})"
                for a in plan[plan["dimension"] == dimension.id].itertuples()
            ],
        )

    actions = [
        ActionRow(
            what=free(a.what),
            prompt=prompts.get(str(a.prompt), ""),
            dimension=titles.get(str(a.dimension), ""),
            lead=free(a.lead),
            others=free(a.others),
            by_when=format_date(a.by_when),
            success_criteria=free(a.success_criteria),
            target=_position(a.target_position),
            status=ACTION_STATUSES.get(str(a.status), str(a.status)),
            status_key=str(a.status),
            status_note=free(a.status_note),
        )
        for a in plan.itertuples()
    ]

    return {
        "workshop": workshop,
        "framework": framework,
        "date": format_date(workshop.created_at),
        "today": format_date(dt.date.today()),
        "team": team,
        "team_size": len(people),
        "min_group": MIN_GROUP,
        "previous_round": _previous_round(store, workshop) if previous is not None else "",
        "context": context,
        "radar": _radar_html(figure),
        "radar_table": table,
        "dimensions": [section(d) for d in framework.dimensions],
        "actions": actions,
        "others": others,
        "position_labels": POSITION_LABELS,
        "font_stack": FONT_STACK,
    }


def _previous_round(store: Store, workshop: Workshop) -> str:
    earlier = store.workshop(workshop.previous_code or "")
    return f"{earlier.round} ({format_date(earlier.created_at)})"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build_report(store: Store, code: str) -> str:
    """The report on workshop ``code`` as one self-contained HTML page that opens offline."""
    template = _environment().get_template("report.html.j2")
    return template.render(plotly_js=_plotly_js(), **report_context(store, code))


def find_chromium() -> str | None:
    """Debian's Chromium, if installed (``chromium`` on the PATH, else /usr/bin/chromium)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.is_file() and os.access(fallback, os.X_OK) else None


def print_pdf(html: str, out: Path, *, chromium: str) -> None:
    """Print ``html`` to an A4 PDF at ``out`` with the Chromium at ``chromium``, fully offline."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ReportError(
            "PDF needs the playwright package: pip install playwright (no browser download is "
            "needed; Debian's chromium is used)"
        ) from None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing may come from outside
                page.set_content(html, wait_until="load")
                page.wait_for_function(
                    "() => !document.getElementById('radar') || "
                    "document.querySelector('#radar .main-svg') !== null",
                    timeout=30_000,
                )
                page.pdf(path=str(out), format="A4", print_background=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(f"Chromium could not print the PDF ({chromium}): {first}") from None


def write_report(store: Store, code: str, out: Path, *, pdf: bool = False) -> list[Path]:
    """Write the HTML report to ``out`` and, with ``pdf``, a PDF next to it; return the paths.

    Without Chromium the HTML is still written and :class:`ReportError` says how to install it.
    """
    out = Path(out)
    if pdf and out.suffix.lower() == ".pdf":
        raise ReportError(
            f"name the HTML file (e.g. {out.with_suffix('.html').name}); "
            "the PDF is written next to it"
        )
    html = build_report(store, code)
    out.write_text(html, encoding="utf-8")
    written = [out]
    if pdf:
        chromium = find_chromium()
        if chromium is None:
            raise ReportError(
                "PDF needs Chromium: install it with 'apt-get install chromium' (Debian/Ubuntu); "
                f"the HTML report was still written to {out}"
            )
        target = out.with_suffix(".pdf")
        try:
            print_pdf(html, target, chromium=chromium)
        except ReportError as exc:
            raise ReportError(f"{exc}; the HTML report was still written to {out}") from None
        written.append(target)
    return written
