"""Per-account rate limits on writes, counted in the database.

A limit counts the account's own recent rows (its posts, its section
revisions, the sources it added…) in PostgreSQL rather than in a cache: every
web process and every gunicorn worker sees the same count, nothing is lost on
a restart, and there is no counter to keep in step. The account's row is
locked first, so two simultaneous requests are counted one after the other
and the limit is exact.

Services call `check_rate_limit(user, LIMIT)` first thing in their
transaction; the view answers 429 with the form and what was typed. Each
limit is a setting (0 switches it off). Moderators and staff are never
limited, nor is a scripted load run inside `unlimited()` (the demo data, the
benchmarks).
"""

import contextlib
import dataclasses
import datetime
import math
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import is_moderator

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


class RateLimited(ValidationError):
    """Too many actions of one kind in the limit's window; `retry_after` in
    seconds."""

    retry_after: int = 0


@dataclass(frozen=True)
class RateLimit:
    setting: str  # the setting holding how many actions a window allows
    window: datetime.timedelta
    rows: Callable[[object], QuerySet]  # the account's rows, with `created_at`
    message: str  # formatted with %(limit)s and %(wait)s


def _model(label: str):
    return apps.get_model(label)._default_manager


POSTS = RateLimit(
    "CARRE_POSTS_PER_MINUTE",
    MINUTE,
    lambda user: _model("forum.Post").filter(author=user),
    _(
        "You are posting too fast: at most %(limit)s messages a minute. "
        "Your text is kept; you can send it again in %(wait)s."
    ),
)
FLAGS = RateLimit(
    "CARRE_FLAGS_PER_HOUR",
    HOUR,
    lambda user: _model("forum.Flag").filter(user=user),
    _(
        "You are flagging too fast: at most %(limit)s flags an hour. "
        "Your reason is kept; you can send it again in %(wait)s."
    ),
)
SECTION_EDITS = RateLimit(
    "CARRE_SECTION_EDITS_PER_MINUTE",
    MINUTE,
    lambda user: _model("dossiers.SectionRevision").filter(editor=user),
    _(
        "You are saving sections too fast: at most %(limit)s saves a minute. "
        "Your text is kept; you can save it again in %(wait)s."
    ),
)
# A new account's edits kept for review write no revision: they are counted
# by their own rows, under the same setting, so a review queue cannot be
# flooded faster than the pages themselves.
HELD_SECTION_EDITS = dataclasses.replace(
    SECTION_EDITS,
    rows=lambda user: _model("dossiers.PendingEdit").filter(author=user),
)
FACT_EDITS = RateLimit(
    "CARRE_FACT_EDITS_PER_MINUTE",
    MINUTE,
    lambda user: _model("facts.FactRevision").filter(editor=user),
    _(
        "You are changing facts too fast: at most %(limit)s changes a minute. "
        "What you typed is kept; you can save it again in %(wait)s."
    ),
)
HELD_FACT_EDITS = dataclasses.replace(
    FACT_EDITS,
    rows=lambda user: _model("facts.PendingFactEdit").filter(author=user),
)
# Every source counts (each one added by address queues a fetch of that
# address by the server); uploads have their own, lower limit as well.
SOURCES = RateLimit(
    "CARRE_SOURCES_PER_HOUR",
    HOUR,
    lambda user: _model("sources.Source").filter(added_by=user),
    _(
        "You are adding sources too fast: at most %(limit)s an hour. "
        "What you typed is kept; you can send it again in %(wait)s."
    ),
)
UPLOADS = RateLimit(
    "CARRE_UPLOADS_PER_HOUR",
    HOUR,
    lambda user: _model("sources.Source").filter(added_by=user).exclude(file=""),
    _(
        "You are uploading files too fast: at most %(limit)s an hour. "
        "What you typed is kept (choose the file again); you can send it "
        "again in %(wait)s."
    ),
)

_unlimited: ContextVar[bool] = ContextVar("carre_ratelimit_unlimited", default=False)


@contextlib.contextmanager
def unlimited() -> Iterator[None]:
    """No limit inside this block: for scripted loads, never for requests."""
    token = _unlimited.set(True)
    try:
        yield
    finally:
        _unlimited.reset(token)


def is_exempt(user) -> bool:
    return user.is_staff or is_moderator(user)


def _wait_text(seconds: float) -> str:
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {
            "count": seconds
        }
    count = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


def check_rate_limit(
    user, limit: RateLimit, *, latest: int = 0, fields: tuple[str, ...] = ()
) -> list[tuple] | None:
    """Raise RateLimited if `user` already did `limit`'s allowance in its window.

    Call it inside the transaction that writes, before writing.

    `latest`, `fields`: a caller that needs the account's latest rows of this
    kind as well (the forum's new-user queue) gets at least `latest` of them,
    newest first, as (created_at, *fields) tuples, read by the limit's own
    query. None when the limit was not checked (off, exempt or unlimited).
    """
    allowed = getattr(settings, limit.setting)
    if allowed <= 0 or _unlimited.get() or not user.is_authenticated:
        return None  # (an anonymous caller is refused by the permission check)
    if is_exempt(user):
        return None
    # Two simultaneous requests of one account are counted one after the
    # other. NO KEY UPDATE: rows that merely reference the account (a
    # notification for them, inserted by someone else's reply) do not wait.
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    now = timezone.now()
    rows = limit.rows(user).order_by("-created_at")
    if not latest:
        rows = rows.filter(created_at__gt=now - limit.window)
    # Asked for more: the newest rows, the window's first (forum posts have
    # an index on (author, -created_at) for this).
    rows = list(rows.values_list("created_at", *fields)[: max(allowed, latest)])
    recent = [row[0] for row in rows[:allowed] if row[0] > now - limit.window]
    if len(recent) < allowed:
        return rows
    # Free again when the oldest of the last `allowed` actions leaves the window.
    wait = (recent[-1] + limit.window - now).total_seconds()
    error = RateLimited(
        limit.message % {"limit": allowed, "wait": _wait_text(wait)},
        code="rate_limited",
    )
    error.retry_after = max(1, math.ceil(wait))
    raise error


def status_for(error: Exception, default: int = 422) -> int:
    """The status of a form answered again with `error`: 429 when refused for
    going too fast, otherwise `default`."""
    return 429 if isinstance(error, RateLimited) else default
