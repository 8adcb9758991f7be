"""OpenGraph and Twitter card tags, for a page shared on social networks.

`{% opengraph title description url=… %}` in a page's `{% block meta %}`:
a title, a plain-text summary, the page's absolute address, and no image
(no third-party request, nothing a network would fetch from elsewhere).
"""

import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

DESCRIPTION_LENGTH = 200


def plain_summary(text) -> str:
    """`text` (plain or HTML) as one line of plain text, at most 200 characters."""
    plain = html.unescape(strip_tags(str(text or "")))
    return Truncator(" ".join(plain.split())).chars(DESCRIPTION_LENGTH)


@register.inclusion_tag("includes/opengraph.html", takes_context=True)
def opengraph(context, title, description="", *, url="", kind="article"):
    request = context["request"]
    return {
        "title": title,
        "description": plain_summary(description),
        "url": request.build_absolute_uri(url or request.path),
        "kind": kind,
        "site_name": context.get("SITE_NAME", ""),
    }
