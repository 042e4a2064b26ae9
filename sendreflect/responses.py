"""Responses: the kinds of answer, their values, and the tidy pandas frames built from them.

An answer is one row: who gave it (a participant, or the team), what kind it is, which framework
item it answers, and its value. Each kind has a pydantic model that checks its value, so nothing
malformed reaches the store. The frame builders turn stored rows into typed DataFrames with one row
per answer; their columns are documented in :data:`ANSWER_COLUMNS` and the builders' docstrings.

pandas is imported by the frame builders when they are first called, not with this module: a
participant's page checks and saves answers without ever building a frame (pandas, with
numpy, is about 50 MiB in every kernel).
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

if TYPE_CHECKING:
    import pandas as pd

MAX_TEXT = 20_000
TEAM = "team"
"""The subject of answers the whole team gives (agreed positions, actions)."""
TEAM_ALIAS = "Team"
"""How the answers frame names that subject in its ``alias`` column."""

ROLES: dict[str, str] = {
    "head_teacher": "Head teacher",
    "deputy": "Deputy or assistant head teacher",
    "senco": "SENCO",
    "governor": "Governor",
    "middle_leader": "Middle leader",
    "teacher": "Teacher",
    "support_staff": "Support staff",
    "peer_reviewer": "Peer reviewer (from another school)",
    "facilitator": "Facilitator",
}

NOT_SURE = "not_sure"
POSITION_LABELS: dict[int, str] = {
    1: "Preserve of specialists",
    2: "Mostly specialists",
    3: "In between",
    4: "Mostly whole school",
    5: "Whole school",
}

ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "under_way": "Under way",
    "done": "Done",
    "dropped": "Dropped",
}

READINESS_LABELS: dict[int, str] = {
    1: "Not yet ready",
    2: "Partly ready",
    3: "Mostly ready",
    4: "Ready",
}
"""How ready a school is for its monitoring visit after an inspection (a readiness rating)."""


class Kind(str, Enum):
    """The kinds of answer."""

    POSITION = "position"
    EVIDENCE = "evidence"
    REFLECTION = "reflection"
    RATING = "rating"
    AGREED = "agreed"
    ACTION = "action"
    PROGRESS = "progress"
    PRIORITY = "priority"
    MENTOR_NOTE = "mentor_note"
    READINESS = "readiness"


class AnswerError(ValueError):
    """An answer whose value does not fit its kind."""


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _filled(value: str) -> str:
    if not value.strip():
        raise ValueError("write it out: it must not be blank")
    return value


class Agreed(_Value):
    """The team's agreed position on a dimension."""

    position: int | None = Field(default=None, ge=1, le=5)
    rationale: str = Field(default="", max_length=MAX_TEXT)
    dissent: str = Field(default="", max_length=MAX_TEXT)


class Action(_Value):
    """One action in the team's plan."""

    what: Annotated[str, AfterValidator(_filled)] = Field(min_length=1, max_length=MAX_TEXT)
    dimension: str = ""
    prompt: str = ""
    lead: str = Field(default="", max_length=500)
    others: str = Field(default="", max_length=2000)
    by_when: dt.date | None = None
    success_criteria: str = Field(default="", max_length=MAX_TEXT)
    target_position: int | None = Field(default=None, ge=1, le=5)
    status: Literal["not_started", "under_way", "done", "dropped"] = "not_started"
    status_note: str = Field(default="", max_length=MAX_TEXT)


class Progress(_Value):
    """Progress on one action at one of a triad's meetings, with the coach school's comment."""

    status: Literal["not_started", "under_way", "done", "dropped"] = "not_started"
    note: str = Field(default="", max_length=MAX_TEXT)
    evidence: str = Field(default="", max_length=MAX_TEXT)
    coach_comment: str = Field(default="", max_length=MAX_TEXT)


class Priority(_Value):
    """One of an inspection's areas for development, made a priority of the mentoring plan."""

    area: Annotated[str, AfterValidator(_filled)] = Field(min_length=1, max_length=MAX_TEXT)
    priority: str = Field(default="", max_length=MAX_TEXT)
    order: int = Field(default=0, ge=0, le=999, strict=True)


class MentorNote(_Value):
    """The mentor's note of one mentoring meeting."""

    date: dt.date | None = None
    note: str = Field(default="", max_length=MAX_TEXT)


class Readiness(_Value):
    """Readiness for the monitoring visit: :data:`READINESS_LABELS` (None until rated)."""

    rating: int | None = Field(default=None, ge=1, le=4, strict=True)
    summary: str = Field(default="", max_length=MAX_TEXT)
    visit_date: dt.date | None = None


_MODELS: dict[Kind, type[_Value]] = {
    Kind.AGREED: Agreed,
    Kind.ACTION: Action,
    Kind.PROGRESS: Progress,
    Kind.PRIORITY: Priority,
    Kind.MENTOR_NOTE: MentorNote,
    Kind.READINESS: Readiness,
}
_HELP: dict[str, str] = {
    "status": f"the status is one of: {', '.join(ACTION_STATUSES)}",
    "area": "write the inspection's area for development",
    "order": "the order is a whole number from 0 to 999",
    "date": "the date is a date such as 2027-03-15, or empty",
    "visit_date": "the visit's date is a date such as 2027-03-15, or empty",
    "rating": "the rating is a whole number from 1 (not yet ready) to 4 (ready), or empty",
}

_POSITION = TypeAdapter(Literal[1, 2, 3, 4, 5, "not_sure"])
_TEXT = TypeAdapter(str)


def validate_value(kind: Kind | str, value: Any) -> Any:
    """Check a value against its kind and return its canonical, JSON-ready form.

    ``None`` clears an answer. Raises :class:`AnswerError` in plain English.
    """
    kind = Kind(kind)
    if value is None:
        return None
    try:
        if kind is Kind.POSITION:
            if isinstance(value, bool):  # true would otherwise pass as 1
                raise AnswerError("a position is a whole number from 1 to 5, or not sure")
            return _POSITION.validate_python(value)
        if kind in (Kind.EVIDENCE, Kind.REFLECTION):
            text = _TEXT.validate_python(value)
            if len(text) > MAX_TEXT:
                raise AnswerError(f"notes are limited to {MAX_TEXT:,} characters; shorten it")
            return text
        if kind is Kind.RATING:
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnswerError("a rating must be a whole number from the framework's scale")
            return value
        return _MODELS[kind].model_validate(value).model_dump(mode="json")
    except ValidationError as exc:
        raise _explain(kind, exc) from None


def _explain(kind: Kind, exc: ValidationError) -> AnswerError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    what = kind.value.replace("_", " ")
    if kind in (Kind.AGREED, Kind.ACTION):
        where = f" ({field})" if field else ""
        return AnswerError(f"this {what} answer is not valid{where}: {first['msg']}")
    if first["type"] == "extra_forbidden":
        fields = ", ".join(_MODELS[kind].model_fields)
        return AnswerError(f"a {what} answer has no field '{field[:40]}'; its fields are: {fields}")
    fix = _HELP.get(field, f"'{field}' must be text" if field else "it must be a set of fields")
    if first["type"] == "string_too_long":
        fix = f"'{field}' is limited to {MAX_TEXT:,} characters; shorten it"
    return AnswerError(f"this {what} answer is not valid: {fix}")


def dump_value(value: Any) -> str | None:
    """The stored form of a value: canonical JSON text (``None`` stays ``None``)."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def load_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)


ANSWER_COLUMNS: dict[str, str] = {
    "workshop": "string: the workshop's join code",
    "subject": "string: the participant's id, or 'team' for the team's answers",
    "alias": "string: the participant's alias ('Team' for team answers)",
    "role": "string: the participant's role id (see ROLES); empty for team answers",
    "kind": "string: position, evidence, reflection, rating, agreed, action, progress, "
    "priority, mentor_note or readiness",
    "framework": "string: the framework id",
    "item_id": "string: the item answered (a dimension, question, prompt, area or action id; "
    "for the peer-review kinds, see their frame builders)",
    "value": "object: the value, as JSON-ready Python data",
    "updated_at": "datetime64[ns, UTC]: when it was last changed",
    "updated_by": "string: who last changed it",
}

_STRING_COLUMNS = [c for c, doc in ANSWER_COLUMNS.items() if doc.startswith("string")]


def answers_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The tidy frame of answers: one row per answer, columns as in :data:`ANSWER_COLUMNS`."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
    frame["value"] = pd.Series([r["value"] for r in rows], index=frame.index, dtype=object)
    frame[_STRING_COLUMNS] = frame[_STRING_COLUMNS].astype("string")
    frame.loc[frame["subject"] == TEAM, "alias"] = TEAM_ALIAS
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True, format="ISO8601")
    return frame.sort_values(["kind", "framework", "item_id", "alias"], ignore_index=True)


def _of_kind(answers: pd.DataFrame, *kinds: Kind) -> pd.DataFrame:
    wanted = [k.value for k in kinds]
    return answers[answers["kind"].isin(wanted) & answers["value"].notna()].copy()


def positions(answers: pd.DataFrame) -> pd.DataFrame:
    """Positions on each continuum: ``position`` is Int64 1–5, missing where "not sure".

    Columns: workshop, subject, alias, role, framework, dimension, position, not_sure, updated_at.
    """
    import pandas as pd

    frame = _of_kind(answers, Kind.POSITION)
    frame["not_sure"] = frame["value"] == NOT_SURE
    frame["position"] = pd.array(
        [None if v == NOT_SURE else int(v) for v in frame["value"]], dtype="Int64"
    )
    frame = frame.rename(columns={"item_id": "dimension"})
    cols = ["workshop", "subject", "alias", "role", "framework", "dimension", "position"]
    return frame[[*cols, "not_sure", "updated_at"]].reset_index(drop=True)


def notes(answers: pd.DataFrame) -> pd.DataFrame:
    """Evidence and reflection notes. Columns: workshop, subject, alias, role, kind, framework,
    item_id, text, updated_at."""
    frame = _of_kind(answers, Kind.EVIDENCE, Kind.REFLECTION)
    frame["text"] = frame["value"].astype("string")
    cols = ["workshop", "subject", "alias", "role", "kind", "framework", "item_id", "text"]
    return frame[[*cols, "updated_at"]].reset_index(drop=True)


def ratings(answers: pd.DataFrame) -> pd.DataFrame:
    """Ratings of areas. Columns: workshop, subject, alias, role, framework, area, rating
    (Int64), updated_at."""
    import pandas as pd

    frame = _of_kind(answers, Kind.RATING).rename(columns={"item_id": "area"})
    frame["rating"] = pd.array([int(v) for v in frame["value"]], dtype="Int64")
    cols = ["workshop", "subject", "alias", "role", "framework", "area", "rating"]
    return frame[[*cols, "updated_at"]].reset_index(drop=True)


def agreed(answers: pd.DataFrame) -> pd.DataFrame:
    """The team's agreed positions. Columns: workshop, framework, dimension, position (Int64),
    rationale, dissent, updated_at, updated_by."""
    import pandas as pd

    frame = _of_kind(answers, Kind.AGREED).rename(columns={"item_id": "dimension"})
    values = [Agreed.model_validate(v) for v in frame["value"]]
    frame["position"] = pd.array([v.position for v in values], dtype="Int64")
    frame["rationale"] = pd.array([v.rationale for v in values], dtype="string")
    frame["dissent"] = pd.array([v.dissent for v in values], dtype="string")
    cols = ["workshop", "framework", "dimension", "position", "rationale", "dissent"]
    return frame[[*cols, "updated_at", "updated_by"]].reset_index(drop=True)


def actions(answers: pd.DataFrame) -> pd.DataFrame:
    """The action plan: one row per action, with every :class:`Action` field as a column
    (``by_when`` as a datetime, ``target_position`` Int64), plus workshop, framework,
    action_id and updated_at."""
    import pandas as pd

    frame = _of_kind(answers, Kind.ACTION).rename(columns={"item_id": "action_id"})
    fields = list(Action.model_fields)
    values = pd.DataFrame(
        [Action.model_validate(v).model_dump() for v in frame["value"]], columns=fields
    )
    values.index = frame.index
    frame = pd.concat([frame[["workshop", "framework", "action_id", "updated_at"]], values], axis=1)
    frame["by_when"] = pd.to_datetime(frame["by_when"])
    frame["target_position"] = frame["target_position"].astype("Int64")
    text = [f for f in fields if f not in ("by_when", "target_position")]
    frame[text] = frame[text].astype("string")
    return frame.sort_values(["by_when", "what"], ignore_index=True)


def _model_frame(
    answers: pd.DataFrame, kind: Kind, *, dates: tuple[str, ...] = (), numbers: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Answers of ``kind``, one row each: workshop, framework, item_id, each field of its model
    (``dates`` as datetimes, ``numbers`` Int64, the rest strings), updated_at, updated_by."""
    import pandas as pd

    model = _MODELS[kind]
    frame = _of_kind(answers, kind)
    rows = [model.model_validate(v).model_dump() for v in frame["value"]]
    values = pd.DataFrame(rows, columns=list(model.model_fields), index=frame.index)
    texts = [f for f in values.columns if f not in (*dates, *numbers)]
    values[texts] = values[texts].astype("string")
    values[list(numbers)] = values[list(numbers)].astype("Int64")
    for name in dates:
        values[name] = pd.to_datetime(values[name])
    ids = frame[["workshop", "framework", "item_id"]]
    return pd.concat([ids, values, frame[["updated_at", "updated_by"]]], axis=1)


def progress(answers: pd.DataFrame) -> pd.DataFrame:
    """Progress on the action plan at the triad's meetings. Columns: workshop, framework,
    action_id, meeting (Int64, 1–3), status, note, evidence, coach_comment, updated_at,
    updated_by; ordered by action and meeting."""
    import pandas as pd

    frame = _model_frame(answers, Kind.PROGRESS)
    parts = [str(item).rpartition("@") for item in frame["item_id"]]
    frame.insert(2, "action_id", pd.array([p[0] for p in parts], dtype="string"))
    frame.insert(3, "meeting", pd.array([int(p[2]) for p in parts], dtype="Int64"))
    frame = frame.drop(columns="item_id")
    return frame.sort_values(["action_id", "meeting"], ignore_index=True)


def priorities(answers: pd.DataFrame) -> pd.DataFrame:
    """A mentoring plan's priorities. Columns: workshop, framework, priority_id, area, priority,
    order (Int64), updated_at, updated_by; ordered by order, then priority_id."""
    frame = _model_frame(answers, Kind.PRIORITY, numbers=("order",)).rename(
        columns={"item_id": "priority_id"}
    )
    return frame.sort_values(["order", "priority_id"], ignore_index=True)


def mentor_notes(answers: pd.DataFrame) -> pd.DataFrame:
    """The mentor's notes. Columns: workshop, framework, meeting (Int64, 1–12), date (datetime),
    note, updated_at, updated_by; ordered by meeting."""
    import pandas as pd

    frame = _model_frame(answers, Kind.MENTOR_NOTE, dates=("date",))
    meetings = [int(str(item).removeprefix("meeting-")) for item in frame["item_id"]]
    frame.insert(2, "meeting", pd.array(meetings, dtype="Int64"))
    frame = frame.drop(columns="item_id")
    return frame.sort_values("meeting", ignore_index=True)


def readiness(answers: pd.DataFrame) -> pd.DataFrame:
    """Readiness for the monitoring visit. Columns: workshop, framework, rating (Int64, 1–4),
    label (its words in :data:`READINESS_LABELS`, missing until rated), summary, visit_date
    (datetime), updated_at, updated_by."""
    import pandas as pd

    frame = _model_frame(answers, Kind.READINESS, dates=("visit_date",), numbers=("rating",)).drop(
        columns="item_id"
    )
    labels = [None if pd.isna(r) else READINESS_LABELS[int(r)] for r in frame["rating"]]
    frame.insert(3, "label", pd.array(labels, dtype="string"))
    return frame.reset_index(drop=True)
