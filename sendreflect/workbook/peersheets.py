"""The Excel workbook's sheets for a programme school's self-evaluation: "Self and peers" (one row
per dimension: each side's position, its basis and range, the gap and both sides' evidence) and
"Progress" (each action at each triad meeting). Each sheet is there only when it has something:
a peer visit opened for this workshop, progress recorded on an action.

Like the other sheets they name no one: evidence and notes are unattributed and every alias of
the workshop (and of its visit) is replaced by "a colleague". ``spreadsheet.to_xlsx`` writes
every text cell as text, so nothing typed here runs as a formula.
"""

from __future__ import annotations

import pandas as pd

from sendreflect import responses
from sendreflect.confidential import redact
from sendreflect.frameworks import continuum_of
from sendreflect.peer import MEETING_NAMES
from sendreflect.peerviews import read_self_and_peers
from sendreflect.responses import ACTION_STATUSES
from sendreflect.store import Store, Workshop

SELF_AND_PEERS, PROGRESS = "Self and peers", "Progress"


def self_peer_sheet(store: Store, workshop: Workshop) -> pd.DataFrame | None:
    """One row per dimension in the framework's order, or ``None`` without a peer visit. A side's
    position is its median where three or more people placed the school, else its agreed
    position, else blank; lowest and highest only with a median."""
    framework = continuum_of(workshop.frameworks)
    reading = read_self_and_peers(store, workshop, framework)
    if reading is None:
        return None
    table = reading.table.set_index("dimension")
    evidence = {str(item["dimension"]): item for item in reading.agenda}
    columns: dict[str, object] = {"Dimension": list(table["title"])}
    for side, name in (("self", "Our"), ("peer", "Peer reviewers'")):
        columns |= {
            f"{name} position": table[f"{side}_median"].to_numpy(),
            f"{name} basis": [str(b) for b in table[f"{side}_basis"]],
            f"{name} lowest": table[f"{side}_low"].to_numpy(),
            f"{name} highest": table[f"{side}_high"].to_numpy(),
            f"{name} people": table[f"{side}_n"].to_numpy(),
        }
    columns["Gap (peers − ours)"] = table["gap"].to_numpy()
    for side, name in (("self", "Our evidence"), ("peer", "Peer reviewers' evidence")):
        columns[name] = [
            "\n".join(evidence[str(d)][f"{side}_evidence"])  # type: ignore[arg-type]
            for d in table.index
        ]
    return pd.DataFrame(columns)


def progress_sheet(answers: pd.DataFrame, workshop: Workshop, aliases: list[str]) -> pd.DataFrame:
    """Each action with progress recorded, at each meeting in order, in the plan's order; empty
    (no rows) when none is recorded. Free text redacted of ``aliases``."""
    framework = continuum_of(workshop.frameworks)
    plan = responses.actions(answers)
    plan = plan[plan["framework"] == framework.id]
    progress = responses.progress(answers)
    progress = progress[progress["framework"] == framework.id]
    order = {action_id: n for n, action_id in enumerate(plan["action_id"])}
    whats = dict(zip(plan["action_id"], plan["what"], strict=True))
    progress = progress[progress["action_id"].isin(list(order))]
    progress = progress.assign(order=progress["action_id"].map(order))
    progress = progress.sort_values(["order", "meeting"], kind="stable")
    return pd.DataFrame(
        {
            "Action": [redact(whats[a], aliases) for a in progress["action_id"]],
            "Meeting": [MEETING_NAMES.get(int(m), str(m)) for m in progress["meeting"]],
            "Status": [ACTION_STATUSES.get(str(s), str(s)) for s in progress["status"]],
            "Note": [redact(t, aliases) for t in progress["note"]],
            "Evidence": [redact(t, aliases) for t in progress["evidence"]],
            "Coach school's comment": [redact(t, aliases) for t in progress["coach_comment"]],
        }
    )


def peer_sheets(
    store: Store, workshop: Workshop, answers: pd.DataFrame, aliases: list[str]
) -> dict[str, pd.DataFrame]:
    """The "Self and peers" and "Progress" sheets, each only when it has something."""
    if workshop.kind != "team":
        return {}
    sheets: dict[str, pd.DataFrame] = {}
    compared = self_peer_sheet(store, workshop)
    if compared is not None:
        sheets[SELF_AND_PEERS] = compared
    visit = store.visit_of(workshop.code)
    more = [] if visit is None else [str(a) for a in store.participants(visit.code)["alias"]]
    progress = progress_sheet(answers, workshop, aliases + more)
    if not progress.empty:
        sheets[PROGRESS] = progress
    return sheets
