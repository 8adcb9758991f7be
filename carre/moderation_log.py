"""The moderation log as the lower floors write it: a hook, not a model.

The log's rows are the forum's (`forum.models.ModerationLog`, read by
moderators at /forum/moderation/log/), but trust changes (accounts) and
review decisions on dossier edits (dossiers) are moderation too, and those
apps may not import the forum. The forum registers its writer when it loads
(`ForumConfig.ready`); a service calls `log_moderation` inside its own
transaction, so the entry commits with the decision or not at all.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (moderator, action, account, details) -> None; set once per process.
_writers: list[Callable] = []

# The longest `details` the log keeps (forum.models.REASON_MAX_LENGTH).
DETAILS_MAX_LENGTH = 500


def clean_reason(reason: str, *, required: str) -> str:
    """A moderator's reason as the log keeps it: one line, no NUL (PostgreSQL
    refuses it in text), within DETAILS_MAX_LENGTH; `required` is the message
    when it is empty (it says who reads the reason)."""
    reason = " ".join((reason or "").replace("\x00", "").split())
    if not reason:
        raise ValidationError({"reason": required}, code="required")
    if len(reason) > DETAILS_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason under %(limit)d characters.")
                % {"limit": DETAILS_MAX_LENGTH}
            },
            code="max_length",
        )
    return reason


def register_writer(writer: Callable) -> None:
    """Called by the app that stores the log, when it loads."""
    if writer not in _writers:
        _writers.append(writer)


def log_moderation(moderator, action: str, *, account=None, details: str = "") -> None:
    """Record a moderator's (or a trusted reviewer's) decision.

    `action` is one of `forum.models.ModerationLog.Action`'s values;
    `account` the person the decision is about.
    """
    for writer in _writers:
        writer(moderator, action, account=account, details=details[:DETAILS_MAX_LENGTH])
