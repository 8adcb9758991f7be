"""What every Atom feed of Carré shares: absolute links, inside the entries too.

Django's Feed makes the feed's and the entries' own links absolute, not the
links inside an entry's HTML (a post's "/sources/key/" citation, a mention);
a feed reader has no page to resolve them against, so they are rewritten here.
"""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

# href="/x" or src="/x", not "//host/x" (already absolute, protocol-relative).
ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


def absolute_links(html: str, base_url: str) -> str:
    """`html` with its root-relative links prefixed by `base_url` ("https://host")."""
    return ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{base_url}/', html)


class AtomFeed(Feed):
    feed_type = Atom1Feed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        base_url = request.build_absolute_uri("/").rstrip("/")
        for item in feed.items:
            if item.get("description"):
                item["description"] = absolute_links(item["description"], base_url)
        return feed
