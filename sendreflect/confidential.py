"""Confidentiality: the rules that keep what a team shares from pointing at any one person.

Participants are told that no real names are needed, so nothing the team sees together (the
projector) or hands on (the governors' report) may tie a note, a rating or a position to a person:

* :data:`MIN_GROUP`: no group smaller than this is shown apart from the rest (a role, the raters
  of an area, a school's round); smaller groups are pooled or withheld.
* :func:`count_text`: a head count as shown, "fewer than 3" for a small group.
* :func:`redact`: a participant's alias typed into free text becomes "a colleague".
* :func:`unattributed`: notes as bare texts in a neutral order, so no order hints at an author.

Everything here works on plain text; escaping is the renderer's job, done after redacting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

MIN_GROUP = 3
"""The smallest group of people whose figures are shown apart from the rest."""

COLLEAGUE = "a colleague"
"""What an alias typed into free text is replaced with."""


def count_text(count: int, min_group: int = MIN_GROUP) -> str:
    """A head count as shown: the number when it is ``min_group`` or more (or none at all),
    otherwise "fewer than 3"."""
    return str(count) if count == 0 or count >= min_group else f"fewer than {min_group}"


def _pattern(aliases: Iterable[object]) -> re.Pattern[str] | None:
    names = {_plain(a).strip() for a in aliases} - {""}
    if not names:
        return None
    longest_first = sorted(names, key=lambda n: (-len(n), n))
    words = "|".join(re.escape(n) for n in longest_first)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def redact(text: object, aliases: Iterable[object], replacement: str = COLLEAGUE) -> str:
    """``text`` with every alias in ``aliases`` replaced by ``replacement``: whole words only,
    in any case ("ash" and "ASH" for the alias Ash, not "Ashford"). Plain text in, plain text
    out: escape the result where it goes into HTML."""
    return _apply(_pattern(aliases), text, replacement)


def _plain(text: object) -> str:
    """Text as a string, with a missing value (None, <NA>, NaN) as empty."""
    return "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)


def _apply(pattern: re.Pattern[str] | None, text: object, replacement: str = COLLEAGUE) -> str:
    plain = _plain(text)
    return plain if pattern is None else pattern.sub(replacement, plain)


def unattributed(texts: Iterable[object], aliases: Iterable[object] = ()) -> list[str]:
    """Notes ready to show to the team: blank ones dropped, aliases redacted, and in
    alphabetical order (never by author, role or time, which could hint at who wrote them)."""
    pattern = _pattern(aliases)
    shown = [_apply(pattern, t) for t in texts if _plain(t).strip()]
    return sorted(shown, key=lambda t: (t.casefold(), t))
