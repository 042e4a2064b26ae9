"""Formats: how a number or a date is written wherever the team reads it (the projector, the
forms, the report), the same way everywhere and in English whatever the machine's locale.

This module owns the text of a value that may be missing; it builds no HTML and escapes nothing.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

DASH = "–"
"""What a missing number shows in a chart's hover text or a table."""
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
"""The months in English, so no date depends on the machine's locale (``%B`` would)."""


def is_missing(value: object) -> bool:
    """Whether a single value is missing: ``None``, ``pd.NA``, ``NaN`` or ``NaT``."""
    if value is None:
        return True
    if "pandas" not in sys.modules:  # no pandas, so no pd.NA or NaT: only a float can be NaN
        return isinstance(value, float) and math.isnan(value)
    import pandas as pd

    if value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is not a single missing value
        return False


def format_number(value: object, missing: str = DASH) -> str:
    """A number without needless decimals ("3", "3.5"), or ``missing`` when there is none."""
    return missing if is_missing(value) else f"{float(value):g}"  # type: ignore[arg-type]


def format_date(value: object) -> str:
    """A date as governors write it, e.g. "12 February 2027" (empty for a missing date)."""
    if not isinstance(value, str) and is_missing(value):
        return ""
    import pandas as pd

    day = pd.Timestamp(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_month(value: object) -> str:
    """A date's month and year, e.g. "February 2027" (empty for a missing date)."""
    if not isinstance(value, str) and is_missing(value):
        return ""
    import pandas as pd

    day = pd.Timestamp(value)
    return f"{MONTHS[day.month - 1]} {day.year}"
