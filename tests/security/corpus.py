"""The hostile corpus: files no workbook import may accept, each with a phrase of the plain
message it must get. Small files are committed in ``corpus/`` (remake them with
``python -m tests.security.corpus``); large ones are made by :func:`large_files` at test time,
so the repository stays small.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
ASH = "a1" * 16
BIRCH = "b2" * 16
STAMP = "2026-01-05T10:00:00.000000+00:00"
NC = "national_college"

DAMAGED = "damaged or was edited by hand"
INCOMPLETE = "not a complete sendreflect workbook"
NOT_OURS = "not a workbook sendreflect wrote"
FOREIGN = "not a sendreflect workbook"


def template() -> dict[str, Any]:
    """A small valid workbook for a new workshop HOST1 (two people, three answers, a change)."""
    return {
        "format": "sendreflect-workbook",
        "version": 1,
        "exported_at": STAMP,
        "exported_by": "sendreflect 0.1.0",
        "workshop": {
            "code": "HOST1",
            "school": "Hostile Primary",
            "round": "Baseline, January 2026",
            "frameworks": [NC, "sen_leaders"],
            "previous_code": None,
            "status": "open",
            "revealed": False,
            "created_at": STAMP,
        },
        "participants": [
            {"id": ASH, "alias": "Ash", "role": "senco", "school": "", "joined_at": STAMP},
            {"id": BIRCH, "alias": "Birch", "role": "teacher", "school": "", "joined_at": STAMP},
        ],
        "answers": [
            _answer(ASH, "position", NC, "values", 3),
            _answer(BIRCH, "evidence", NC, "values", "Seen in lessons"),
            _answer("team", "action", NC, "action.host1.1", {"what": "Audit TA deployment"}),
        ],
        "history": [
            {
                "id": "c3" * 16,
                "subject": ASH,
                "kind": "position",
                "framework": NC,
                "item_id": "values",
                "old_value": None,
                "new_value": 3,
                "changed_at": STAMP,
                "changed_by": ASH,
            }
        ],
    }


def _answer(subject: str, kind: str, framework: str, item: str, value: Any) -> dict[str, Any]:
    return {
        "subject": subject,
        "kind": kind,
        "framework": framework,
        "item_id": item,
        "value": value,
        "updated_at": STAMP,
        "updated_by": subject if subject != "team" else "facilitator",
    }


def changed(edit: Callable[[dict[str, Any]], Any]) -> bytes:
    """The template with one edit made, as JSON bytes (non-ASCII kept as typed)."""
    book = copy.deepcopy(template())
    edit(book)
    return json.dumps(book, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit setting ``path`` (keys and list indexes joined by '/') to ``value``."""

    def edit(book: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        node: Any = book
        for part in parents:
            node = node[part]
        node[last] = value

    return edit


def _rename(new_id: str) -> Callable[[dict[str, Any]], None]:
    """An edit giving Birch another id everywhere Birch appears."""

    def edit(book: dict[str, Any]) -> None:
        book["participants"][1]["id"] = new_id
        book["answers"][1]["subject"] = book["answers"][1]["updated_by"] = new_id

    return edit


def _append(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda book: book[path].append(copy.deepcopy(value))


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
    return buffer.getvalue()


def _text(raw: str) -> bytes:
    return raw.encode("utf-8")


def small_files() -> dict[str, tuple[bytes, str]]:
    """Every committed file: its name, its bytes and a phrase its refusal must contain."""
    good = changed(lambda book: None)
    dup = good.replace(b'"format"', b'"version": 1, "format"', 1)
    return {
        # -- not JSON at all, or not text --------------------------------------------------
        "not_json.json": (b"{not json at all", INCOMPLETE),
        "truncated.json": (good[: len(good) // 2], INCOMPLETE),
        "empty.json": (b"", "empty"),
        "whitespace_only.json": (b" \n\t \r\n", "empty"),
        "bom_only.json": (b"\xef\xbb\xbf", FOREIGN),
        "utf16_with_bom.json": (good.decode().encode("utf-16"), "UTF-16"),
        "invalid_utf8.json": (b'{"format": "sendreflect-workbook\xff\xfe"}', INCOMPLETE),
        "nul_bytes.json": (b"\x00" * 64, FOREIGN),
        "html_page.json": (b"<html><script>alert(1)</script></html>", FOREIGN),
        "pdf_named_json.json": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        "old_office_file.json": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 56, "old Excel"),
        "zip_bomb_small.json": (_zip("book.json", b"\0" * 10_000_000), "Excel or zip"),
        "gzip_bomb_small.json": (gzip.compress(b"\0" * 10_000_000, mtime=0), "compressed"),
        "csv_export.csv": (
            _text("workshop,subject,value\nDEMO,team,\"=cmd|' /C calc'!A0\"\n"),
            FOREIGN,
        ),
        "csv_formula_only.json": (_text('=HYPERLINK("http://evil","x")'), FOREIGN),
        # -- JSON, but not as sendreflect writes it ---------------------------------------
        "top_level_list.json": (b"[1, 2, 3]", FOREIGN),
        "top_level_string.json": (b'"sendreflect-workbook"', FOREIGN),
        "number_5000_digits.json": (b"9" * 5000, NOT_OURS),
        "number_5000_digits_in_version.json": (
            good.replace(b'"version": 1', b'"version": ' + b"7" * 5000, 1),
            NOT_OURS,
        ),
        "huge_int_rating.json": (
            good.replace(b'"value": 3', b'"value": 99999999999999999999999', 1),
            NOT_OURS,
        ),
        "nan_version.json": (good.replace(b'"version": 1', b'"version": NaN', 1), NOT_OURS),
        "infinity_position.json": (
            good.replace(b'"value": 3', b'"value": Infinity', 1),
            NOT_OURS,
        ),
        "duplicate_keys.json": (dup, "appears twice"),
        "deep_nesting_small.json": (b"[" * 3000 + b"]" * 3000, "nested"),
        "deep_nesting_value.json": (
            changed(_set("answers/1/value", json.loads("[" * 40 + "]" * 40))),
            "nested",
        ),
        "foreign_format.json": (_text('{"name": "another app", "rows": []}'), FOREIGN),
        "newer_version.json": (changed(_set("version", 99)), "newer sendreflect"),
        "version_as_text.json": (changed(_set("version", "1")), DAMAGED),
        "extra_field.json": (changed(_set("workshop/admin", True)), DAMAGED),
        "participants_not_a_list.json": (changed(_set("participants", "everyone")), DAMAGED),
        # -- values that do not fit ----------------------------------------------------------
        "position_out_of_range.json": (changed(_set("answers/0/value", 6)), DAMAGED),
        "position_as_float.json": (changed(_set("answers/0/value", 3.5)), DAMAGED),
        "position_wrong_shape.json": (changed(_set("answers/0/value", {"a": 1})), DAMAGED),
        "rating_not_on_scale.json": (
            changed(
                _append("answers", _answer(ASH, "rating", "sen_leaders", "sen_leaders.area.1", 7))
            ),
            "a rating is one of",
        ),
        "rating_true.json": (
            changed(
                _append(
                    "answers", _answer(ASH, "rating", "sen_leaders", "sen_leaders.area.1", True)
                )
            ),
            DAMAGED,
        ),
        "unknown_item.json": (changed(_set("answers/0/item_id", "values.nope")), "no position"),
        "unknown_framework.json": (
            changed(_set("workshop/frameworks", [NC, "made_up"])),
            "no framework 'made_up'",
        ),
        "framework_not_used.json": (
            changed(_set("answers/0/framework", "peer_support")),
            "does not use a framework",
        ),
        "unknown_kind.json": (changed(_set("answers/0/kind", "vote")), DAMAGED),
        "action_bad_id.json": (changed(_set("answers/2/item_id", "../../etc/passwd")), "action id"),
        "action_date_9999.json": (
            changed(_set("answers/2/value", {"what": "x", "by_when": "9999-12-31"})),
            "between 2000 and 2100",
        ),
        "action_unknown_dimension.json": (
            changed(_set("answers/2/value", {"what": "x", "dimension": "x" * 5000})),
            "names a dimension",
        ),
        "note_too_long_for_its_kind.json": (
            changed(_set("answers/1/value", "é" * 20_001)),
            DAMAGED,
        ),
        # -- timestamps -----------------------------------------------------------------------
        "future_timestamp_2262.json": (
            changed(_set("answers/0/updated_at", "2262-01-01T00:00:00+00:00")),
            "in the future",
        ),
        "date_without_zone_2262.json": (
            changed(_set("answers/0/updated_at", "2262-01-01")),
            "with a time zone",
        ),
        "not_a_date.json": (changed(_set("history/0/changed_at", "not-a-date")), "time zone"),
        "year_one.json": (
            changed(_set("participants/0/joined_at", "0001-01-01T00:00:00+00:00")),
            "before the year 2000",
        ),
        "timestamp_as_number.json": (changed(_set("workshop/created_at", 1e300)), DAMAGED),
        # -- hidden characters and lengths ------------------------------------------------------
        "bell_in_alias.json": (changed(_set("participants/0/alias", "Ash\u0007")), "control"),
        "bidi_override_in_school.json": (
            changed(_set("workshop/school", "Oak \u202eloohcS")),
            "direction of text",
        ),
        "bidi_isolate_in_note.json": (
            changed(_set("answers/1/value", "fine \u2066hidden\u2069")),
            "direction of text",
        ),
        "nul_in_note.json": (changed(_set("answers/1/value", "a\u0000b")), "control"),
        "lone_surrogate.json": (
            good.replace(b"Seen in lessons", b"Seen \\ud800 in lessons", 1),
            "control",
        ),
        "escape_sequence_in_round.json": (
            changed(_set("workshop/round", "\u001b[31mred")),
            "control",
        ),
        "long_school.json": (changed(_set("workshop/school", "x" * 5000)), "keep it under"),
        "long_alias.json": (changed(_set("participants/0/alias", "y" * 500)), DAMAGED),
        "code_only_symbols.json": (changed(_set("workshop/code", "-- --")), "letter or digit"),
        "code_too_long.json": (changed(_set("workshop/code", "A" * 32 + "-B")), "at most 32"),
        # -- records that do not hang together -----------------------------------------------
        "orphan_answer.json": (changed(_set("answers/0/subject", "c" * 32)), "nobody"),
        "team_answer_from_one_person.json": (
            changed(_set("answers/2/subject", ASH)),
            "the team's",
        ),
        "personal_answer_as_team.json": (
            changed(_set("answers/0/subject", "team")),
            "participant's own",
        ),
        "unknown_role.json": (changed(_set("participants/0/role", "admin")), DAMAGED),
        "participant_id_sql.json": (changed(_rename("x'; DROP TABLE answers;--")), "not an id"),
        "duplicate_participant_ids.json": (changed(_rename(ASH)), "appears twice"),
        "duplicate_aliases.json": (changed(_set("participants/1/alias", "Ash")), "alias"),
        "duplicate_answers.json": (
            changed(_append("answers", _answer(ASH, "position", NC, "values", 4))),
            "appears twice",
        ),
        "duplicate_history_ids.json": (
            changed(lambda book: book["history"].append(copy.deepcopy(book["history"][0]))),
            "appears twice",
        ),
        "changed_by_a_stranger.json": (
            changed(_set("history/0/changed_by", "d" * 32)),
            "not a participant",
        ),
    }


def large_files(folder: Path, limit: int) -> dict[str, tuple[Path, str]]:
    """Files too large to commit, made in ``folder``: name, path and the phrase expected."""
    made: dict[str, tuple[bytes | None, str]] = {
        "oversized_valid.json": (
            changed(_set("exported_by", " " * (limit + 10))),
            "more than the",
        ),
        "huge_note_under_limit.json": (
            changed(_set("answers/1/value", "z" * (limit - 20_000))),
            DAMAGED,
        ),
        "deep_nesting_million.json": (b"[" * 1_000_000 + b"]" * 1_000_000, "nested"),
        "too_many_participants.json": (
            changed(
                lambda book: book["participants"].extend(
                    {"id": f"p{n}", "alias": f"P{n}", "role": "teacher", "joined_at": STAMP}
                    for n in range(1_500)
                )
            ),
            "more than the 1,000",
        ),
        "zip_bomb_large.json": (_zip("book.json", b"\0" * 200_000_000), "Excel or zip"),
        "seventy_megabytes.json": (None, "more than the"),
    }
    paths: dict[str, tuple[Path, str]] = {}
    for name, (data, phrase) in made.items():
        path = folder / name
        if data is None:
            with path.open("wb") as handle:  # sparse: 70 MB on paper, nothing on disk
                handle.truncate(70 * 1024 * 1024)
        else:
            path.write_bytes(data)
        paths[name] = (path, phrase)
    return paths


def write_corpus() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, (data, _phrase) in small_files().items():
        (CORPUS / name).write_bytes(data)


if __name__ == "__main__":
    write_corpus()
