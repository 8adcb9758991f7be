"""Facts pages: inline add/edit of a dossier's facts, history, the map.

Every write answers htmx with the re-rendered facts panel (or the form again,
with what was typed and the errors, status 422; an edit conflict is 409), and
a plain request with a redirect back to the dossier (post/redirect/get).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import reswap, retarget

from carre.htmx import page_or_fragment
from carre.ratelimit import status_for
from dossiers.models import Dossier
from facts import permissions, services
from facts.forms import FORMS, conflict_rows
from facts.history import revision_rows
from facts.models import Provenance
from facts.panel import facts_panel, map_dossiers
from facts.taxonomy import Technology, entries

PANEL_TEMPLATE = "facts/_dossier_facts.html"


def _dossier(request, slug) -> Dossier:
    return get_object_or_404(Dossier.objects.visible_to(request.user), slug=slug)


def _fact(request, kind, pk):
    model = services.fact_model(kind)
    return get_object_or_404(
        model.objects.visible_to(request.user).select_related("dossier"), pk=pk
    )


def _panel_response(request, dossier, *, status=200):
    response = TemplateResponse(
        request,
        PANEL_TEMPLATE,
        {"dossier": dossier, "facts": facts_panel(dossier, request.user)},
        status=status,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _after_write(request, dossier, anchor="dossier-facts"):
    if request.htmx:
        return _panel_response(request, dossier)
    return redirect(f"{dossier.get_absolute_url()}#{anchor}")


def _form_response(request, *, form, dossier, kind, fact=None, status=200, extra=None):
    form_id = f"fact-form-{kind}-{fact.pk if fact else 'new'}"
    response = page_or_fragment(
        request,
        "facts/fact_form.html",
        "fact-form",
        {
            "form": form,
            "dossier": dossier,
            "kind": kind,
            "kind_name": services.fact_model(kind)._meta.verbose_name,
            "fact": fact,
            "form_id": form_id,
            **(extra or {}),
        },
        status=status,
    )
    if request.htmx and request.method == "POST":
        # The form posts to the whole panel; on errors only the form is swapped.
        response = reswap(retarget(response, f"#{form_id}"), "outerHTML")
    return response


@require_safe
def facts_panel_view(request, slug):
    """The facts panel alone (htmx "cancel"); a plain visit goes to the dossier."""
    dossier = _dossier(request, slug)
    if not request.htmx:
        return redirect(f"{dossier.get_absolute_url()}#dossier-facts")
    return _panel_response(request, dossier)


@login_required
@require_http_methods(["GET", "POST"])
def fact_add(request, slug, kind):
    dossier = _dossier(request, slug)
    permissions.check_can_add_fact(request.user, dossier)
    model = services.fact_model(kind)
    form = FORMS[kind](
        request.POST or None, dossier=dossier, instance=model(dossier=dossier)
    )
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            fact = services.add_fact(
                kind,
                dossier=dossier,
                by=request.user,
                values=form.fact_values(),
                citations=getattr(form, "citation_rows", None),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = status_for(error)
        else:
            return _after_write(request, dossier, fact.anchor)
    return _form_response(request, form=form, dossier=dossier, kind=kind, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def fact_edit(request, kind, pk):
    fact = _fact(request, kind, pk)
    permissions.check_can_edit_fact(request.user, fact)
    form = FORMS[kind](request.POST or None, dossier=fact.dossier, instance=fact)
    status = 200
    comparison = newest = None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.edit_fact(
                    fact,
                    by=request.user,
                    values=form.fact_values(),
                    base_version=form.cleaned_data["base_version"] or 0,
                    citations=getattr(form, "citation_rows", None),
                    summary=form.cleaned_data["summary"],
                    # The form still refuses any edit over a newer version,
                    # even of other fields (tests/facts/test_views.py expects
                    # a 409 there); the service alone merges disjoint edits.
                    merge=False,
                )
            except services.FactConflict as conflict:
                form.add_error(None, conflict)
                # Both versions side by side; saving again now is a deliberate
                # overwrite of the newer one, with what the form holds.
                current = type(fact).objects.get(pk=fact.pk)
                comparison = conflict_rows(
                    form, FORMS[kind](dossier=fact.dossier, instance=current)
                )
                newest = services.fact_revisions(current).first()
                form.data = form.data.copy()
                form.data["base_version"] = str(conflict.current_version)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = status_for(error)
            else:
                return _after_write(request, fact.dossier, fact.anchor)
    return _form_response(
        request,
        form=form,
        dossier=fact.dossier,
        kind=kind,
        fact=fact,
        status=status,
        extra={"conflict": comparison, "newest": newest},
    )


@require_safe
def fact_history(request, kind, pk):
    fact = _fact(request, kind, pk)
    revisions = list(services.fact_revisions(fact))
    return TemplateResponse(
        request,
        "facts/fact_history.html",
        {
            "fact": fact,
            "dossier": fact.dossier,
            "kind_name": fact._meta.verbose_name,
            "rows": revision_rows(fact, revisions),
            "can_edit": permissions.can_edit_fact(request.user, fact),
        },
    )


@login_required
@require_POST
def fact_revert(request, kind, pk, number):
    fact = _fact(request, kind, pk)
    revision = get_object_or_404(services.fact_revisions(fact), number=number)
    services.revert_fact(fact, by=request.user, revision=revision)
    return redirect(fact.get_history_url())


@login_required
@require_POST
def fact_remove(request, kind, pk):
    fact = _fact(request, kind, pk)
    services.remove_fact(fact, by=request.user)
    return _after_write(request, fact.dossier)


@login_required
@require_POST
def fact_restore(request, kind, pk):
    fact = _fact(request, kind, pk)
    services.restore_fact(fact, by=request.user)
    return _after_write(request, fact.dossier, fact.anchor)


@login_required
@require_POST
def fact_lock(request, kind, pk):
    fact = _fact(request, kind, pk)
    locked = request.POST.get("locked") == "1"
    services.set_fact_locked(fact, by=request.user, locked=locked)
    return _after_write(request, fact.dossier, fact.anchor)


@require_safe
def technology_list(request):
    """The documented taxonomy of technologies."""
    return TemplateResponse(
        request, "facts/technology_list.html", {"technologies": entries()}
    )


@require_safe
def map_view(request):
    """The technocarte: published dossiers with coordinates, by technology.

    The same dossiers are listed next to the map, so the map is never the
    only way in; the technology filter is a plain GET form.
    """
    technology = request.GET.get("technology", "")
    if technology not in Technology.values:
        technology = ""
    dossiers = map_dossiers(technology=technology)
    markers = [
        {
            "title": dossier.title,
            "url": dossier.get_absolute_url(),
            "place": dossier.place,
            "lat": float(dossier.latitude),
            "lng": float(dossier.longitude),
            "technologies": [str(label) for label in dossier.technology_labels],
        }
        for dossier in dossiers
    ]
    return TemplateResponse(
        request,
        "facts/map.html",
        {
            "dossiers": dossiers,
            "markers": markers,
            "technologies": entries(),
            "technology": technology,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        },
    )


@require_safe
def dossier_provenance(request, slug):
    """The forum posts this dossier was built from, deleted ones as placeholders."""
    dossier = _dossier(request, slug)
    provenances = Provenance.objects.filter(dossier=dossier).for_display()
    return TemplateResponse(
        request,
        "facts/dossier_provenance.html",
        {"dossier": dossier, "provenances": provenances},
    )
