from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The notifications a signed-in user receives (none for anonymous)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something happened that one user should know about.

    `message` (untranslated) and `params` make the text shown, in the reader's
    language of the moment; `text` is it as first written, in the recipient's
    language then (kept for notifications made before `message` existed and
    for plain texts). `url` leads to what happened.
    """

    class Verb(models.TextChoices):
        REPLY = "reply", _("reply")
        MENTION = "mention", _("mention")
        QUOTE = "quote", _("quote")
        THANKS = "thanks", _("thanks")
        MODERATION = "moderation", _("moderation")
        FLAG = "flag", _("flag")
        DOSSIER_CHANGE = "dossier_change", _("dossier change")
        OTHER = "other", _("other")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("kind"), max_length=20, choices=Verb.choices)
    text = models.CharField(_("text"), max_length=500)
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(_("values"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header badge counts unread rows of one user on every page.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.display_text

    @property
    def display_text(self) -> str:
        """The text in the active language."""
        if not self.message:
            return self.text
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return self.text  # a translation that does not fit its values

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
