"""Writes the app notebooks in notebooks/ (run after changing their text; outputs stay empty)."""

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}

START_HERE = """# Start here: a guide for facilitators

This folder holds the apps of **sendreflect**, a reflection pack for school leadership teams on how
their leadership serves pupils with special educational needs and disabilities (SEND). Each
notebook is a short app: a Markdown introduction and a call into the `sendreflect` package, which
holds the content and the logic.

| notebook | who it is for | what it does |
| --- | --- | --- |
| `participant.ipynb` | each member of the leadership team, on a laptop or phone | joins a workshop by its code and works through the reflection |
| `facilitator.ipynb` | you, on the projector | shares the link and QR code, shows participation, reveals the results, records agreed positions and the action plan, downloads the report |
| `solo.ipynb` | a school working alone (for example from a Binder link) | the whole reflection for one person, with a workbook to download and upload later |

## Running a workshop

1. In a terminal, run `sendreflect serve --workshop CODE` (or `sendreflect serve` for the demo).
   It prints a participant link and a facilitator link. `sendreflect new --school "…" --round "…"`
   creates a workshop and prints its code.
2. Open the facilitator link on the projector; its *Share* section has the participant link, the
   code and a QR code. Everyone reflects alone first; *Participation* shows progress live.
3. When everyone is ready, press *Reveal* in *Results*: the radar, its table and the agenda from
   disagreement. Then agree positions and write the action plan.
4. *Take away* downloads the report (prints on A4), the Excel workbook and the JSON workbook.

## Previewing an app here in JupyterLab

Run the cells of an app notebook, or right-click it and choose *Open with › Voilà preview* if the
Voilà extension is installed. Outside Voilà there is no link, so set the workshop in code:

```python
import sendreflect as sr
from sendreflect.app import FacilitatorApp
store = sr.Store()
sr.seed_demo(store)
FacilitatorApp(store, code="DEMO", key=store.facilitator_key()).widget
```

## Adding your own framework

Copy `docs/example-framework.yaml` from the project into a folder of your own, change its `id` and
text, check it with `sendreflect check-framework FILE`, and set `SENDREFLECT_FRAMEWORKS` to the
folder before starting the server. A broken file is refused with a message that names the file,
the entry and what to change. Keep item ids stable: answers are attached to them.
"""

NOTEBOOKS = {
    "start-here.ipynb": [
        ("markdown", START_HERE),
        (
            "code",
            "import sendreflect as sr\n\nfor framework in sr.load_frameworks().values():\n"
            '    print(f"{framework.id}: {framework.short_title}: {framework.counts()}")',
        ),
    ],
    "participant.ipynb": [
        (
            "markdown",
            "# Leadership for SEND: your reflection\n\n"
            "Where does your school stand between SEN/D as the task of the **whole school** and "
            "SEN/D as the **preserve of specialists**? Reflect on your own first; the team then "
            "compares views and agrees how to move the school. Questions are from the National "
            "College support pack (Chapman, Ainscow, Miles and West, 2011). Every answer is saved "
            "as you give it.",
        ),
        ("code", "import sendreflect.app as app"),
        ("code", "app.participant_page()"),
    ],
    "solo.ipynb": [
        (
            "markdown",
            "# Leadership for SEND: reflecting on your own\n\n"
            "Work through the whole reflection alone: your school's context, where it stands on "
            "each of the five dimensions, the questions to think about, the positions you settle "
            "on and an action plan. This session may be temporary: download your workbook before "
            "you leave, and upload it next time to carry on.",
        ),
        ("code", "import sendreflect.app as app"),
        ("code", "app.solo_page()"),
    ],
    "facilitator.ipynb": [
        (
            "markdown",
            "# Leadership for SEND: facilitator\n\n"
            "Set up a workshop and share its link, watch who has finished which step, reveal the "
            "team's results when everyone is ready, agree positions and write the action plan.",
        ),
        ("code", "import sendreflect.app as app"),
        ("code", "app.facilitator_page()"),
    ],
}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = nbf.v4.new_notebook()
        nb.metadata["kernelspec"] = KERNEL
        nb.metadata["language_info"] = {"name": "python"}
        nb.cells = [
            nbf.v4.new_markdown_cell(text) if kind == "markdown" else nbf.v4.new_code_cell(text)
            for kind, text in cells
        ]
        for number, cell in enumerate(nb.cells):
            cell.id = f"{Path(name).stem}-{number}"
        nbf.write(nb, HERE / name)


if __name__ == "__main__":
    main()
