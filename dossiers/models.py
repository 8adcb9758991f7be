"""Dossiers: one collaborative page per city, vendor, technology or topic.

A Dossier's description (title, kind, place, coordinates, summary, status)
is kept in append-only DossierRevisions, and the dossier keeps a `version`
counter. A Dossier holds ordered Sections. Every save of a section is an
append-only SectionRevision (full text, editor, time, summary, the revision
it was based on); the Section keeps the current text, its cached HTML and a
`version` counter. Both counters are what the revision kernel
(`carre.revisions`) compares with the editor's base revision, under a row
lock, so two concurrent saves can never both overwrite the same version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.querysets import DossierQuerySet, SectionQuerySet, SectionRevisionQuerySet

# Documented limit of a section's Markdown source (about 60 pages of text).
SECTION_TEXT_MAX_LENGTH = 100_000
SECTION_TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 1000


class Dossier(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        VENDOR = "vendor", _("Vendor")
        TECHNOLOGY = "technology", _("Technology")
        TOPIC = "topic", _("Topic")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    locked = models.BooleanField(_("locked"), default=False)
    # Number of the description's current DossierRevision; the concurrency
    # token of every change of the description.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="dossiers_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The last change of the dossier or of any of its sections (sorting, lists).
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last editor"),
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="DossierWatch",
        related_name="watched_dossiers",
        blank=True,
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="dossier_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dossier-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class DossierRevision(models.Model):
    """One saved state of a dossier's description. Rows are never updated."""

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("dossier"),
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Dossier.Kind.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Dossier.Status.choices
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="dossier_revisions",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Why the editor changed it (`summary` is the dossier's own summary).
    edit_summary = models.CharField(_("edit summary"), max_length=300, blank=True)
    # The revision the editor started from (older than the previous one when
    # the save was merged).
    base_revision = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("base revision"),
    )

    class Meta:
        verbose_name = _("dossier revision")
        verbose_name_plural = _("dossier revisions")
        ordering = ["dossier", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "number"], name="dossier_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.dossier} #{self.number}"


class Section(models.Model):
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("dossier"),
    )
    title = models.CharField(_("title"), max_length=SECTION_TITLE_MAX_LENGTH)
    # Permalink anchor (#anchor on the dossier page); stable across renames.
    anchor = models.SlugField(_("anchor"), max_length=220)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True, editable=False)
    # Number of the current revision; the concurrency token of every save.
    version = models.PositiveIntegerField(_("version"), default=0)
    current_revision = models.ForeignKey(
        "SectionRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current revision"),
    )
    removed = models.BooleanField(_("removed"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["dossier", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "anchor"], name="section_anchor_unique"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.dossier.get_absolute_url()}#{self.anchor}"


class SectionRevision(models.Model):
    """One saved state of a section. Rows are never updated, except `hidden`."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        MERGE = "merge", _("Edited (merged automatically)")
        REVERT = "revert", _("Reverted")
        REMOVE = "remove", _("Removed")
        RESTORE = "restore", _("Restored")
        MOVE_UP = "move-up", _("Moved up")
        MOVE_DOWN = "move-down", _("Moved down")

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("section"),
    )
    number = models.PositiveIntegerField(_("number"))
    action = models.CharField(
        _("action"), max_length=16, choices=Action.choices, default=Action.EDIT
    )
    title = models.CharField(_("title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True, editable=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="section_revisions",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The revision the editor started from (may be older than the previous one
    # when the save was merged); for a revert, the revision restored.
    base_revision = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("base revision"),
    )
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    objects = SectionRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")
        ordering = ["section", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], name="section_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.section} #{self.number}"


class SectionDraft(models.Model):
    """Text a user has typed but not yet saved as a revision.

    An autosave draft (one per user and section) survives a closed tab; a
    conflict draft keeps the text of a save refused because someone else
    changed the same lines meanwhile, until its author resolves it.
    """

    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", _("Autosaved draft")
        CONFLICT = "conflict", _("Pending conflict")

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("section"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="section_drafts",
        verbose_name=_("user"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.AUTOSAVE
    )
    title = models.CharField(_("title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    base_revision = models.ForeignKey(
        SectionRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("base revision"),
    )
    # For a conflict: the newer revision the save collided with.
    conflict_revision = models.ForeignKey(
        SectionRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conflicting revision"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("section draft")
        verbose_name_plural = _("section drafts")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "user"],
                condition=Q(kind="autosave"),
                name="section_autosave_draft_unique",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.section} ({self.user})"


class DossierWatch(models.Model):
    """A user who wants to be notified of changes to a dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="watches"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "user"], name="dossier_watch_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.dossier}"


class PendingEdit(models.Model):
    """A section or description edit by someone below the trust level that
    publishes (accounts.trust), kept until a reviewer accepts or refuses it.

    Nothing of it shows on the page meanwhile (readers see that an edit
    awaits review); its author and the reviewers see it whole. Accepted, it
    becomes a SectionRevision (or a DossierRevision) through the revision
    kernel, like any save. Rows are kept after the decision: the text is
    never lost.

    A description edit has no section: `title` and `text` hold the dossier's
    title and summary, `values` its other fields (kind, status, place,
    coordinates as strings), `base_description` the DossierRevision its
    author started from.
    """

    class Target(models.TextChoices):
        SECTION = "section", _("section")
        DESCRIPTION = "description", _("description")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        SUPERSEDED = "superseded", _("replaced by a newer edit")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="pending_edits",
        verbose_name=_("dossier"),
    )
    target = models.CharField(
        _("target"), max_length=16, choices=Target.choices, default=Target.SECTION
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_edits",
        verbose_name=_("section"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pending_section_edits",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The revision the author started from: what the diff and the merge of an
    # acceptance compare with.
    base_revision = models.ForeignKey(
        SectionRevision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("base revision"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The revision an acceptance made.
    revision = models.ForeignKey(
        SectionRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    # A description edit: its other fields, where it started, what it made.
    values = models.JSONField(_("values"), default=dict, blank=True)
    base_description = models.ForeignKey(
        DossierRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("base description revision"),
    )
    description_revision = models.ForeignKey(
        DossierRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("description revision"),
    )

    class Meta:
        verbose_name = _("pending edit")
        verbose_name_plural = _("pending edits")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            # One pending edit per author and section: a newer one replaces it.
            models.UniqueConstraint(
                fields=["section", "author"],
                condition=Q(status="pending"),
                name="pending_edit_one_per_author",
            ),
            models.UniqueConstraint(
                fields=["dossier", "author"],
                condition=Q(status="pending", target="description"),
                name="pending_description_one_per_author",
            ),
            # A section edit names its section; a description edit none.
            models.CheckConstraint(
                condition=(
                    Q(target="section", section__isnull=False)
                    | Q(target="description", section__isnull=True)
                ),
                name="pending_edit_target_matches_section",
            ),
        ]

    def __str__(self):
        return f"{self.section or self.dossier} ({self.author}, {self.status})"

    def get_absolute_url(self):
        return reverse("pending-edit-detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_description(self) -> bool:
        return self.target == self.Target.DESCRIPTION
