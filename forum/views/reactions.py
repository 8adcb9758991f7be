"""Small reactions on the thread page: thanks, watching the thread, the read
marker, and @mention suggestions while typing. Each is an htmx swap with a
plain form or page behind it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from carre.htmx import fragment_or_redirect, no_content_or_redirect, page_or_fragment
from carre.params import BadInput, int_param
from forum import services
from forum.loaders import get_post_for, get_thread_for
from forum.views.thread_page import THREAD_PAGE, post_context, post_url

MENTION_SUGGESTIONS = 8


@login_required
@require_POST
def post_thank(request, pk):
    post = get_post_for(request, pk)
    if request.POST.get("undo"):
        services.unthank_post(post, user=request.user)
    else:
        services.thank_post(post, user=request.user)
    post.refresh_from_db(fields=["thanks_count"])
    context = post_context(request, post, with_body=False)
    return fragment_or_redirect(
        request, post_url(request, post), THREAD_PAGE, "thanks", context
    )


@login_required
@require_POST
def thread_watch(request, pk):
    thread = get_thread_for(request, pk)
    watching = request.POST.get("watch") != "0"
    if watching:
        services.watch_thread(thread, user=request.user)
    else:
        services.unwatch_thread(thread, user=request.user)
    context = {"thread": thread, "watching": watching}
    return fragment_or_redirect(
        request, thread.get_absolute_url(), THREAD_PAGE, "watch-button", context
    )


@login_required
@require_POST
def thread_mark_read(request, pk):
    """Save the read position (the thread page posts it once loaded)."""
    thread = get_thread_for(request, pk)
    up_to = int_param(request.POST, "post")
    if up_to is None:
        raise BadInput(_("Which post?"))
    services.mark_thread_read(thread, user=request.user, up_to_post_id=up_to)
    return no_content_or_redirect(request, thread.get_absolute_url())


@require_safe
def mention_autocomplete(request):
    """Users whose name starts with ?q= (for @mention suggestions)."""
    query = request.GET.get("q", "").strip().lstrip("@")[:30]
    users = []
    if query and request.user.is_authenticated:
        users = list(
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(username__istartswith=query) | Q(display_name__istartswith=query))
            .order_by("username")[:MENTION_SUGGESTIONS]
        )
    return page_or_fragment(
        request,
        "forum/mention_list.html",
        "mention-results",
        {"users": users, "query": query},
    )
