"""Validation: the pure checks every write passes, whether one answer typed in a browser or a
whole workbook brought back. Nothing here touches the store; each check returns the clean,
canonical form of what it was given or raises :class:`Invalid` saying, in plain English, what is
wrong. The store calls these before it writes anything (``Store.save``, ``Store.merge``), and
:func:`readable_answer` lets it read past a row that slipped in some other way.

This module owns the checks of one value: a code, a name, an alias, a timestamp, an answer.
:mod:`sendreflect.validate.book` checks a workshop's whole record set with them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sendreflect.frameworks import Framework, continua
from sendreflect.responses import (
    MAX_TEXT,
    ROLES,
    TEAM,
    AnswerError,
    Kind,
    validate_value,
)

MAX_CODE = 32
MAX_NAME = 200
"""School names and rounds."""
MAX_ALIAS = 60
MAX_ID = 40
"""Participant ids, history ids and who made a change."""
MAX_ITEM = 128
MAX_TIMESTAMP = 40
CLOCK_SKEW = dt.timedelta(minutes=5)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
LATEST_DATE = dt.date(2100, 12, 31)
FACILITATOR = "facilitator"

ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
ACTION_ID = re.compile(r"action(\.[a-z0-9_]+)+")
PRIORITY_ID = re.compile(r"pri-[0-9a-f]{1,32}")
MEETINGS = (1, 2, 3)
"""The triad's meetings at which progress on an action is recorded."""
MENTORING = "peer_mentoring"
"""The framework a mentoring plan's priorities, mentor's notes and readiness belong to."""
MONITORING_VISIT = "monitoring_visit"
_ITEM_PATTERNS = {
    Kind.ACTION: (ACTION_ID, "an action id"),
    Kind.PROGRESS: (
        re.compile(rf"{ACTION_ID.pattern}@[{''.join(map(str, MEETINGS))}]"),
        "an action's progress at meeting 1, 2 or 3 (such as action.1a2b3c@2)",
    ),
    Kind.PRIORITY: (PRIORITY_ID, "a priority id (such as pri-1a2b3c)"),
    Kind.MENTOR_NOTE: (
        re.compile(r"meeting-([1-9]|1[0-2])"),
        "a meeting from meeting-1 to meeting-12",
    ),
    Kind.READINESS: (re.compile(MONITORING_VISIT), f"'{MONITORING_VISIT}'"),
}
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_TEAM_KINDS = (
    Kind.AGREED,
    Kind.ACTION,
    Kind.PROGRESS,
    Kind.PRIORITY,
    Kind.MENTOR_NOTE,
    Kind.READINESS,
)
_MENTORING_KINDS = (Kind.PRIORITY, Kind.MENTOR_NOTE, Kind.READINESS)
_DATES = {Kind.ACTION: "by_when", Kind.MENTOR_NOTE: "date", Kind.READINESS: "visit_date"}


class Invalid(AnswerError):
    """Something refused before it reached the store, explained in plain English."""


def _describe(char: str) -> str:
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a hidden character that reverses the direction of text"
    return "a hidden control character"


def check_text(value: Any, what: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    """Text of at most ``limit`` characters with no hidden control or direction characters
    (newlines and tabs are fine)."""
    if not isinstance(value, str):
        raise Invalid(f"{what} must be text")
    if len(value) > limit:
        raise Invalid(f"{what} is {len(value):,} characters long; keep it under {limit:,}")
    found = _FORBIDDEN.search(value)
    if found:
        raise Invalid(
            f"{what} contains {_describe(found.group())}; retype it rather than pasting it"
        )
    if required and not value.strip():
        raise Invalid(f"{what} must not be empty")
    return value


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (v for v in value.values() if isinstance(v, str))


def check_code(code: Any, what: str = "the workshop code") -> str:
    """A join code, normalised (upper case, letters and digits only) and never empty."""
    text = check_text(code, what, limit=200)
    clean = "".join(ch for ch in text.upper() if ch.isalnum())
    if not clean:
        raise Invalid(f"{what} needs at least one letter or digit")
    if len(clean) > MAX_CODE:
        raise Invalid(f"{what} is longer than {MAX_CODE} letters and digits")
    return clean


def check_id(value: Any, what: str) -> str:
    """An id as the app makes them: letters, digits, '_' and '-', at most 40."""
    if not isinstance(value, str) or not ID.fullmatch(value):
        raise Invalid(f"{what} is not an id sendreflect makes")
    return value


def check_by(value: Any, people: Collection[str] | None = None) -> str:
    """Who made a change: the facilitator, the team or a participant (one of ``people``)."""
    by = check_id(value, "who made the change")
    if people is not None and by not in (FACILITATOR, TEAM) and by not in people:
        raise Invalid(f"a change was made by '{by}', who is not a participant of this workshop")
    return by


def parse_timestamp(value: Any) -> dt.datetime | None:
    """An ISO-8601 timestamp with a time zone, in UTC; None if it is not one."""
    if not isinstance(value, str) or len(value) > MAX_TIMESTAMP:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        return None
    return stamp.astimezone(dt.timezone.utc)


def check_timestamp(value: Any, what: str, *, now: dt.datetime | None = None) -> str:
    """A timestamp no earlier than 2000 and no later than now (give or take clock skew), as the
    canonical UTC text every stored timestamp uses."""
    stamp = parse_timestamp(value)
    if stamp is None:
        raise Invalid(
            f"{what} is not a date and time with a time zone (such as 2026-11-26T10:00:00+00:00)"
        )
    now = now or dt.datetime.now(dt.timezone.utc)
    if stamp > now + CLOCK_SKEW:
        raise Invalid(f"{what} is in the future ({value}), which cannot be right")
    if stamp < EARLIEST:
        raise Invalid(f"{what} is before the year 2000 ({value}), which cannot be right")
    # Within the skew allowed for a slow clock, but never later than now: no stamp can claim
    # to be newer than an edit made at this moment.
    return min(stamp, now).isoformat(timespec="microseconds")


def check_role(role: Any) -> str:
    if role not in ROLES:
        raise Invalid(f"choose a role from: {', '.join(ROLES.values())}")
    return role


def check_alias(alias: Any) -> str:
    """An alias with its spaces tidied, at most 60 characters."""
    text = " ".join(check_text(alias, "the alias", limit=1000).split())
    if any(unicodedata.category(char) == "Cf" for char in text):
        raise Invalid(
            "the alias holds an invisible character; type it again with letters, digits and "
            "spaces only"
        )
    if not text:
        raise Invalid("choose an alias: any name you like; it need not be your own")
    if len(text) > MAX_ALIAS:
        raise Invalid(f"keep the alias under {MAX_ALIAS} characters")
    return text


def check_name(value: Any, what: str, *, required: bool = True) -> str:
    """A school name or a round, stripped, at most 200 characters."""
    return check_text(value, what, limit=MAX_NAME, required=required).strip()


def check_frameworks(ids: Any, known: Mapping[str, Framework]) -> tuple[str, ...]:
    """The frameworks a workshop uses: known ids, at least one, none twice."""
    if not isinstance(ids, (list, tuple)) or not ids:
        raise Invalid("a workshop uses at least one framework")
    for framework_id in ids:
        if not isinstance(framework_id, str) or framework_id not in known:
            name = framework_id if isinstance(framework_id, str) else "?"
            raise Invalid(
                f"there is no framework '{name[:64]}' here; the frameworks are: {', '.join(known)}"
            )
    if len(set(ids)) != len(ids):
        raise Invalid("a workshop names one of its frameworks twice")
    placed_on = [f for f in ids if f in continua(known)]
    if len(placed_on) > 1:
        raise Invalid(
            "a workshop places the school on one continuum framework; choose one of "
            f"{', '.join(placed_on)} and run the other in a workshop of its own"
        )
    return tuple(ids)


_ITEMS: dict[tuple[int, Kind], tuple[Framework, frozenset[str]]] = {}


def item_ids(framework: Framework, kind: Kind) -> frozenset[str]:
    """The ids an answer of ``kind`` may refer to in ``framework`` (actions have their own);
    worked out once per loaded framework, as a workbook may check thousands of answers."""
    cached = _ITEMS.get((id(framework), kind))
    if cached is None or cached[0] is not framework:
        cached = _ITEMS[(id(framework), kind)] = (framework, frozenset(_item_ids(framework, kind)))
    return cached[1]


def _item_ids(framework: Framework, kind: Kind) -> set[str]:
    if kind in (Kind.POSITION, Kind.EVIDENCE, Kind.AGREED):
        return {d.id for d in framework.dimensions}
    if kind is Kind.REFLECTION:
        return {q.id for _, _, q in framework.questions()} | {p.id for _, p in framework.prompts()}
    if kind is Kind.RATING:
        return {a.id for a in framework.rating.areas} if framework.rating else set()
    return set()


def check_kind(kind: Any) -> Kind:
    try:
        return Kind(kind)
    except ValueError:
        raise Invalid(f"there is no kind of answer called '{str(kind)[:40]}'") from None


def check_subject(kind: Kind, subject: Any, people: Collection[str] | None = None) -> str:
    """Whose answer it is: the team's for agreed positions, actions and peer review's answers
    (progress, priorities, the mentor's notes, readiness), else a participant's (one of
    ``people`` when given)."""
    if kind in _TEAM_KINDS:
        if subject != TEAM:
            raise Invalid(f"{kind.value} answers are the team's, not one participant's")
        return subject
    who = check_id(subject, "whose answer it is")
    if who == TEAM:
        raise Invalid(f"{kind.value} answers are each participant's own, not the team's")
    if people is not None and who not in people:
        raise Invalid("an answer belongs to nobody in this workshop")
    return who


def _check_action(framework: Framework, value: dict[str, Any]) -> None:
    if value.get("dimension") and value["dimension"] not in item_ids(framework, Kind.POSITION):
        raise Invalid(f"an action names a dimension '{value['dimension'][:64]}' that is not there")
    prompt = value.get("prompt")
    if framework.id == MENTORING and prompt and PRIORITY_ID.fullmatch(prompt):
        return  # an action towards one of the mentoring plan's priorities
    if prompt and prompt not in item_ids(framework, Kind.REFLECTION):
        raise Invalid(f"an action names a prompt '{value['prompt'][:64]}' that is not there")


def _check_bounds(kind: Kind, value: Any) -> None:
    """What fits a kind's model yet could not be shown: dates out of range, hidden characters."""
    for text in _texts(value):
        check_text(text, f"the {kind.value} answer")
    field = _DATES.get(kind)
    if field and value.get(field):
        when = dt.date.fromisoformat(value[field])
        if not EARLIEST.date() <= when <= LATEST_DATE:
            what = kind.value.replace("_", " ")
            raise Invalid(f"a {what}'s date ({when}) should be between 2000 and 2100")


def _check_item(framework: Framework, kind: Kind, item_id: str) -> None:
    """The item an answer refers to: one of the framework's, or an id of the pattern its kind
    uses; the mentoring plan's kinds only in the mentoring framework, progress on a continuum."""
    what = kind.value.replace("_", " ")
    if kind in _MENTORING_KINDS and framework.id != MENTORING:
        raise Invalid(f"{what} answers belong to the '{MENTORING}' framework, not '{framework.id}'")
    if kind is Kind.PROGRESS and framework.kind != "continuum":
        raise Invalid(
            f"progress on actions is recorded on the workshop's continuum framework, "
            f"not '{framework.id}'"
        )
    if kind in _ITEM_PATTERNS:
        pattern, expected = _ITEM_PATTERNS[kind]
        if not pattern.fullmatch(item_id):
            raise Invalid(f"'{item_id}' is not {expected}, as sendreflect makes them")
    elif item_id not in item_ids(framework, kind):
        raise Invalid(f"the framework '{framework.id}' has no {what} item '{item_id}'")


def check_answer(
    frameworks: Mapping[str, Framework],
    uses: Collection[str],
    kind: Any,
    framework_id: Any,
    item_id: Any,
    value: Any,
) -> tuple[Kind, Any]:
    """An answer that fits its kind, its item and its framework's scale, in a framework the
    workshop uses. Returns the kind and the value in canonical, JSON-ready form."""
    kind = check_kind(kind)
    if not isinstance(framework_id, str) or framework_id not in uses:
        raise Invalid(f"this workshop does not use a framework called '{str(framework_id)[:64]}'")
    framework = frameworks.get(framework_id)
    if framework is None:
        raise Invalid(f"the framework '{framework_id}' is not installed here")
    if not isinstance(item_id, str) or len(item_id) > MAX_ITEM:
        raise Invalid(f"this {kind.value} answer does not name an item")
    _check_item(framework, kind, item_id)
    try:
        clean = validate_value(kind, value)
    except AnswerError as exc:
        raise Invalid(str(exc)) from None
    if clean is None:
        return kind, None
    _check_bounds(kind, clean)
    if kind is Kind.RATING and framework.rating is not None:
        scale = [p.value for p in framework.rating.scale]
        if clean not in scale:
            raise Invalid(f"a rating is one of {', '.join(map(str, scale))}, not {clean}")
    if kind is Kind.ACTION:
        _check_action(framework, clean)
    return kind, clean


def readable_answer(kind: Any, text: Any, stamp: Any) -> tuple[Any, str] | None:
    """A stored answer's value and canonical timestamp, or None if the row cannot be read
    (unknown kind, broken JSON, a value of the wrong shape, no real timestamp)."""
    when = parse_timestamp(stamp)
    if when is None or not EARLIEST <= when < dt.datetime(2262, 1, 1, tzinfo=dt.timezone.utc):
        return None
    try:
        value = None if text is None else json.loads(text)
        value = validate_value(Kind(kind), value)
        if value is not None:
            _check_bounds(Kind(kind), value)
    except (ValueError, TypeError, RecursionError):
        return None
    return value, when.isoformat(timespec="microseconds")


def readable_value(text: Any) -> tuple[bool, Any]:
    """Whether stored JSON text can be read, and its value."""
    if text is None:
        return True, None
    try:
        return True, json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return False, None
