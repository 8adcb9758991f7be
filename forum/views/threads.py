"""Reading the forum: categories, a thread's pages, its first unread post and
a post's short link."""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from accounts.profiles import links_stamp
from carre import shared_pages
from carre.htmx import fragment_or_redirect
from carre.release import release
from forum import permissions
from forum.loaders import get_category_for, get_post_for, get_thread_for
from forum.models import Category, Post, Quote, ReadState, Subscription, Thread
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


# What the page shows, from one statement: its posts (count, published,
# deleted, last deletion and edit, thanks) and the posts they quote wherever
# they are (deleted or not, their thread's title). In SQL: built from ORM
# expressions, it took 10 ms a request to compile, most of a cached page's time.
THREAD_STATE_SQL = f"""
    SELECT count(*),
           count(*) FILTER (WHERE p.status = %s),
           count(*) FILTER (WHERE p.deleted_at IS NOT NULL),
           max(p.deleted_at),
           max(p.edited_at),
           sum(p.thanks_count),
           (SELECT md5(string_agg(concat_ws(':',
                       q.quoted_post_id, coalesce(qp.deleted_at::text, '-'),
                       qp.status, qt.title), ',' ORDER BY q.id))
              FROM {Quote._meta.db_table} q
              JOIN {Post._meta.db_table} mine ON mine.id = q.post_id
              JOIN {Post._meta.db_table} qp ON qp.id = q.quoted_post_id
              JOIN {Thread._meta.db_table} qt ON qt.id = qp.thread_id
             WHERE mine.thread_id = %s)
      FROM {Post._meta.db_table} p
     WHERE p.thread_id = %s
"""  # noqa: S608  (table names from the models; values as parameters)


def _thread_validators(request, thread) -> tuple[str, int]:
    """The ETag and Last-Modified of the thread's page as an anonymous reader
    sees it, from one aggregate over its posts: a reply, an edit, a deletion
    or restore, a thanks or a moderation of the thread, or a deletion of a
    post quoted from elsewhere, changes the ETag. A hidden, shown or renamed
    profile changes every page's ETag at once (accounts.profiles.links_stamp).
    """
    with connection.cursor() as cursor:
        cursor.execute(THREAD_STATE_SQL, [Post.Status.PUBLISHED, thread.pk, thread.pk])
        posts = cursor.fetchone()
    last_deleted, last_edited = posts[3], posts[4]
    version = "|".join(
        str(part)
        for part in (
            thread.last_post_at.timestamp(),
            thread.title,
            thread.category_id,
            thread.is_locked,
            thread.is_pinned,
            *posts,
            request.GET.get("page", ""),
            get_language(),
            bool(request.htmx),
            # Author names and @mentions link to profiles that may be hidden.
            links_stamp(),
            # A new release of the templates renders another page.
            release(),
        )
    )
    etag = quote_etag(hashlib.blake2b(version.encode(), digest_size=12).hexdigest())
    changed = [thread.last_post_at, last_deleted, last_edited]
    last_modified = max(moment for moment in changed if moment is not None)
    return etag, int(last_modified.timestamp())


def _cache_headers(response, *, shared: bool):
    """Anonymous pages may be kept by browsers and proxies for a moment; a
    signed-in reader's page (read marks, reply form) is private."""
    if shared:
        patch_cache_control(
            response, public=True, max_age=settings.CARRE_THREAD_MAX_AGE
        )
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language", "HX-Request"])
    return response


@require_safe
def thread_detail(request, pk):
    """A page of the thread. An anonymous reader's reload costs a 304."""
    thread = get_thread_for(request, pk)
    user = request.user
    # Only an anonymous reader's page is the same for everyone (no read
    # marks, drafts or watch state; no pending message to show once).
    shared = not user.is_authenticated and not get_messages(request)
    keep = shared and shared_pages.shareable(request, ("page",))
    if shared:
        etag, last_modified = _thread_validators(request, thread)
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if response is not None:
            return _cache_headers(response, shared=True)
        key = shared_pages.page_key(request, "thread", etag)
        if keep and (entry := shared_pages.cached_page(key)):
            response = shared_pages.response_from(entry)
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
            return _cache_headers(response, shared=True)
    posts = Post.objects.visible_to(user).filter(thread=thread).for_thread_page(user)
    paginator = Paginator(posts, POSTS_PER_PAGE)
    number = request.GET.get("page")
    # "last": where a reply just sent lands, without counting in the POST.
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
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
    response = TemplateResponse(request, THREAD_PAGE, context)
    if shared:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
    if keep:
        # Kept no longer than a proxy may keep it (see _thread_validators).
        shared_pages.keep_page(
            request, key, response, timeout=settings.CARRE_THREAD_MAX_AGE
        )
    return _cache_headers(response, shared=shared)


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
