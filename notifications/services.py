"""State changes of notifications: create, mark as read."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import send_notification_email


@transaction.atomic
def notify(
    recipients: Iterable,
    *,
    actor,
    verb: str,
    text: str,
    url: str = "",
) -> list[Notification]:
    """Notify each recipient once (never the actor, never an inactive user).

    Recipients who have an email address and asked for email notifications
    also get an email, sent by the task worker.
    """
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
            text=text[:500],
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
