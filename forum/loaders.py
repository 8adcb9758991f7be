"""The forum's objects as a view's viewer may see them: one loader per object.

A loader answers 404 for what the viewer may not see (someone else's post
waiting for a moderator stays unknown). `check`, the permission a page needs
on top (`permissions.check_can_edit_post`...), answers 403 for an object the
viewer sees but may not act on, so that a form page is refused before it is
shown. The services check again inside their transaction, on the locked row:
they stay the authority, whatever the entry point.
"""

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import get_object_or_404

from forum import permissions
from forum.models import Category, Flag, Post, Thread

type Check = Callable[..., None]


def get_category_for(request, slug: str, *, check: Check | None = None) -> Category:
    """A category (all are public)."""
    category = get_object_or_404(Category, slug=slug)
    if check is not None:
        check(request.user, category)
    return category


def get_thread_for(request, pk: int, *, check: Check | None = None) -> Thread:
    """A thread the viewer may see, with its category and author."""
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("category", "author"),
        pk=pk,
    )
    if check is not None:
        check(request.user, thread)
    return thread


def get_post_for(request, pk: int, *, check: Check | None = None) -> Post:
    """A post the viewer may see, in a thread they may see, with its thread
    and author."""
    post = get_object_or_404(
        Post.objects.visible_to(request.user).select_related("thread", "author"),
        pk=pk,
    )
    if not permissions.can_view_thread(request.user, post.thread):
        raise Http404
    if check is not None:
        check(request.user, post)
    return post


def get_flag_for(request, pk: int) -> Flag:
    """A flag, with its post: flags are for moderators' eyes only (403)."""
    permissions.check_can_moderate(request.user)
    return get_object_or_404(Flag.objects.select_related("post"), pk=pk)
