"""Moderation: deleting and restoring posts, flags and their queue, approving
new accounts' posts, a thread's moderation form and the moderation log.

Plain pages and form posts (no htmx): each write redirects with a message.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from forum import permissions, services
from forum.forms import FlagForm, ReasonForm, ThreadModerationForm
from forum.loaders import get_flag_for, get_post_for, get_thread_for
from forum.models import Flag, ModerationLog, Post
from forum.views.thread_page import post_url


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = get_post_for(request, pk, check=permissions.check_can_delete_post)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_post(post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The message was deleted."))
        return redirect(post_url(request, post))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(
        request, "forum/post_delete.html", {"post": post, "form": form}, status=status
    )


@login_required
@require_POST
def post_restore(request, pk):
    post = get_post_for(request, pk)
    services.restore_post(post, by=request.user)
    messages.success(request, _("The message was restored."))
    return redirect(post_url(request, post))


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request, pk):
    post = get_post_for(request, pk, check=permissions.check_can_flag_post)
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.flag_post(
                    post, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                status = form.refuse(error)
            else:
                messages.success(
                    request, _("Thank you: a moderator will look at this message.")
                )
                return redirect(post_url(request, post))
    return TemplateResponse(
        request, "forum/post_flag.html", {"post": post, "form": form}, status=status
    )


@login_required
@require_safe
def moderation_queue(request):
    permissions.check_can_moderate(request.user)
    flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("post__author", "post__thread", "user")
        .order_by("created_at")
    )
    pending = (
        Post.objects.filter(status=Post.Status.PENDING, deleted_at__isnull=True)
        .select_related("author", "thread")
        .order_by("created_at")
    )
    return TemplateResponse(
        request,
        "forum/moderation_queue.html",
        {"flags": flags, "pending": pending},
    )


@contextmanager
def _reported(request, done: str):
    """Tell the moderator, on the page they return to, how the action went."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@login_required
@require_POST
def flag_resolve(request, pk):
    flag = get_flag_for(request, pk)
    action = request.POST.get("action", "")
    with _reported(request, _("The flag was handled.")):
        services.resolve_flag(flag, moderator=request.user, action=action)
    return redirect("moderation-queue")


@login_required
@require_POST
def post_approve(request, pk):
    # 403 before 404: posts awaiting approval are hidden from non-moderators.
    permissions.check_can_moderate(request.user)
    post = get_post_for(request, pk)
    with _reported(request, _("The message is now public.")):
        services.approve_post(post, moderator=request.user)
    return redirect("moderation-queue")


@login_required
@require_http_methods(["GET", "POST"])
def thread_moderate(request, pk):
    permissions.check_can_moderate(request.user)
    thread = get_thread_for(request, pk)
    initial = {
        "title": thread.title,
        "category": thread.category,
        "is_locked": thread.is_locked,
        "is_pinned": thread.is_pinned,
    }
    form = ThreadModerationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.moderate_thread(
                    thread,
                    moderator=request.user,
                    title=data["title"],
                    category=data["category"],
                    locked=data["is_locked"],
                    pinned=data["is_pinned"],
                )
            except ValidationError as error:
                status = form.refuse(error)
            else:
                messages.success(request, _("The thread was updated."))
                return redirect(thread)
    return TemplateResponse(
        request,
        "forum/thread_moderate.html",
        {"thread": thread, "form": form},
        status=status,
    )


@login_required
@require_safe
def moderation_log(request):
    permissions.check_can_moderate(request.user)
    entries = ModerationLog.objects.select_related(
        "moderator", "thread", "post", "account"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "forum/moderation_log.html", {"page": page})
