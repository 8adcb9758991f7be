"""Background work of notifications: the email copy of a notification."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from carre.site import absolute_url
from notifications.models import Notification


@task
def send_notification_email(notification_id: int, base_url: str = "") -> bool:
    """Mail one notification to its recipient, in the recipient's language.

    Links are made absolute with CARRE_BASE_URL when the mail is written;
    `base_url` is only read from tasks queued by older versions.
    """
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if not (recipient.is_active and recipient.email and recipient.email_notifications):
        return False
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = _("[%(site)s] %(text)s") % {
            "site": settings.SITE_NAME,
            "text": notification.display_text[:120],
        }
        body = notification.display_text
        if notification.url:
            body += "\n\n" + (
                base_url + notification.url
                if base_url
                else absolute_url(notification.url)
            )
        body += "\n\n" + _(
            "You receive this email because email notifications are on in your "
            "profile. To turn them off: %(url)s"
        ) % {"url": absolute_url(reverse("profile-edit"))}
    send_mail(subject, body, None, [recipient.email])
    return True
