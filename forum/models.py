"""The forum: categories hold threads, threads hold posts.

A Post keeps its Markdown source and the sanitized HTML rendered once at save
time. Every edit appends a PostRevision. Deletion is soft (who, when, why) and
restorable; quotes and mentions are stored as relations, thanks, flags,
watches, read positions and drafts as rows of their own.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.querysets import PostQuerySet, ThreadQuerySet

# Documented limits (shown in the forms' help texts).
POST_MAX_LENGTH = 20_000
TITLE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("category-detail", args=[self.slug])


class Thread(models.Model):
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="threads",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last activity"), db_index=True)
    # Published posts, kept by F() updates in the services.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    # False while the opening post waits in the new-user queue.
    is_approved = models.BooleanField(_("approved"), default=True)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"])]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("thread-detail", args=[self.pk])

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        PENDING = "pending", _("awaiting moderation")

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=POST_MAX_LENGTH)
    html = models.TextField(_("rendered HTML"), editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    revision_count = models.PositiveIntegerField(_("revisions"), default=1)
    thanks_count = models.PositiveIntegerField(_("thanks"), default=0)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    delete_reason = models.CharField(
        _("reason for deletion"), max_length=REASON_MAX_LENGTH, blank=True
    )
    quoted_posts = models.ManyToManyField(
        "self",
        through="Quote",
        symmetrical=False,
        related_name="quoted_by",
        verbose_name=_("quoted posts"),
    )
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Mention",
        related_name="forum_mentions",
        verbose_name=_("mentioned users"),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "status", "id"]),
            models.Index(fields=["author", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body=""), name="forum_post_body_not_empty"
            )
        ]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return _("Post %(id)s in %(thread)s") % {"id": self.pk, "thread": self.thread}

    def get_absolute_url(self):
        """The short, stable link; it redirects to the right page of the thread."""
        return reverse("post-link", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class PostRevision(models.Model):
    """One state of a post's text; rows are only ever added."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    number = models.PositiveIntegerField(_("number"))
    body = models.TextField(_("text"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "number"], name="forum_revision_number_unique"
            )
        ]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self):
        return f"{self.post_id} r{self.number}"


class Quote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="quotes")
    quoted_post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="quoted_in"
    )
    excerpt = models.TextField(_("excerpt"))

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.post_id} → {self.quoted_post_id}"


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="forum_mention_unique"
            )
        ]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")

    def __str__(self):
        return f"{self.post_id} @{self.user_id}"


class Thanks(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_thanks_unique")
        ]
        verbose_name = _("thanks")
        verbose_name_plural = _("thanks")

    def __str__(self):
        return f"{self.user_id} ♥ {self.post_id}"


class Subscription(models.Model):
    """A user watching a thread: notified of every new reply."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="forum_subscription_unique"
            )
        ]
        verbose_name = _("watched thread")
        verbose_name_plural = _("watched threads")

    def __str__(self):
        return f"{self.user_id} watches {self.thread_id}"


class ReadState(models.Model):
    """How far a user has read a thread (the last post id seen)."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="read_states"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    last_read_post_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="forum_readstate_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} to {self.last_read_post_id}"


class Draft(models.Model):
    """A reply (thread set) or a new thread (category set) being written."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=POST_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="forum_draft_reply_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="forum_draft_thread_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True)
                ^ models.Q(category__isnull=True),
                name="forum_draft_one_target",
            ),
        ]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return f"draft {self.pk}"


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HIDDEN = "hidden", _("post hidden")
        DISMISSED = "dismissed", _("dismissed")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=models.Q(status="open"),
                name="forum_flag_open_unique",
            )
        ]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self):
        return f"{self.post_id}: {self.reason[:40]}"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        DELETE = "delete", _("deleted a post")
        RESTORE = "restore", _("restored a post")
        EDIT = "edit", _("edited a post")
        APPROVE = "approve", _("approved a post")
        DISMISS_FLAG = "dismiss_flag", _("dismissed a flag")
        LOCK = "lock", _("locked a thread")
        UNLOCK = "unlock", _("unlocked a thread")
        PIN = "pin", _("pinned a thread")
        UNPIN = "unpin", _("unpinned a thread")
        MOVE = "move", _("moved a thread")
        RENAME = "rename", _("renamed a thread")
        # Written by accounts.services (suspend_user, reinstate_user).
        SUSPEND = "suspend", _("suspended an account")
        REINSTATE = "reinstate", _("reinstated an account")
        # Written through carre.moderation_log (forum/trust.py): a trust level
        # set by hand (accounts.trust), a pending dossier edit reviewed.
        TRUST = "trust", _("set a trust level")
        ACCEPT_EDIT = "accept_edit", _("accepted a dossier edit")
        REFUSE_EDIT = "refuse_edit", _("refused a dossier edit")
        # Written by tips.services: what an anonymous tip became.
        TIP_THREAD = "tip_thread", _("turned a tip into a thread")
        TIP_SOURCE = "tip_source", _("turned a tip into a source")
        TIP_DISMISS = "tip_dismiss", _("dismissed a tip")
        # Written by facts.imports: a CSV file of deployments imported.
        IMPORT_DEPLOYMENTS = "import", _("imported deployments")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    thread = models.ForeignKey(
        Thread,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    details = models.CharField(_("details"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.moderator_id} {self.action}"
