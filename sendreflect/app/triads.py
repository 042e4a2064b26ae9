"""A programme's "Schools and triads" section: add a school to a cohort and triad (the coach school
ticked), see every school by cohort and triad with the stage its triad has reached, its
self-evaluation's join code and facilitator link, and open its peer visit.

Every write goes through the store (``add_school``, ``open_visit``); a refusal is shown in plain
English and changes nothing.
"""

from __future__ import annotations

import ipywidgets as w

from sendreflect import peer
from sendreflect.app.kit import ONCE, esc, heading, message
from sendreflect.app.request import Request
from sendreflect.app.saving import PROBLEMS
from sendreflect.peerstats import stage_reached
from sendreflect.store import Programme, ProgrammeSchool, Store, Workshop

COLUMNS = ("Cohort", "Triad", "School", "Role", "Stage reached", "Self-evaluation", "Peer visit")
NARROW = (
    "<style>@media (max-width: 700px) { .sr-schools table, .sr-schools tbody, .sr-schools tr, "
    ".sr-schools th, .sr-schools td { display: block; } .sr-schools thead { display: none; } "
    ".sr-schools tr { border: 1px solid #c8c8c8; margin-bottom: 0.6rem; } "
    ".sr-schools td, .sr-schools th { border: none; } "
    ".sr-schools caption { display: block; text-align: left; } "
    ".sr-schools td::before { content: attr(data-label) ': '; font-weight: 600; } }</style>"
)
"""On a phone each school is a card of labelled lines rather than a table wider than the screen."""
LINK = 'class="sr-download" target="_blank"'
KEYS_NOTE = (
    "Each facilitator link carries that workshop's own key, which opens only it: give it to the "
    "school's facilitator, not to the room. The join code is what the school's team types on "
    "the participant page."
)


def stages_by_triad(store: Store, code: str) -> dict[str, str]:
    """Triad → the label of the latest stage it has done (a whole-programme stage counts for
    every triad), or "Not started"."""
    done: dict[str, list[str]] = {}
    for record in store.programme_records(code, "stage"):
        if record.value.get("done"):
            done.setdefault(record.scope, []).append(record.item_id)
    everyone = done.get(peer.ALL_TRIADS, [])
    triads = {s.triad for s in store.programme_schools(code)}
    return {t: stage_reached([*everyone, *done.get(t, [])], peer.STAGES) for t in triads}


class SchoolsSection:
    """The add-a-school form, the table of schools and a button per school to open its peer
    visit. ``widget`` goes on the programme's page."""

    def __init__(self, store: Store, programme: Programme, request: Request) -> None:
        self.store = store
        self.programme = programme
        self.request = request
        self.school = w.Text(description="School", placeholder="e.g. Oak Primary School", **ONCE)
        self.cohort = w.Combobox(description="Cohort", placeholder="e.g. Cohort 1", **ONCE)
        self.triad = w.Combobox(description="Triad", placeholder="e.g. North", **ONCE)
        for field in (self.school, self.cohort, self.triad):
            field.style.description_width = "8em"
            field.add_class("sr-field")
        self.coach = w.Checkbox(
            value=False, description="This school is its triad's coach", indent=False
        )
        self.coach.layout.width = "auto"
        add = w.Button(description="Add school", button_style="primary", icon="plus")
        add.on_click(lambda _b: self.add())
        self.message = w.HTML()
        self.table = w.HTML()
        self.visits = w.VBox()
        self.visit_message = w.HTML()
        self.widget = w.VBox(
            [
                heading("Schools by cohort and triad", 3),
                self.table,
                w.HTML(f"<p>{esc(KEYS_NOTE)}</p>"),
                self.visits,
                self.visit_message,
                heading("Add a school", 3),
                self.school,
                self.cohort,
                self.triad,
                self.coach,
                add,
                self.message,
            ]
        )
        self.redraw()

    def redraw(self) -> None:
        """Draw the table, the visit buttons and the form's choices from the store."""
        schools = self.store.programme_schools(self.programme.code)
        self.cohort.options = sorted({s.cohort for s in schools})
        self.triad.options = sorted({s.triad for s in schools})
        self.table.value = self._table_html(schools)
        buttons: list[w.Widget] = []
        for school in schools:
            button = w.Button(
                description=f"Open the peer visit: {school.school}",
                icon="door-open",
                tooltip=f"Open the peer visit to {school.school}, for its triad's reviewers",
                layout=w.Layout(width="auto", max_width="100%"),
            )
            button.on_click(lambda _b, s=school: self.open_visit(s))
            if school.visit_code is None:
                buttons.append(button)
        if buttons:
            buttons.insert(0, heading("Peer visits not opened yet", 4))
        self.visits.children = buttons

    def _links(self, workshop: Workshop, what: str) -> str:
        """A workshop's join code and its two links; each link's name for a screen reader says
        whose workshop it opens (``what``: "Oak Primary's self-evaluation")."""
        own = self.request.link(
            "facilitator.ipynb", code=workshop.code, key=workshop.facilitator_key
        )
        join = self.request.link("participant.ipynb", code=workshop.code)
        return (
            f"join code <strong>{esc(workshop.code)}</strong><br>"
            f'<a href="{esc(join)}" {LINK} aria-label="{esc(what)}: participant link">'
            "Participant link</a><br>"
            f'<a href="{esc(own)}" {LINK} aria-label="{esc(what)}: facilitator link">'
            "Facilitator link</a>"
        )

    def _table_html(self, schools: list[ProgrammeSchool]) -> str:
        if not schools:
            return message("No schools yet: add the programme's first school below.")
        stages = stages_by_triad(self.store, self.programme.code)
        head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
        rows = []
        for s in schools:
            own = self._links(self.store.workshop(s.self_code), f"{s.school}'s self-evaluation")
            visit = (
                self._links(self.store.workshop(s.visit_code), f"{s.school}'s peer visit")
                if s.visit_code
                else "Not opened yet"
            )
            cells = (
                esc(s.cohort),
                esc(s.triad),
                f'<th scope="row">{esc(s.school)}</th>',
                "Coach school" if s.coach else "Member school",
                esc(stages.get(s.triad, "Not started")),
                own,
                visit,
            )
            rows.append(
                "<tr>"
                + "".join(
                    c if c.startswith("<th") else f'<td data-label="{label}">{c}</td>'
                    for label, c in zip(COLUMNS, cells, strict=True)
                )
                + "</tr>"
            )
        caption = f"Schools in {self.programme.name}"
        return NARROW + (
            f'<div class="sr-table sr-schools" role="region" tabindex="0" '
            f'aria-label="{esc(caption)}"><table><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def add(self) -> None:
        """Add the school the form describes (or say, changing nothing, why it cannot be)."""
        try:
            added = self.store.add_school(
                self.programme.code,
                self.school.value,
                cohort=self.cohort.value,
                triad=self.triad.value,
                coach=self.coach.value,
            )
        except PROBLEMS as exc:
            self.message.value = message(str(exc), "error")
            return
        role = "the coach school of" if added.coach else "a school in"
        self.message.value = message(
            f"{added.school} is {role} triad {added.triad} (cohort {added.cohort}); its "
            f"self-evaluation's join code is {added.self_code}.",
            "success",
        )
        self.school.value = ""
        self.coach.value = False
        self.redraw()

    def open_visit(self, school: ProgrammeSchool) -> None:
        """Open the school's peer visit and show its join code and links."""
        try:
            visit = self.store.open_visit(self.programme.code, school.school_id)
        except PROBLEMS as exc:
            self.visit_message.value = message(str(exc), "error")
            return
        self.redraw()
        links = self._links(visit, f"{school.school}'s peer visit")
        self.visit_message.value = (
            '<div class="sr-message sr-success" role="status">'
            f"The peer visit to {esc(school.school)} is open: {links}"
            "<br>Reviewers from the other schools of its triad join it with the join code, "
            "as 'Peer reviewer (from another school)'.</div>"
        )
