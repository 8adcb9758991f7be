"""Pages of the source library. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.decorators.vary import vary_on_headers

from carre.submissions import AlreadySubmitted
from sources import permissions, services
from sources.forms import SourceForm, SourceUploadForm, SourceURLForm
from sources.models import Source

PAGE_SIZE = 50
PICKER_SIZE = 10


@require_safe
@vary_on_headers("HX-Request")
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
    template = "sources/source_list.html"
    if request.htmx:
        template += "#results"
    return TemplateResponse(
        request,
        template,
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


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request):
    """Three ways to add a source: by URL, by hand, or by uploading a file."""
    permissions.check_can_add_source(request.user)
    mode = request.POST.get("mode", "url") if request.method == "POST" else ""
    url_form = SourceURLForm(request.POST if mode == "url" else None, prefix="url")
    manual_form = SourceForm(
        request.POST if mode == "manual" else None, prefix="manual"
    )
    upload_form = SourceUploadForm(
        request.POST if mode == "upload" else None,
        request.FILES if mode == "upload" else None,
        prefix="upload",
    )
    if mode == "url" and url_form.is_valid():
        try:
            source, created = services.add_source_by_url(
                url=url_form.cleaned_data["url"],
                kind=url_form.cleaned_data["kind"],
                added_by=request.user,
            )
        except ValidationError as error:
            url_form.add_error(None, error)
        else:
            if not created:
                messages.info(request, _("This source is already in the library."))
            return redirect(source)
    if mode == "manual" and manual_form.is_valid():
        try:
            source = services.add_source_manually(
                added_by=request.user, **manual_form.cleaned_data
            )
        except AlreadySubmitted as earlier:
            return redirect(earlier.result)  # the same form, sent twice
        except ValidationError as error:
            manual_form.add_error(None, error)
        else:
            return redirect(source)
    if mode == "upload" and upload_form.is_valid():
        data = dict(upload_form.cleaned_data)
        try:
            source = services.add_source_by_upload(
                upload=data.pop("file"), added_by=request.user, **data
            )
        except AlreadySubmitted as earlier:
            return redirect(earlier.result)
        except ValidationError as error:
            upload_form.add_error(None, error)
        else:
            return redirect(source)
    status = 400 if mode else 200
    forms = (url_form, manual_form, upload_form)
    if any(form.has_error(NON_FIELD_ERRORS, "rate_limited") for form in forms):
        status = 429
    return TemplateResponse(
        request,
        "sources/source_add.html",
        {
            "url_form": url_form,
            "manual_form": manual_form,
            "upload_form": upload_form,
            "mode": mode or "url",
        },
        status=status,
    )


@require_safe
@vary_on_headers("HX-Request")
def source_detail(request, key):
    source = get_object_or_404(
        Source.objects.visible_to(request.user).for_detail(), key=key
    )
    template = "sources/source_detail.html"
    if request.htmx and request.GET.get("fragment") == "status":
        template += "#source-summary"
    return TemplateResponse(
        request,
        template,
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
@vary_on_headers("HX-Request")
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
    template = "sources/source_picker.html"
    if request.htmx:
        template += "#picker-results"
    return TemplateResponse(
        request,
        template,
        {"sources": sources, "query": query, "target": request.GET.get("target", "")},
    )
