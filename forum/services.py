"""State changes of the forum: one function per action, one transaction each.

Views, the admin, the demo loader and tests all call these functions; each
checks its permission first (forum.permissions) so no entry point skips it.
Counters move with F() expressions, so concurrent actions never lose a count.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import MODERATOR_GROUP
from accounts.trust import refresh_trust
from carre.ratelimit import FLAGS, POSTS, check_rate_limit
from carre.ratelimit import RateLimited as RateLimited
from carre.revisions import EditConflict, Snapshot, decide, lock_for_update
from carre.submissions import (
    claim_made,
    claim_submission,
    raise_if_claimed,
    record_submission,
)
from forum import permissions
from forum.models import (
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Draft,
    Flag,
    Mention,
    ModerationLog,
    Post,
    PostRevision,
    Quote,
    ReadState,
    Subscription,
    Thanks,
    Thread,
)
from forum.rendering import render_post_body
from forum.tasks import notify_post_published
from notifications.models import Notification
from notifications.services import notify
from sources.services import sync_citations


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("The message is empty."), code="empty")
    if len(body) > POST_MAX_LENGTH:
        raise ValidationError(
            _("The message is too long: %(length)s characters, the limit is %(limit)s.")
            % {"length": len(body), "limit": POST_MAX_LENGTH},
            code="too_long",
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("The title is empty."), code="empty_title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("The title is too long: the limit is %(limit)s characters.")
            % {"limit": TITLE_MAX_LENGTH},
            code="title_too_long",
        )
    return title


def _moderators():
    return get_user_model().objects.filter(groups__name=MODERATOR_GROUP, is_active=True)


def _log(moderator, action, *, thread=None, post=None, details="") -> None:
    ModerationLog.objects.create(
        moderator=moderator,
        action=action,
        thread=thread,
        post=post,
        details=details[:500],
    )


def _must_wait_in_queue(author, latest: list[tuple] | None = None) -> bool:
    """New accounts' first posts wait for a moderator.

    `latest`: the author's newest posts as (created_at, status), newest
    first, when the rate limit has read them (at least as many as the queue
    holds, or all of them): usually enough to answer without a query.
    """
    limit = settings.CARRE_NEW_USER_QUEUE_POSTS
    if limit <= 0 or permissions.can_moderate(author):
        return False
    if latest is not None:
        published = sum(1 for _at, status in latest if status == Post.Status.PUBLISHED)
        if published >= limit:
            return False
        if len(latest) < limit:
            return True  # all their posts, fewer published than the queue holds
    # Counting stops at the limit: a prolific author's reply reads two index
    # entries, not all their posts.
    published = Post.objects.filter(author=author, status=Post.Status.PUBLISHED)
    return published[:limit].count() < limit


def _publish_effects(post: Post) -> None:
    """Counters and notifications of a post becoming public.

    The notifications go to the task worker (forum.tasks). The task row is
    written here, in the post's transaction (django-tasks-db keeps tasks in
    this database): it commits with the post or not at all, so no reply is
    left without its notifications and none is announced that was rolled back.
    """
    Thread.objects.filter(pk=post.thread_id).update(
        post_count=F("post_count") + 1,
        last_post_at=Greatest(F("last_post_at"), post.created_at),
    )
    notify_post_published.enqueue(post.pk)


def _store_relations(post: Post, rendered, *, replace: bool = False) -> list:
    """Save quotes and mentions (`replace`: an edit, else a new post); return
    the users newly mentioned."""
    sync_citations(post, post.body, replace=replace, cites=rendered.cites)
    if replace:
        post.quotes.all().delete()
    Quote.objects.bulk_create(
        Quote(post=post, quoted_post=quoted, excerpt=excerpt[:5000])
        for quoted, excerpt in rendered.quotes
        if quoted.pk != post.pk
    )
    before = set(post.mentions.values_list("user_id", flat=True)) if replace else set()
    wanted = {user.pk: user for user in rendered.mentions}
    if replace:
        post.mentions.exclude(user_id__in=wanted).delete()
    Mention.objects.bulk_create(
        [
            Mention(post=post, user=user)
            for pk, user in wanted.items()
            if pk not in before
        ]
    )
    return [user for pk, user in wanted.items() if pk not in before]


def _create_post(thread, *, author, body, enforce_limits: bool) -> Post:
    body = _clean_body(body)
    latest = None
    if enforce_limits:
        # The rate limit reads the author's newest posts; the new-user queue
        # answers from the same rows.
        latest = check_rate_limit(
            author,
            POSTS,
            latest=settings.CARRE_NEW_USER_QUEUE_POSTS,
            fields=("status",),
        )
    rendered = render_post_body(body, viewer=author, thread_id=thread.pk)
    pending = enforce_limits and _must_wait_in_queue(author, latest)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        html=rendered.html,
        status=Post.Status.PENDING if pending else Post.Status.PUBLISHED,
    )
    PostRevision.objects.create(post=post, number=1, body=body, editor=author)
    _store_relations(post, rendered)
    # Upserts (INSERT … ON CONFLICT): one statement each, no savepoint.
    Subscription.objects.bulk_create(
        [Subscription(thread=thread, user=author)], ignore_conflicts=True
    )
    Draft.objects.filter(user=author, thread=thread).delete()
    if not pending:
        _publish_effects(post)
        # The caller holds the thread's lock (a new thread is not yet visible):
        # no later post of the thread exists, so this one is the furthest read.
        ReadState.objects.bulk_create(
            [ReadState(thread=thread, user=author, last_read_post_id=post.pk)],
            update_conflicts=True,
            unique_fields=["thread", "user"],
            update_fields=["last_read_post_id"],
        )
    else:
        notify(
            _moderators(),
            actor=author,
            verb=Notification.Verb.MODERATION,
            url=post.get_absolute_url(),
            message=gettext_noop("A message by %(author)s awaits moderation"),
            params={"author": author.public_name},
        )
    return post


@transaction.atomic
def create_thread(
    *,
    category,
    author,
    title: str,
    body: str,
    enforce_limits: bool = True,
    submission: uuid.UUID | None = None,
) -> Thread:
    """Open a thread with its first post (waiting for a moderator if the
    author is new). `submission`: the form's token; a form sent again raises
    AlreadySubmitted with the thread it opened."""
    permissions.check_can_start_thread(author, category)
    claim = claim_submission(submission, user=author)
    title = _clean_title(title)
    _clean_body(body)
    thread = Thread.objects.create(
        category=category, title=title, author=author, last_post_at=timezone.now()
    )
    post = _create_post(thread, author=author, body=body, enforce_limits=enforce_limits)
    if post.is_pending:
        Thread.objects.filter(pk=thread.pk).update(is_approved=False)
        thread.is_approved = False
    Draft.objects.filter(user=author, category=category).delete()
    record_submission(claim, thread)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def post_reply(
    thread,
    *,
    author,
    body: str,
    enforce_limits: bool = True,
    submission: uuid.UUID | None = None,
) -> Post:
    """Add a reply; the author starts watching the thread. `submission`: the
    form's token; a form sent again raises AlreadySubmitted with its post."""
    # Lock the thread so a reply cannot slip in after a concurrent lock. NO
    # KEY UPDATE: readers marking the thread read (rows referencing it) do not
    # wait for the reply's transaction. The same form sent again waits here
    # too, so its token is claimed at the end, with the post, in one
    # statement (carre.submissions.claim_made).
    thread = Thread.objects.select_for_update(no_key=True).get(pk=thread.pk)
    try:
        permissions.check_can_reply(author, thread)
        post = _create_post(
            thread, author=author, body=body, enforce_limits=enforce_limits
        )
    except (ValidationError, PermissionDenied):
        # Refused (the first sending took the last place of the rate limit,
        # or locked the thread meanwhile): a repeat gets the first answer.
        raise_if_claimed(submission, user=author)
        raise
    claim_made(submission, user=author, result=post)
    return post


def _post_snapshot(
    post: Post, number: int | None, current: Snapshot
) -> Snapshot | None:
    """The revision `number` of the post, as the revision kernel compares it."""
    if number is None or number == current.number:
        return current
    body = (
        PostRevision.objects.filter(post=post, number=number)
        .values_list("body", flat=True)
        .first()
    )
    return None if body is None else Snapshot(number, {"body": body})


@transaction.atomic
def edit_post(post, *, editor, body: str, base_revision: int | None = None) -> Post:
    """Change a post's text; the previous text stays in its revisions.

    `base_revision` is the number of the revision the editor started from
    (None: the current one). An edit over a newer revision is merged when the
    two edits touch different lines, and refused with EditConflict (code
    "stale") when they overlap: it never silently overwrites.
    """
    post = lock_for_update(post, queryset=Post.objects.select_related("thread"))
    permissions.check_can_edit_post(editor, post)
    if post.is_deleted:
        raise ValidationError(
            _("This message was deleted: it can no longer be edited."),
            code="deleted",
        )
    body = _clean_body(body)
    current = Snapshot(post.revision_count, {"body": post.body})
    decision = decide(
        base=_post_snapshot(post, base_revision, current),
        current=current,
        mine={"body": body},
        text_fields={"body"},
    )
    if decision.conflict:
        raise EditConflict(
            decision.conflict,
            _(
                "This message was changed by someone else while you were editing "
                "it. Your text is kept below, with the version saved meanwhile: "
                "keep what should stay, then save again."
            ),
        )
    if not decision.writes:
        return post
    body = _clean_body(decision.values["body"])
    rendered = render_post_body(body, viewer=editor, thread_id=post.thread_id)
    number = post.revision_count + 1
    PostRevision.objects.create(post=post, number=number, body=body, editor=editor)
    post.body = body
    post.html = rendered.html
    post.edited_at = timezone.now()
    post.revision_count = number
    post.save(update_fields=["body", "html", "edited_at", "revision_count"])
    new_mentions = _store_relations(post, rendered, replace=True)
    if editor.pk != post.author_id:
        _log(editor, ModerationLog.Action.EDIT, thread=post.thread, post=post)
    if post.status == Post.Status.PUBLISHED:
        notify(
            new_mentions,
            actor=editor,
            verb=Notification.Verb.MENTION,
            url=post.get_absolute_url(),
            message=gettext_noop("%(author)s mentioned you in “%(thread)s”"),
            params={"author": editor.public_name, "thread": post.thread.title},
        )
    return post


def _quoting_posts(post: Post) -> list[Post]:
    return list(
        Post.objects.filter(quotes__quoted_post=post).exclude(pk=post.pk).distinct()
    )


def _rerender(posts: list[Post]) -> None:
    """Render posts again: their quotes show the quoted text, the deletion
    placeholder, or that the quoted post no longer exists."""
    for quoting in posts:
        rendered = render_post_body(
            quoting.body, thread_id=quoting.thread_id, strict=False
        )
        Post.objects.filter(pk=quoting.pk).update(html=rendered.html)


def _rerender_quoting_posts(post: Post) -> None:
    _rerender(_quoting_posts(post))


@transaction.atomic
def purge_post(post, *, by) -> None:
    """Delete a post for good (admins only: unlawful content, personal data).

    Unlike delete_post nothing is kept to restore. Posts quoting it then say
    that it no longer exists instead of showing the quoted text.
    """
    if not by.has_perm("forum.delete_post"):
        raise PermissionDenied
    post = Post.objects.select_for_update().get(pk=post.pk)
    quoting = _quoting_posts(post)
    counted = post.status == Post.Status.PUBLISHED and not post.is_deleted
    thread_id = post.thread_id
    post.delete()
    if counted:
        Thread.objects.filter(pk=thread_id).update(post_count=F("post_count") - 1)
    _rerender(quoting)


@transaction.atomic
def delete_post(post, *, by, reason: str = "") -> Post:
    """Soft delete: the thread shows a placeholder; moderators can restore it."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    permissions.check_can_delete_post(by, post)
    post.deleted_at = timezone.now()
    post.deleted_by = by
    post.delete_reason = (reason or "").strip()[:500]
    post.save(update_fields=["deleted_at", "deleted_by", "delete_reason"])
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") - 1)
    _rerender_quoting_posts(post)
    if by.pk != post.author_id:
        _log(
            by,
            ModerationLog.Action.DELETE,
            thread=post.thread,
            post=post,
            details=post.delete_reason,
        )
    return post


@transaction.atomic
def restore_post(post, *, by) -> Post:
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    permissions.check_can_restore_post(by, post)
    post.deleted_at = None
    post.deleted_by = None
    post.delete_reason = ""
    post.save(update_fields=["deleted_at", "deleted_by", "delete_reason"])
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") + 1)
    _rerender_quoting_posts(post)
    _log(by, ModerationLog.Action.RESTORE, thread=post.thread, post=post)
    return post


@transaction.atomic
def thank_post(post, *, user) -> bool:
    """Say "Merci" once; return False if the user had already thanked it."""
    permissions.check_can_thank_post(user, post)
    try:
        with transaction.atomic():
            Thanks.objects.create(post=post, user=user)
    except IntegrityError:
        return False
    Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") + 1)
    notify(
        [post.author],
        actor=user,
        verb=Notification.Verb.THANKS,
        url=post.get_absolute_url(),
        message=gettext_noop("%(user)s thanked you for your message in “%(thread)s”"),
        params={"user": user.public_name, "thread": post.thread.title},
    )
    return True


@transaction.atomic
def unthank_post(post, *, user) -> bool:
    deleted, _ignored = Thanks.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") - 1)
    return bool(deleted)


@transaction.atomic
def flag_post(post, *, user, reason: str) -> Flag:
    """Report a post to the moderators, with a reason."""
    permissions.check_can_flag_post(user, post)
    check_rate_limit(user, FLAGS)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why this message should be moderated."))
    if len(reason) > 500:
        raise ValidationError(_("The reason is limited to 500 characters."))
    flag, created = Flag.objects.get_or_create(
        post=post,
        user=user,
        status=Flag.Status.OPEN,
        defaults={"reason": reason},
    )
    if not created:
        raise ValidationError(_("You have already flagged this message."))
    notify(
        _moderators(),
        actor=user,
        verb=Notification.Verb.FLAG,
        url=post.get_absolute_url(),
        message=gettext_noop("A message in “%(thread)s” was flagged"),
        params={"thread": post.thread.title},
    )
    return flag


@transaction.atomic
def resolve_flag(flag, *, moderator, action: str) -> Flag:
    """Hide the flagged post (all its open flags close) or dismiss this flag."""
    permissions.check_can_moderate(moderator)
    flag = Flag.objects.select_for_update().select_related("post").get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(_("This flag was already handled."))
    now = timezone.now()
    if action == "hide":
        if not flag.post.is_deleted:
            delete_post(flag.post, by=moderator, reason=flag.reason)
        Flag.objects.filter(post=flag.post, status=Flag.Status.OPEN).update(
            status=Flag.Status.HIDDEN, resolved_by=moderator, resolved_at=now
        )
        # An upheld flag lowers the author's trust level at once.
        refresh_trust(flag.post.author)
    elif action == "dismiss":
        Flag.objects.filter(pk=flag.pk).update(
            status=Flag.Status.DISMISSED, resolved_by=moderator, resolved_at=now
        )
        _log(
            moderator,
            ModerationLog.Action.DISMISS_FLAG,
            thread=flag.post.thread,
            post=flag.post,
            details=flag.reason,
        )
    else:
        raise ValidationError(_("Unknown action."))
    flag.refresh_from_db()
    return flag


@transaction.atomic
def approve_post(post, *, moderator) -> Post:
    """Publish a post that waited in the new-user queue."""
    permissions.check_can_moderate(moderator)
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.status != Post.Status.PENDING:
        raise ValidationError(_("This message is already public."))
    post.status = Post.Status.PUBLISHED
    post.save(update_fields=["status"])
    if not post.thread.is_approved:
        Thread.objects.filter(pk=post.thread_id).update(is_approved=True)
        post.thread.is_approved = True
    _publish_effects(post)
    _log(moderator, ModerationLog.Action.APPROVE, thread=post.thread, post=post)
    return post


def _thread_for_moderation(thread, moderator) -> Thread:
    permissions.check_can_moderate(moderator)
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _switch_thread(thread, moderator, field: str, on: bool, actions) -> Thread:
    """Turn a yes/no of the thread (locked, pinned) on or off; a change is
    logged as `actions` (on, off)."""
    thread = _thread_for_moderation(thread, moderator)
    if getattr(thread, field) != on:
        setattr(thread, field, on)
        thread.save(update_fields=[field])
        _log(moderator, actions[0] if on else actions[1], thread=thread)
    return thread


@transaction.atomic
def lock_thread(thread, *, moderator, locked: bool = True) -> Thread:
    actions = (ModerationLog.Action.LOCK, ModerationLog.Action.UNLOCK)
    return _switch_thread(thread, moderator, "is_locked", locked, actions)


@transaction.atomic
def pin_thread(thread, *, moderator, pinned: bool = True) -> Thread:
    actions = (ModerationLog.Action.PIN, ModerationLog.Action.UNPIN)
    return _switch_thread(thread, moderator, "is_pinned", pinned, actions)


@transaction.atomic
def move_thread(thread, *, moderator, category) -> Thread:
    thread = _thread_for_moderation(thread, moderator)
    if thread.category_id != category.pk:
        old = thread.category.name
        thread.category = category
        thread.save(update_fields=["category"])
        _log(
            moderator,
            ModerationLog.Action.MOVE,
            thread=thread,
            details=f"{old} → {category.name}",
        )
    return thread


@transaction.atomic
def rename_thread(thread, *, moderator, title: str) -> Thread:
    thread = _thread_for_moderation(thread, moderator)
    title = _clean_title(title)
    if thread.title != title:
        old = thread.title
        thread.title = title
        thread.save(update_fields=["title"])
        _log(
            moderator,
            ModerationLog.Action.RENAME,
            thread=thread,
            details=f"{old} → {title}",
        )
    return thread


@transaction.atomic
def watch_thread(thread, *, user) -> Subscription:
    permissions.check_can_watch_thread(user, thread)
    subscription, _created = Subscription.objects.get_or_create(
        thread=thread, user=user
    )
    return subscription


@transaction.atomic
def unwatch_thread(thread, *, user) -> None:
    Subscription.objects.filter(thread=thread, user=user).delete()


def _advance_read_state(thread, user, post_id: int) -> None:
    """Move the user's read marker forward to `post_id`, never back."""
    mine = ReadState.objects.filter(thread=thread, user=user)
    forward = {"last_read_post_id": Greatest(F("last_read_post_id"), post_id)}
    if mine.update(**forward):
        return
    ReadState.objects.bulk_create(
        [ReadState(thread=thread, user=user, last_read_post_id=post_id)],
        ignore_conflicts=True,
    )
    mine.update(**forward)  # a concurrent request may have inserted it first


@transaction.atomic
def mark_thread_read(thread, *, user, up_to_post_id: int) -> None:
    """Remember that the user has read the thread up to this post (never back)."""
    if not user.is_authenticated:
        return
    last = (
        Post.objects.filter(thread=thread, pk__lte=up_to_post_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if last:
        _advance_read_state(thread, user, last)


@transaction.atomic
def save_draft(*, user, thread=None, category=None, title="", body="") -> Draft | None:
    """Keep what the user is typing (a reply or a new thread); empty deletes it."""
    if not user.is_authenticated or (thread is None) == (category is None):
        raise ValidationError(_("A draft belongs to one thread or one category."))
    body = (body or "")[:POST_MAX_LENGTH]
    title = (title or "")[:TITLE_MAX_LENGTH]
    target = {"thread": thread} if thread is not None else {"category": category}
    if not body.strip() and not title.strip():
        Draft.objects.filter(user=user, **target).delete()
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, **target, defaults={"title": title, "body": body}
    )
    return draft


@transaction.atomic
def moderate_thread(
    thread, *, moderator, title: str, category, locked: bool, pinned: bool
) -> Thread:
    """Apply the moderation form at once; each change is logged separately."""
    rename_thread(thread, moderator=moderator, title=title)
    move_thread(thread, moderator=moderator, category=category)
    lock_thread(thread, moderator=moderator, locked=locked)
    pin_thread(thread, moderator=moderator, pinned=pinned)
    return Thread.objects.get(pk=thread.pk)
