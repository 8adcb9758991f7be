"""A dossier's pages: the list, the page itself, its history; creating one,
editing its description, watching and locking it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.permissions import contributor_required, is_contributor
from accounts.profiles import links_stamp
from carre import shared_pages
from carre.htmx import fragment_or_redirect, page_or_fragment
from carre.params import int_param
from carre.release import release
from carre.revisions import EditConflict
from carre.submissions import AlreadySubmitted
from dossiers import services
from dossiers.forms import DossierForm
from dossiers.loaders import get_dossier_for
from dossiers.models import Dossier, SectionDraft, SectionRevision
from dossiers.page_cache import content_version, dossier_body, sources_changed
from dossiers.permissions import (
    can_create_dossier,
    can_edit_dossier,
    can_moderate,
    can_publish_edits,
    can_watch_dossier,
)
from dossiers.views.context import DETAIL

FORM = "dossiers/dossier_form.html"
SORTS = {"updated": "-updated_at", "title": "title", "created": "-created_at"}


@require_safe
def dossier_list(request):
    dossiers = Dossier.objects.visible_to(request.user).for_list()
    kind = request.GET.get("kind", "")
    if kind in Dossier.Kind.values:
        dossiers = dossiers.filter(kind=kind)
    else:
        kind = ""
    sort = request.GET.get("sort", "updated")
    if sort not in SORTS:
        sort = "updated"
    dossiers = dossiers.order_by(SORTS[sort], "pk")
    page = Paginator(dossiers, 30).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/dossier_list.html",
        {
            "page": page,
            "kind": kind,
            "sort": sort,
            "kinds": Dossier.Kind.choices,
            "sorts": [
                ("updated", _("Last change")),
                ("title", _("Title")),
                ("created", _("Newest")),
            ],
            "can_create": can_create_dossier(request.user),
        },
    )


def _form_page(request, form, dossier=None, *, status=None, **extra):
    """The description form again: 400 with the errors after a post."""
    if status is None:
        status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "dossier": dossier,
        "will_be_reviewed": dossier is not None and not can_publish_edits(request.user),
        **extra,
    }
    return TemplateResponse(request, FORM, context, status=status)


@require_http_methods(["GET", "POST"])
@contributor_required
def dossier_create(request):
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(
                author=request.user,
                submission=form.cleaned_data["submission"],
                **form.description(),
            )
        except AlreadySubmitted as earlier:
            return redirect(earlier.result)  # the same form, sent twice
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier created. Add its first section."))
            return redirect(dossier)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
@contributor_required
def dossier_edit(request, slug):
    dossier = get_dossier_for(request, slug, edit=True)
    form = DossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh row: validating the form wrote the typed values on
            # `dossier`, which the page still shows as it was.
            saved = services.update_dossier(
                Dossier.objects.get(pk=dossier.pk),
                editor=request.user,
                base_version=form.cleaned_data["base_version"],
                **form.description(),
            )
        except EditConflict as conflict:
            form.rebase(conflict)
            current = dossier.revisions.select_related("editor").filter(
                number=conflict.current_number
            )
            return _form_page(
                request, form, dossier, current=current.first(), status=409
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.pending_edit:
                messages.success(
                    request,
                    _(
                        "Your edit is saved and awaits review: the description "
                        "shows it once a reviewer accepts it."
                    ),
                )
            else:
                messages.success(request, _("Dossier updated."))
            return redirect(dossier)
    return _form_page(request, form, dossier)


@require_safe
def dossier_detail(request, slug):
    user = request.user
    dossier = get_object_or_404(
        Dossier.objects.visible_to(user).for_detail(), slug=slug
    )
    # A long dossier comes in parts (dossiers/page_cache.py): `?part=2` …
    part = int_param(request.GET, "part", default=1, min_value=1, max_value=999_999)
    digest = dossier.sections.visible_to(user).page_digest()
    # Only an anonymous reader's page is the same for everyone (no drafts,
    # watch state, notifications or login-bound token), so only it gets a
    # validator, may be kept by a shared proxy, and is kept whole by us
    # (carre/shared_pages.py): a hit costs the dossier, the digest and the
    # cache read, whatever the number of sections.
    shared = not user.is_authenticated and not get_messages(request)
    keep = shared and shared_pages.shareable(request, ("part",))
    if keep:
        # The parts' size too: a changed setting never serves the old split.
        version = content_version(dossier, digest)
        key = shared_pages.page_key(
            request, "dossier", f"{version}-{settings.CARRE_DOSSIER_PAGE_SECTIONS}"
        )
        entry = shared_pages.cached_page(key)
        if entry and not sources_changed(entry["cited"], entry["stamp"]):
            etag, last_modified = entry["etag"], entry["last_modified"]
            response = get_conditional_response(
                request, etag=etag, last_modified=last_modified
            ) or shared_pages.response_from(entry)
            return _cache_headers(response, etag=etag, last_modified=last_modified)
    contributors = (
        get_user_model()
        .objects.filter(
            section_revisions__section__dossier=dossier,
            section_revisions__hidden=False,
        )
        .distinct()
        .order_by("username")
    )
    body = dossier_body(request, dossier, digest, part)
    if body is None:
        raise Http404(_("This part of the dossier does not exist."))
    if shared:
        # The contributors' names link to profiles that may be hidden.
        links = links_stamp()
        etag = quote_etag(
            f"{body.version}-{get_language()}-{int(bool(request.htmx))}-{links}-{release()}"
        )
        last_modified = int(dossier.updated_at.timestamp())
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if response is not None:
            return _cache_headers(response, etag=etag, last_modified=last_modified)
    drafts = []
    watching = False
    if is_contributor(user):
        drafts = list(
            SectionDraft.objects.filter(user=user, section__dossier=dossier)
            .select_related("section")
            .order_by("-updated_at")
        )
        watching = dossier.watches.filter(user=user).exists()
    response = page_or_fragment(
        request,
        DETAIL,
        # htmx appends a later part to the page as the reader scrolls.
        "part-more" if part > 1 else None,
        {
            "dossier": dossier,
            "body": body,
            "removed_sections": (
                dossier.sections.filter(removed=True).page_rows()
                if can_moderate(user)
                else []
            ),
            "contributors": contributors,
            "drafts": drafts,
            "watching": watching,
            "can_edit": can_edit_dossier(user, dossier),
            "can_watch": can_watch_dossier(user, dossier),
            "can_moderate": can_moderate(user),
        },
    )
    if keep:
        shared_pages.keep_page(
            request,
            key,
            response,
            timeout=settings.CARRE_DOSSIER_MAX_AGE,
            links=links,
            etag=etag,
            last_modified=last_modified,
            cited=body.cited,
            stamp=body.stamp,
        )
    if shared:
        return _cache_headers(response, etag=etag, last_modified=last_modified)
    return _cache_headers(response)


def _cache_headers(response, *, etag=None, last_modified=None):
    """A page with validators may be kept by any cache for a minute; one
    without (a signed-in reader's) by the browser only, asking each time."""
    if etag:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(
            response, public=True, max_age=settings.CARRE_DOSSIER_MAX_AGE
        )
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language", "HX-Request"])
    return response


@require_safe
def dossier_history(request, slug):
    dossier = get_dossier_for(request, slug)
    revisions = (
        SectionRevision.objects.visible_to(request.user)
        .filter(section__dossier=dossier)
        .for_history()
        .order_by("-created_at", "-pk")
    )
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/dossier_history.html",
        {"dossier": dossier, "page": page, "can_moderate": can_moderate(request.user)},
    )


@require_POST
@contributor_required
def dossier_watch(request, slug):
    dossier = get_dossier_for(request, slug)
    watching = request.POST.get("watch") == "1"
    if watching:
        services.watch_dossier(dossier, user=request.user)
    else:
        services.unwatch_dossier(dossier, user=request.user)
    return fragment_or_redirect(
        request,
        dossier.get_absolute_url(),
        DETAIL,
        "watch",
        {"dossier": dossier, "watching": watching, "can_watch": True},
        message=(
            _("You watch this dossier.") if watching else _("You no longer watch it.")
        ),
    )


@require_POST
def dossier_lock(request, slug):
    dossier = get_dossier_for(request, slug)
    locked = request.POST.get("locked") == "1"
    services.set_dossier_locked(dossier, moderator=request.user, locked=locked)
    messages.success(
        request, _("Dossier locked.") if locked else _("Dossier unlocked.")
    )
    return redirect(dossier)
