"""State changes of notifications: create, mark as read."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from notifications.models import Notification
from notifications.tasks import send_notification_email


# One transaction with the event that notifies; inside it, no savepoint of its
# own (a failure here fails the caller's transaction anyway).
@transaction.atomic(savepoint=False)
def notify(
    recipients: Iterable,
    *,
    actor,
    verb: str,
    url: str = "",
    text: str = "",
    message: str = "",
    params: dict | None = None,
) -> list[Notification]:
    """Notify each recipient once (never the actor, never an inactive user).

    Give `message`, an untranslated string (gettext_noop) formatted with
    `params`: each reader then sees it in their language of the moment. A
    plain `text` is shown as it is.

    Recipients who have an email address and asked for email notifications
    also get an email, sent by the task worker.
    """
    params = {name: str(value) for name, value in (params or {}).items()}
    texts: dict[str, str] = {}

    def text_for(recipient) -> str:
        if not message:
            return text
        language = recipient.language or settings.LANGUAGE_CODE
        if language not in texts:
            with translation.override(language):
                texts[language] = gettext(message) % params
        return texts[language]

    actor_id = getattr(actor, "pk", None)
    seen = set()
    wanted = []
    for recipient in recipients:
        if recipient is None or recipient.pk in seen or recipient.pk == actor_id:
            continue
        if not recipient.is_active:
            continue
        seen.add(recipient.pk)
        wanted.append(recipient)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            actor=actor if actor_id else None,
            verb=verb,
            text=text_for(recipient)[:500],
            message=message,
            params=params,
            url=url[:500],
        )
        for recipient in wanted
    )
    for recipient, notification in zip(wanted, notifications, strict=True):
        if recipient.email and recipient.email_notifications:
            send_notification_email.enqueue(notification.pk)
    return notifications


@transaction.atomic
def mark_read(notification: Notification, *, user) -> Notification:
    """Mark one of the user's notifications as read (idempotent)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        notification.read_at = now
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user as read; return how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
