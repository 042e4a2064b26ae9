"""What goes in the report: everything its template shows, read from the store and worked out by
:mod:`sendreflect.stats`, as plain data (text unescaped: the template escapes it).

This module owns the report's content: the school, round and date; who took part (a head count,
by role only where a role is shared by enough people to name no one); the context analysis; the
radar's figure and numbers; dimension by dimension, the agreed position with its rationale and
dissent, the evidence and the reflections; the other frameworks the workshop used; and the action
plan. Any participant's alias typed into free text is replaced by "a colleague" here, before the
template escapes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from sendreflect import charts, responses, stats
from sendreflect.confidential import MIN_GROUP, count_text, redact, unattributed
from sendreflect.formats import DASH, format_date, format_number
from sendreflect.frameworks import Dimension, Framework, Item, Theme, continuum_of, load_frameworks
from sendreflect.report import peer
from sendreflect.report.model import (
    ActionRow,
    DimensionSection,
    Figure,
    OtherFramework,
    Question,
    Table,
    ThemeNotes,
)
from sendreflect.responses import ACTION_STATUSES, Kind
from sendreflect.store import Store, Workshop


@dataclass(frozen=True)
class Notes:
    """The team's notes as the report quotes them: unattributed, in alphabetical order, with any
    of ``aliases`` typed into them (or into any other free text) replaced by "a colleague"."""

    frame: pd.DataFrame
    aliases: list[str]
    framework_id: str

    def free(self, text: object) -> str:
        """Typed text as the report shows it: any alias replaced by "a colleague"."""
        return redact(text, self.aliases)

    def on(self, kind: Kind, item_id: str, framework_id: str = "") -> list[str]:
        """The notes of ``kind`` on one item of a framework (the report's own by default)."""
        notes = self.frame
        mine = notes[
            (notes["framework"] == (framework_id or self.framework_id))
            & (notes["kind"] == kind.value)
            & (notes["item_id"] == item_id)
        ]
        return unattributed(mine["text"], self.aliases)

    def question(
        self, item: Item, framework_id: str = "", number: int = 0, quoted: bool = True
    ) -> Question:
        """A question or prompt, quoted exactly, with the notes on it and its number in its
        theme as the source prints it."""
        notes = self.on(Kind.REFLECTION, item.id, framework_id)
        return Question(item.id, item.text, notes, number, quoted)

    def themes(
        self, themes: list[Theme], framework_id: str = "", skip: str = "", quoted: bool = True
    ) -> list[ThemeNotes]:
        """The themes (all but ``skip``) with the questions someone wrote on, those only, each
        keeping its number in the theme."""
        found = []
        for theme in themes:
            if theme.id == skip:
                continue
            questions = [
                self.question(q, framework_id, n, quoted or theme.statements)
                for n, q in enumerate(theme.questions, start=1)
            ]
            if answered := [q for q in questions if q.notes]:
                found.append(ThemeNotes(theme.title, answered))
        return found


@dataclass(frozen=True)
class Reading:
    """What the report reads once for a workshop, on its own framework."""

    framework: Framework
    answers: pd.DataFrame
    positions: pd.DataFrame
    agreed: pd.DataFrame
    plan: pd.DataFrame
    previous: pd.DataFrame | None
    targets: dict[str, int] | None
    notes: Notes
    summary: pd.DataFrame
    """:func:`stats.team_summary` by dimension."""
    before: pd.DataFrame | None
    """The earlier round's summary by dimension, if there is an earlier round."""


def read(store: Store, workshop: Workshop, people: pd.DataFrame) -> Reading:
    """Read the workshop's answers and its earlier round's, and the team's notes."""
    framework = continuum_of(workshop.frameworks)
    answers = store.answers(workshop.code)
    # A solo reflection names no one else, and its one alias ("Me") is no name.
    aliases = [] if workshop.kind == "solo" else list(people["alias"])
    agreed = responses.agreed(answers)
    plan = responses.actions(answers)
    earlier = store.previous_answers(workshop)
    positions = responses.positions(answers)
    previous = responses.positions(earlier) if earlier is not None else None
    return Reading(
        framework=framework,
        answers=answers,
        positions=positions,
        agreed=agreed[agreed["framework"] == framework.id],
        plan=plan,
        previous=previous,
        targets=stats.targets(plan) or None,
        notes=Notes(responses.notes(answers), aliases, framework.id),
        summary=stats.team_summary(positions, framework).set_index("dimension"),
        before=(
            stats.team_summary(previous, framework).set_index("dimension")
            if previous is not None
            else None
        ),
    )


def team_table(people: pd.DataFrame) -> list[tuple[str, str]]:
    """Who took part, as (role group, head count) rows: a role is named only where
    ``MIN_GROUP`` or more people hold it; the rest are pooled as "Other roles", counted only if
    they too are ``MIN_GROUP`` or more (else "fewer than 3")."""
    groups = stats.role_groups(people["role"].astype("string"))
    shown = groups.dropna().value_counts()
    rows = [(str(g), count_text(int(shown[g]))) for g in sorted(shown.index, key=stats.group_order)]
    if hidden := int(groups.isna().sum()):
        rows.append((stats.OTHER_ROLES, count_text(hidden)))
    return rows


def position_text(value: Any, framework: Framework) -> str:
    """An agreed or target position with its words, e.g. "3 (In between)"."""
    if value is None or pd.isna(value):
        return ""
    return f"{int(value)} ({framework.position_labels()[int(value)]})"


def table(frame: pd.DataFrame, caption: str) -> Table:
    """A frame as the template's table: numbers without needless decimals, "–" for none."""
    rows = [
        [format_number(v) if not isinstance(v, str) else v for v in row]
        for row in frame.itertuples(index=False)
    ]
    return Table(caption=caption, columns=[str(c) for c in frame.columns], rows=rows)


def context_analysis(framework: Framework, notes: Notes) -> dict[str, object] | None:
    """The context-analysis questions with the notes on them (None when the pack has none)."""
    if not framework.context_theme_id:
        return None
    theme = framework.theme(framework.context_theme_id)
    quoted = framework.source.questions_quoted
    questions = [notes.question(q, "", n, quoted) for n, q in enumerate(theme.questions, 1)]
    return {"title": theme.title, "questions": questions}


def other_framework(fw: Framework, reading: Reading) -> OtherFramework:
    """A framework the workshop used beside the pack: its ratings and the notes on it."""
    ratings = None
    if fw.rating is not None:
        ratings = table(
            stats.rating_summary(responses.ratings(reading.answers), fw),
            f"{fw.short_title}: the team's ratings",
        )
    return OtherFramework(
        id=fw.id,
        title=fw.short_title,
        citation=fw.source.citation,
        credit=fw.source.notice or fw.source.credit,
        ratings=ratings,
        themes=reading.notes.themes(list(fw.themes()), fw.id, quoted=fw.source.questions_quoted),
        has_questions=bool(fw.counts()["questions"]),
        questions_quoted=fw.source.questions_quoted,
        headings_quoted=fw.source.headings_quoted,
    )


def radar(reading: Reading) -> tuple[go.Figure, Table]:
    """The radar of whole-school positioning, and its numbers as a table."""
    options = {"agreed": reading.agreed, "previous": reading.previous, "targets": reading.targets}
    figure = charts.radar(reading.positions, reading.framework, **options)
    numbers = stats.radar_table(reading.positions, reading.framework, **options)
    scale = reading.framework.scale_text()
    return figure, table(numbers, f"The radar's numbers: positions from {scale}")


def people(count: int, said: str, said_of_one: str = "") -> Figure:
    """A head count as a sentence: "3 people placed the school", "1 person was not sure"."""
    one = said_of_one or said
    return Figure(
        str(count), f"{count} {'person' if count == 1 else 'people'} {one if count == 1 else said}"
    )


def median_text(value: Any, framework: Framework) -> str:
    """A median on the continuum with the words of the nearest point: "4 (Mostly whole school)",
    "3.5 (between In between and Mostly whole school)"."""
    if value is None or pd.isna(value):
        return DASH
    labels, number = framework.position_labels(), float(value)
    if number.is_integer():
        return f"{int(number)} ({labels[int(number)]})"
    return f"{format_number(number)} (between {labels[int(number) + 1]} and {labels[int(number)]})"


def figures(dimension: Dimension, reading: Reading) -> list[Figure]:
    """A dimension's summary in sentences a governor cannot misread: how many placed the school
    and how many were not sure, the team's median position with its words, how far views ranged,
    and the earlier round's median and the target when there are any."""
    row, framework = reading.summary.loc[dimension.id], reading.framework
    found = [
        people(int(row["answered"]), "placed the school"),
        people(int(row["not_sure"]), "were not sure", "was not sure"),
        Figure(
            format_number(row["median"]),
            f"Middle view (median): {median_text(row['median'], framework)}",
        ),
    ]
    if not pd.isna(row["low"]):
        high, low = int(row["high"]), int(row["low"])
        found.append(Figure(f"{high} to {low}", f"Views ran from {high} down to {low}"))
    if reading.before is not None:
        median = reading.before.loc[dimension.id, "median"]
        found.append(
            Figure(
                format_number(median), f"Earlier round's median: {median_text(median, framework)}"
            )
        )
    if reading.targets and dimension.id in reading.targets:
        target = position_text(reading.targets[dimension.id], framework)
        found.append(Figure(target, f"Target in the action plan: {target}"))
    return found


def status_text(status: object) -> str:
    """An action's status in words."""
    return ACTION_STATUSES.get(str(status), str(status))


def section(dimension: Dimension, reading: Reading) -> DimensionSection:
    """One dimension's section: its poles, figures, agreed position, evidence and notes."""
    notes, plan = reading.notes, reading.plan
    chosen = reading.agreed.set_index("dimension")
    row = chosen.loc[dimension.id] if dimension.id in chosen.index else None
    skip = reading.framework.context_theme_id
    return DimensionSection(
        id=dimension.id,
        title=dimension.title,
        whole_school=dimension.whole_school,
        bolt_on=dimension.bolt_on,
        figures=figures(dimension, reading),
        agreed_position=position_text(row["position"], reading.framework)
        if row is not None
        else "",
        rationale=notes.free(row["rationale"]) if row is not None else "",
        dissent=notes.free(row["dissent"]) if row is not None else "",
        evidence=notes.on(Kind.EVIDENCE, dimension.id),
        themes=notes.themes(
            dimension.themes, skip=skip, quoted=reading.framework.source.questions_quoted
        ),
        context_theme=next((t.title for t in dimension.themes if t.id == skip), ""),
        moves=[notes.question(p, "", n) for n, p in enumerate(dimension.prompts, start=1)],
        actions=[
            f"{notes.free(a.what)} ({status_text(a.status)})"
            for a in plan[plan["dimension"] == dimension.id].itertuples()
        ],
    )


def action_rows(reading: Reading) -> list[ActionRow]:
    """The action plan, one row per action, free text redacted."""
    framework, free = reading.framework, reading.notes.free
    titles = {d.id: d.title for d in framework.dimensions}
    prompts = {p.id: p.text for _, p in framework.prompts()}
    return [
        ActionRow(
            what=free(a.what),
            prompt=prompts.get(str(a.prompt), ""),
            dimension=titles.get(str(a.dimension), ""),
            lead=free(a.lead),
            others=free(a.others),
            by_when=format_date(a.by_when),
            success_criteria=free(a.success_criteria),
            target=position_text(a.target_position, framework),
            status=status_text(a.status),
            status_key=str(a.status),
            status_note=free(a.status_note),
        )
        for a in reading.plan.itertuples()
    ]


def previous_round(store: Store, workshop: Workshop) -> str:
    """The earlier round's name and date, e.g. "Baseline (5 November 2026)"."""
    earlier = store.workshop(workshop.previous_code or "")
    return f"{earlier.round} ({format_date(earlier.created_at)})"


def report_context(store: Store, code: str) -> dict[str, object]:
    """Everything the template shows, as plain Python data (text unescaped: the template
    escapes it). ``figure`` is the radar as a plotly figure, for the renderer to draw."""
    workshop = store.workshop(code)
    people = store.participants(workshop.code)
    reading = read(store, workshop, people)
    framework = reading.framework
    library = load_frameworks()
    used = [library[f] for f in workshop.frameworks if f != framework.id and f in library]
    figure, radar_table = radar(reading)
    return {
        "workshop": workshop,
        "framework": framework,
        "date": format_date(workshop.created_at),
        "today": format_date(dt.date.today()),
        "team": team_table(people),
        "team_size": len(people),
        "min_group": MIN_GROUP,
        "previous_round": previous_round(store, workshop) if reading.previous is not None else "",
        "context": context_analysis(framework, reading.notes),
        "figure": figure,
        "radar_table": radar_table,
        "dimensions": [section(d, reading) for d in framework.dimensions],
        "actions": action_rows(reading),
        "self_peer": peer.self_and_peers(store, workshop, framework),
        "progress": peer.action_progress(
            reading.answers, reading.plan, framework, reading.notes.aliases
        ),
        "others": [other_framework(fw, reading) for fw in used],
        "position_labels": framework.position_labels(),
        "shown_order": framework.shown_order(),
        "credit": " ".join(
            (framework.source.citation, framework.source.notice or framework.source.credit)
        ),
    }
