"""Peer review in numbers: a school's own placement beside its peers' placement of it.

This module owns the comparison of a school's self-evaluation with the peer visit that placed it
on the same continua (:func:`self_vs_peer`), the agenda ordered by the gap between them
(:func:`gap_agenda`), the table shown beside the radar (:func:`self_peer_table`), and a
programme lead's overview across schools with the strengths to showcase and where support may
help (:func:`programme_overview`, :func:`showcase_and_support`). Like :mod:`sendreflect.stats`
it is pure pandas: it reads the frames built by :mod:`sendreflect.responses`, the framework and
plain data, and never touches the store, a widget, a figure or HTML.

Confidential by default: a side's median and spread are shown only where
:data:`~sendreflect.confidential.MIN_GROUP` or more people placed the school on that dimension.
A visit usually has two reviewers, so that side is then the panel's agreed position (its
ordinary ``agreed`` answers), and a small self-evaluation likewise falls back to its own agreed
position. Evidence is listed as bare texts, without aliases, in alphabetical order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from sendreflect.confidential import MIN_GROUP, unattributed
from sendreflect.formats import format_number
from sendreflect.frameworks import Framework
from sendreflect.responses import TEAM_ALIAS, Kind
from sendreflect.stats import agreed_values, dimension_stats

SIDES = ("self", "peer")
"""The two sides compared: the school's own self-evaluation and its peer reviewers."""
AGREED = "agreed"
"""The basis of a side's position taken from its agreed answer (too few people for a median)."""
SIDE_COLUMNS = ("median", "low", "high", "n", "basis")
TABLE_COLUMNS = ["dimension", "title"] + [f"{s}_{c}" for s in SIDES for c in SIDE_COLUMNS]
TABLE_COLUMNS += ["gap"]
"""The columns of :func:`self_vs_peer`, in order."""
SCHOOL_FIELDS = ("school_id", "school", "cohort", "triad", "coach")
"""What :func:`programme_overview` reads of each school."""


def basis_text(n: int) -> str:
    """The basis of a median of ``n`` people, as shown: "median of 4"."""
    return f"median of {n}"


def _side(
    positions: pd.DataFrame, agreed: pd.DataFrame | None, framework: Framework, min_group: int
) -> pd.DataFrame:
    """One side's columns (median, low, high, n, basis), one row per dimension in order."""
    stats = dimension_stats(positions, framework)
    n = stats["answered"].astype("int64")
    chosen = agreed_values(agreed, framework) if agreed is not None else [None] * len(stats)
    rows = []
    for count, median, low, high, fallback in zip(
        n, stats["median"], stats["low"], stats["high"], chosen, strict=True
    ):
        if count >= min_group:
            rows.append((float(median), float(low), float(high), count, basis_text(count)))
        elif fallback is not None:
            rows.append((float(fallback), math.nan, math.nan, count, AGREED))
        else:
            rows.append((math.nan, math.nan, math.nan, count, ""))
    side = pd.DataFrame(rows, columns=list(SIDE_COLUMNS))
    return side.astype({"median": float, "low": float, "high": float, "n": "int64"})


def self_vs_peer(
    self_positions: pd.DataFrame,
    peer_positions: pd.DataFrame,
    framework: Framework,
    self_agreed: pd.DataFrame | None = None,
    peer_agreed: pd.DataFrame | None = None,
    *,
    min_group: int = MIN_GROUP,
) -> pd.DataFrame:
    """The school's placement by itself and by its peer reviewers, one row per dimension in
    framework order.

    ``self_positions`` and ``peer_positions`` are :func:`responses.positions` frames of the
    self-evaluation and of the visit workshop ("not sure" is ignored); ``self_agreed`` and
    ``peer_agreed`` are their :func:`responses.agreed` frames. Columns (:data:`TABLE_COLUMNS`):

    - dimension, title (string)
    - per side, ``self_*`` and ``peer_*``: ``median`` (float: the median where ``min_group`` or
      more people placed the school on the dimension, else the side's agreed position, else
      NaN), ``low`` and ``high`` (float: the range, only with a median, else NaN), ``n`` (int:
      how many people placed it), ``basis`` (string: "median of 4", "agreed" or "")
    - gap (float): peer median − self median, NaN when either side has none
    """
    sides = [
        _side(positions, agreed, framework, min_group).add_prefix(f"{name}_")
        for name, positions, agreed in (
            ("self", self_positions, self_agreed),
            ("peer", peer_positions, peer_agreed),
        )
    ]
    ids = [d.id for d in framework.dimensions]
    titles = [d.title for d in framework.dimensions]
    table = pd.concat([pd.DataFrame({"dimension": ids, "title": titles}), *sides], axis=1)
    table["gap"] = table["peer_median"] - table["self_median"]
    types = {"dimension": "string", "title": "string"}
    return table[TABLE_COLUMNS].astype(types | {f"{s}_basis": "string" for s in SIDES})


def _evidence(notes: pd.DataFrame, framework: Framework, names: list[str]) -> dict[str, list[str]]:
    """Each dimension's evidence texts (unattributed, ``names`` redacted), by dimension id."""
    frame = notes.reindex(columns=["kind", "framework", "item_id", "text"])
    frame = frame[(frame["kind"] == Kind.EVIDENCE.value) & (frame["framework"] == framework.id)]
    return {str(dim): unattributed(rows["text"], names) for dim, rows in frame.groupby("item_id")}


def _aliases(*frames: pd.DataFrame) -> list[str]:
    """Every author's alias in these notes frames (not the team's), to redact from texts."""
    found = {str(a) for f in frames for a in f.reindex(columns=["alias"])["alias"].dropna()}
    return sorted(found - {TEAM_ALIAS, ""})


def gap_agenda(
    table: pd.DataFrame,
    self_notes: pd.DataFrame,
    peer_notes: pd.DataFrame,
    framework: Framework,
    *,
    aliases: Iterable[object] = (),
) -> list[dict[str, object]]:
    """The agenda from the gap between self and peers: the widest gap first.

    ``table`` is :func:`self_vs_peer`'s; the notes are :func:`responses.notes` frames of the
    self-evaluation and the visit. Ordered by the size of the gap (largest first; dimensions
    with no gap last), then framework order. Each item: dimension, title, gap, self_median,
    peer_median (floats, NaN where none), self_basis, peer_basis, self_evidence, peer_evidence
    (lists of the evidence notes' texts on that dimension, never who wrote them: alphabetical,
    and every alias in either notes frame or in ``aliases`` typed into a text replaced by "a
    colleague"; plain text, nothing escaped).
    """
    names = _aliases(self_notes, peer_notes) + [str(a) for a in aliases]
    evidence = {"self": _evidence(self_notes, framework, names)}
    evidence["peer"] = _evidence(peer_notes, framework, names)
    order = {d.id: n for n, d in enumerate(framework.dimensions)}
    rows = table[table["dimension"].isin(list(order))].assign(
        size=table["gap"].abs(), order=table["dimension"].map(order)
    )
    rows = rows.sort_values(["size", "order"], ascending=[False, True], na_position="last")
    keys = ["dimension", "title", "gap", "self_median", "peer_median", "self_basis", "peer_basis"]
    agenda = []
    for row in rows[keys].to_dict("records"):
        item = row | {f"{s}_evidence": evidence[s].get(str(row["dimension"]), []) for s in SIDES}
        agenda.append({str(k): v for k, v in item.items()})
    return agenda


def side_text(median: object, basis: object, low: object, high: object) -> str:
    """One side's cell: "3 (median of 4, range 2 to 4)", "4 (agreed)" or "" when none."""
    if pd.isna(median):
        return ""
    said = str(basis)
    if not pd.isna(low) and not pd.isna(high) and low != high:
        said += f", range {format_number(low)} to {format_number(high)}"
    return f"{format_number(median)} ({said})"


def gap_text(gap: object) -> str:
    """A gap as shown: "+1", "−0.5", "0", or "" when there is none."""
    if pd.isna(gap):
        return ""
    value = float(gap)  # type: ignore[arg-type]
    return "0" if value == 0 else f"{'+' if value > 0 else '−'}{format_number(abs(value))}"


def gap_sentence(gap: object, team: str = "your team") -> str:
    """The gap in words, from the reviewers' side: how far, and which way, their view is from
    ``team``'s own ("the team" in a report, "your team" on the school's page)."""
    if pd.isna(gap):
        return "No gap yet: both views are needed to compare them."
    value = float(gap)  # type: ignore[arg-type]
    if value == 0:
        return f"No gap: the reviewers place the school where {team} does."
    size = format_number(abs(value))
    steps = "step" if abs(value) == 1 else "steps"
    way = "higher" if value > 0 else "lower"
    return (
        f"Gap {gap_text(value)}: the reviewers place the school {size} {steps} {way} "
        f"than {team} does."
    )


def view_of(item: dict[str, object], side: str) -> str | None:
    """One side ("self" or "peer") of a gap agenda's item: "3 (median of 4)", "5 (agreed)", or
    None where that side has no position yet."""
    median = item[f"{side}_median"]
    if pd.isna(median):
        return None
    return f"{format_number(median)} ({item[f'{side}_basis']})"


def self_peer_table(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """:func:`self_vs_peer`'s numbers in words, to sit beside the radar, one row per dimension in
    framework order. Columns: Dimension, Self (basis), Peers (basis), Gap (all text; a side with
    no position is blank, a gap is signed: "+1" where the peers place the school higher)."""
    rows = table.set_index("dimension").reindex([d.id for d in framework.dimensions])
    cells = ("median", "basis", "low", "high")
    sides = [
        [side_text(*values) for values in rows[[f"{s}_{c}" for c in cells]].itertuples(index=False)]
        for s in SIDES
    ]
    return pd.DataFrame(
        {
            "Dimension": [d.title for d in framework.dimensions],
            "Self (basis)": sides[0],
            "Peers (basis)": sides[1],
            "Gap": [gap_text(g) for g in rows["gap"]],
        }
    )


def stage_reached(done: Iterable[str], stages: Mapping[str, str], none: str = "Not started") -> str:
    """The label of the latest stage done, in the order of ``stages`` (id → label, such as
    ``peer.STAGES``), or ``none`` when no stage is done. Ids not in ``stages`` are ignored."""
    finished = set(done)
    reached = [label for stage, label in stages.items() if stage in finished]
    return reached[-1] if reached else none


def _field(school: object, name: str) -> object:
    """A school's field, from a mapping or a record with attributes (``ProgrammeSchool``)."""
    return school[name] if isinstance(school, Mapping) else getattr(school, name)


def programme_overview(
    schools: Iterable[object],
    tables: Mapping[str, pd.DataFrame],
    stages: Mapping[str, str],
    framework: Framework,
) -> pd.DataFrame:
    """A programme lead's overview: one row per school, self and peer placement side by side.

    ``schools``: mappings or records with school_id, school, cohort, triad and coach (bool), as
    ``Store.programme_schools`` gives them. ``tables``: school_id → that school's
    :func:`self_vs_peer` frame (a school without one shows no numbers). ``stages``: triad →
    the label of the latest stage that triad has reached (``"*"``, if present, for triads not
    named; else ""), e.g. from :func:`stage_reached`.

    Columns: school_id, school, cohort, triad (string), coach (bool), stage (string), then for
    each dimension in framework order ``self_<id>``, ``peer_<id>``, ``gap_<id>`` (float: the
    medians as :func:`self_vs_peer` shows them, so an agreed position where too few placed the
    school, and peer − self; NaN where none). Rows by cohort, triad, the coach first, school.
    """
    ids = [d.id for d in framework.dimensions]
    numbers = [f"{side}_{dim}" for dim in ids for side in (*SIDES, "gap")]
    rows = []
    for school in schools:
        fields = {name: _field(school, name) for name in SCHOOL_FIELDS}
        triad = str(fields["triad"])
        fields["stage"] = stages.get(triad, stages.get("*", ""))
        table = tables.get(str(fields["school_id"]))
        by_dim = pd.DataFrame() if table is None else table.set_index("dimension")
        for dim in ids:
            for side in SIDES:
                value = by_dim[f"{side}_median"].get(dim) if len(by_dim) else None
                fields[f"{side}_{dim}"] = math.nan if value is None else float(value)
            fields[f"gap_{dim}"] = fields[f"peer_{dim}"] - fields[f"self_{dim}"]  # type: ignore[operator]
        rows.append(fields)
    overview = pd.DataFrame(rows, columns=[*SCHOOL_FIELDS, "stage", *numbers])
    overview = overview.astype({c: "string" for c in ("school_id", "school", "cohort", "triad")})
    overview = overview.astype({"coach": bool, "stage": "string"} | dict.fromkeys(numbers, float))
    order = overview.assign(first=~overview["coach"])
    order = order.sort_values(["cohort", "triad", "first", "school"], kind="stable")
    return overview.loc[order.index].reset_index(drop=True)


def _school_entry(row: pd.Series, dimension: str, title: str) -> dict[str, object]:
    return {
        "school_id": str(row["school_id"]),
        "school": str(row["school"]),
        "triad": str(row["triad"]),
        "dimension": dimension,
        "title": title,
        "self_median": float(row[f"self_{dimension}"]),
        "peer_median": float(row[f"peer_{dimension}"]),
        "gap": float(row[f"gap_{dimension}"]),
    }


def showcase_and_support(
    overview: pd.DataFrame,
    framework: Framework,
    *,
    high: float = 4,
    low: float = 2,
    gap: float = -1,
) -> dict[str, dict[str, list[dict[str, object]]]]:
    """Per cohort, the strengths to showcase and where support may help, from
    :func:`programme_overview`.

    A school is a strength to **showcase** on a dimension where its self AND its peer median
    are both ``high`` or more. **Support may help** where its peer median is ``low`` or less, or
    its peers place it ``gap`` or more below its own placement (gap ≤ −1), unless it is already a
    strength there (self 5, peers 4 is a strength, not a worry). A missing median meets neither.

    Returns cohort → {"showcase": [...], "support": [...]}, every cohort of ``overview`` present
    (lists may be empty), cohorts in alphabetical order. Each entry: school_id, school, triad,
    dimension, title, self_median, peer_median, gap (floats, NaN where none) and, for support,
    ``why`` ("peers place it at 2 or below" and/or "peers place it below its own view"). Entries
    in framework order, then by school.
    """
    result: dict[str, dict[str, list[dict[str, object]]]] = {}
    for cohort, members in overview.sort_values("school").groupby("cohort", sort=True):
        showcase: list[dict[str, object]] = []
        support: list[dict[str, object]] = []
        for dimension in framework.dimensions:
            mine, peers = members[f"self_{dimension.id}"], members[f"peer_{dimension.id}"]
            strong = (mine >= high) & (peers >= high)
            peer_low = peers <= low
            below = (members[f"gap_{dimension.id}"] <= gap) & ~strong
            for index, row in members.iterrows():
                entry = _school_entry(row, dimension.id, dimension.title)
                if strong[index]:
                    showcase.append(entry)
                why = (
                    [f"peers place it at {format_number(low)} or below"] if peer_low[index] else []
                )
                why += ["peers place it below its own view"] if below[index] else []
                if why:
                    support.append(entry | {"why": "; ".join(why)})
        result[str(cohort)] = {"showcase": showcase, "support": support}
    return result
