"""Writing in the forum: a new thread, a reply, the preview, an edit, a post's
history and quote, and the drafts saved while typing.

Each form posts to the same URL with or without htmx. A refused or
previewed form comes back with what was typed (422, 409 for an edit
conflict, 429 over the rate limit); htmx gets the form's partial in place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from carre.diff import word_diff
from carre.htmx import fragment_or_redirect, navigate, page_or_fragment
from carre.params import BadInput, int_param
from carre.revisions import EditConflict
from carre.submissions import AlreadySubmitted
from forum import permissions, services
from forum.forms import PostForm, ThreadForm
from forum.loaders import get_category_for, get_post_for, get_thread_for
from forum.models import Draft, Thread
from forum.rendering import quote_block, render_post_body
from forum.views.thread_page import (
    REPLY_PAGE,
    THREAD_PAGE,
    new_post_url,
    post_context,
    post_url,
    reply_context,
)
from sources.citations import cited_keys

PREVIEW = "forum/post_preview.html"
DRAFT_STATUS = "forum/_draft_status.html"


def _preview(request, body: str, thread_id: int | None) -> str:
    """The HTML the post will have (raises ValidationError as saving would)."""
    return render_post_body(body, viewer=request.user, thread_id=thread_id).html


def _thread_form(request, category, form, *, preview=None, status=200):
    context = {"category": category, "form": form, "preview": preview}
    return TemplateResponse(request, "forum/thread_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    category = get_category_for(request, slug, check=permissions.check_can_start_thread)
    if request.method == "GET":
        draft = Draft.objects.filter(user=request.user, category=category).first()
        initial = {"title": draft.title, "body": draft.body} if draft else None
        return _thread_form(request, category, ThreadForm(initial=initial))
    form = ThreadForm(request.POST)
    if not form.is_valid():
        return _thread_form(request, category, form, status=422)
    data = form.cleaned_data
    try:
        if "preview" in request.POST:
            preview = _preview(request, data["body"], None)
            return _thread_form(request, category, form, preview=preview)
        thread = services.create_thread(
            category=category,
            author=request.user,
            title=data["title"],
            body=data["body"],
            submission=data["submission"],
        )
    except AlreadySubmitted as earlier:
        return redirect(earlier.result)  # the same form, sent twice
    except ValidationError as error:
        return _thread_form(request, category, form, status=form.refuse(error))
    if not thread.is_approved:
        messages.info(
            request,
            _("Your thread will be public once a moderator has approved it."),
        )
    return redirect(thread)


def _reply_form(request, thread, form=None, *, preview=None, status=200):
    """The reply form with what was typed: the reply page, or for htmx the
    form in place of the one that posted (which targets the post list)."""
    context = reply_context(request, thread, form, preview)
    return page_or_fragment(
        request, REPLY_PAGE, "reply-form", context, target="#reply-form", status=status
    )


def _reply_created(request, thread, post):
    """htmx: the new post, appended to the list, and a fresh form out of band;
    a plain post: a redirect to the new post. A post citing sources is shown
    on its page instead, where its footnotes are numbered with the page's and
    listed under it (appended alone, it would show its raw markers)."""
    cites = cited_keys([post.html])
    if not request.htmx or cites:
        if post.is_pending:
            messages.info(
                request,
                _("Your message will be public once a moderator has approved it."),
            )
        # For htmx, the permalink: the same page plus an anchor would only
        # scroll, not load.
        url = reverse("post-link", args=[post.pk]) if request.htmx else None
        return navigate(request, url or new_post_url(post))
    post.thanked = False  # a new post: no thanks to look up
    context = {
        **post_context(request, post),
        **reply_context(request, thread, form=PostForm()),
    }
    return page_or_fragment(request, THREAD_PAGE, "reply-created", context)


@require_http_methods(["GET", "POST"])
def post_create(request, pk):
    """Reply to a thread: under its posts (htmx) or on a page of its own."""
    if request.method == "POST" and request.user.is_authenticated:
        return _post_reply(request, pk)
    thread = get_thread_for(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    permissions.check_can_reply(request.user, thread)
    return _reply_form(request, thread)


def _post_reply(request, pk):
    """A reply sent. The service reads the thread once, locked, and checks
    that the author may see it and reply; the view loads the thread for the
    page only to show the form again (refused, previewed): a thread the
    author may not see answers 404 there, as on the page."""
    form = PostForm(request.POST)
    if form.is_valid() and "preview" not in request.POST:
        try:
            post = services.post_reply(
                Thread(pk=pk),  # the service locks and reads it
                author=request.user,
                body=form.cleaned_data["body"],
                submission=form.cleaned_data["submission"],
            )
        except Thread.DoesNotExist:
            raise Http404 from None
        except AlreadySubmitted as earlier:
            # The same form sent twice (a double click): the first one's answer.
            return navigate(request, new_post_url(earlier.result))
        except (ValidationError, PermissionDenied) as error:
            thread = get_thread_for(request, pk)
            return _reply_form(request, thread, form, status=form.refuse(error))
        return _reply_created(request, post.thread, post)
    thread = get_thread_for(request, pk)
    if not form.is_valid():
        return _reply_form(request, thread, form, status=422)
    try:
        preview = _preview(request, form.cleaned_data["body"], thread.pk)
    except (ValidationError, PermissionDenied) as error:
        return _reply_form(request, thread, form, status=form.refuse(error))
    return _reply_form(request, thread, form, preview=preview)


@require_POST
def post_preview(request):
    """Exactly what the post will look like, saving nothing."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    form = PostForm(request.POST)
    thread_id = int_param(request.POST, "thread")
    html, errors = "", []
    if form.is_valid():
        try:
            html = _preview(request, form.cleaned_data["body"], thread_id)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [error for field in form.errors.values() for error in field]
    context = {"html": html, "errors": errors}
    status = 422 if errors else 200
    return page_or_fragment(request, PREVIEW, "preview", context, status=status)


def _edit_form(request, post, form, *, theirs=None, status=200):
    context = {"post": post, "thread": post.thread, "form": form, "theirs": theirs}
    return page_or_fragment(
        request, "forum/post_edit.html", "edit-form", context, status=status
    )


def _edit_refused(request, post, form, error: ValidationError):
    """The edit form again, with the typed text and the service's refusal;
    after a conflict, the version saved meanwhile is shown beside it."""
    status = form.refuse(error)
    if getattr(error, "code", None) != "deleted":  # a purged post has no row
        post.refresh_from_db()
    theirs = None
    if isinstance(error, EditConflict):
        # The form now carries the newer revision: saving again is deliberate.
        revisions = post.revisions.select_related("editor")
        theirs = revisions.get(number=error.current_number)
    return _edit_form(request, post, form, theirs=theirs, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    """Edit a post in place: htmx swaps the form for the post, and back."""
    post = get_post_for(request, pk, check=permissions.check_can_edit_post)
    if request.method == "GET":
        if post.is_deleted:
            messages.error(
                request, _("This message was deleted: it can no longer be edited.")
            )
            return navigate(request, post_url(request, post))
        return _edit_form(request, post, PostForm(initial={"body": post.body}))
    form = PostForm(request.POST)
    try:
        base = int_param(request.POST, "revision")
    except BadInput as error:
        base = None
        form.add_error(None, error.message)
    if not form.is_valid():
        return _edit_form(request, post, form, status=422)
    try:
        post = services.edit_post(
            post,
            editor=request.user,
            body=form.cleaned_data["body"],
            base_revision=base,
        )
    except ValidationError as error:
        return _edit_refused(request, post, form, error)
    url = post_url(request, post)
    return fragment_or_redirect(
        request, url, THREAD_PAGE, "post", post_context(request, post)
    )


@require_safe
def post_history(request, pk):
    post = get_post_for(request, pk, check=permissions.check_can_view_post_content)
    entries = []
    previous = ""
    for revision in post.revisions.select_related("editor"):
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
    post = get_post_for(request, pk, check=permissions.check_can_quote_post)
    return HttpResponse(quote_block(post), content_type="text/plain; charset=utf-8")


def _draft_place(request):
    """The thread or the category (a new thread) a draft belongs to."""
    thread_id = int_param(request.POST, "thread")
    if thread_id is not None:
        return get_thread_for(request, thread_id), None
    if request.POST.get("category"):
        return None, get_category_for(request, request.POST["category"])
    return None, None


@require_http_methods(["GET", "POST"])
def draft_save(request):
    """Autosave of what is being typed: a short status line for htmx; without
    JavaScript, back to the thread or category with a message."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.method == "GET":
        return redirect("forum-index")
    thread, category = _draft_place(request)
    try:
        draft = services.save_draft(
            user=request.user,
            thread=thread,
            category=category,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ValidationError as error:
        context = {"errors": error.messages}
        return page_or_fragment(request, DRAFT_STATUS, None, context, status=400)
    url = (thread or category).get_absolute_url()
    return fragment_or_redirect(
        request, url, DRAFT_STATUS, None, {"draft": draft}, message=_("Draft saved.")
    )
