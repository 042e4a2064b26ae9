"""Writes the app notebooks in notebooks/ (run after changing their text; outputs stay empty)."""

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}

NOTEBOOKS = {
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
