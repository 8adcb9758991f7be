"""The shared source library and the citations that point into it.

A Source is one document (an article, a video, a report, a photo…), found by
its normalised URL so that the same article is one source however it was
linked. Fetching fills its metadata and a text snapshot (with its SHA-256) in
a background task; a periodic check marks dead links, and readers are then
sent to the archived copy or the snapshot.

A Citation records that an object (a dossier section, a forum post, a fact)
cites a source, with a locator (page range, timestamp). It uses a generic
relation so that every app can cite without a migration dependency on this one.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sources.querysets import CitationQuerySet, SourceQuerySet

KEY_MAX_LENGTH = 80
URL_MAX_LENGTH = 2000
LOCATOR_MAX_LENGTH = 100
# Keys that would shadow the library's own addresses (/sources/add/, …).
RESERVED_KEYS = {"add", "picker", "new", "edit"}


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Press article")
        VIDEO = "video", _("Video")
        OFFICIAL = "official", _("Official document")
        SOCIAL = "social", _("Social media post")
        REPORT = "report", _("Report")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Link works")
        DEAD = "dead", _("Dead link")
        UNREACHABLE = "unreachable", _("Temporarily unreachable")

    class FetchStatus(models.TextChoices):
        # Sources added by hand or by upload are never fetched.
        NONE = "none", _("Not fetched")
        PENDING = "pending", _("Fetching…")
        DONE = "done", _("Fetched")
        FAILED = "failed", _("Fetch failed")

    class FetchError(models.TextChoices):
        NOT_FOUND = "not_found", _("The page does not exist (HTTP 404 or 410).")
        HTTP_ERROR = "http_error", _("The server answered with an error.")
        TIMEOUT = "timeout", _("The server took too long to answer.")
        NOT_HTML = "not_html", _("The address is not a web page (not HTML).")
        TOO_BIG = "too_big", _("The page is too big to be archived.")
        REFUSED_ADDRESS = (
            "refused_address",
            _("The address points to a private or local network; it is refused."),
        )
        UNREACHABLE = "unreachable", _("The server could not be reached.")
        INVALID_URL = "invalid_url", _("The address is not a valid web address.")
        UNREADABLE = "unreadable", _("The page could not be read.")
        TOO_MANY_REDIRECTS = "too_many_redirects", _("The page redirects too often.")

    key = models.SlugField(
        _("citation key"),
        max_length=KEY_MAX_LENGTH,
        unique=True,
        help_text=_("Short name used to cite this source, as in [@key]."),
    )
    # The key was made up by Carré, not chosen by a person: it may still be
    # improved once the metadata is known, as long as nothing cites it.
    key_is_generated = models.BooleanField(default=True, editable=False)
    url = models.URLField(_("address (URL)"), max_length=URL_MAX_LENGTH, blank=True)
    canonical_url = models.URLField(
        _("canonical address"), max_length=URL_MAX_LENGTH, blank=True
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    paywalled = models.BooleanField(_("paywalled"), default=False)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    archive_url = models.URLField(
        _("archived copy (URL)"), max_length=URL_MAX_LENGTH, blank=True
    )
    link_status = models.CharField(
        _("link status"),
        max_length=16,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
    )
    link_checked_at = models.DateTimeField(_("link checked at"), null=True, blank=True)
    snapshot_text = models.TextField(_("text snapshot"), blank=True, editable=False)
    snapshot_sha256 = models.CharField(
        _("SHA-256 of the snapshot"), max_length=64, blank=True, editable=False
    )
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    fetch_status = models.CharField(
        _("fetch status"),
        max_length=16,
        choices=FetchStatus.choices,
        default=FetchStatus.NONE,
    )
    fetch_error = models.CharField(
        _("fetch failure"), max_length=32, choices=FetchError.choices, blank=True
    )
    fetch_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    file = models.FileField(_("file"), upload_to="sources/", blank=True)
    file_type = models.CharField(_("file type"), max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources_added",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="source_url_unique"
            ),
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=~Q(canonical_url=""),
                name="source_canonical_url_unique",
            ),
        ]
        indexes = [models.Index(fields=["link_status"])]

    def __str__(self):
        return self.title or self.url or self.key

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"key": self.key})

    @property
    def is_dead(self) -> bool:
        return self.link_status == self.LinkStatus.DEAD

    @property
    def is_pending(self) -> bool:
        return self.fetch_status == self.FetchStatus.PENDING

    @property
    def reader_url(self) -> str:
        """Where a reader should go: the archive when the link is dead."""
        if self.is_dead:
            if self.archive_url:
                return self.archive_url
            if self.snapshot_text:
                return self.get_absolute_url() + "#snapshot"
        if self.url:
            return self.url
        if self.file:
            return self.file.url
        return self.get_absolute_url()

    @property
    def language_name(self) -> str:
        """The language in the reader's language ("français" for "fr"), or
        the value as it was typed when it is not a known language code."""
        code = self.language.strip()
        try:
            return str(translation.get_language_info(code.lower())["name_translated"])
        except (KeyError, AttributeError):
            return self.language

    @property
    def is_image(self) -> bool:
        return self.file_type.startswith("image/")

    @cached_property
    def state(self):
        """One status with its time and reason (sources.status.source_state)."""
        from sources.status import source_state

        return source_state(self)

    @property
    def copy_taken_at(self):
        """When the kept text was taken: fetched, or stored when added."""
        if not self.snapshot_text:
            return None
        return self.fetched_at or self.created_at


class Citation(models.Model):
    """One object citing one source, at one locator."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("source"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    locator = models.CharField(_("locator"), max_length=LOCATOR_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["content_type", "object_id", "position"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source", "locator"],
                name="citation_unique_per_object",
            ),
        ]

    def __str__(self):
        return f"{self.source.key} {self.locator}".strip()
