"""The thread page's partials, and where a post sits on the page.

A post after an edit, a thank or a "Cancel", the new post after a reply and
the reply form are partials of `forum/thread_detail.html` (the reply form of
`forum/reply_form.html`, which the thread page includes): the views that
answer with them build their context here, so a fragment renders exactly as
the page does.
"""

from django.urls import reverse

from carre.params import int_param
from forum import permissions
from forum.forms import PostForm
from forum.models import Draft, Post
from forum.rendering import link_mentions, localize_quotes, quote_block
from forum.views import POSTS_PER_PAGE

THREAD_PAGE = "forum/thread_detail.html"
REPLY_PAGE = "forum/reply_form.html"


def post_url(request, post: Post) -> str:
    """The post on its thread's page (`?page=N#post-<pk>`), counting the
    posts before it that the viewer sees."""
    before = (
        Post.objects.visible_to(request.user)
        .filter(thread_id=post.thread_id, pk__lt=post.pk)
        .count()
    )
    url = reverse("thread-detail", args=[post.thread_id])
    page = before // POSTS_PER_PAGE + 1
    if page > 1:
        url += f"?page={page}"
    return f"{url}#post-{post.pk}"


def new_post_url(post: Post) -> str:
    """A post just added to its thread, on the thread's last page: no count,
    the page resolves "last" with the count it makes anyway. (A reply from
    someone else across a page boundary in between would leave it one page
    back: the page still loads, without the anchor.)"""
    url = reverse("thread-detail", args=[post.thread_id])
    return f"{url}?page=last#post-{post.pk}"


def localize_post_quotes(post: Post, quotes) -> None:
    """The post's quotes attributed in the reader's language, and its
    @mentions linked to the profiles that are public now (not saved)."""
    post.html = link_mentions(
        localize_quotes(
            post.html,
            {quote.quoted_post_id: quote.quoted_post for quote in quotes},
            post.thread_id,
        ),
        post.mentioned_users.all(),
    )


def post_context(request, post: Post, *, with_body: bool = True) -> dict:
    """The `post` partial's context (`with_body=False`: its action bar only)."""
    if with_body:
        localize_post_quotes(
            post,
            post.quotes.select_related("quoted_post__author", "quoted_post__thread"),
        )
    if request.user.is_authenticated and not hasattr(post, "thanked"):
        post.thanked = post.thanks.filter(user=request.user).exists()
    return {
        "post": post,
        "thread": post.thread,
        "is_moderator": permissions.can_moderate(request.user),
    }


def _reply_initial(request, thread) -> tuple[dict, Draft | None]:
    """A new reply starts from the viewer's draft, then the post `?quote=`
    names, if the viewer may quote it."""
    initial, draft = {}, None
    quote_id = int_param(request.GET, "quote")
    if request.user.is_authenticated:
        draft = Draft.objects.filter(user=request.user, thread=thread).first()
        if draft:
            initial["body"] = draft.body
    if quote_id is not None:
        quoted = Post.objects.visible_to(request.user).filter(pk=quote_id).first()
        if quoted and permissions.can_quote_post(request.user, quoted):
            initial["body"] = initial.get("body", "") + quote_block(quoted)
    return initial, draft


def reply_context(request, thread, form=None, preview=None, *, inline=None) -> dict:
    """The `reply-form` partial's context. `inline`: the form sits under the
    thread's posts and appends the new one with htmx (by default, when htmx
    asks); on its own page it posts normally."""
    draft = None
    if form is None:
        initial, draft = _reply_initial(request, thread)
        form = PostForm(initial=initial)
    return {
        "thread": thread,
        "form": form,
        "draft": draft,
        "preview": preview,
        "can_reply": permissions.can_reply(request.user, thread),
        "inline": bool(request.htmx) if inline is None else inline,
    }
