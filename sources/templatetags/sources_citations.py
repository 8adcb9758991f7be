"""Numbered footnotes on a page: `{% citation_page sections as citation_page %}`.

The tag numbers the citation markers of every item's HTML (one number per
source on the page), stores the result on each item as `cited_html`, and
returns the CitationPage whose references `sources/_references.html` lists.
"""

from django import template
from django.utils.safestring import mark_safe

from sources.citations import number_citations

register = template.Library()


@register.simple_tag
def citation_page(items, attribute="html", mark_uncited=False):
    items = list(items or [])
    page = number_citations(
        [getattr(item, attribute, "") or "" for item in items],
        mark_uncited=mark_uncited,
    )
    for item, fragment in zip(items, page.fragments, strict=True):
        # Our own markup around HTML sanitized at save time.
        item.cited_html = mark_safe(fragment)  # noqa: S308
    return page
