"""A programme's celebration of learning and its lead's overview, as widgets for the programme
page (its "Celebration" and "Overview" sections).

The celebration shows, per triad, the schools (the coach marked in words), the key learnings and
next steps (a form per triad, saved with a button through the store), and the actions completed
across the triad's schools; "Present" turns it into large, read-only text for a projector. A link
downloads the printable programme report. The overview shows, per cohort, the schools with their
triad, coach and stage reached, each school's own placement beside its peers' and the gap per
dimension, and the strengths to showcase and where support may help, each list with how it is
chosen.

Nobody is named: what is shown is read by :mod:`sendreflect.report.programme_data`, which
replaces any alias of the programme's workshops typed into free text with "a colleague", and
keeps the rule that no median of fewer than three people is shown. Every text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import ipywidgets as w

from sendreflect.app.kit import ONCE, esc, heading, message, paragraphs
from sendreflect.app.radar import table_html
from sendreflect.app.saving import PROBLEMS
from sendreflect.app.transfer import data_link
from sendreflect.peer import titled
from sendreflect.report import programme_data as pdata
from sendreflect.report.programme_data import ProgrammeData, TriadData
from sendreflect.store import Store

BY = "facilitator"
"""Who the programme's records are changed by: the holder of the store's key."""
LABEL_WIDTH = "9em"
STYLE = """<style>
.sr-celebration .sr-present { font-size: 1.45rem; line-height: 1.5; }
.sr-celebration .sr-present h3 { font-size: 2rem; margin: 1.2rem 0 0.4rem; }
.sr-celebration .sr-present h4 { font-size: 1.5rem; margin: 0.8rem 0 0.2rem; }
.sr-celebration .sr-present ul { margin: 0.2rem 0 0.6rem 1.4rem; padding: 0; }
.sr-celebration .sr-triad { margin: 0.6rem 0 1rem; }
.sr-programme-overview .sr-table { margin: 0.4rem 0 1.2rem; }
.sr-celebration .sr-free, .sr-celebration .sr-present p { white-space: pre-line; }
@media (max-width: 480px) {
  .sr-celebration .sr-present { font-size: 1.1rem; }
  .sr-celebration .sr-present h3 { font-size: 1.4rem; }
  .sr-celebration .sr-present h4 { font-size: 1.2rem; }
}
</style>"""


def _style() -> w.HTML:
    return w.HTML(STYLE, layout=w.Layout(display="none"))


def schools_text(triad: TriadData) -> str:
    """The triad's schools in words, the coach first: "Oak Primary (coach school), Ash"."""
    return ", ".join(s.school + (" (coach school)" if s.coach else "") for s in triad.schools)


def completed_html(triad: TriadData, level: int = 4) -> str:
    """The actions completed across the triad's schools, as an escaped list."""
    title = f"<h{level}>Actions completed</h{level}>"
    if not triad.completed:
        return title + "<p>No action is marked done yet.</p>"
    items = "".join(
        f"<li><strong>{esc(c.school)}</strong>: {esc(c.what)}"
        + (f" ({esc(c.dimension)})" if c.dimension else "")
        + f". <em>{esc(c.how)}.</em></li>"
        for c in triad.completed
    )
    return f"{title}<ul>{items}</ul>"


def present_html(data: ProgrammeData) -> str:
    """Every triad's celebration in large, read-only text for a projector."""
    parts = [f"<h3>{esc(data.programme.name)}: celebration of learning</h3>"]
    if not data.triads:
        parts.append("<p>No schools have joined this programme yet.</p>")
    for triad in data.triads:
        parts.append(
            f"<h3>{esc(titled('Triad', triad.name))}</h3><p>{esc(schools_text(triad))}</p>"
        )
        for title, text in (
            ("Key learnings", triad.key_learnings),
            ("Next steps", triad.next_steps),
        ):
            body = paragraphs(text) or "<p>None recorded yet.</p>"
            parts.append(f"<h4>{title}</h4>{body}")
        parts.append(completed_html(triad))
    return '<div class="sr-present" role="region" aria-label="Celebration of learning">' + (
        "".join(parts) + "</div>"
    )


def report_link(store: Store, code: str) -> str:
    """A link that downloads the printable programme report (an offline HTML page)."""
    from sendreflect.report.programme import programme_report

    programme = store.programme(code)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", programme.name).strip("-")[:40] or "programme"
    html = programme_report(store, programme.code).encode("utf-8")
    return data_link(
        html,
        f"{stem}-{programme.code}-report.html",
        "text/html",
        "Download the programme report (.html, prints on A4)",
    )


class TriadForm:
    """One triad's key learnings and next steps, saved with a button."""

    def __init__(
        self, store: Store, code: str, triad: TriadData, saved: Callable[[], None]
    ) -> None:
        self.store, self.code, self.triad, self.saved = store, code, triad, saved
        raw = self._stored()
        self.learnings = w.Textarea(
            description="Key learnings", value=raw.get("key_learnings", ""), rows=4, **ONCE
        )
        self.next_steps = w.Textarea(
            description="Next steps", value=raw.get("next_steps", ""), rows=3, **ONCE
        )
        for field in (self.learnings, self.next_steps):
            field.style.description_width = LABEL_WIDTH
            field.layout.width = "100%"
            field.add_class("sr-field")
        self.button = w.Button(
            description=f"Save triad {triad.name}'s learning",
            icon="save",
            tooltip=f"Save the key learnings and next steps of triad {triad.name}",
        )
        self.button.on_click(lambda _b: self.save())
        self.status = w.HTML()
        self.completed = w.HTML(completed_html(triad))
        head = heading(f"{titled('Triad', triad.name)} ({titled('cohort', triad.cohort)})", 3)
        schools = w.HTML(f"<p>Schools: {esc(schools_text(triad))}</p>")
        self.widget = w.VBox(
            [head, schools, self.learnings, self.next_steps, self.button, self.status],
        )
        self.widget.children += (self.completed,)
        self.widget.add_class("sr-triad")

    def _stored(self) -> dict[str, str]:
        """The triad's learning as typed (aliases and all: only the key holder sees the form)."""
        for record in self.store.programme_records(self.code, kind="learning"):
            if record.scope == self.triad.name:
                return {k: str(v) for k, v in record.value.items()}
        return {}

    def save(self) -> bool:
        """Save the form; a refused value says why in plain English and changes nothing."""
        value = {"key_learnings": self.learnings.value, "next_steps": self.next_steps.value}
        try:
            changed = self.store.save_programme_record(
                self.code, self.triad.name, "learning", "celebration", value, by=BY
            )
        except PROBLEMS as exc:
            self.status.value = message(f"Not saved: {exc}", "error")
            return False
        said = "Saved." if changed else "Nothing had changed since the last save."
        self.status.value = message(said, "success")
        self.saved()
        return True


class Celebration:
    """The celebration of learning: a form per triad, "Present" for large read-only text, and
    the programme report to download."""

    def __init__(self, store: Store, code: str) -> None:
        self.store, self.code = store, store.programme(code).code
        data = pdata.programme_data(store, self.code)
        self.forms = [TriadForm(store, self.code, t, self.refresh) for t in data.triads]
        self.present = w.ToggleButton(
            value=False,
            description="Present",
            icon="television",
            tooltip="Show large, read-only text for a projector",
        )
        self.present.observe(lambda _c: self.show(), names="value")
        self.shown = w.HTML(present_html(data))
        self.editing = w.VBox([f.widget for f in self.forms])
        if not self.forms:
            self.editing.children = [w.HTML(message("No schools have joined this programme yet."))]
        self.report_button = w.Button(description="Prepare the programme report", icon="file-text")
        self.report_button.on_click(lambda _b: self.prepare_report())
        self.report = w.HTML()
        intro = w.HTML(
            "<p>Each triad's key learnings, next steps and the actions its schools completed. "
            "Press <strong>Present</strong> to show them in large type on a projector.</p>"
        )
        top = [_style(), heading("Celebration of learning", 2), intro, self.present]
        self.widget = w.VBox([*top, self.editing, self.shown, self.report_button, self.report])
        self.widget.add_class("sr-celebration")
        self.show()

    def refresh(self) -> None:
        """Read the programme again, for the read-only view and the completed actions."""
        data = pdata.programme_data(self.store, self.code)
        self.shown.value = present_html(data)
        for form, triad in zip(self.forms, data.triads, strict=False):
            form.completed.value = completed_html(triad)

    def show(self) -> None:
        """The forms, or (presenting) the large read-only text."""
        presenting = bool(self.present.value)
        if presenting:
            self.refresh()
        self.editing.layout.display = "none" if presenting else None
        self.shown.layout.display = None if presenting else "none"
        self.present.description = "Stop presenting" if presenting else "Present"

    def prepare_report(self) -> None:
        self.report.value = message("Preparing the programme report…")
        try:
            self.report.value = report_link(self.store, self.code)
        except PROBLEMS as exc:
            self.report.value = message(f"The report could not be prepared: {exc}", "error")


def celebration_view(store: Store, programme_code: str) -> w.Widget:
    """The programme's celebration of learning (a plain message for an unknown programme)."""
    try:
        return Celebration(store, programme_code).widget
    except PROBLEMS as exc:
        return w.HTML(message(str(exc), "error"))


def _found_html(title: str, rule: str, lines: list[str]) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in lines) or "<li>None yet.</li>"
    return (
        f'<div class="sr-list"><p><strong>{esc(title)}</strong></p>'
        f"<p><em>{esc(rule)}</em></p><ul>{items}</ul></div>"
    )


def overview_parts(data: ProgrammeData) -> list[w.Widget]:
    """The lead's overview, cohort by cohort."""
    scale = data.framework.scale_text()
    parts: list[w.Widget] = [
        w.HTML(
            f"<p>Placements run from {esc(scale)}. Each school's own placement and its peers' "
            "are medians only where three or more people placed it; otherwise they are the "
            "position its team or its reviewers agreed, or “–” where none was agreed. The gap "
            "is the peers' placement minus the school's own.</p>"
        )
    ]
    if not data.schools:
        return [w.HTML(message("No schools have joined this programme yet."))]
    for cohort in pdata.cohorts(data):
        found = data.found[cohort]
        parts += [
            heading(titled("Cohort", cohort), 3),
            w.HTML(
                table_html(
                    pdata.schools_frame(data, cohort),
                    f"{titled('Cohort', cohort)}: schools, triads and stage reached",
                )
                + table_html(
                    pdata.placement_frame(data, cohort),
                    f"{titled('Cohort', cohort)}: each school's own placement / its peers'",
                )
                + table_html(
                    pdata.gap_frame(data, cohort),
                    f"{titled('Cohort', cohort)}: the gap per dimension (peers minus self)",
                )
                + _found_html(
                    "Strengths to showcase",
                    pdata.SHOWCASE_RULE,
                    pdata.found_lines(found["showcase"]),
                )
                + _found_html(
                    "Where support may help",
                    pdata.SUPPORT_RULE,
                    pdata.found_lines(found["support"]),
                )
            ),
        ]
    return parts


class ProgrammeOverview:
    """The lead's overview across the programme's schools, with a button to read it again."""

    def __init__(self, store: Store, code: str) -> None:
        self.store, self.code = store, store.programme(code).code
        self.button = w.Button(description="Refresh the overview", icon="refresh")
        self.button.on_click(lambda _b: self.show())
        self.body = w.VBox()
        top = [_style(), heading("Overview of the programme", 2), self.button]
        self.widget = w.VBox([*top, self.body])
        self.widget.add_class("sr-programme-overview")
        self.show()

    def show(self) -> None:
        try:
            self.body.children = overview_parts(pdata.programme_data(self.store, self.code))
        except PROBLEMS as exc:
            self.body.children = [
                w.HTML(message(f"The overview could not be built: {exc}", "error"))
            ]


def programme_overview_view(store: Store, programme_code: str) -> w.Widget:
    """The lead's overview of the programme (a plain message for an unknown programme)."""
    try:
        return ProgrammeOverview(store, programme_code).widget
    except PROBLEMS as exc:
        return w.HTML(message(str(exc), "error"))
