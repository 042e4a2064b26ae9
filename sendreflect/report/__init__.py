"""Report: the take-away report for governors, as one self-contained HTML file and, if asked, a
PDF.

The package: ``model`` (what the template reads), ``context`` (what goes in the report, read from
the store and :mod:`sendreflect.stats`), ``render`` (the Jinja2 environment and the offline HTML
page) and ``pdf`` (the files written, the PDF printed by Chromium through
:mod:`sendreflect.browser`).

Nobody is named (see :mod:`sendreflect.confidential`): notes are shown without their authors, in
alphabetical order; a role is named only for a group of ``MIN_GROUP`` or more people; no median
or count of fewer than ``MIN_GROUP`` people is shown; and any participant's alias typed into free
text (a note, a dissent, an action's lead) is replaced by "a colleague" before it is escaped.
"""

from sendreflect.report.pdf import print_pdf, write_report
from sendreflect.report.render import ReportError, build_report

__all__ = ["ReportError", "build_report", "print_pdf", "write_report"]
