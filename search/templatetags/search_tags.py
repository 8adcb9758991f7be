import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.queries import MARK_START, MARK_STOP

register = template.Library()
MARKDOWN_MARKS = re.compile(r"[*_`#>]+")


@register.filter
def highlight(snippet: str) -> str:
    """Escape a search snippet, then turn PostgreSQL's markers into <mark>."""
    if not snippet:
        return ""
    # Snippets come from Markdown sources: drop its emphasis and quote marks.
    html = escape(MARKDOWN_MARKS.sub("", snippet))
    html = html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only <mark> added
