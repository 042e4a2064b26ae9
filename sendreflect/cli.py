"""Command line: ``sendreflect frameworks | check-framework | demo | workshops | new | keys |
adopt | export | report | serve | import | programme | mentoring`` (the last two, peer review
across schools, in :mod:`sendreflect.cli_programme`). Errors go to stderr in plain English with
a non-zero exit, never a traceback: a failing database (full, read-only, damaged, locked,
unreachable) says which, in one line, and what to do."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy.exc import DBAPIError

from sendreflect import cli_programme, demo
from sendreflect.dberrors import translate
from sendreflect.formats import format_date, format_number, is_missing
from sendreflect.frameworks import PACK, FrameworkError, load_frameworks, parse_framework
from sendreflect.report import ReportError, write_report
from sendreflect.responses import AnswerError
from sendreflect.server import ServerError, serve
from sendreflect.settings import get_settings
from sendreflect.store import Store, StoreError
from sendreflect.workbook import EXPORTERS, WorkbookError, export, import_workbook

EXPECTED_ERRORS = (
    FrameworkError,
    StoreError,
    WorkbookError,
    AnswerError,
    ReportError,
    ServerError,
    OSError,
)


def _store(args: argparse.Namespace) -> Store:
    return Store(args.db)


def cmd_frameworks(args: argparse.Namespace) -> int:
    for framework in load_frameworks().values():
        counts = ", ".join(f"{n} {what}" for what, n in framework.counts().items() if n)
        print(f"{framework.id}: {framework.title} ({counts})")
    return 0


def cmd_check_framework(args: argparse.Namespace) -> int:
    framework = parse_framework(args.file)
    counts = ", ".join(f"{n} {what}" for what, n in framework.counts().items() if n)
    print(f"{args.file}: framework '{framework.id}' is valid ({counts}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    store = _store(args)
    created = demo.seed_demo(store, reset=args.reset)
    state = "created" if created else "already there (use --reset to start it afresh)"
    print(f"Demo workshop {demo.CODE} {state}, with baseline {demo.BASELINE_CODE}, in {store!r}.")
    return 0


def workshops_table(frame: pd.DataFrame) -> str:
    """The workshop list as people read it: headed columns, a blank for no earlier round, the
    date a workshop was created (no seconds), left-aligned text."""
    shown = pd.DataFrame(
        {
            "Code": frame["code"],
            "School": frame["school"],
            "Round": frame["round"],
            "Status": frame["status"],
            "Created": frame["created_at"].map(format_date),
            "Earlier round": frame["previous_code"].map(lambda c: "" if is_missing(c) else c),
            "People": frame["participants"].map(lambda n: format_number(n, missing="0")),
        }
    ).astype(str)
    widths = {c: max(len(c), *shown[c].str.len()) for c in shown.columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in shown.columns)]
    lines += ["  ".join(v.ljust(widths[c]) for c, v in row.items()) for _, row in shown.iterrows()]
    return "\n".join(line.rstrip() for line in lines)


def cmd_workshops(args: argparse.Namespace) -> int:
    frame = _store(args).workshops()
    if frame.empty:
        print("No workshops yet: run 'sendreflect demo' or 'sendreflect new'.")
    else:
        print(workshops_table(frame))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    frameworks = args.framework or [PACK]
    known = load_frameworks()
    for framework_id in frameworks:
        if framework_id not in known:
            raise FrameworkError(
                f"there is no framework '{framework_id}'; choose from: {', '.join(known)}."
            )
    workshop = _store(args).create_workshop(
        args.school, args.round, frameworks, code=args.code, previous_code=args.previous
    )
    print(f"Workshop {workshop.code} created for {workshop.school}, {workshop.round}.")
    print(f"facilitator key (opens this workshop only): {workshop.facilitator_key}")
    return 0


STORE_KEY_WARNING = (
    "The store key opens every workshop in this store and the overview across schools: keep it "
    "private, never project it or send it to a school. Give each workshop's facilitator that "
    "workshop's own key."
)


def cmd_keys(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.code:
        workshop = store.workshop(args.code)
        key = store.rotate_key(workshop.code) if args.rotate else workshop.facilitator_key
        state = "new key" if args.rotate else "key"
        print(f"Workshop {workshop.code} ({workshop.school}, {workshop.round}) {state}: {key}")
        if args.rotate:
            print("Links with the old key no longer open this workshop.")
        return 0
    key = store.rotate_key() if args.rotate else store.facilitator_key()
    print(f"{'New store key' if args.rotate else 'Store key'}: {key}")
    print(STORE_KEY_WARNING)
    if args.rotate:
        print("Links with the old store key no longer open anything.")
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    store = _store(args)
    workshop = store.workshop(args.code)
    if workshop.kind in ("visit", "mentoring"):
        what = "a peer visit" if workshop.kind == "visit" else "a school's mentoring"
        raise StoreError(
            f"workshop {workshop.code} is {what}, not a solo reflection; it stays out of the "
            "workshop list and is opened with its own code."
        )
    if workshop.kind != "solo":
        print(f"Workshop {workshop.code} is already a team workshop; nothing changed.")
        return 0
    store.update_workshop(workshop.code, kind="team")
    print(
        f"Solo reflection {workshop.code} ({workshop.school}) is now in the workshop list and the "
        "overview across schools."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out or f"{args.code.upper()}.{args.format}")
    export(_store(args), args.code, args.format, out)
    print(f"Wrote {out}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out or f"{args.code.upper()}-report.html")
    for path in write_report(_store(args), args.code, out, pdf=args.pdf):
        print(f"Wrote {path}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    print(import_workbook(_store(args), Path(args.path)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(
        args.workshop,
        port=args.port,
        host=args.host,
        open_browser=not args.no_browser,
        store=_store(args),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendreflect",
        description="Leadership reflection on special educational needs and disabilities (SEND).",
    )
    parser.add_argument(
        "--db",
        help="SQLAlchemy URL of the store (default: SENDREFLECT_DB or "
        "an SQLite file in your data folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, func: Callable[[argparse.Namespace], int] | None, help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if func is not None:  # else its own subcommands say what runs
            p.set_defaults(func=func)
        return p

    command("frameworks", cmd_frameworks, "list the frameworks with how many items each holds")
    p = command("check-framework", cmd_check_framework, "check a framework YAML file")
    p.add_argument("file")
    p = command("demo", cmd_demo, "create the demo workshop DEMO and its baseline DEMO25")
    p.add_argument("--reset", action="store_true", help="delete and recreate the demo")
    command("workshops", cmd_workshops, "list the workshops in the store")
    p = command("new", cmd_new, "create a workshop and print its join code")
    p.add_argument("--school", required=True)
    p.add_argument("--round", required=True, help="e.g. 'Baseline, November 2026'")
    p.add_argument(
        "--framework",
        action="append",
        help="framework id (repeatable); the school is placed on its one continuum framework, "
        "the National College pack unless you name another",
    )
    p.add_argument("--code", help="choose the join code (default: six random characters)")
    p.add_argument("--previous", help="code of the same school's earlier round")
    p = command("keys", cmd_keys, "show or replace the store key, or one workshop's key")
    p.add_argument("code", nargs="?", help="a workshop's join code (default: the store key)")
    p.add_argument("--rotate", action="store_true", help="replace the key with a new one")
    p = command("adopt", cmd_adopt, "bring a school's solo reflection into the workshop list")
    p.add_argument("code")
    p = command("export", cmd_export, "write a workshop to a file")
    p.add_argument("code")
    p.add_argument("--format", choices=list(EXPORTERS), default="json")
    p.add_argument("--out", help="file to write (default CODE.FORMAT)")
    p = command("report", cmd_report, "write the report for governors as one HTML file")
    p.add_argument("code")
    p.add_argument("--out", help="HTML file to write (default CODE-report.html)")
    p.add_argument("--pdf", action="store_true", help="also print it to a PDF beside the HTML")
    p = command("serve", cmd_serve, "run the workshop apps and print their links")
    p.add_argument("--workshop", default=demo.CODE, help="join code (default: the demo)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--host", help="listen on this address (then a token is required)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p = command("import", cmd_import, "bring a JSON workbook into the store (all or nothing)")
    p.add_argument("path")
    cli_programme.add_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EXPECTED_ERRORS as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
        print(f"sendreflect: {message}{where}", file=sys.stderr)
        return 1
    except DBAPIError as exc:  # a database error the store met outside its own checks
        print(f"sendreflect: {translate(exc, args.db or get_settings().db_url)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
