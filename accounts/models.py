from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

BIO_MAX_LENGTH = 1000


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
    # Set when the owner deleted the account: the row stays, anonymised, so
    # their posts and revisions keep a valid (placeholder) author.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # The public profile (/u/<username>/, profiles app): what the person
    # chose to show. Private by default beyond the pseudonym and public work.
    profile_hidden = models.BooleanField(
        _("hide my profile page"),
        default=False,
        help_text=_(
            "Nobody can open your profile page; your contributions show your "
            "pseudonym without a link."
        ),
    )
    bio = models.TextField(
        _("about me"),
        max_length=BIO_MAX_LENGTH,
        blank=True,
        help_text=_("A few words shown on your profile page (Markdown)."),
    )
    bio_html = models.TextField(_("about me (HTML)"), blank=True, editable=False)
    show_follows = models.BooleanField(
        _("show the dossiers I follow"),
        default=False,
        help_text=_("List the dossiers you follow on your profile page."),
    )

    # Trust (accounts/trust.py): what the person did, recounted by the
    # services that change it; the level is computed from these and the
    # sign-up date, unless a moderator set it by hand.
    trust_contributions = models.PositiveIntegerField(
        _("accepted contributions"), default=0, editable=False
    )
    trust_flags_upheld = models.PositiveIntegerField(
        _("flags upheld against them"), default=0, editable=False
    )
    # None: never counted (an account older than trust levels); counted on
    # first use.
    trust_counted_at = models.DateTimeField(
        _("trust counted at"), null=True, blank=True, editable=False
    )
    trust_level_override = models.PositiveSmallIntegerField(
        _("trust level set by a moderator"),
        null=True,
        blank=True,
        editable=False,
        choices=[
            (0, _("new")),
            (1, _("basic")),
            (2, _("member")),
            (3, _("regular")),
        ],
    )
    trust_override_reason = models.CharField(
        _("why the trust level was set"), max_length=500, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at:
            return str(_("deleted user"))
        return self.display_name or self.username


class UserSession(models.Model):
    """A session key of a signed-in user, so they can end their other sessions.

    Deliberately nothing else: no IP address, no user agent, no location.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"
