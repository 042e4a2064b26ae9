"""Command line for peer review across schools: ``sendreflect programme new | add-school | stage |
visit | show | list | export | import`` and ``sendreflect mentoring start``. Run by whoever holds
the store's key; what the store refuses it says in plain English, and :mod:`sendreflect.cli`
prints it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from sendreflect.frameworks import PACK
from sendreflect.peer import ALL_TRIADS, STAGES
from sendreflect.store import ProgrammeSchool, Store, StoreError, Workshop
from sendreflect.store.programmes import MENTORING_ROUND
from sendreflect.workbook import export_programme, import_programme

BY = "facilitator"
"""Who the programme's records are changed by: the holder of the store's key."""

Command = Callable[[argparse.Namespace], int]


def columns(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> str:
    """Rows of text under a header, each column as wide as its widest cell."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [header, *rows]
    return "\n".join(
        (indent + "  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True))).rstrip()
        for line in lines
    )


def _opened(workshop: Workshop, what: str) -> None:
    """What ``sendreflect new`` prints of a workshop: its code, school, round and own key."""
    print(f"{what} {workshop.code} created for {workshop.school}, {workshop.round}.")
    print(f"facilitator key (opens this workshop only): {workshop.facilitator_key}")
    print(f"Links: sendreflect serve --workshop {workshop.code}")


def _school(store: Store, code: str, wanted: str) -> ProgrammeSchool:
    """A programme's school by its id, its name or its self-evaluation's code."""
    schools = store.programme_schools(code)
    for school in schools:
        if wanted in (school.school_id, school.self_code) or wanted.casefold() == (
            school.school.casefold()
        ):
            return school
    known = ", ".join(s.school_id for s in schools) or "none yet"
    raise StoreError(f"programme {code.upper()} has no school '{wanted}'; its schools: {known}.")


def cmd_new(args: argparse.Namespace) -> int:
    store = Store(args.db)
    programme = store.create_programme(
        args.name, lead=args.lead or "", framework=args.framework, code=args.code
    )
    print(f"Programme {programme.code} created: {programme.name} ({programme.framework}).")
    print(
        f"Add its schools with: sendreflect programme add-school {programme.code} SCHOOL "
        "--cohort COHORT --triad TRIAD [--coach]"
    )
    print(
        "Or run it from its page: start `sendreflect serve`, open the store key's link it "
        f"prints and choose {programme.name} under 'Peer-review programmes'."
    )
    return 0


def cmd_add_school(args: argparse.Namespace) -> int:
    store = Store(args.db)
    school = store.add_school(
        args.code, args.school, cohort=args.cohort, triad=args.triad, coach=args.coach
    )
    role = ", the triad's coach school" if school.coach else ""
    print(
        f"{school.school} (id {school.school_id}) joined programme {school.programme_code}: "
        f"cohort {school.cohort}, triad {school.triad}{role}."
    )
    _opened(store.workshop(school.self_code), "Self-evaluation")
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    store = Store(args.db)
    scope = args.triad or ALL_TRIADS
    known = {
        (r.scope, r.item_id): r.value for r in store.programme_records(args.code, kind="stage")
    }
    value = dict(known.get((scope, args.stage)) or {"date": None, "done": False})
    if args.date is not None:
        value["date"] = args.date
    if args.done is not None:
        value["done"] = args.done
    changed = store.save_programme_record(args.code, scope, "stage", args.stage, value, by=BY)
    where = f"triad {scope}" if args.triad else "the whole programme"
    label = STAGES.get(args.stage, args.stage)
    state = "saved" if changed else "already so; nothing changed"
    done = ", done" if value["done"] else ""
    print(f"{label} for {where}: {value['date'] or 'no date'}{done} ({state}).")
    return 0


def cmd_visit(args: argparse.Namespace) -> int:
    store = Store(args.db)
    school = _school(store, args.code, args.school)
    had = school.visit_code
    visit = store.open_visit(args.code, school.school_id)
    if had:
        print(f"{school.school}'s peer visit is already open: {visit.code}.")
        print(f"facilitator key (opens this workshop only): {visit.facilitator_key}")
        print(f"Links: sendreflect serve --workshop {visit.code}")
    else:
        _opened(visit, "Peer visit")
    print(
        f"Reviewers from the other schools of triad {school.triad} join it with the code "
        f"{visit.code}, role 'peer reviewer' and their own school."
    )
    return 0


def _stages_table(store: Store, code: str) -> str:
    records = store.programme_records(code, kind="stage")
    if not records:
        return "  No stages dated yet: sendreflect programme stage CODE STAGE --date YYYY-MM-DD"
    rows = [
        [
            STAGES.get(r.item_id, r.item_id),
            "whole programme" if r.scope == ALL_TRIADS else f"triad {r.scope}",
            r.value.get("date") or "",
            "done" if r.value.get("done") else "",
        ]
        for r in sorted(records, key=lambda r: (list(STAGES).index(r.item_id), r.scope))
    ]
    return columns(["Stage", "For", "Date", ""], rows, indent="  ")


def cmd_show(args: argparse.Namespace) -> int:
    store = Store(args.db)
    programme = store.programme(args.code)
    lead = f", led by {programme.lead}" if programme.lead else ""
    print(f"Programme {programme.code}: {programme.name}{lead} ({programme.framework}).")
    schools = store.programme_schools(programme.code)
    if not schools:
        print(f"No schools yet: sendreflect programme add-school {programme.code} SCHOOL ...")
    rows = [
        [
            s.cohort,
            s.triad,
            s.school + (" (coach)" if s.coach else ""),
            s.school_id,
            s.self_code,
            s.visit_code or "not opened",
        ]
        for s in schools
    ]
    if rows:
        print()
        print(columns(["Cohort", "Triad", "School", "Id", "Self-evaluation", "Visit"], rows))
    print()
    print("Stages:")
    print(_stages_table(store, programme.code))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = Store(args.db)
    programmes = store.programmes()
    if not programmes:
        print("No programmes yet: run 'sendreflect programme new NAME'.")
        return 0
    rows = [
        [p.code, p.name, p.lead, str(len(store.programme_schools(p.code))), p.created_at[:10]]
        for p in programmes
    ]
    print(columns(["Code", "Name", "Lead", "Schools", "Created"], rows))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The programme report: one offline HTML page and, with --pdf, an A4 PDF beside it."""
    from sendreflect.report.programme import write_programme_report

    out = Path(args.out or f"{args.code.upper()}-programme-report.html")
    for path in write_programme_report(Store(args.db), args.code, out, pdf=args.pdf):
        print(f"Wrote {path}.")
    return 0


def add_report(action: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """``sendreflect programme report CODE [--out FILE] [--pdf]``."""
    p = action("report", cmd_report, "write the programme's report (HTML, and a PDF if asked)")
    p.add_argument("code", help="the programme's code")
    p.add_argument("--out", help="the HTML file (default: CODE-programme-report.html)")
    p.add_argument("--pdf", action="store_true", help="also print an A4 PDF next to it")


def cmd_mentoring_start(args: argparse.Namespace) -> int:
    workshop = Store(args.db).start_mentoring(
        args.school, round=args.round, framework=args.framework
    )
    _opened(workshop, "Mentoring workshop")
    print(
        "The school's team and its mentor join it with this code; it stays out of the "
        "workshop list."
    )
    return 0


def cmd_export_excel(store: Store, code: str, out: str | None) -> int:
    """``programme export CODE --excel``: the programme as an Excel file, naming no one."""
    from sendreflect.workbook.programme_sheets import write_programme_excel

    path = write_programme_excel(store, code, out or f"{code}-programme.xlsx")
    print(f"Wrote {path}: programme {code}'s schools, stages, QA, learning and overview.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = Store(args.db)
    code = store.programme(args.code).code
    if args.excel:
        return cmd_export_excel(store, code, args.out)
    out = export_programme(store, code, args.out or f"{code}-programme.json")
    print(f"Wrote {out}: programme {code}, its schools, records and workshops.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    print(import_programme(Store(args.db), Path(args.path)))
    return 0


def add_workbook_commands(action: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """``programme export`` and ``programme import``: a whole programme as one JSON workbook."""
    p = action("export", cmd_export, "write a programme and all its workshops to one JSON file")
    p.add_argument("code", help="the programme's code")
    p.add_argument("--out", help="file to write (default CODE-programme.json, or .xlsx)")
    p.add_argument(
        "--excel", action="store_true", help="an Excel file for sharing (naming no one) instead"
    )
    p = action("import", cmd_import, "bring a programme's JSON workbook in (all or nothing)")
    p.add_argument("path", help="the file 'sendreflect programme export' wrote")


def _sub(
    parent: argparse.ArgumentParser, dest: str
) -> Callable[[str, Command, str], argparse.ArgumentParser]:
    actions = parent.add_subparsers(dest=dest, required=True, metavar="ACTION")

    def action(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    return action


def add_commands(command: Callable[[str, Command | None, str], argparse.ArgumentParser]) -> None:
    """Add ``programme`` and ``mentoring`` to the parser that ``command`` adds commands to."""
    action = _sub(
        command("programme", None, "run a programme of peer review across schools"), "action"
    )
    p = action("new", cmd_new, "start a programme and print its code")
    p.add_argument("name", help="e.g. 'Northshire SEND peer review 2026-27'")
    p.add_argument("--lead", help="who leads it (a local authority's or trust's lead)")
    p.add_argument("--framework", help=f"the continuum framework schools are placed on ({PACK})")
    p.add_argument("--code", help="choose the programme's code (default: six random characters)")
    p = action("add-school", cmd_add_school, "add a school to a triad and make its self-evaluation")
    p.add_argument("code", help="the programme's code")
    p.add_argument("school", help="the school's name")
    p.add_argument("--cohort", required=True)
    p.add_argument("--triad", required=True)
    p.add_argument("--coach", action="store_true", help="the triad's coach school (one a triad)")
    p = action("stage", cmd_stage, "date a stage of the programme, or mark it done")
    p.add_argument("code", help="the programme's code")
    p.add_argument("stage", help=f"one of: {', '.join(STAGES)}")
    p.add_argument("--date", help="YYYY-MM-DD")
    p.add_argument("--triad", help="one triad's stage (default: the whole programme's)")
    p.add_argument("--done", action=argparse.BooleanOptionalAction, help="the stage is over")
    p = action("visit", cmd_visit, "open a school's peer visit and print its code and key")
    p.add_argument("code", help="the programme's code")
    p.add_argument("school", help="the school's id (as 'programme show' lists it) or name")
    p = action("show", cmd_show, "the programme's schools by triad, their workshops and stages")
    p.add_argument("code", help="the programme's code")
    action("list", cmd_list, "list the programmes in the store")
    add_report(action)
    add_workbook_commands(action)
    action = _sub(command("mentoring", None, "mentoring after inspection"), "action")
    p = action("start", cmd_mentoring_start, "start a school's mentoring and print its code")
    p.add_argument("school", help="the school's name")
    p.add_argument("--round", default=MENTORING_ROUND, help=f"default: '{MENTORING_ROUND}'")
    p.add_argument("--framework", help=f"the continuum framework ({PACK} unless named)")
