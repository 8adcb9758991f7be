"""Who may do what in the forum.

`check_can_x` raises PermissionDenied (services call it, so no entry point
skips it); `can_x` returns a bool for templates and views. A suspended user
(is_active=False) cannot sign in and is treated like an anonymous visitor.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_moderator


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_moderate(user) -> bool:
    return is_moderator(user)


def check_can_moderate(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can do this."))


def can_view_thread(user, thread) -> bool:
    if thread.is_approved:
        return True
    return is_moderator(user) or (_active(user) and thread.author_id == user.pk)


def can_view_post(user, post) -> bool:
    """Whether the post appears at all (its content may still be a placeholder)."""
    if post.status == "published":
        return can_view_thread(user, post.thread)
    return is_moderator(user) or (_active(user) and post.author_id == user.pk)


def can_view_post_content(user, post) -> bool:
    """Deleted posts show their text to moderators only."""
    if not can_view_post(user, post):
        return False
    return not post.is_deleted or is_moderator(user)


def check_can_view_post_content(user, post) -> None:
    if not can_view_post_content(user, post):
        raise PermissionDenied(_("This message was deleted."))


def can_start_thread(user, category) -> bool:
    return _active(user)


def check_can_start_thread(user, category) -> None:
    if not can_start_thread(user, category):
        raise PermissionDenied(_("Sign in to start a thread."))


def can_reply(user, thread) -> bool:
    if not _active(user) or not can_view_thread(user, thread):
        return False
    return not thread.is_locked or is_moderator(user)


def check_can_reply(user, thread) -> None:
    if not _active(user):
        raise PermissionDenied(_("Sign in to reply."))
    if thread.is_locked and not is_moderator(user):
        raise PermissionDenied(_("This thread is locked: no new replies."))
    if not can_view_thread(user, thread):
        raise PermissionDenied(_("You cannot see this thread."))


def can_edit_post(user, post) -> bool:
    if not _active(user):
        return False
    if is_moderator(user):
        return True
    return post.author_id == user.pk and not post.thread.is_locked


def check_can_edit_post(user, post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied(_("You cannot edit this post."))


def can_delete_post(user, post) -> bool:
    if not _active(user) or post.is_deleted:
        return False
    return is_moderator(user) or post.author_id == user.pk


def check_can_delete_post(user, post) -> None:
    if not can_delete_post(user, post):
        raise PermissionDenied(_("You cannot delete this post."))


def can_restore_post(user, post) -> bool:
    return post.is_deleted and is_moderator(user)


def check_can_restore_post(user, post) -> None:
    if not can_restore_post(user, post):
        raise PermissionDenied(_("Only moderators can restore a post."))


def can_thank_post(user, post) -> bool:
    return (
        _active(user)
        and post.author_id != user.pk
        and post.status == "published"
        and not post.is_deleted
    )


def check_can_thank_post(user, post) -> None:
    if not can_thank_post(user, post):
        raise PermissionDenied(_("You cannot thank this post."))


def can_flag_post(user, post) -> bool:
    return _active(user) and post.author_id != user.pk and not post.is_deleted


def check_can_flag_post(user, post) -> None:
    if not can_flag_post(user, post):
        raise PermissionDenied(_("You cannot flag this post."))


def can_quote_post(user, post) -> bool:
    """A deleted post cannot be quoted, not even by a moderator who sees it."""
    return _active(user) and not post.is_deleted and can_view_post(user, post)


def check_can_quote_post(user, post) -> None:
    if not can_quote_post(user, post):
        raise PermissionDenied(_("You cannot quote this message."))


def can_watch_thread(user, thread) -> bool:
    return _active(user) and can_view_thread(user, thread)


def check_can_watch_thread(user, thread) -> None:
    if not can_watch_thread(user, thread):
        raise PermissionDenied(_("Sign in to watch a thread."))
