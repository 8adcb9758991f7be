"""Forum pages. Views parse the request, call one service, pick a template.

Every htmx endpoint is also a plain page or form post (no JavaScript needed).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import HttpResponseClientRedirect

from carre.diff import word_diff
from carre.htmx import page_or_fragment
from carre.params import BadInput, int_param
from carre.revisions import EditConflict
from carre.submissions import AlreadySubmitted
from forum import permissions, services
from forum.forms import (
    FlagForm,
    PostForm,
    ReasonForm,
    ThreadForm,
    ThreadModerationForm,
)
from forum.models import (
    Category,
    Draft,
    Flag,
    ModerationLog,
    Post,
    ReadState,
    Subscription,
    Thread,
)
from forum.rendering import localize_quotes, quote_block, render_post_body

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 30


def _form_errors(form, error: ValidationError, field="body") -> None:
    for message in error.messages:
        form.add_error(field if field in form.fields else None, message)


def _status_for(error: ValidationError) -> int:
    return 429 if isinstance(error, services.RateLimited) else 422


def _visible_threads(request):
    return Thread.objects.visible_to(request.user)


def _visible_posts(request):
    return Post.objects.visible_to(request.user)


def _get_post(request, pk) -> Post:
    post = get_object_or_404(
        _visible_posts(request).select_related("thread", "author"), pk=pk
    )
    if not permissions.can_view_thread(request.user, post.thread):
        raise Http404
    return post


def _page_of(request, post: Post) -> int:
    before = (
        _visible_posts(request).filter(thread_id=post.thread_id, pk__lt=post.pk).count()
    )
    return before // POSTS_PER_PAGE + 1


def _post_url(request, post: Post) -> str:
    url = reverse("thread-detail", args=[post.thread_id])
    page = _page_of(request, post)
    if page > 1:
        url += f"?page={page}"
    return f"{url}#post-{post.pk}"


# --- Reading ------------------------------------------------------------------


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
    category = get_object_or_404(Category, slug=slug)
    threads = _visible_threads(request).filter(category=category).for_list(request.user)
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


def _reply_context(request, thread, form=None, preview=None, *, inline=None):
    """The reply form's context. `inline`: the form sits under the thread's
    posts and appends the new one with htmx (by default, when htmx asks);
    on its own page it posts normally."""
    draft = None
    if form is None:
        initial = {}
        quote_id = int_param(request.GET, "quote")
        if request.user.is_authenticated:
            draft = Draft.objects.filter(user=request.user, thread=thread).first()
            if draft:
                initial["body"] = draft.body
        if quote_id is not None:
            quoted = _visible_posts(request).filter(pk=quote_id).first()
            if quoted and permissions.can_quote_post(request.user, quoted):
                initial["body"] = initial.get("body", "") + quote_block(quoted)
        form = PostForm(initial=initial)
    return {
        "thread": thread,
        "form": form,
        "draft": draft,
        "preview": preview,
        "can_reply": permissions.can_reply(request.user, thread),
        "inline": bool(request.htmx) if inline is None else inline,
    }


@require_safe
def thread_detail(request, pk):
    thread = get_object_or_404(
        _visible_threads(request).select_related("category", "author"), pk=pk
    )
    posts = _visible_posts(request).filter(thread=thread).for_thread_page(request.user)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    read_state = watching = None
    if user.is_authenticated:
        read_state = ReadState.objects.filter(thread=thread, user=user).first()
        watching = Subscription.objects.filter(thread=thread, user=user).exists()
    last_read = read_state.last_read_post_id if read_state else 0
    posts_on_page = list(page.object_list)
    for post in posts_on_page:
        post.thread = thread  # Templates ask post.thread: no query per post.
        _localize_quotes(post, post.quotes.all())
    has_unread = (
        user.is_authenticated
        and Post.objects.filter(
            thread=thread, status=Post.Status.PUBLISHED, pk__gt=last_read
        ).exists()
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
        **_reply_context(request, thread, inline=True),
    }
    return TemplateResponse(request, "forum/thread_detail.html", context)


@require_safe
def thread_unread(request, pk):
    """Redirect to the first post the viewer has not read yet."""
    thread = get_object_or_404(_visible_threads(request), pk=pk)
    last_read = 0
    if request.user.is_authenticated:
        state = ReadState.objects.filter(thread=thread, user=request.user).first()
        last_read = state.last_read_post_id if state else 0
    posts = _visible_posts(request).filter(thread=thread)
    post = posts.filter(pk__gt=last_read).order_by("pk").first()
    if post is None:
        post = posts.order_by("-pk").first()
    if post is None:
        return redirect(thread)
    return redirect(_post_url(request, post))


@require_safe
def post_link(request, pk):
    """The short URL of a post: its fragment for htmx, else a redirect to its page."""
    post = _get_post(request, pk)
    if request.htmx:
        response = TemplateResponse(
            request, "forum/post.html", _post_context(request, post)
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    response = redirect(_post_url(request, post))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _localize_quotes(post, quotes) -> None:
    """The post's quotes attributed in the reader's language (not saved)."""
    post.html = localize_quotes(
        post.html,
        {quote.quoted_post_id: quote.quoted_post for quote in quotes},
        post.thread_id,
    )


def _post_context(request, post, *, with_body=True):
    if with_body:
        _localize_quotes(
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


@require_safe
def post_history(request, pk):
    post = _get_post(request, pk)
    if not permissions.can_view_post_content(request.user, post):
        raise PermissionDenied(_("This message was deleted."))
    revisions = list(post.revisions.select_related("editor"))
    entries = []
    previous = ""
    for revision in revisions:
        entries.append(
            {"revision": revision, "diff": word_diff(previous, revision.body)}
        )
        previous = revision.body
    entries.reverse()
    return TemplateResponse(
        request, "forum/post_history.html", {"post": post, "entries": entries}
    )


@require_safe
def post_quote(request, pk):
    """The Markdown quoting a whole post, for the quote button's script."""
    post = _get_post(request, pk)
    if not permissions.can_quote_post(request.user, post):
        raise PermissionDenied(_("You cannot quote this message."))
    return HttpResponse(quote_block(post), content_type="text/plain; charset=utf-8")


# --- Writing ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    category = get_object_or_404(Category, slug=slug)
    permissions.check_can_start_thread(request.user, category)
    preview = None
    status = 200
    if request.method == "POST":
        form = ThreadForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "preview" in request.POST:
                    preview = render_post_body(data["body"], viewer=request.user).html
                else:
                    thread = services.create_thread(
                        category=category,
                        author=request.user,
                        title=data["title"],
                        body=data["body"],
                        submission=data["submission"],
                    )
                    if not thread.is_approved:
                        messages.info(
                            request,
                            _(
                                "Your thread will be public once a moderator "
                                "has approved it."
                            ),
                        )
                    return redirect(thread)
            except AlreadySubmitted as earlier:
                return redirect(earlier.result)  # the same form, sent twice
            except ValidationError as error:
                _form_errors(form, error)
                status = _status_for(error)
        else:
            status = 422
    else:
        draft = Draft.objects.filter(user=request.user, category=category).first()
        form = ThreadForm(
            initial={"title": draft.title, "body": draft.body} if draft else None
        )
    return TemplateResponse(
        request,
        "forum/thread_form.html",
        {"category": category, "form": form, "preview": preview},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def post_create(request, pk):
    """Reply: the new post for htmx (appended), a redirect to it otherwise."""
    thread = get_object_or_404(_visible_threads(request), pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={thread.get_absolute_url()}")
    if request.method == "GET":
        permissions.check_can_reply(request.user, thread)
        return TemplateResponse(
            request, "forum/reply_form.html", _reply_context(request, thread)
        )
    form = PostForm(request.POST)
    status = 422
    preview = None
    if form.is_valid():
        try:
            if "preview" in request.POST:
                preview = render_post_body(
                    form.cleaned_data["body"], viewer=request.user, thread_id=thread.pk
                ).html
                status = 200
            else:
                post = services.post_reply(
                    thread,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    submission=form.cleaned_data["submission"],
                )
                if request.htmx:
                    response = TemplateResponse(
                        request,
                        "forum/reply_created.html",
                        {
                            **_post_context(request, post),
                            **_reply_context(request, thread, form=PostForm()),
                        },
                    )
                    patch_vary_headers(response, ["HX-Request"])
                    return response
                if post.is_pending:
                    messages.info(
                        request,
                        _(
                            "Your message will be public once a moderator has "
                            "approved it."
                        ),
                    )
                return redirect(_post_url(request, post))
        except AlreadySubmitted as earlier:
            # The same form sent twice (a double click): the first one's answer.
            url = _post_url(request, earlier.result)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        except ValidationError as error:
            _form_errors(form, error)
            status = _status_for(error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You cannot reply here."))
            status = 403
    context = _reply_context(request, thread, form=form, preview=preview)
    if request.htmx:
        response = TemplateResponse(
            request, "forum/reply_form.html#reply-form", context, status=status
        )
        response["HX-Retarget"] = "#reply-form"
        response["HX-Reswap"] = "outerHTML"
    else:
        response = TemplateResponse(
            request, "forum/reply_form.html", context, status=status
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def post_preview(request):
    """Render exactly what the post will look like (no saving)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    form = PostForm(request.POST)
    status = 200
    html = ""
    errors = []
    thread_id = int_param(request.POST, "thread")
    if form.is_valid():
        try:
            html = render_post_body(
                form.cleaned_data["body"],
                viewer=request.user,
                thread_id=thread_id,
            ).html
        except ValidationError as error:
            errors = error.messages
            status = 422
    else:
        errors = [e for field in form.errors.values() for e in field]
        status = 422
    return TemplateResponse(
        request,
        "forum/post_preview.html",
        {"html": html, "errors": errors},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = _get_post(request, pk)
    permissions.check_can_edit_post(request.user, post)
    if post.is_deleted and request.method == "GET":
        messages.error(
            request, _("This message was deleted: it can no longer be edited.")
        )
        return redirect(_post_url(request, post))
    status = 200
    theirs = None
    if request.method == "POST":
        form = PostForm(request.POST)
        try:
            base = int_param(request.POST, "revision")
        except BadInput as error:
            base = None
            form.add_error(None, error.message)
        if form.is_valid():
            try:
                post = services.edit_post(
                    post,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    base_revision=base,
                )
                if request.htmx:
                    return page_or_fragment(
                        request, "forum/post.html", "post", _post_context(request, post)
                    )
                return redirect(_post_url(request, post))
            except EditConflict as conflict:
                _form_errors(form, conflict)
                status = 409
                post.refresh_from_db()
                # Shown beside the kept text; the form now carries the newer
                # revision, so saving again is a deliberate choice.
                theirs = post.revisions.select_related("editor").get(
                    number=conflict.current_number
                )
            except ValidationError as error:
                _form_errors(form, error)
                status = 422
                if getattr(error, "code", None) != "deleted":  # purged meanwhile
                    post.refresh_from_db()
        else:
            status = 422
    else:
        form = PostForm(initial={"body": post.body})
    return page_or_fragment(
        request,
        "forum/post_edit.html",
        "edit-form",
        {"post": post, "thread": post.thread, "form": form, "theirs": theirs},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = _get_post(request, pk)
    permissions.check_can_delete_post(request.user, post)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_post(post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The message was deleted."))
        return redirect(_post_url(request, post))
    return TemplateResponse(
        request, "forum/post_delete.html", {"post": post, "form": form}
    )


@login_required
@require_POST
def post_restore(request, pk):
    post = _get_post(request, pk)
    services.restore_post(post, by=request.user)
    messages.success(request, _("The message was restored."))
    return redirect(_post_url(request, post))


@login_required
@require_POST
def post_thank(request, pk):
    post = _get_post(request, pk)
    if request.POST.get("undo"):
        services.unthank_post(post, user=request.user)
    else:
        services.thank_post(post, user=request.user)
    post.refresh_from_db(fields=["thanks_count"])
    if request.htmx:
        return page_or_fragment(
            request,
            "forum/post_actions.html",
            "thanks",
            _post_context(request, post, with_body=False),
        )
    return redirect(_post_url(request, post))


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request, pk):
    post = _get_post(request, pk)
    permissions.check_can_flag_post(request.user, post)
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.flag_post(
                    post, user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Thank you: a moderator will look at this message.")
                )
                return redirect(_post_url(request, post))
            except ValidationError as error:
                _form_errors(form, error, field="reason")
                status = _status_for(error)
    return TemplateResponse(
        request, "forum/post_flag.html", {"post": post, "form": form}, status=status
    )


@login_required
@require_POST
def thread_watch(request, pk):
    thread = get_object_or_404(_visible_threads(request), pk=pk)
    if request.POST.get("watch") == "0":
        services.unwatch_thread(thread, user=request.user)
        watching = False
    else:
        services.watch_thread(thread, user=request.user)
        watching = True
    if request.htmx:
        return page_or_fragment(
            request,
            "forum/thread_detail.html",
            "watch-button",
            {"thread": thread, "watching": watching},
        )
    return redirect(thread)


@login_required
@require_POST
def thread_mark_read(request, pk):
    thread = get_object_or_404(_visible_threads(request), pk=pk)
    up_to = int_param(request.POST, "post")
    if up_to is None:
        return HttpResponse(_("Which post?"), status=400)
    services.mark_thread_read(thread, user=request.user, up_to_post_id=up_to)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(thread)


@require_http_methods(["GET", "POST"])
def draft_save(request):
    """Autosave of what is being typed; answers a short status line."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.method == "GET":
        return redirect("forum-index")
    thread = category = None
    thread_id = int_param(request.POST, "thread")
    if thread_id is not None:
        thread = get_object_or_404(_visible_threads(request), pk=thread_id)
    elif request.POST.get("category"):
        category = get_object_or_404(Category, slug=request.POST["category"])
    try:
        draft = services.save_draft(
            user=request.user,
            thread=thread,
            category=category,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    response = TemplateResponse(request, "forum/draft_status.html", {"draft": draft})
    if not request.htmx:
        messages.success(request, _("Draft saved."))
        return redirect(thread or (category and category.get_absolute_url()))
    return response


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
            .order_by("username")[:8]
        )
    return page_or_fragment(
        request,
        "forum/mention_list.html",
        "mention-results",
        {"users": users, "query": query},
    )


# --- Moderation ---------------------------------------------------------------


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


@login_required
@require_POST
def flag_resolve(request, pk):
    permissions.check_can_moderate(request.user)
    flag = get_object_or_404(Flag, pk=pk)
    try:
        services.resolve_flag(
            flag, moderator=request.user, action=request.POST.get("action", "")
        )
        messages.success(request, _("The flag was handled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("moderation-queue")
    return redirect("moderation-queue")


@login_required
@require_POST
def post_approve(request, pk):
    permissions.check_can_moderate(request.user)
    post = get_object_or_404(Post, pk=pk)
    try:
        services.approve_post(post, moderator=request.user)
        messages.success(request, _("The message is now public."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("moderation-queue")


@login_required
@require_http_methods(["GET", "POST"])
def thread_moderate(request, pk):
    permissions.check_can_moderate(request.user)
    thread = get_object_or_404(Thread.objects.select_related("category"), pk=pk)
    initial = {
        "title": thread.title,
        "category": thread.category,
        "is_locked": thread.is_locked,
        "is_pinned": thread.is_pinned,
    }
    form = ThreadModerationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
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
                messages.success(request, _("The thread was updated."))
                return redirect(thread)
            except ValidationError as error:
                _form_errors(form, error, field="title")
        status = 422
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
