"""A dossier taken away: as Markdown with footnotes, and as JSON.

The Markdown keeps every Pandoc cite as written (`[@key, p. 3]`) and follows
it with a footnote per source (`[^key]`, one per source, numbered in order of
first citation like the page's references). Its YAML front matter lists the
cited sources as CSL items under `references`, so `pandoc --citeproc` resolves
the keys too; a plain Markdown reader gets the footnotes.

Both exports show what the page shows an anonymous reader of the dossier:
present sections and facts, never removed ones (whoever asks).
"""

import json
import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from carre.markdown.citations import CITE_RE, ITEM_RE
from facts.panel import facts_panel
from sources.citations import parse_citations

FORMAT_VERSION = 1


def _yaml(value) -> str:
    """A YAML scalar: JSON strings and numbers are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _sections(dossier) -> list:
    return list(dossier.sections.present().order_by("position", "pk"))


def _csl_item(source, base_url: str) -> list[str]:
    """A source as a CSL-YAML item of the front matter's `references`."""
    lines = [f"- id: {_yaml(source.key)}", "  type: webpage"]
    fields = {
        "title": source.title,
        "publisher": source.publisher,
        "URL": source.url or base_url + source.get_absolute_url(),
        "archive_location": source.archive_url,
        "language": source.language,
    }
    lines += [f"  {name}: {_yaml(value)}" for name, value in fields.items() if value]
    if source.author:
        lines.append(f"  author: [{{literal: {_yaml(source.author)}}}]")
    for name, day in (
        ("issued", source.published_on),
        ("accessed", source.accessed_on),
    ):
        if day:
            lines.append(
                f"  {name}: {{date-parts: [[{day.year}, {day.month}, {day.day}]]}}"
            )
    return lines


def _footnote(source, base_url: str) -> str:
    """The footnote of a source: what the page's reference list says."""
    parts = [source.title or source.url or source.key]
    if source.publisher:
        parts.append(source.publisher)
    if source.published_on:
        parts.append(source.published_on.isoformat())
    text = ", ".join(parts) + "."
    if source.url:
        text += f" <{source.url}>"
    if source.archive_url:
        text += " " + _("Archived copy: <%(url)s>") % {"url": source.archive_url}
    text += " " + _("About this source: <%(url)s>") % {
        "url": base_url + source.get_absolute_url()
    }
    return f"[^{source.key}]: {text} (`@{source.key}`)"


# Code, where a cite is only text: fenced blocks and inline code spans.
CODE_RE = re.compile(r"^(```|~~~).*?^\1|(`+).+?\2", re.DOTALL | re.MULTILINE)


def _with_footnotes(text: str, known: dict) -> str:
    """Each cite of `text` followed by the footnote marks of its known keys;
    cites inside code are left alone."""

    def mark(match):
        keys = [item[1] for item in ITEM_RE.finditer(match.group(0))]
        marks = "".join(f"[^{key}]" for key in dict.fromkeys(keys) if key in known)
        return match.group(0) + marks

    pieces, last = [], 0
    for code in CODE_RE.finditer(text):
        pieces += [CITE_RE.sub(mark, text[last : code.start()]), code.group(0)]
        last = code.end()
    pieces.append(CITE_RE.sub(mark, text[last:]))
    return "".join(pieces)


def _cite(citations) -> str:
    items = [
        f"@{c.source.key}" + (f", {c.locator}" if c.locator else "") for c in citations
    ]
    if not items:
        return ""
    keys = "".join(
        f"[^{key}]" for key in dict.fromkeys(c.source.key for c in citations)
    )
    return f" [{'; '.join(items)}]{keys}"


def _fact_lines(panel) -> list[str]:
    lines = []
    if panel.deployments:
        lines += ["", f"## {_('Deployments')}", ""]
        for deployment in panel.deployments:
            text = f"- **{deployment.get_technology_display()}**"
            if deployment.name:
                text += f" ({deployment.name})"
            text += f" — {deployment.get_status_display()}"
            if deployment.vendor:
                text += f", {deployment.vendor.name}"
            if deployment.start_date:
                text += f", {deployment.start_date.isoformat()}"
            if deployment.end_date:
                text += f" → {deployment.end_date.isoformat()}"
            lines.append(text + _cite(deployment.citations.all()))
    if panel.events:
        lines += ["", f"## {_('Timeline')}", ""]
        for event in panel.events:
            text = f"- {event.date.isoformat()}: {event.title}"
            lines.append(text + _cite(event.citations.all()))
    figures = [figure for group in panel.figure_groups for figure in group.figures]
    if figures:
        lines += ["", f"## {_('Figures')}", ""]
        for figure in figures:
            text = f"- {figure.subject}: {figure.value.normalize():f} {figure.unit}"
            if figure.as_of:
                text += f" ({figure.as_of.isoformat()})"
            if figure.source:
                cite = f"@{figure.source.key}"
                if figure.locator:
                    cite += f", {figure.locator}"
                text += f" [{cite}][^{figure.source.key}]"
            lines.append(text.rstrip())
    return lines


def _fact_keys(panel) -> list[str]:
    keys = []
    for fact in [*panel.deployments, *panel.events]:
        keys += [citation.source.key for citation in fact.citations.all()]
    for group in panel.figure_groups:
        keys += [f.source.key for f in group.figures if f.source]
    return keys


def dossier_markdown(dossier, *, base_url: str) -> str:
    """The dossier as one Markdown document (Pandoc's dialect)."""
    from sources.models import Source

    sections = _sections(dossier)
    panel = facts_panel(dossier, AnonymousUser())
    keys = [cite.key for s in sections for cite in parse_citations(s.text)]
    keys = list(dict.fromkeys(keys + _fact_keys(panel)))
    found = Source.objects.in_bulk(keys, field_name="key")
    known = {key: found[key] for key in keys if key in found}

    lines = ["---", f"title: {_yaml(dossier.title)}"]
    if dossier.place:
        lines.append(f"place: {_yaml(dossier.place)}")
    lines += [
        f"url: {_yaml(base_url + dossier.get_absolute_url())}",
        f"date: {_yaml(dossier.updated_at.date().isoformat())}",
        f"exported: {_yaml(timezone.now().isoformat(timespec='seconds'))}",
    ]
    if known:
        lines.append("references:")
        for source in known.values():
            lines += _csl_item(source, base_url)
    lines += ["---", "", f"# {dossier.title}", ""]
    if dossier.summary:
        lines += [dossier.summary, ""]
    for section in sections:
        lines += [f"## {section.title}", "", _with_footnotes(section.text, known), ""]
    lines += _fact_lines(panel)
    if known:
        lines += ["", f"## {_('References')}", ""]
        lines += [_footnote(source, base_url) for source in known.values()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def dossier_document(dossier, *, base_url: str) -> dict:
    """The dossier as a JSON-ready dict: the API's shapes, in one document."""
    from dossiers.api import DossierOut, SectionOut
    from facts.api import DossierFactsOut
    from sources.api import SourceOut
    from sources.models import Source

    sections = _sections(dossier)
    panel = facts_panel(dossier, AnonymousUser())
    facts = DossierFactsOut.model_validate(
        {
            "actors": panel.actors,
            "figures": [f for group in panel.figure_groups for f in group.figures],
            "events": panel.events,
            "deployments": panel.deployments,
        }
    )
    keys = [cite.key for s in sections for cite in parse_citations(s.text)]
    keys = list(dict.fromkeys(keys + _fact_keys(panel)))
    found = Source.objects.in_bulk(keys, field_name="key")
    return {
        "format": "carre-dossier",
        "version": FORMAT_VERSION,
        "url": base_url + dossier.get_absolute_url(),
        "dossier": DossierOut.model_validate(dossier).model_dump(mode="json"),
        "sections": [
            SectionOut.model_validate(s).model_dump(mode="json") for s in sections
        ],
        "facts": facts.model_dump(mode="json"),
        "sources": [
            SourceOut.model_validate(found[key]).model_dump(mode="json")
            for key in keys
            if key in found
        ],
    }
