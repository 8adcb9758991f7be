"""The one place where a section's Markdown becomes HTML (at save time), and
where the sections of a dossier page get their footnote numbers (at page
time).

carre.markdown renders it, with the source library's citations; every caller
in dossiers goes through `render_section`. The page, the cached body
(dossiers/page_cache.py), the answer to an inline save and the editor's
preview all number citations through `number_sections`, so each shows what a
reload shows.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.safestring import mark_safe

from sources.citations import (
    CitationPage,
    Reference,
    cited_keys,
    number_citations,
    render_with_citations,
)
from sources.models import Source


def render_section(text: str) -> str:
    """Sanitized HTML of a section's Markdown source, cites as markers."""
    return render_with_citations(text).html


def number_sections(sections) -> tuple[CitationPage, dict[str, Source]]:
    """Number the citations of a dossier page's sections (in page order), one
    number per source on the page; each section gets its `cited_html`.

    Returns the page (its references) and the cited sources by key.
    """
    fragments = [section.html for section in sections]
    sources = Source.objects.in_bulk(cited_keys(fragments), field_name="key")
    page = number_citations(fragments, sources=sources, mark_uncited=True)
    for section, fragment in zip(sections, page.fragments, strict=True):
        # Our own markup around HTML sanitized at save time.
        section.cited_html = mark_safe(fragment)  # noqa: S308
    return page, sources


def page_sections(dossier) -> list:
    """The sections the dossier page shows, in order, as it loads them."""
    sections = list(dossier.sections.present().for_page())
    for section in sections:
        section.dossier = dossier
    return sections


@dataclass(frozen=True)
class Preview:
    """An edited text as the page would show it once saved."""

    html: str
    references: list[Reference] = field(default_factory=list)


def preview_section(section, text: str) -> Preview:
    """`text` rendered in place of `section`'s, numbered with the rest of its
    dossier's page: the footnote numbers are those a save would show."""
    html = render_section(text)
    sections = page_sections(section.dossier)
    edited = next((item for item in sections if item.pk == section.pk), None)
    if edited is None:  # a removed section: numbered as if it came last
        edited = SimpleNamespace(pk=section.pk, html=html)
        sections.append(edited)
    edited.html = html
    page, _sources = number_sections(sections)
    here = set(cited_keys([html]))
    return Preview(
        html=edited.cited_html,
        references=[ref for ref in page.references if ref.key in here],
    )
