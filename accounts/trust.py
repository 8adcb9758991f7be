"""Trust levels: how far Carré lets a person's work go live without review.

Like Discourse's, four levels, earned by what the person did:

| level | name | earned with (settings, defaults)                        |
| ----- | ---- | ------------------------------------------------------- |
| 0 | new     | signing up                                              |
| 1 | basic   | CARRE_TRUST_BASIC_DAYS (1) days, _CONTRIBUTIONS (3)     |
| 2 | member  | CARRE_TRUST_MEMBER_DAYS (14) days, _CONTRIBUTIONS (20)  |
| 3 | regular | CARRE_TRUST_REGULAR_DAYS (60) days, _CONTRIBUTIONS (50) |

A contribution is an accepted one: a published forum post, a saved dossier
edit (a pending edit counts once accepted). Every flag a moderator upheld
against the person (a flagged post hidden) cancels CARRE_TRUST_FLAG_PENALTY
(5) contributions. Dossier edits from CARRE_TRUST_PUBLISH_LEVEL (1) go live
at once, below it they wait for review; reviewers are moderators and people
from CARRE_TRUST_REVIEW_LEVEL (3). A moderator may set a level by hand, with
a reason, logged (`set_trust_level`); staff and moderators always publish
and review.

Cheap to read: the counts are columns of the user row, recounted by the
services that change them (`refresh_trust`: a dossier edit saved or
accepted, a flag upheld); counts over an hour old (a forum reply does not
recount, to keep its query budget) are counted again in memory when read, so
`trust_level(user)` usually makes no query and a page never writes.

accounts is the ground floor and knows neither posts nor sections: each app
that holds contributions registers a counter when it loads
(`register_activity`, from its AppConfig.ready).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import is_moderator
from carre.moderation_log import clean_reason, log_moderation

NEW, BASIC, MEMBER, REGULAR = 0, 1, 2, 3
LEVELS = (NEW, BASIC, MEMBER, REGULAR)
LEVEL_NAMES = {
    NEW: gettext_lazy("new"),
    BASIC: gettext_lazy("basic"),
    MEMBER: gettext_lazy("member"),
    REGULAR: gettext_lazy("regular"),
}
# A forum reply does not recount (its path keeps its query budget): counts
# older than this are recounted when the level is next read.
RECOUNT_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Activity:
    contributions: int = 0
    flags_upheld: int = 0


# (user) -> Activity, one per app that holds contributions; set at load time.
_counters: list[Callable[[User], Activity]] = []


def register_activity(counter: Callable[[User], Activity]) -> None:
    """Called by an app's AppConfig.ready with its way of counting a person's
    accepted contributions and upheld flags."""
    if counter not in _counters:
        _counters.append(counter)


def thresholds() -> dict[int, tuple[int, int]]:
    """Level -> (days since sign-up, contributions), from the settings."""
    return {
        BASIC: (
            settings.CARRE_TRUST_BASIC_DAYS,
            settings.CARRE_TRUST_BASIC_CONTRIBUTIONS,
        ),
        MEMBER: (
            settings.CARRE_TRUST_MEMBER_DAYS,
            settings.CARRE_TRUST_MEMBER_CONTRIBUTIONS,
        ),
        REGULAR: (
            settings.CARRE_TRUST_REGULAR_DAYS,
            settings.CARRE_TRUST_REGULAR_CONTRIBUTIONS,
        ),
    }


def _recount(user: User) -> None:
    """Count what `user` did into the instance (not saved)."""
    activity = [counter(user) for counter in _counters]
    user.trust_contributions = sum(a.contributions for a in activity)
    user.trust_flags_upheld = sum(a.flags_upheld for a in activity)
    user.trust_counted_at = timezone.now()


def refresh_trust(user: User) -> None:
    """Recount what `user` did and store it (called by the services that
    change it, in their transaction). A recount, not an increment: it cannot
    drift."""
    if user is None or not user.pk:
        return
    _recount(user)
    User.objects.filter(pk=user.pk).update(
        trust_contributions=user.trust_contributions,
        trust_flags_upheld=user.trust_flags_upheld,
        trust_counted_at=user.trust_counted_at,
    )


def computed_level(user: User) -> int:
    """The level `user`'s activity earns, whatever a moderator set."""
    counted = user.trust_counted_at
    if counted is None or timezone.now() - counted > RECOUNT_AFTER:
        # Counted again, not stored: a page (GET) never writes.
        _recount(user)
    days = (timezone.now() - user.date_joined).days
    score = (
        user.trust_contributions
        - settings.CARRE_TRUST_FLAG_PENALTY * user.trust_flags_upheld
    )
    for level in (REGULAR, MEMBER, BASIC):
        min_days, min_contributions = thresholds()[level]
        if days >= min_days and score >= min_contributions:
            return level
    return NEW


def trust_level(user) -> int:
    """The person's trust level: the one a moderator set, or the one earned."""
    if user is None or not user.is_authenticated:
        return NEW
    if user.trust_level_override is not None:
        return user.trust_level_override
    return computed_level(user)


def level_name(level: int) -> str:
    return str(LEVEL_NAMES[level])


def can_publish_dossier_edits(user) -> bool:
    """Whether `user`'s section, fact and description edits go live at once
    (otherwise they wait for review as pending edits)."""
    if settings.CARRE_TRUST_PUBLISH_LEVEL <= NEW:
        return True  # review turned off: no count needed
    if user.is_staff or is_moderator(user):
        return True
    return trust_level(user) >= settings.CARRE_TRUST_PUBLISH_LEVEL


def can_review_edits(user) -> bool:
    """Moderators, staff and regulars review the pending edits of others."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or is_moderator(user):
        return True
    return trust_level(user) >= settings.CARRE_TRUST_REVIEW_LEVEL


def can_set_trust_level(user, account) -> bool:
    try:
        check_can_set_trust_level(user, account)
    except PermissionDenied:
        return False
    return True


def check_can_set_trust_level(user, account) -> None:
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Only moderators can change a trust level."))
    if not (user.is_staff or is_moderator(user)):
        raise PermissionDenied(_("Only moderators can change a trust level."))
    if account.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own trust level."))


@transaction.atomic
def set_trust_level(account: User, *, moderator: User, level, reason: str) -> User:
    """Set `account`'s trust level by hand (`level` None: back to the earned
    one), with the reason, in the moderation log."""
    check_can_set_trust_level(moderator, account)
    reason = clean_reason(
        reason, required=_("Say why: the reason goes to the moderation log.")
    )
    if level is not None and level not in LEVELS:
        raise ValidationError({"level": _("Choose a trust level.")})
    given, account = account, User.objects.select_for_update().get(pk=account.pk)
    before = trust_level(account)
    account.trust_level_override = level
    account.trust_override_reason = reason if level is not None else ""
    account.save(update_fields=["trust_level_override", "trust_override_reason"])
    # The caller's instance says the same from now on.
    given.trust_level_override = account.trust_level_override
    given.trust_override_reason = account.trust_override_reason
    after = trust_level(account)
    log_moderation(
        moderator,
        "trust",
        account=account,
        details=_("%(before)s → %(after)s: %(reason)s")
        % {
            "before": level_name(before),
            "after": level_name(after)
            if level is not None
            else _("%(level)s (earned)") % {"level": level_name(after)},
            "reason": reason,
        },
    )
    return account
