"""Reading the forum: categories, a thread's pages, its first unread post and
a post's short link."""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from carre.htmx import fragment_or_redirect
from forum import permissions
from forum.loaders import get_category_for, get_post_for, get_thread_for
from forum.models import Category, Post, ReadState, Subscription, Thread
from forum.views import POSTS_PER_PAGE
from forum.views.thread_page import (
    THREAD_PAGE,
    localize_post_quotes,
    post_context,
    post_url,
    reply_context,
)

THREADS_PER_PAGE = 30


def _last_read(user, thread) -> int:
    """The last post of the thread the viewer has read (0: none)."""
    if not user.is_authenticated:
        return 0
    state = ReadState.objects.filter(thread=thread, user=user).first()
    return state.last_read_post_id if state else 0


@require_safe
def category_list(request):
    categories = Category.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__is_approved=True)),
        last_activity=Max("threads__last_post_at"),
    )
    return TemplateResponse(
        request, "forum/category_list.html", {"categories": categories}
    )


@require_safe
def category_detail(request, slug):
    category = get_category_for(request, slug)
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(category=category)
        .for_list(request.user)
    )
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "forum/category_detail.html",
        {
            "category": category,
            "page": page,
            "can_start_thread": permissions.can_start_thread(request.user, category),
        },
    )


@require_safe
def thread_detail(request, pk):
    thread = get_thread_for(request, pk)
    user = request.user
    posts = Post.objects.visible_to(user).filter(thread=thread).for_thread_page(user)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    posts_on_page = list(page.object_list)
    for post in posts_on_page:
        post.thread = thread  # Templates ask post.thread: no query per post.
        localize_post_quotes(post, post.quotes.all())
    last_read = _last_read(user, thread)
    published = Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED)
    has_unread = user.is_authenticated and published.filter(pk__gt=last_read).exists()
    watching = user.is_authenticated and (
        Subscription.objects.filter(thread=thread, user=user).exists()
    )
    context = {
        "thread": thread,
        "page": page,
        "posts": posts_on_page,
        "last_read": last_read,
        "has_unread": has_unread,
        "last_post_on_page": posts_on_page[-1].pk if posts_on_page else 0,
        "watching": watching,
        "is_moderator": permissions.can_moderate(user),
        **reply_context(request, thread, inline=True),
    }
    return TemplateResponse(request, THREAD_PAGE, context)


@require_safe
def thread_unread(request, pk):
    """Redirect to the first post the viewer has not read yet."""
    thread = get_thread_for(request, pk)
    posts = Post.objects.visible_to(request.user).filter(thread=thread)
    post = (
        posts.filter(pk__gt=_last_read(request.user, thread)).order_by("pk").first()
        or posts.order_by("-pk").first()
    )
    if post is None:
        return redirect(thread)
    return redirect(post_url(request, post))


@require_safe
def post_link(request, pk):
    """The short URL of a post: its fragment for htmx (what "Cancel" swaps
    back in), else a redirect to its place on the thread's page."""
    post = get_post_for(request, pk)
    return fragment_or_redirect(
        request,
        post_url(request, post),
        THREAD_PAGE,
        "post",
        post_context(request, post),
    )
