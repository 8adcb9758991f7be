"""Who has a public profile page, and the stamp of every profile link shown.

A profile page (`/u/<username>/`, the profiles app) exists for an active,
not deleted account whose owner did not hide it. Author names and @mentions
link there only then: `profile_url(user)` answers None otherwise, and the
templates show the name without a link.

Pages that are kept for a moment (the thread page's ETag, the dossier body in
the shared cache) include `links_stamp()`: a token in the shared cache that
every change to who has a profile, or under which name, replaces
(`bump_links_stamp()`: hiding or showing a profile, a renamed, suspended or
deleted account). The next request of any process sees a new ETag and key,
so a hidden profile's links are gone at the next page load, not after a
cache timeout.
"""

import uuid

from django.core.cache import caches
from django.urls import reverse

STAMP_KEY = "profile-links-stamp"
# The stamp lives as long as the pages it versions could (a day); a lost
# stamp only makes the next pages fresh.
STAMP_TIMEOUT = 24 * 60 * 60


def has_public_profile(user) -> bool:
    """Whether `user`'s profile page can be opened (by anyone)."""
    return bool(
        user is not None
        and getattr(user, "pk", None)
        and user.is_active
        and not user.deleted_at
        and not user.profile_hidden
    )


def profile_url(user) -> str | None:
    """The profile page of `user`, or None when there is none to link to."""
    if not has_public_profile(user):
        return None
    return reverse("user-profile", kwargs={"username": user.username})


def links_stamp() -> str:
    """The current stamp of profile links (made on first use)."""
    cache = caches["default"]
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        cache.add(STAMP_KEY, stamp, STAMP_TIMEOUT)
    return stamp


def bump_links_stamp() -> None:
    """Every page showing profile links is stale: called on commit by the
    services that change who has a profile page or its name."""
    caches["default"].set(STAMP_KEY, uuid.uuid4().hex, STAMP_TIMEOUT)
