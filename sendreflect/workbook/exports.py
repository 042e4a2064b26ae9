"""Taking a workshop out of the store: the lossless JSON workbook (every participant, answer and
change in history; what a school downloads at the end of a temporary session and uploads to
carry on) and :func:`export`, which writes it, the CSV or the Excel file.

This module owns what the JSON workbook holds and the export formats.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from sendreflect.store import Store
from sendreflect.workbook.model import FORMAT, VERSION, WorkbookError
from sendreflect.workbook.spreadsheet import to_csv, to_xlsx


def workbook_data(store: Store, code: str) -> dict[str, Any]:
    """The JSON workbook of a workshop, as plain data."""
    workshop = store.workshop(code)
    frame = store.answers(workshop.code, include_cleared=True)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "exported_by": f"sendreflect {package_version('sendreflect')}",
        "workshop": {
            "code": workshop.code,
            "school": workshop.school,
            "round": workshop.round,
            "frameworks": list(workshop.frameworks),
            "previous_code": workshop.previous_code,
            "status": workshop.status,
            "revealed": workshop.revealed,
            "created_at": workshop.created_at,
            "kind": workshop.kind,
            # A visit names the self-evaluation it places; no other kind carries the key.
            **({"host_code": workshop.host_code} if workshop.kind == "visit" else {}),
        },
        "participants": store.participants(workshop.code).to_dict("records"),
        "answers": [
            {
                "subject": row.subject,
                "kind": row.kind,
                "framework": row.framework,
                "item_id": row.item_id,
                "value": row.value,
                "updated_at": row.updated_at.isoformat(timespec="microseconds"),
                "updated_by": row.updated_by,
            }
            for row in frame.itertuples()
        ],
        "history": store.history(workshop.code).drop(columns="workshop_code").to_dict("records"),
    }


def to_json(store: Store, code: str) -> bytes:
    """The JSON workbook as UTF-8 bytes (free text stays exactly as typed; JSON escapes it)."""
    return json.dumps(workbook_data(store, code), ensure_ascii=False, indent=1).encode("utf-8")


EXPORTERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}


def export(store: Store, code: str, fmt: str, out: str | Path) -> Path:
    """Write a workshop to ``out`` as json, csv or xlsx."""
    if fmt not in EXPORTERS:
        raise WorkbookError(f"choose a format from: {', '.join(EXPORTERS)}")
    out = Path(out)
    out.write_bytes(EXPORTERS[fmt](store, code))
    return out
