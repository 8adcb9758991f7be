"""Anonymous readers' pages kept whole in the shared cache, for as long as
their `Cache-Control: public, max-age` already lets any proxy keep them.

The thread and dossier pages of an anonymous reader are the same for everyone
(no name, token, draft or message), and their views compute a version of what
they show before rendering (the ETag). The finished HTML is kept under that
version, the path, the language and the time zone, so a spike of readers is
served without rendering, by every process and node sharing `caches["default"]`.
A write changes the version, so the next request of any process misses and
renders the new page. Whatever the version does not cover (a renamed author on
a thread page) is bounded by the entry's lifetime, the same `max-age` a proxy
is allowed.

Only pages whose query string is one a link of ours makes are kept (`shareable`).
A page whose render asked for a CSRF token (it would set a cookie and carry a
token bound to one visitor) or set a cookie is never kept.
"""

import hashlib

from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from accounts.profiles import STAMP_KEY
from carre.release import release

PREFIX = "shared-page"


def shareable(request, params: tuple[str, ...] = ()) -> bool:
    """Whether the page may be kept: its query string names only `params`,
    with numbers, so made-up query strings cannot fill the cache."""
    return all(
        name in params and value.isdigit() and len(value) <= 6
        for name, value in request.GET.items()
    )


def page_key(request, name: str, version: str) -> str:
    """The entry of this page as an anonymous reader sees it at `version`."""
    parts = "|".join(
        (
            request.get_full_path(),
            get_language(),
            timezone.get_current_timezone_name(),
            "htmx" if request.htmx else "page",
            version,
            release(),
        )
    )
    digest = hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
    return f"{PREFIX}:{name}:{digest}"


def cached_page(key: str) -> dict | None:
    """The kept page: `content`, `content_type`, and what the view stored
    beside them; none if it was kept with a `links` stamp
    (`accounts.profiles.links_stamp`) that has changed since. One cache read
    for both."""
    found = caches["default"].get_many([key, STAMP_KEY])
    entry = found.get(key)
    if entry is None or entry["links"] not in {None, found.get(STAMP_KEY)}:
        return None
    return entry


def response_from(entry: dict) -> HttpResponse:
    return HttpResponse(entry["content"], content_type=entry["content_type"])


def keep_page(
    request, key: str, response, *, timeout: int, links: str | None = None, **extra
) -> None:
    """Keep the rendered `response` under `key` for `timeout` seconds, unless
    it is not the same for every anonymous reader. `links`: the profile links
    stamp the page was rendered with, if its key does not include it."""
    response.render()
    if (
        response.status_code != 200
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or timeout <= 0
    ):
        return
    entry = {
        "content": response.content,
        "content_type": response["Content-Type"],
        "links": links,
        **extra,
    }
    caches["default"].set(key, entry, timeout)
