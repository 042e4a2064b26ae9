"""The programme report: a programme of peer review across schools on one self-contained HTML
page that opens offline and prints on A4 (as a PDF through :func:`report.pdf.print_pdf`).

This module owns how a programme becomes that page: the template
``templates/programme.html.j2``, rendered with autoescaping so every typed text is escaped, and
the look of the workshop report (its stylesheet is read from ``report.html.j2``, so the two
reports stay alike). What goes in it is read by :mod:`sendreflect.report.programme_data`, where
every alias of the programme's workshops typed into free text is replaced by "a colleague".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from sendreflect.formats import format_date
from sendreflect.peer import titled
from sendreflect.report import programme_data as pdata
from sendreflect.report.model import Table
from sendreflect.report.pdf import write_html
from sendreflect.report.templating import FONT_STACK, environment
from sendreflect.store import Store

TEMPLATE = "programme.html.j2"
FALLBACK_CSS = "body { font-family: sans-serif; max-width: 200mm; margin: 0 auto; }"


def report_css() -> Markup:
    """The workshop report's stylesheet, so the programme report looks the same."""
    env = environment()
    assert env.loader is not None
    source = env.loader.get_source(env, "report.html.j2")[0]
    found = re.search(r"<style>\n?(.*?)</style>", source, re.DOTALL)
    css = found.group(1) if found else FALLBACK_CSS
    return Markup(css.replace("{{ font_stack | safe }}", FONT_STACK))


def text_table(frame: pd.DataFrame, caption: str) -> Table:
    """A frame of text as the template's table."""
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return Table(caption=caption, columns=[str(c) for c in frame.columns], rows=rows)


def _cohort(data: pdata.ProgrammeData, cohort: str) -> dict[str, object]:
    found = data.found[cohort]
    scale = data.framework.scale_text()
    return {
        "name": cohort,
        "schools": text_table(
            pdata.schools_frame(data, cohort),
            f"{titled('Cohort', cohort)}: schools, triads and stage reached",
        ),
        "placement": text_table(
            pdata.placement_frame(data, cohort),
            f"{titled('Cohort', cohort)}: each school's own placement / its peers', from {scale}",
        ),
        "gaps": text_table(
            pdata.gap_frame(data, cohort),
            f"{titled('Cohort', cohort)}: the gap per dimension (peers minus self)",
        ),
        "showcase": pdata.found_lines(found["showcase"]),
        "support": pdata.found_lines(found["support"]),
    }


def _self_peer(data: pdata.ProgrammeData) -> list[dict[str, object]]:
    return [
        {
            "school": s.school,
            "triad": s.triad,
            "table": text_table(
                pdata.self_peer_frame(data, s.school_id),
                f"{s.school}: its own placement beside its peers' placement of it",
            ),
        }
        for s in data.schools
    ]


def programme_report(store: Store, code: str) -> str:
    """The report on programme ``code`` as one self-contained HTML page that opens offline."""
    data = pdata.programme_data(store, code)
    template = environment().get_template(TEMPLATE)
    return template.render(
        titled=titled,
        css=report_css(),
        programme=data.programme,
        framework=data.framework,
        stages=data.stages,
        triads=data.triads,
        cohorts=[_cohort(data, c) for c in pdata.cohorts(data)],
        self_peer=_self_peer(data),
        showcase_rule=pdata.SHOWCASE_RULE,
        support_rule=pdata.SUPPORT_RULE,
        started=format_date(data.programme.created_at[:10]),
        today=format_date(dt.date.today()),
    )


def write_programme_report(store: Store, code: str, out: Path, *, pdf: bool = False) -> list[Path]:
    """Write the programme report's HTML to ``out`` and, with ``pdf``, an A4 PDF next to it;
    return the paths (as :func:`sendreflect.report.pdf.write_html` does for every report)."""
    return write_html(lambda: programme_report(store, code), out, pdf=pdf)
