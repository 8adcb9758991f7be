"""Facts: the structured parts of a dossier.

Actors (people, organisations, vendors, authorities), Figures (a value about a
subject, said by someone, cited, ranked like Wikidata statements so contested
values live side by side), Events (the timeline) and Deployments (a technology
from `facts.taxonomy`, its vendor and status; they feed the map).

Every change of a fact is an append-only FactRevision holding all the fact's
values as JSON, with its editor, time and summary; the fact keeps a `version`
counter that a save compares, in the database, with the version the editor
started from, so two concurrent edits never silently overwrite each other.

A Provenance row remembers that a forum post was used in a dossier (as a
section revision or as a fact); it outlives the post's deletion.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facts.querysets import FactQuerySet, FactRevisionQuerySet, ProvenanceQuerySet
from facts.taxonomy import Technology


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Fact(models.Model):
    """What every fact has: its dossier, history counter, lock and removal."""

    # The name used in URLs and revision rows ("figure", "event", …).
    kind = ""
    # Field names copied into each revision's values.
    revision_fields: tuple[str, ...] = ()

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("dossier"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    locked = models.BooleanField(_("locked"), default=False)
    removed = models.BooleanField(_("removed"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    revisions = GenericRelation("facts.FactRevision")
    # Sources cited by the fact (the sources app's generic citations), so that a
    # source's page lists the facts that cite it. A figure's own source and
    # locator are mirrored here.
    citations = GenericRelation("sources.Citation")

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return f"{self.dossier.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.pk}"

    def get_history_url(self):
        return reverse("fact-history", kwargs={"kind": self.kind, "pk": self.pk})

    def get_edit_url(self):
        return reverse("fact-edit", kwargs={"kind": self.kind, "pk": self.pk})


class Actor(Fact):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        VENDOR = "vendor", _("Vendor")
        AUTHORITY = "authority", _("Authority")

    kind = "actor"
    revision_fields = ("name", "actor_kind", "role", "description")

    name = models.CharField(_("name"), max_length=200)
    actor_kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON
    )
    role = models.CharField(
        _("role in the dossier"),
        max_length=300,
        blank=True,
        help_text=_("For example: mayor of Reims, opposition councillor, vendor."),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["dossier", "name", "id"]

    def __str__(self):
        return self.name


class Figure(Fact):
    """One value of a subject, as someone stated it at some date.

    Several figures may share a subject: they are shown side by side, each
    with its attribution and rank; none replaces another.
    """

    class Rank(models.TextChoices):
        PREFERRED = "preferred", _("Preferred")
        NORMAL = "normal", _("Normal")
        DEPRECATED = "deprecated", _("Deprecated")

    kind = "figure"
    revision_fields = (
        "subject",
        "value",
        "unit",
        "as_of",
        "as_of_precision",
        "attributed_to_id",
        "source_id",
        "locator",
        "rank",
        "rank_reason",
        "note",
    )

    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_(
            "What is counted or measured; figures with the same subject "
            "are shown side by side."
        ),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: €, cameras.")
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    attributed_to = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("according to"),
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    locator = models.CharField(
        _("locator"),
        max_length=100,
        blank=True,
        help_text=_("Page, page range or timestamp in the source: p. 66-67, 22:50."),
    )
    rank = models.CharField(
        _("rank"), max_length=12, choices=Rank.choices, default=Rank.NORMAL
    )
    rank_reason = models.CharField(_("reason for the rank"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["dossier", "subject", "as_of", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank="normal") | ~Q(rank_reason=""),
                name="figure_rank_reason_required",
                violation_error_message=_(
                    "Say why a value is preferred or deprecated."
                ),
            ),
        ]

    def __str__(self):
        # 210 000 € in French, not 210000.0000 € (the "cited in" lists show it).
        from facts.formatting import figure_value

        value = f"{figure_value(self.value)} {self.unit}".strip()
        return _("%(subject)s: %(value)s") % {"subject": self.subject, "value": value}


class Event(Fact):
    """A dated step of the dossier's story; events make the timeline."""

    kind = "event"
    revision_fields = (
        "date",
        "date_precision",
        "end_date",
        "end_precision",
        "title",
        "description",
        "citations",
    )

    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("end date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["dossier", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return self.title


class Deployment(Fact):
    """A surveillance technology used (or planned, or abandoned) in the place."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        PLANNED = "planned", _("Planned")
        EXPERIMENTED = "experimented", _("Experimented")
        DEPLOYED = "deployed", _("Deployed")
        ABANDONED = "abandoned", _("Abandoned")
        BANNED = "banned", _("Banned")

    kind = "deployment"
    revision_fields = (
        "technology",
        "name",
        "vendor_id",
        "status",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "quantity",
        "cost",
        "description",
        "citations",
    )

    technology = models.CharField(
        _("technology"), max_length=32, choices=Technology.choices
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("The product or programme name, if any (for example Savari)."),
    )
    vendor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deployments",
        verbose_name=_("vendor"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_precision = models.CharField(
        _("start date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("end date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    quantity = models.PositiveIntegerField(
        _("number of devices"), null=True, blank=True
    )
    cost = models.DecimalField(
        _("cost (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["dossier", "technology", "start_date", "id"]
        indexes = [models.Index(fields=["technology"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="deployment_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return self.name or self.get_technology_display()


class FactRevision(models.Model):
    """One saved state of a fact: all its values. Rows are never updated."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        REVERT = "revert", _("Reverted")
        REMOVE = "remove", _("Removed")
        RESTORE = "restore", _("Restored")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    fact = GenericForeignKey("content_type", "object_id")
    # Denormalised so that a dossier's fact history is one indexed query.
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("dossier"),
    )
    number = models.PositiveIntegerField(_("number"))
    action = models.CharField(
        _("action"), max_length=16, choices=Action.choices, default=Action.EDIT
    )
    values = models.JSONField(_("values"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="fact_revisions",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    summary = models.CharField(_("summary"), max_length=300, blank=True)

    objects = FactRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fact revision")
        verbose_name_plural = _("fact revisions")
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"],
                name="fact_revision_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["dossier", "-created_at"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} #{self.number}"


class Provenance(models.Model):
    """A forum post used in a dossier: as a section revision or as a fact.

    The post link is kept when the post is soft-deleted (the page then shows a
    placeholder) and nulled if it is ever purged; `post_reference` keeps what
    to show in that case.
    """

    post = models.ForeignKey(
        "forum.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenances",
        verbose_name=_("post"),
    )
    post_reference = models.CharField(_("post reference"), max_length=300, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("dossier"),
    )
    section_revision = models.ForeignKey(
        "dossiers.SectionRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section revision"),
    )
    figure = models.ForeignKey(
        Figure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenances",
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenances",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ProvenanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("provenance")
        verbose_name_plural = _("provenances")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.post_reference} → {self.dossier}"

    @property
    def target(self):
        return self.section_revision or self.figure or self.event


class DeploymentImport(models.Model):
    """A CSV file of deployments uploaded by a moderator, kept between the
    upload, the mapping, the preview and the import (facts/imports.py).

    The file stays on the server: the steps exchange only this row's token,
    never the parsed data. Rows older than `CARRE_IMPORT_EXPIRY_HOURS` are
    deleted when the next file is uploaded.
    """

    class Status(models.TextChoices):
        # Uploaded, columns or preview not confirmed yet.
        PENDING = "pending", _("Pending")
        # Confirmed: waiting for the worker (facts.tasks.run_import).
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        IMPORTED = "imported", _("Imported")
        # Nothing was imported; `error` says why. The file can be confirmed again.
        FAILED = "failed", _("Failed")

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    data = models.BinaryField(_("file"))
    # Expected field -> the file's column ("" for none), chosen on the mapping
    # screen; empty until then.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The digest of the preview the moderator confirmed (ImportPlan.digest).
    digest = models.CharField(_("preview digest"), max_length=64, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deployment import")
        verbose_name_plural = _("deployment imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name or str(self.token)

    @property
    def is_open(self) -> bool:
        """Columns and preview can still change, the import be confirmed."""
        return self.status in (self.Status.PENDING, self.Status.FAILED)

    @property
    def is_waiting(self) -> bool:
        """In the worker's hands: the status page polls."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PendingFactEdit(models.Model):
    """A fact added or edited by someone whose edits do not go live yet
    (accounts.trust), kept until a reviewer accepts or refuses it
    (facts/review.py). Readers see nothing of it; the row stays after the
    decision, so an edit is never lost."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        # Replaced by a later pending edit of the same fact by its author.
        SUPERSEDED = "superseded", _("replaced by a newer edit")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="pending_fact_edits",
        verbose_name=_("dossier"),
    )
    kind = models.CharField(_("kind"), max_length=20)
    # None for an addition.
    fact_id = models.PositiveBigIntegerField(_("fact"), null=True, blank=True)
    # The typed values as a revision stores them (JSON), citations apart.
    values = models.JSONField(_("values"), default=dict)
    citations = models.JSONField(_("citations"), null=True, blank=True)
    base_version = models.PositiveIntegerField(_("base version"), default=0)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # What the revision will say once accepted: an edit, or a revert to an
    # earlier revision (an addition records "created" whatever this says).
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=[
            (FactRevision.Action.EDIT, FactRevision.Action.EDIT.label),
            (FactRevision.Action.REVERT, FactRevision.Action.REVERT.label),
        ],
        default=FactRevision.Action.EDIT,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pending_fact_edits",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
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

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("pending fact edit")
        verbose_name_plural = _("pending fact edits")

    def __str__(self):
        return f"{self.kind} #{self.fact_id or 'new'} ({self.status})"

    def get_absolute_url(self):
        return reverse("fact-review-detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
