"""The one place where a section's Markdown becomes HTML (at save time).

carre.markdown renders it, with the source library's citations; every caller
in dossiers goes through `render_section`.
"""

from sources.citations import render_with_citations


def render_section(text: str) -> str:
    """Sanitized HTML of a section's Markdown source, cites as markers."""
    return render_with_citations(text).html
