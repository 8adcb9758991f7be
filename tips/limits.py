"""How many tips the form takes, counted without keeping any address.

Two counters in the shared cache, per window of CARRE_TIPS_WINDOW seconds:

- every tip, whoever sends it (CARRE_TIPS_PER_WINDOW): a flood cannot fill
  the moderators' inbox;
- per sender (CARRE_TIPS_PER_SENDER): the counter's key is an HMAC of the
  sender's address under a random secret that lives in the cache for one
  window only. The address itself is never written; the secret is never
  stored with a tip or in the database, and once the window is over the
  keys cannot be linked to an address any more, even by whoever reads the
  cache.

Nothing here is stored with the tip. The sender's address is read from the
request only to compute the key: REMOTE_ADDR, or behind the site's own proxy
(CARRE_BEHIND_PROXY, as for the login limits) the last X-Forwarded-For entry,
the one that proxy appended. Whatever a client forges, the global limit holds.
"""

import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from carre.cache import is_reachable


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int
    retry_after: int


def _window() -> tuple[int, int]:
    """(number of the current window, seconds until it ends)."""
    length = settings.CARRE_TIPS_WINDOW
    now = time.time()
    return int(now // length), max(1, math.ceil(length - now % length))


def _sender(request) -> str:
    """The address the per-sender key is made from (never stored)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _secret(cache, window: int) -> str:
    key = f"tips:secret:{window}"
    cache.add(key, secrets.token_hex(32), settings.CARRE_TIPS_WINDOW)
    return cache.get(key) or ""


def _count(cache, key: str) -> int:
    """Add one to the counter `key` (made for this window) and return it."""
    cache.add(key, 0, settings.CARRE_TIPS_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.CARRE_TIPS_WINDOW)
        return 1


def take_a_tip(request) -> Refusal | None:
    """Count this attempt; a Refusal when a limit is reached (or the counters
    cannot be read: the form fails closed rather than unlimited)."""
    cache = caches["default"]
    if not is_reachable(cache):
        return Refusal(
            _(
                "The form is unavailable for a moment. Please try again in a "
                "few minutes."
            ),
            503,
            60,
        )
    window, wait = _window()
    minutes = max(1, math.ceil(wait / 60))
    secret = _secret(cache, window)
    digest = hmac.new(
        secret.encode(), _sender(request).encode(), hashlib.sha256
    ).hexdigest()
    if _count(cache, f"tips:sender:{window}:{digest}") > (
        settings.CARRE_TIPS_PER_SENDER
    ):
        return Refusal(
            _(
                "You have sent several tips in a short time. Please wait "
                "%(minutes)s minutes before sending another one; what you "
                "typed is kept below."
            )
            % {"minutes": minutes},
            429,
            wait,
        )
    if _count(cache, f"tips:all:{window}") > settings.CARRE_TIPS_PER_WINDOW:
        return Refusal(
            _(
                "Many tips have arrived in a short time and the form is paused. "
                "Please try again in %(minutes)s minutes; what you typed is "
                "kept below."
            )
            % {"minutes": minutes},
            429,
            wait,
        )
    return None
