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

from django.conf import settings
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


def part_count(sections: int) -> int:
    """How many parts a page of `sections` sections is shown in."""
    size = settings.CARRE_DOSSIER_PAGE_SECTIONS
    if size <= 0 or sections <= size:
        return 1
    return -(-sections // size)


def part_range(part: int) -> tuple[int, int]:
    """The positions (1-based, inclusive) of the sections of `part`."""
    size = settings.CARRE_DOSSIER_PAGE_SECTIONS
    return (part - 1) * size + 1, part * size


def toc_links(sections, dossier, current: int | None) -> None:
    """Give each section of a split page its contents link (`toc_href`):
    `#anchor` on its own part, else its part's address, so a link works
    without JavaScript from any part (`current` None: from none of them)."""
    size = settings.CARRE_DOSSIER_PAGE_SECTIONS
    if part_count(len(sections)) == 1:
        return
    url = dossier.get_absolute_url()
    for index, section in enumerate(sections):
        part = index // size + 1
        if part == current:
            section.toc_href = f"#{section.anchor}"
        elif part == 1:
            section.toc_href = f"{url}#{section.anchor}"
        else:
            section.toc_href = f"{url}?part={part}#{section.anchor}"
