"""A source's own text on the page: the "What the pack says" folds, quotations with their
speaker, Table 1 and the poles in the pack's orientation, the project's own wording marked as
such, and the credit under every step that shows a source's text.

Every piece of text is escaped here; the pages only arrange what this module builds.
"""

from __future__ import annotations

import ipywidgets as w

from sendreflect.app.kit import esc, paragraphs, toggle_example
from sendreflect.frameworks import Dimension, Framework, ItemList, Theme

OWN_WORDING = "sendreflect’s wording"
"""The mark beside a heading or question the project wrote, so it never reads as a quotation."""


def own_mark() -> str:
    """The small mark beside the project's own heading or question."""
    return f'<span class="sr-own">{OWN_WORDING}</span>'


def heading_html(framework: Framework, text: str, level: int = 4) -> w.HTML:
    """A section heading, marked as the project's own when the source does not print it."""
    mark = "" if framework.source.headings_quoted else f" {own_mark()}"
    return w.HTML(f"<h{level}>{esc(text)}{mark}</h{level}>")


def own_questions_note(framework: Framework, *, statements: bool = False) -> w.HTML:
    """Said once above questions the project wrote, so they do not read as quotations."""
    said = (
        "Each statement below is quoted; the question under it is sendreflect’s own."
        if statements
        else "The questions below are sendreflect’s own, written from the source; the text "
        "above them is quoted."
    )
    return w.HTML(f'<p class="sr-own-note">{own_mark()} {said}</p>')


def quote_html(text: str, said_by: str) -> str:
    """Someone's own words, with who said them."""
    return (
        f'<figure class="sr-quote"><blockquote>{paragraphs(text)}</blockquote>'
        f"<figcaption>{esc(said_by)}</figcaption></figure>"
    )


def list_html(quoted: ItemList) -> str:
    """A quoted list with its lead-in, each item with its own paragraph when the source has one."""
    if quoted.details:
        bullets = "".join(
            f"<li><strong>{esc(item)}</strong><br>{esc(detail)}</li>"
            for item, detail in zip(quoted.items, quoted.details, strict=True)
        )
    else:
        bullets = "".join(f"<li>{esc(item)}</li>" for item in quoted.items)
    return f'<div class="sr-list"><p>{esc(quoted.lead)}</p><ul>{bullets}</ul></div>'


def fold(title: str, children: list[w.Widget], *, opened: bool = True) -> w.VBox:
    """A fold (of the source's own text, or of a group of questions): a button titled ``title``
    that shows or hides ``children``, open until someone closes it unless ``opened`` is False."""
    body = w.VBox(children)
    body.add_class("sr-fold-body")
    button = w.Button(description=title, icon="chevron-down" if opened else "chevron-right")
    button.add_class("sr-fold-button")
    button.tooltip = f"Show or hide {title[:1].lower()}{title[1:]}"
    body.layout.display = None if opened else "none"

    def flip(_button: w.Button) -> None:
        hidden = body.layout.display == "none"
        body.layout.display = None if hidden else "none"
        button.icon = "chevron-down" if hidden else "chevron-right"

    button.on_click(flip)
    box = w.VBox([button, body])
    box.add_class("sr-fold")
    return box


def theme_text(framework: Framework, theme: Theme) -> list[w.Widget]:
    """A theme's own text in the source's order: introduction, quotation, lists, examples (a
    list the source prints before the introduction or after the examples comes there)."""
    parts = [w.HTML(list_html(lst)) for lst in theme.lists if lst.before_introduction]
    if theme.introduction:
        parts.append(w.HTML(paragraphs(theme.introduction)))
    if theme.quote:
        parts.append(w.HTML(quote_html(theme.quote, theme.said_by)))
    middle = [lst for lst in theme.lists if not (lst.after_examples or lst.before_introduction)]
    parts += [w.HTML(list_html(lst)) for lst in middle]
    parts += [toggle_example(e.title, e.text) for e in framework.examples_for(theme.id)]
    parts += [w.HTML(list_html(lst)) for lst in theme.lists if lst.after_examples]
    return parts


def dimension_text(dimension: Dimension) -> list[w.Widget]:
    """A dimension's own introduction and lists."""
    parts: list[w.Widget] = []
    if dimension.introduction:
        parts.append(w.HTML(paragraphs(dimension.introduction)))
    parts += [w.HTML(list_html(lst)) for lst in dimension.lists]
    return parts


def source_fold(
    framework: Framework, parts: list[w.Widget], *, opened: bool = True
) -> list[w.Widget]:
    """``parts`` in a "What the pack says" fold (open unless ``opened`` is False), or nothing
    when there is nothing to show."""
    return [fold(framework.fold_title, parts, opened=opened)] if parts else []


def poles_html(framework: Framework, dimension: Dimension) -> str:
    """A dimension's two poles side by side, whole-school first as the pack's Table 1 puts it,
    each with its end of the scale and its own colour."""
    labels = framework.position_labels()
    return (
        f'<div class="sr-poles" role="group" aria-label="The two poles for '
        f'{esc(dimension.title)}">'
        f'<div class="sr-pole sr-whole"><strong>5 – {esc(labels[5])}</strong>'
        f"<span>{esc(dimension.whole_school)}</span></div>"
        f'<div class="sr-pole sr-bolt"><strong>1 – {esc(labels[1])}</strong>'
        f"<span>{esc(dimension.bolt_on)}</span></div></div>"
    )


def table_one_html(framework: Framework) -> str:
    """The framework's own table of the continuum (the pack's Table 1): its title, its header
    row with the whole-school column first, and each dimension's two poles."""
    framing = framework.framing
    title = framing.table_title if framing and framing.table_title else "The continuum"
    whole = framing.whole_school_heading if framing and framing.whole_school_heading else ""
    bolt = framing.bolt_on_heading if framing and framing.bolt_on_heading else ""
    labels = framework.position_labels()
    rows = "".join(
        f'<tr><td class="sr-whole">{esc(d.title)}: {esc(d.whole_school)}</td>'
        f'<td class="sr-bolt">{esc(d.title)}: {esc(d.bolt_on)}</td></tr>'
        for d in framework.dimensions
    )
    return (
        f'<div class="sr-table sr-table-one"><table><caption>{esc(title)}</caption>'
        f'<thead><tr><th scope="col" class="sr-whole">{esc(whole or labels[5])}</th>'
        f'<th scope="col" class="sr-bolt">{esc(bolt or labels[1])}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def framing_text(framework: Framework) -> list[w.Widget]:
    """The paragraph that frames the continuum, and its table."""
    parts: list[w.Widget] = []
    if framework.framing and framework.framing.introduction:
        parts.append(w.HTML(paragraphs(framework.framing.introduction)))
    if framework.dimensions:
        parts.append(w.HTML(table_one_html(framework)))
    return parts


def credit_text(framework: Framework) -> str:
    """Whom a step's quoted text comes from: the citation, then the source's own notice (or the
    project's credit line when the source prints none)."""
    said = framework.source.notice or framework.source.credit
    return f"Quoted from {framework.source.citation} {said}".strip()


def credit(framework: Framework) -> w.HTML:
    """The credit under a step that shows the framework's text."""
    return w.HTML(f'<p class="sr-credit" role="note">{esc(credit_text(framework))}</p>')
