from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """When a job of `carre.periodic` last ran, shared by every scheduler."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name


class Heartbeat(models.Model):
    """The last sign of life of a background process (carre.heartbeats).

    In the database rather than a file, so a healthcheck on any host sees it.
    """

    name = models.CharField(_("name"), max_length=150, primary_key=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name


class FormSubmission(models.Model):
    """A form's one-time token, claimed by the write it made (carre.submissions).

    Unique per account and token, so a form sent twice is written once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    token = models.UUIDField(_("token"))
    # What the first submission made, to answer the next ones with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], name="form_submission_once"
            )
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return str(self.token)
