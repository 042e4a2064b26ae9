"""Confidentiality rules: the smallest group shown, head counts, and aliases redacted."""

from __future__ import annotations

import pandas as pd

from sendreflect.confidential import MIN_GROUP, count_text, redact, unattributed


def test_counts_under_the_smallest_group_are_not_given() -> None:
    assert MIN_GROUP == 3
    assert [count_text(n) for n in range(5)] == ["0", "fewer than 3", "fewer than 3", "3", "4"]


def test_aliases_are_replaced_as_whole_words_in_any_case() -> None:
    aliases = ["Ash", "Ash Tree", "J.B.", "Zoë", "", None]
    text = "ash said ASH TREE agreed with Ash; Ashford's J.B. and zoë (and JxBx) did not."
    assert redact(text, aliases) == (
        "a colleague said a colleague agreed with a colleague; Ashford's a colleague and "
        "a colleague (and JxBx) did not."
    )
    assert redact("Ash", []) == "Ash"
    assert redact(pd.NA, ["Ash"]) == "" and redact(None, ["Ash"]) == ""


def test_redacting_leaves_markup_for_the_renderer_to_escape() -> None:
    assert redact("<b>Ash</b> & co", ["ash"]) == "<b>a colleague</b> & co"
    assert redact("<Ash>", ["<Ash>"]) == "a colleague"


def test_notes_are_unattributed_redacted_and_alphabetical() -> None:
    notes = pd.Series(["zebra by Oak", "  ", pd.NA, "Apple", "banana"], dtype="string")
    assert unattributed(notes, ["oak"]) == ["Apple", "banana", "zebra by a colleague"]
