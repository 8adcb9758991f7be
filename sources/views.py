"""Pages of the source library. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from carre.htmx import page_or_fragment
from carre.media import file_response
from carre.object_storage import StorageUnavailable
from carre.ratelimit import status_for
from carre.submissions import AlreadySubmitted
from sources import permissions, services
from sources.forms import SourceForm, SourceUploadForm, SourceURLForm
from sources.models import Source

PAGE_SIZE = 50
STORAGE_UNAVAILABLE = gettext_lazy(
    "The file could not be stored right now (the file storage does not "
    "answer). Nothing was saved; please try again in a few minutes."
)
PICKER_SIZE = 10


@require_safe
def source_list(request):
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    link = request.GET.get("link", "")
    sources = Source.objects.visible_to(request.user).search(query).for_list()
    if kind in Source.Kind.values:
        sources = sources.filter(kind=kind)
    if link in Source.LinkStatus.values:
        sources = sources.filter(link_status=link)
    sources = sources.order_by("-created_at", "-id")
    page = Paginator(sources, PAGE_SIZE).get_page(request.GET.get("page"))
    return page_or_fragment(
        request,
        "sources/source_list.html",
        "results",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "link": link,
            "kinds": Source.Kind.choices,
            "link_statuses": Source.LinkStatus.choices,
            "can_add": permissions.can_add_source(request.user),
        },
    )


# The three ways to add a source, by the `mode` the page's forms send.
ADD_FORMS = {"url": SourceURLForm, "manual": SourceForm, "upload": SourceUploadForm}


def _add_source(mode: str, form, *, by) -> tuple[Source, bool]:
    """Add the source `form` describes, the `mode` way: (source, created)."""
    data = dict(form.cleaned_data)
    if mode == "url":
        return services.add_source_by_url(added_by=by, **data)
    if mode == "upload":
        upload = data.pop("file")
        return services.add_source_by_upload(upload=upload, added_by=by, **data), True
    return services.add_source_manually(added_by=by, **data), True


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request):
    """Three ways to add a source: by URL, by hand, or by uploading a file."""
    permissions.check_can_add_source(request.user)
    mode = request.POST.get("mode", "url") if request.method == "POST" else ""
    forms = {
        name: form_class(
            request.POST if name == mode else None,
            request.FILES if name == mode else None,
            prefix=name,
        )
        for name, form_class in ADD_FORMS.items()
    }
    status = 400 if mode else 200
    form = forms.get(mode)
    if form is not None and form.is_valid():
        try:
            source, created = _add_source(mode, form, by=request.user)
        except AlreadySubmitted as earlier:
            return redirect(earlier.result)  # the same form, sent twice
        except ValidationError as error:
            form.add_error(None, error)
            status = status_for(error, 400)
        except StorageUnavailable:
            # Nothing was saved (one transaction); the cause is in the log.
            form.add_error(None, STORAGE_UNAVAILABLE)
            status = 503
        else:
            if not created:
                messages.info(request, _("This source is already in the library."))
            return redirect(source)
    context = {f"{name}_form": form for name, form in forms.items()}
    return TemplateResponse(
        request,
        "sources/source_add.html",
        {**context, "mode": mode or "url"},
        status=status,
    )


@require_safe
def source_detail(request, key):
    source = get_object_or_404(
        Source.objects.visible_to(request.user).for_detail(), key=key
    )
    # The summary polls itself while the source is being fetched.
    polled = request.GET.get("fragment") == "status"
    return page_or_fragment(
        request,
        "sources/source_detail.html",
        "source-summary" if polled else None,
        {
            "source": source,
            "citations": source.all_citations,
            "can_edit": permissions.can_edit_source(request.user, source),
            "can_refetch": permissions.can_refetch_source(request.user, source),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request, key):
    source = get_object_or_404(Source, key=key)
    permissions.check_can_edit_source(request.user, source)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            source = services.update_source(source, editor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The source has been updated."))
            return redirect(source)
    if form.is_bound:
        # An invalid ModelForm has copied what was sent onto the instance (an
        # empty key...): the page's links need the saved row.
        source.refresh_from_db()
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "sources/source_edit.html",
        {"source": source, "form": form},
        status=status,
    )


@login_required
@require_POST
def source_refetch(request, key):
    source = get_object_or_404(Source, key=key)
    source = services.refetch_source(source, by=request.user)
    return redirect(source)


@require_safe
def source_picker(request):
    """Sources matching ?q=, with their key, for an editor to insert [@key].

    An htmx request gets the list alone; without JavaScript it is a page.
    """
    query = request.GET.get("q", "").strip()[:200]
    sources = []
    if query:
        sources = list(
            Source.objects.visible_to(request.user)
            .search(query)
            .only("key", "title", "publisher", "published_on", "url")
            .order_by("-published_on", "key")[:PICKER_SIZE]
        )
    return page_or_fragment(
        request,
        "sources/source_picker.html",
        "picker-results",
        {"sources": sources, "query": query, "target": request.GET.get("target", "")},
    )


@require_safe
def source_file(request, name):
    """A source's uploaded file, for whoever may see the source's page."""
    sources = Source.objects.visible_to(request.user).exclude(file="")
    source = get_object_or_404(
        sources.only("file", "file_type"), file=Source.file.field.upload_to + name
    )
    return file_response(source.file.name, content_type=source.file_type)
