"""A local authority's worth of workshops: one workshop's views and the overview across schools."""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import statistics
import time
import uuid
from typing import Any

from common import NC, Row, median, say, scratch, under

# -- a local authority's worth of data ------------------------------------------------------------


def make_local_authority(
    store: Any, schools: int = 100, rounds: int = 3, people: int = 8
) -> list[str]:
    """Bulk-insert a local authority's workshops, participants, positions and evidence notes
    (with one history row per answer, as saving one at a time would leave). Returns the codes."""
    from sendreflect.responses import NOT_SURE, dump_value
    from sendreflect.store.schema import answer_table as answers
    from sendreflect.store.schema import history_table as history
    from sendreflect.store.schema import participant_table as participants
    from sendreflect.store.schema import workshop_table as workshops

    rng = random.Random(2026)
    roles = ["head_teacher", "deputy", "senco", "governor", "middle_leader", "teacher"]
    roles += ["support_staff", "teacher"]
    dims = ["values", "teaching", "resources", "roles", "services"]
    stamp = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc).isoformat(timespec="microseconds")
    rows: dict[str, list[dict[str, Any]]] = {"w": [], "p": [], "a": [], "h": []}
    codes = []
    for school_number in range(1, schools + 1):
        school = f"School {school_number:03d} (fictional)"
        base = rng.uniform(1.5, 3.5)
        previous = None
        for round_number in range(rounds):
            code = f"LA{school_number:03d}R{round_number + 1}"
            codes.append(code)
            rows["w"].append(
                {
                    "code": code,
                    "school": school,
                    "round": f"Round {round_number + 1}",
                    "frameworks": json.dumps([NC]),
                    "previous_code": previous,
                    "status": "open",
                    "revealed": True,
                    "facilitator_key": secrets.token_urlsafe(16),
                    "created_at": stamp,
                }
            )
            previous = code
            for person in range(people):
                pid = uuid.uuid4().hex
                rows["p"].append(
                    {
                        "id": pid,
                        "workshop_code": code,
                        "alias": f"Person {person + 1}",
                        "role": roles[person % len(roles)],
                        "school": school,
                        "joined_at": stamp,
                    }
                )
                given: list[tuple[str, str, Any]] = []
                for dim in dims:
                    value: Any = NOT_SURE
                    if rng.random() > 0.05:
                        value = min(5, max(1, round(rng.gauss(base + 0.4 * round_number, 0.9))))
                    given.append(("position", dim, value))
                for dim in rng.sample(dims, 2):
                    given.append(("evidence", dim, f"{school}, {dim}: seen in lesson visits. " * 3))
                for kind, item, value in given:
                    key = {
                        "workshop_code": code,
                        "subject": pid,
                        "kind": kind,
                        "framework": NC,
                        "item_id": item,
                    }
                    stored = dump_value(value)
                    rows["a"].append(
                        key | {"value": stored, "updated_at": stamp, "updated_by": pid}
                    )
                    rows["h"].append(
                        key
                        | {
                            "id": uuid.uuid4().hex,
                            "old_value": None,
                            "new_value": stored,
                            "changed_at": stamp,
                            "changed_by": pid,
                        }
                    )

    def insert(conn: Any) -> None:
        conn.execute(workshops.insert(), rows["w"])
        conn.execute(participants.insert(), rows["p"])
        conn.execute(answers.insert(), rows["a"])
        conn.execute(history.insert(), rows["h"])

    store.write(insert)
    return codes


def facilitator_views(store: Any, code: str, framework: Any) -> dict[str, float]:
    """What the facilitator's results draw for one workshop, timed step by step."""
    from sendreflect import charts, responses, stats

    times = {}
    start = time.perf_counter()
    answers = store.answers(code)
    times["store.answers"] = time.perf_counter() - start
    mark = time.perf_counter()
    positions = responses.positions(answers)
    notes = responses.notes(answers)
    times["positions+notes"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stats.team_summary(positions, framework)
    times["team_summary"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stats.agenda(positions, notes, framework)
    times["agenda"] = time.perf_counter() - mark
    mark = time.perf_counter()
    charts.radar(positions, framework)
    times["radar"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return times


def all_positions(store: Any) -> Any:
    """Every workshop's positions, read in one query (``Store.answers_for``)."""
    from sendreflect import responses

    return responses.positions(store.answers_for(kinds=["position"]))


def la_overview(store: Any) -> Any:
    """The facilitator's overview across schools, as the app builds it when asked: one query for
    every position, medians per school and round, strengths and needs, and the radar of every
    school's latest round with its table (``sendreflect.app.overview``)."""
    from sendreflect import get_framework
    from sendreflect.app.overview import overview_parts

    return overview_parts(store, get_framework(NC))


def bench_local_authority(repeats: int, results: dict[str, Any]) -> None:
    from sendreflect import Store, get_framework

    folder = scratch("sendreflect-bench-la-")
    store = Store(f"sqlite:///{folder / 'la.sqlite'}")
    start = time.perf_counter()
    codes = make_local_authority(store)
    made = time.perf_counter() - start
    framework = get_framework(NC)
    count = len(store.answers(codes[0]))
    say(f"  {len(codes)} workshops made in {made:.1f} s ({count} answers in the first)")

    facilitator_views(store, codes[0], framework)  # warm caches: not counted
    steps: dict[str, list[float]] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for code in codes:
        for step, seconds in facilitator_views(store, code, framework).items():
            steps.setdefault(step, []).append(seconds)
    loop_total = time.perf_counter() - start
    loop_cpu = time.process_time() - cpu
    per = {step: statistics.median(values) * 1e3 for step, values in steps.items()}
    say(
        f"  every workshop's views, one by one: {loop_total:.1f} s ({loop_cpu:.1f} s CPU); "
        "per workshop (median ms): " + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
    )

    one_frame: list[float] = []
    one_frame_cpu: list[float] = []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        la_overview(store)
        one_frame.append(time.perf_counter() - start)
        one_frame_cpu.append(time.process_time() - cpu)
    loaded = all_positions(store)
    places = store.workshops().set_index("code")[["school", "round"]]
    joined = loaded.join(places, on="workshop")
    floor_la: list[float] = []
    for _ in range(repeats):  # the floor: pandas' groupby on a frame already loaded and joined
        start = time.perf_counter()
        joined.groupby(["school", "round", "dimension"])["position"].median()
        floor_la.append(time.perf_counter() - start)
    mine = loaded[loaded["workshop"] == codes[0]]
    floor_one: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        mine.groupby("dimension")["position"].median()
        floor_one.append(time.perf_counter() - start)
    say(
        f"  one big frame: {statistics.median(one_frame):.3f} s "
        f"({statistics.median(one_frame_cpu):.3f} s CPU) for {len(loaded)} positions; "
        f"the groupby alone {statistics.median(floor_la) * 1e3:.1f} ms"
    )
    results["local_authority"] = {
        "workshops": len(codes),
        "answers": len(codes) * count,
        "made_in_s": made,
        "per_workshop_step_median_ms": per,
        "per_workshop_loop_total_s": loop_total,
        "per_workshop_loop_cpu_s": loop_cpu,
        "one_frame_s": one_frame,
        "one_frame_cpu_s": one_frame_cpu,
        "groupby_floor_s": floor_la,
    }
    store.close()
    rows = results["rows"]
    rows.append(
        Row(
            "LA: one workshop's views (answers, summary, agenda, radar)",
            "ms",
            per["total"],
            median(floor_one) * 1e3,
            "groupby on one loaded workshop",
            samples=[x * 1e3 for x in steps["total"]],
            floor_samples=[x * 1e3 for x in floor_one],
        )
    )
    rows.append(
        Row(
            f"LA: all {len(codes)} workshops, one by one (for comparison)",
            "s",
            loop_total,
            median(floor_la),
            "groupby on the loaded LA frame",
            samples=[loop_total],
            floor_samples=floor_la,
        )
    )
    rows.append(
        Row(
            f"LA overview across schools, as the facilitator's page builds it ({len(codes)} "
            "workshops)",
            "s",
            median(one_frame),
            median(floor_la),
            "groupby on the loaded LA frame",
            "< 1 s",
            under(1.0),
            one_frame,
            floor_la,
        )
    )
