"""The notebooks in notebooks/ are the source of the app pages (a facilitator may edit them in
JupyterLab): each stays a thin page over the package, and each runs against the demo workshop and
draws the app it is for, not an error or a locked page."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from sendreflect import Store, demo, load_frameworks, seed_demo

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
APPS = {"participant.ipynb", "facilitator.ipynb", "solo.ipynb", "programme.ipynb"}
"""The pages Voila serves; each calls ``sendreflect.app.<stem>_page()``."""
EXPECTED = {*APPS, "start-here.ipynb"}
PROGRAMME = "NORTHP"
"""The demo store's peer-review programme (a programme page opens one)."""
MAX_CODE_LINES = 6
"""A page is a Markdown introduction and a few lines that call into ``sendreflect``: what the page
does belongs in the package, where it is tested."""
CLEAR = "clear it with: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb"
PROBLEMS = (
    "does not open the facilitator view",
    "no workshop with the code",
    "Traceback",
    'role="alert"',
    "sr-error",
)
"""What a page shows when it did not open as it should (a locked or unknown workshop, a crash)."""
SHOWN = ("value", "description", "placeholder", "_options_labels", "tooltip")
"""The widget state a person sees (the stylesheet and the page's script are left out)."""


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def code_of(nb: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


# --- the committed notebooks are the source: what they must hold -------------------------------


def test_the_folder_holds_the_app_pages_and_the_guide() -> None:
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == EXPECTED


def test_every_notebook_voila_pools_kernels_for_is_there() -> None:
    pools = json.loads((REPO / "voila.json").read_text(encoding="utf-8"))["VoilaKernelManager"]
    named = set(pools["kernel_pools_config"]) - {"default"}
    assert named <= APPS, f"voila.json preheats kernels for pages that are not there: {named}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_notebook_is_valid_with_the_python_kernel_and_no_outputs(name: str) -> None:
    nb = load(name)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3", f"{name}: the kernel must be python3"
    assert nb.metadata.kernelspec.language == "python"
    ids = [cell.get("id") for cell in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), f"{name}: every cell needs its own id"
    for cell in nb.cells:
        if cell.cell_type == "code":
            # Outputs of a run hold a workshop's answers and links with keys; Voila draws anew.
            assert cell.outputs == [], f"{name}: a code cell has outputs saved; {CLEAR}"
            assert cell.execution_count is None, f"{name}: a code cell was run; {CLEAR}"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), (
        f"{name}: the page opens with a Markdown title"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_notebook_is_a_thin_page_over_the_package(name: str) -> None:
    code = code_of(load(name))
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= MAX_CODE_LINES, (
        f"{name} has {len(lines)} lines of code; move what it does into the sendreflect package"
    )
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            assert module.split(".")[0] == "sendreflect", f"{name} imports {module}"


@pytest.mark.parametrize("name", sorted(APPS))
def test_an_app_page_calls_its_app(name: str) -> None:
    import sendreflect.app

    page = f"{Path(name).stem}_page"
    assert page in sendreflect.app.__all__, f"sendreflect.app has no {page}"
    calls = [
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(ast.parse(code_of(load(name))))
        if isinstance(node, ast.Call)
    ]
    assert calls == [page], f"{name} should call {page}() and nothing else: {calls}"


def test_the_guide_lists_every_app_page() -> None:
    guide = load("start-here.ipynb").cells[0].source
    listed = set(re.findall(r"^\| `([\w-]+\.ipynb)` \|", guide, re.M))
    assert listed == APPS


# --- every notebook runs against the demo and draws its app -----------------------------------


def run_notebook(name: str, folder: Path) -> tuple[str, list[dict[str, Any]]]:
    """Execute a notebook as Voila would (environment from the test); the text of every widget it
    drew and every output, and its error outputs."""
    nb = load(name)
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    texts: list[str] = []
    errors: list[dict[str, Any]] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                errors.append(output)
            texts.append(json.dumps(output, ensure_ascii=False))
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in widgets.get("state", {}).values():
        state = model.get("state", {})
        for key in SHOWN:
            value = state.get(key)
            if isinstance(value, list):
                texts.extend(str(v) for v in value)
            elif isinstance(value, str) and not value.startswith("<style>"):
                texts.append(value)
    return "\n".join(texts), errors


@pytest.fixture
def demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo workshop in a store the notebooks' kernels open (they inherit the environment)."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = Store(url)
    seed_demo(store)
    programme = store.create_programme("North triads 2026-27", lead="Sam Patel", code=PROGRAMME)
    store.add_school(programme.code, "Oak Primary", cohort="One", triad="North", coach=True)
    monkeypatch.setenv("SENDREFLECT_DB", url)
    return store


def queries(store: Store) -> dict[str, str]:
    """What Voila passes each page: the links ``sendreflect serve`` prints."""
    return {
        "participant.ipynb": f"code={demo.CODE}",
        "facilitator.ipynb": f"code={demo.CODE}&key={store.workshop(demo.CODE).facilitator_key}",
        "solo.ipynb": "",
        "programme.ipynb": f"programme={PROGRAMME}&key={store.facilitator_key()}",
        "start-here.ipynb": "",
    }


SHOWS = {
    "participant.ipynb": [demo.SCHOOL, "Your alias", "Join"],
    "facilitator.ipynb": [f"workshop <strong>{demo.CODE}</strong>", "Participation", "Take away"],
    "solo.ipynb": ["Start your reflection"],
    "programme.ipynb": ["North triads 2026-27", "Schools and triads", "Oak Primary"],
    "start-here.ipynb": [f"{fid}: " for fid in load_frameworks()],
}
"""What each page shows once it has opened as it should."""


def problems_in(text: str) -> list[str]:
    return [sign for sign in PROBLEMS if sign in text]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_notebook_runs_against_the_demo_and_draws_its_app(
    name: str, demo_env: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUERY_STRING", queries(demo_env)[name])
    text, errors = run_notebook(name, tmp_path)
    assert errors == [], f"{name} raised: {errors}"
    assert problems_in(text) == [], f"{name} did not open as it should:\n{text[:4000]}"
    missing = [shown for shown in SHOWS[name] if shown not in text]
    assert missing == [], f"{name} does not show {missing}:\n{text[:4000]}"


def test_a_locked_facilitator_page_is_caught(demo_env: Store, tmp_path: Path, monkeypatch) -> None:
    """The check above sees a page that opened locked: the participants' link on the dashboard."""
    monkeypatch.setenv("QUERY_STRING", queries(demo_env)["participant.ipynb"])
    text, errors = run_notebook("facilitator.ipynb", tmp_path)
    assert errors == []
    assert "does not open the facilitator view" in problems_in(text)


def test_nbval_runs_every_notebook_against_the_demo(demo_env: Store, tmp_path: Path) -> None:
    """The notebooks as nbval runs them (as a facilitator checks an edit in JupyterLab): each
    executes without an error, with the facilitator's link, which every page accepts."""
    import os
    import subprocess
    import sys

    query = queries(demo_env)["facilitator.ipynb"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q"]
        + [str(NOTEBOOKS / name) for name in sorted(EXPECTED)],
        env={**os.environ, "QUERY_STRING": query},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    cells = sum(c.cell_type == "code" for name in EXPECTED for c in load(name).cells)
    assert f"{cells} passed" in result.stdout, result.stdout[-2000:]
