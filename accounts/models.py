from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A pseudonymous account: a username is all that is required.

    first_name/last_name from AbstractUser stay empty; the public name is
    `display_name`, falling back to the username.
    """

    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("fr", "Français"), ("en", "English")],
        help_text=_("Language of the interface and of notification emails."),
    )
    email_notifications = models.BooleanField(
        _("email notifications"),
        default=False,
        help_text=_("Also send notifications by email, when an email is set."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
