"""What a kernel imports: a participant's page joins, answers every step and saves without
pandas, plotly, numpy or segno (each kernel of a room of 30 pays for what it imports); the Team
results step brings them once the facilitator has revealed the results. Run in a fresh Python
process each, since this one has imported everything already."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "plotly", "numpy", "segno", "openpyxl")

PARTICIPANT = """
import json, sys
import ipywidgets as w
import sendreflect.app as app  # as notebooks/participant.ipynb does
from sendreflect.store import Store

store = Store(sys.argv[1])
store.create_workshop(
    "Oak Primary", "Baseline", ["national_college", "sen_leaders", "peer_support"], code="OAKIMP"
)
page = app.ParticipantApp(store, code="OAKIMP")
page.form.alias.value, page.form.role.value = "Yew", "teacher"
page.form.button.click()
assert page.participant is not None, page.form.message.value


def below(widget, kind):
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += below(child, kind)
    return found


for index in range(len(page.nav.options)):  # every step, the Team results one still hidden
    page.nav.value = index
    for radio in below(page.page, w.RadioButtons)[:1]:
        radio.value = radio.options[0][1]
    for note in below(page.page, w.Textarea)[:1]:
        note.value = f"Step {index + 1}"
saved = store.answer_records("OAKIMP", subject=page.participant.id)
again = app.ParticipantApp(store, code="OAKIMP")  # a reload: the join form, the answers read
again.form.alias.value, again.form.role.value = "Yew", "teacher"
again.form.resume_code.value = page.participant.resume_code
again.form.button.click()
report = {"saved": len(saved), "read": len(again.answers.values), "before": {}, "after": {}}
report["before"] = sorted(m for m in {HEAVY} if m in sys.modules)
store.update_workshop("OAKIMP", revealed=True)
again.nav.value = [label for label, _ in again.nav.options].index("6. Team results")
report["after"] = sorted(m for m in {HEAVY} if m in sys.modules)
print(json.dumps(report))
"""


def run(code: str, *args: str, **env: str) -> dict:
    """Run ``code`` in a fresh Python and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_participant_joins_answers_and_saves_without_pandas_plotly_numpy_or_segno(
    tmp_path: Path,
) -> None:
    code = PARTICIPANT.replace("{HEAVY}", repr(set(HEAVY)))
    report = run(code, f"sqlite:///{tmp_path / 'workshops.sqlite'}")
    assert report["saved"] >= 6 and report["read"] == report["saved"]
    assert report["before"] == [], f"a participant's page imported {report['before']}"
    assert {"pandas", "plotly"} <= set(report["after"]), "the revealed results were not drawn"


def test_the_front_door_imports_its_names_when_they_are_first_used() -> None:
    report = run(
        "import json, sys\n"
        "import sendreflect as sr\n"
        f"before = sorted(m for m in {set(HEAVY)!r} if m in sys.modules)\n"
        "names = [sr.Store.__name__, sr.Kind.POSITION.value, sr.responses.__name__]\n"
        "frame = 'pandas' in sys.modules\n"
        "sr.export\n"
        "print(json.dumps({'before': before, 'names': names, 'frame': frame,\n"
        "    'after': 'pandas' in sys.modules}))"
    )
    assert report["before"] == []
    assert report["names"] == ["Store", "position", "sendreflect.responses"]
    assert report["frame"] is False and report["after"] is True


@pytest.mark.parametrize("package", ["sendreflect", "sendreflect.app"])
def test_every_public_name_of_a_package_is_there_when_asked_for(package: str) -> None:
    module = importlib.import_module(package)
    assert all(getattr(module, name) is not None for name in module.__all__)
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        module.nothing_here  # noqa: B018


def test_a_voila_kernel_draws_radars_without_importing_nbformat() -> None:
    """Voila sets VOILA_PREHEAT in every kernel it starts; there plotly skips its notebook
    renderer's import (nbformat and jsonschema), which no page uses."""
    check = (
        "import json, sys\n"
        "from sendreflect import charts, responses\n"
        "from sendreflect.app import radar, results\n"
        "from sendreflect.frameworks import continuum_of\n"
        "positions = responses.positions(responses.answers_frame([]))\n"
        "chart = charts.radar(positions, continuum_of(()))\n"
        "radar.chart(radar.fit(chart)).close()\n"
        "print(json.dumps(sorted(m for m in ('nbformat', 'jsonschema') if m in sys.modules)))"
    )
    assert run(check, VOILA_PREHEAT="False") == []


FACILITATOR = """
import json, os, sys
import ipywidgets as w
import sendreflect.app as app  # as notebooks/facilitator.ipynb does
from sendreflect.app import request
from sendreflect.store import Store

store = Store(sys.argv[1])
store.create_workshop("Oak Primary", "Baseline", ["national_college"], code="OAKFAC")
store.update_workshop("OAKFAC", revealed=True)
query = {"code": "OAKFAC", "key": store.facilitator_key()}  # the store's key, as the bench's
opened = request.Request(query, "http://localhost:8866", "/voila/render/facilitator.ipynb")
request.current_request = lambda: opened
os.environ["VOILA_PREHEAT"] = "True"  # a preheated kernel: plotly is set up first
page = app.facilitator_page(store)
nav = next(c for c in page.children[-1].children if isinstance(c, w.ToggleButtons))
report = {"section": nav.value}
report["before"] = sorted(m for m in {HEAVY} if m in sys.modules)
nav.value = "Results"
report["after"] = sorted(m for m in {HEAVY} if m in sys.modules)
print(json.dumps(report))
"""


def test_the_facilitator_page_opens_without_pandas_until_results(tmp_path: Path) -> None:
    code = FACILITATOR.replace("{HEAVY}", repr(set(HEAVY)))
    report = run(code, f"sqlite:///{tmp_path / 'workshops.sqlite'}")
    assert report["section"] == "Share"
    assert report["before"] == ["plotly", "segno"], f"Share imported {report['before']}"
    assert "pandas" in report["after"], "the results were not drawn"


def test_a_preheated_facilitator_kernel_sets_plotly_up_without_pandas_before_its_page() -> None:
    check = (
        "import json, sys\n"
        "import ipywidgets as w\n"
        "from sendreflect.app import warm\n"
        "before = set(w.widgets.widget._instances)\n"
        "warm.warm_plotly()\n"
        "left = len(set(w.widgets.widget._instances) - before)\n"
        f"print(json.dumps({{'left': left, 'heavy': sorted(m for m in {set(HEAVY)!r} "
        "if m in sys.modules), 'nbformat': 'nbformat' in sys.modules}))"
    )
    report = run(check, VOILA_PREHEAT="False")
    assert report["left"] == 0, "the throwaway chart was left open for a page to receive"
    assert report["heavy"] == ["plotly"], report["heavy"]  # plotly's FigureWidget brought numpy
    assert report["nbformat"] is False


def test_a_preheated_facilitator_kernel_warms_up_before_it_waits_for_its_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sendreflect.app import facilitator, request, warm

    happened: list[str] = []
    monkeypatch.setattr(warm, "warm_plotly", lambda: happened.append("warm up"))

    def waited() -> request.Request:
        happened.append("request")
        raise facilitator.StoreError("no store in this test")

    monkeypatch.setattr(request, "current_request", waited)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    facilitator.facilitator_page()
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # a kernel started for a page: no time to spare
    facilitator.facilitator_page()
    assert happened == ["warm up", "request", "request"]


RADAR_FIRST = """
import asyncio, json, os, sys
import ipywidgets as w
import sendreflect.app as app  # as notebooks/facilitator.ipynb does
from sendreflect import seed_demo
from sendreflect.app import request
from sendreflect.store import Store

store = Store(sys.argv[1])
seed_demo(store)  # an earlier round, agreed positions and targets: every line of the radar
store.update_workshop("DEMO", revealed=True)
query = {"code": "DEMO", "key": store.facilitator_key()}
opened = request.Request(query, "http://localhost:8866", "/voila/render/facilitator.ipynb")
request.current_request = lambda: opened
os.environ["VOILA_PREHEAT"] = "True"


def below(widget, kind):
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += below(child, kind)
    return found


def shown(page):
    from sendreflect.app.chart import Chart

    charts = below(page, Chart)
    tables = [h.value for h in below(page, w.HTML) if "<caption>The radar" in h.value]
    lines = [(t.name, t.meta, list(t.r)) for chart in charts for t in chart.data]
    return {"charts": len(charts), "lines": lines, "tables": tables}


async def main():
    page = app.facilitator_page(store)
    nav = next(c for c in page.children[-1].children if isinstance(c, w.ToggleButtons))
    nav.value = "Results"  # in a kernel: a click, handled with the event loop running
    report = {"pandas": "pandas" in sys.modules, "drawn": shown(page)}
    texts = [h.value for h in below(page, w.HTML) if "<ol>" in h.value]
    report["agenda"] = bool(texts)
    await asyncio.sleep(0.05)  # the kernel's next turn: the texts under the radar
    report["later"] = "pandas" in sys.modules
    report["agenda_later"] = any("<ol>" in h.value for h in below(page, w.HTML))
    from sendreflect.app import results  # the pandas path, for the same radar from frames
    from sendreflect.frameworks import continuum_of, load_frameworks

    workshop = store.workshop("DEMO")
    framework = continuum_of(workshop.frameworks, load_frameworks())
    figure, table = results.radar_parts(store, workshop, framework, store.answers("DEMO"))
    report["frames"] = {
        "lines": [(t.name, t.meta, list(t.r)) for t in figure.data],
        "table": results.table_html(table, results.RADAR_CAPTION),
    }
    print(json.dumps(report))


asyncio.run(main())
"""


def test_the_facilitator_sees_the_radar_and_its_table_before_pandas_is_imported(
    tmp_path: Path,
) -> None:
    """A click on Results draws the radar from plain records: pandas (and the texts under the
    radar, which need it) come on the kernel's next turn. The radar and its table are those the
    frames give (individuals, spread, median, agreed, earlier round, targets)."""
    report = run(RADAR_FIRST, f"sqlite:///{tmp_path / 'workshops.sqlite'}")
    drawn, frames = report["drawn"], report["frames"]
    assert drawn["charts"] == 1 and len(drawn["tables"]) == 1
    assert report["pandas"] is False, "pandas was imported before the radar was shown"
    assert report["agenda"] is False and report["agenda_later"] and report["later"]
    names = {name for name, _meta, _r in drawn["lines"]}
    assert {"Individual views", "Team median", "Median, earlier round"} <= names
    assert {"Agreed position", "Target", "Spread (lowest to highest)"} <= names
    assert drawn["lines"] == frames["lines"]
    assert drawn["tables"] == [frames["table"]]
