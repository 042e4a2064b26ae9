"""What a programme of peer review shows its lead, its celebration of learning and its report:
read once from the store and worked out by :mod:`sendreflect.peerstats`, as plain data (text
unescaped: the page or the template escapes it).

This module owns a programme's reading: its stages (per triad, or for the whole programme), per
triad the schools with the coach marked, the quality-assurance record, the key learnings and next
steps, and the actions completed across the triad's schools; each school's self-vs-peer table; the
lead's overview per cohort with the strengths to showcase and where support may help.

Nobody is named: every free text (a learning, a QA note, an action) has every alias of every
workshop of the programme (self-evaluations and visits) replaced by "a colleague", as
:mod:`sendreflect.report.context` does for one workshop. Medians follow the confidentiality rule
that :mod:`sendreflect.peerstats` keeps: a side placed by fewer than three people shows its
agreed position, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sendreflect import peerstats, responses
from sendreflect.confidential import redact
from sendreflect.formats import DASH, format_date, format_number
from sendreflect.frameworks import Framework, load_frameworks
from sendreflect.peer import ALL_TRIADS, QA_MARKERS, QA_SCALE, STAGES
from sendreflect.store import Programme, ProgrammeRecord, ProgrammeSchool, Store

DONE = "done"
SHOWCASE_RULE = "Chosen where a school's own placement and its peers' are both 4 or more."
SUPPORT_RULE = (
    "Chosen where a school's peers place it at 2 or below, or a whole point or more below its "
    "own placement."
)
"""How each list of the lead's overview is chosen (peerstats.showcase_and_support's rule)."""


@dataclass(frozen=True)
class StageRow:
    """One stage of a triad's (or the whole programme's) year: its label, date and state."""

    label: str
    date: str
    done: bool


@dataclass(frozen=True)
class Completed:
    """An action a school completed: what it was (redacted) and how we know."""

    school: str
    what: str
    dimension: str
    how: str


@dataclass(frozen=True)
class TriadData:
    """One triad: its schools (the coach first), stages, QA record, learning and completed
    actions."""

    name: str
    cohort: str
    schools: list[ProgrammeSchool]
    stages: list[StageRow]
    stage_reached: str
    qa_date: str
    qa: list[tuple[str, str]]
    """(marker label, rating in words such as "3 (Mostly)"), in QA_MARKERS order."""
    qa_note: str
    key_learnings: str
    next_steps: str
    completed: list[Completed]


@dataclass(frozen=True)
class ProgrammeData:
    """Everything read for a programme's overview, celebration and report."""

    programme: Programme
    framework: Framework
    schools: list[ProgrammeSchool]
    stages: list[StageRow]
    """The whole programme's stages ("*")."""
    triads: list[TriadData]
    tables: dict[str, pd.DataFrame]
    """school_id → its :func:`peerstats.self_vs_peer` table (schools with a self-evaluation)."""
    overview: pd.DataFrame
    found: dict[str, dict[str, list[dict[str, object]]]]
    aliases: list[str]

    def free(self, text: object) -> str:
        """Typed text as shown: any alias of the programme's workshops made "a colleague"."""
        return redact(text, self.aliases)


def _stage_rows(records: list[ProgrammeRecord], scope: str) -> list[StageRow]:
    """Every stage in order; a triad's own record where it has one, else the whole
    programme's."""
    stages = [r for r in records if r.kind == "stage"]
    values = {r.item_id: r.value for r in stages if r.scope == ALL_TRIADS}
    values |= {r.item_id: r.value for r in stages if r.scope == scope}
    return [
        StageRow(
            label,
            format_date(values.get(stage, {}).get("date")),
            bool(values.get(stage, {}).get("done")),
        )
        for stage, label in STAGES.items()
    ]


def _done(rows: list[StageRow]) -> set[str]:
    labels = {label: stage for stage, label in STAGES.items()}
    return {labels[row.label] for row in rows if row.done}


def _qa(value: dict[str, Any] | None) -> list[tuple[str, str]]:
    value = value or {}
    rows = []
    for marker, label in QA_MARKERS.items():
        rating = value.get(marker)
        rows.append((label, f"{rating} ({QA_SCALE[rating]})" if rating in QA_SCALE else DASH))
    return rows


def completed_actions(school: str, answers: pd.DataFrame, framework: Framework) -> list[Completed]:
    """A school's actions that are done: in its action plan, or in its latest progress answer.
    Texts as typed (redacted later, with every alias of the programme)."""
    plan = responses.actions(answers)
    progress = responses.progress(answers)
    latest = progress.groupby("action_id").tail(1).set_index("action_id")
    titles = {d.id: d.title for d in framework.dimensions}
    found = []
    for action in plan.itertuples():
        at = latest.loc[action.action_id] if action.action_id in latest.index else None
        if at is not None and at["status"] == DONE:
            how = f"Done by triad meeting {int(at['meeting'])}"
        elif action.status == DONE:
            how = "Done in the action plan"
        else:
            continue
        found.append(
            Completed(school, str(action.what), titles.get(str(action.dimension), ""), how)
        )
    return found


def _school_reading(
    store: Store, school: ProgrammeSchool, framework: Framework
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """A school's self-evaluation answers, its self-vs-peer table and every alias it uses."""
    own = store.answers(school.self_code)
    visit = store.answers(school.visit_code) if school.visit_code else own.iloc[0:0]
    aliases = list(store.participants(school.self_code)["alias"])
    if school.visit_code:
        aliases += list(store.participants(school.visit_code)["alias"])
    table = peerstats.self_vs_peer(
        responses.positions(own),
        responses.positions(visit),
        framework,
        responses.agreed(own),
        responses.agreed(visit),
    )
    return own, table, [str(a) for a in aliases]


def _triad(
    name: str,
    members: list[ProgrammeSchool],
    records: list[ProgrammeRecord],
    done: list[Completed],
) -> TriadData:
    by = {(r.kind, r.item_id): r.value for r in records if r.scope == name}
    stages = _stage_rows(records, name)
    qa = by.get(("qa", "qa")) or {}
    learning = by.get(("learning", "celebration")) or {}
    return TriadData(
        name=name,
        cohort=members[0].cohort,
        schools=members,
        stages=stages,
        stage_reached=peerstats.stage_reached(_done(stages), STAGES),
        qa_date=format_date(qa.get("date")),
        qa=_qa(qa) if qa else [],
        qa_note=str(qa.get("note", "")),
        key_learnings=str(learning.get("key_learnings", "")),
        next_steps=str(learning.get("next_steps", "")),
        completed=[c for c in done if c.school in {m.school for m in members}],
    )


def programme_data(store: Store, code: str) -> ProgrammeData:
    """Read a programme: its schools, stages, records, each school's self vs peers and the
    lead's overview. Raises the store's ``UnknownProgramme`` for an unknown code."""
    programme = store.programme(code)
    framework = load_frameworks()[programme.framework]
    schools = store.programme_schools(programme.code)
    records = store.programme_records(programme.code)
    tables: dict[str, pd.DataFrame] = {}
    aliases: list[str] = []
    done: list[Completed] = []
    for school in schools:
        own, tables[school.school_id], names = _school_reading(store, school, framework)
        aliases += names
        done += completed_actions(school.school, own, framework)
    triads = []
    for name in dict.fromkeys(s.triad for s in schools):
        triads.append(_triad(name, [s for s in schools if s.triad == name], records, done))
    reached = {t.name: t.stage_reached for t in triads}
    overview = peerstats.programme_overview(schools, tables, reached, framework)
    data = ProgrammeData(
        programme=programme,
        framework=framework,
        schools=schools,
        stages=_stage_rows(records, ALL_TRIADS),
        triads=triads,
        tables=tables,
        overview=overview,
        found=peerstats.showcase_and_support(overview, framework),
        aliases=sorted(set(aliases) - {responses.TEAM_ALIAS, ""}),
    )
    return _redacted(data)


def _redacted(data: ProgrammeData) -> ProgrammeData:
    """The data with every free text's aliases replaced by "a colleague"."""
    free = data.free
    triads = [
        TriadData(
            **{
                **t.__dict__,
                "qa_note": free(t.qa_note),
                "key_learnings": free(t.key_learnings),
                "next_steps": free(t.next_steps),
                "completed": [
                    Completed(c.school, free(c.what), c.dimension, c.how) for c in t.completed
                ],
            }
        )
        for t in data.triads
    ]
    return ProgrammeData(**{**data.__dict__, "triads": triads})


def _number(value: object) -> str:
    return DASH if pd.isna(value) else format_number(value)


def cohorts(data: ProgrammeData) -> list[str]:
    """The programme's cohorts, in alphabetical order."""
    return list(data.found)


def _members(data: ProgrammeData, cohort: str) -> pd.DataFrame:
    return data.overview[data.overview["cohort"] == cohort]


def schools_frame(data: ProgrammeData, cohort: str) -> pd.DataFrame:
    """A cohort's schools: School, Triad, Coach school ("Yes"/"No"), Stage reached (text)."""
    rows = _members(data, cohort)
    return pd.DataFrame(
        {
            "School": list(rows["school"]),
            "Triad": list(rows["triad"]),
            "Coach school": ["Yes" if c else "No" for c in rows["coach"]],
            "Stage reached": list(rows["stage"]),
        }
    )


def placement_frame(data: ProgrammeData, cohort: str) -> pd.DataFrame:
    """A cohort's schools by dimension, each cell "self / peers" ("–" for a side with no
    position: too few placed the school and nothing was agreed)."""
    rows = _members(data, cohort)
    frame = pd.DataFrame({"School": list(rows["school"])})
    for d in data.framework.dimensions:
        frame[d.title] = [
            f"{_number(mine)} / {_number(peers)}"
            for mine, peers in zip(rows[f"self_{d.id}"], rows[f"peer_{d.id}"], strict=True)
        ]
    return frame


def gap_frame(data: ProgrammeData, cohort: str) -> pd.DataFrame:
    """A cohort's schools by dimension, each cell the gap (peers − self, signed; "–" none)."""
    rows = _members(data, cohort)
    frame = pd.DataFrame({"School": list(rows["school"])})
    for d in data.framework.dimensions:
        frame[d.title] = [peerstats.gap_text(g) or DASH for g in rows[f"gap_{d.id}"]]
    return frame


def found_lines(entries: list[dict[str, object]]) -> list[str]:
    """Strengths to showcase or where support may help, one sentence each: "Ash Academy
    (triad North), Values: itself 4, peers 2 (peers place it at 2 or below)"."""
    lines = []
    for e in entries:
        line = (
            f"{e['school']} (triad {e['triad']}), {e['title']}: itself "
            f"{_number(e['self_median'])}, peers {_number(e['peer_median'])}"
        )
        lines.append(line + (f" ({e['why']})" if e.get("why") else ""))
    return lines


def self_peer_frame(data: ProgrammeData, school_id: str) -> pd.DataFrame:
    """One school's self vs peers in words (:func:`peerstats.self_peer_table`)."""
    table = peerstats.self_peer_table(data.tables[school_id], data.framework)
    return table.replace("", DASH)
