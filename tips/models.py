"""Anonymous tips and the questions that keep robots out of the form.

A tip holds what the sender wrote and attached, and nothing about the
sender: no account, no address, no user agent, and only the day it arrived
(a precise time could be matched against a network log).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TIP_TEXT_MAX_LENGTH = 5000
TIP_LINKS_MAX_LENGTH = 2000


def _today():
    return timezone.localdate()


class TipQuestion(models.Model):
    """A question only a person answers easily, kept by the moderators in the
    admin (the form's captcha: no third party, no JavaScript)."""

    question = models.CharField(_("question"), max_length=200)
    answers = models.CharField(
        _("accepted answers"),
        max_length=300,
        help_text=_(
            "Separated by a vertical bar: 7|sept. Letter case, accents and "
            "spaces do not matter."
        ),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("tip form question")
        verbose_name_plural = _("tip form questions")
        ordering = ["pk"]

    def __str__(self):
        return self.question


class Tip(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("to handle")
        THREAD = "thread", _("turned into a forum thread")
        SOURCE = "source", _("turned into a source")
        DISMISSED = "dismissed", _("dismissed")

    text = models.TextField(_("information"), max_length=TIP_TEXT_MAX_LENGTH)
    links = models.TextField(
        _("links"), max_length=TIP_LINKS_MAX_LENGTH, blank=True
    )  # one address a line
    received_on = models.DateField(_("received on"), default=_today)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What the tip became (its provenance stays on the thread or source too).
    thread = models.ForeignKey(
        "forum.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )

    class Meta:
        verbose_name = _("anonymous tip")
        verbose_name_plural = _("anonymous tips")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self):
        return _("Tip #%(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return reverse("tip-detail", kwargs={"pk": self.pk})

    @property
    def link_list(self) -> list[str]:
        return [line for line in self.links.splitlines() if line.strip()]

    @property
    def is_new(self) -> bool:
        return self.status == self.Status.NEW


class TipFile(models.Model):
    """A file sent with a tip: checked by its content and re-encoded without
    its metadata (sources.uploads.clean_upload) before it is stored."""

    tip = models.ForeignKey(
        Tip, on_delete=models.CASCADE, related_name="files", verbose_name=_("tip")
    )
    file = models.FileField(_("file"), upload_to="tips/")
    content_type = models.CharField(_("file type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("tip file")
        verbose_name_plural = _("tip files")
        ordering = ["pk"]

    def __str__(self):
        return self.file.name

    @property
    def name(self) -> str:
        return self.file.name.removeprefix("tips/")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
