"""Facts pages: inline add/edit of a dossier's facts, history, the map.

Every write answers htmx with the re-rendered facts panel (or the form again,
with what was typed and the errors, status 422; an edit conflict is 409), and
a plain request with a redirect back to the dossier (post/redirect/get).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from carre.htmx import fragment_or_redirect, navigate, page_or_fragment
from carre.params import BadInput, choice_param
from carre.ratelimit import status_for
from dossiers.loaders import get_dossier_for
from facts import permissions, services
from facts.forms import FORMS, conflict_rows
from facts.history import revision_rows
from facts.loaders import get_fact_for
from facts.models import Deployment, PendingFactEdit, Provenance
from facts.taxonomy import Technology, entries
from facts.technocarte import (
    FIRST_YEAR,
    LAST_YEAR,
    map_markers,
    map_places,
    map_vendors,
    read_filters,
    technology_legend,
    timeline_choices,
    timeline_events,
)

# A fragment of its own, shared by the dossier page; it reads the facts itself.
PANEL = "facts/_dossier_facts.html"
TIMELINE_PAGE_SIZE = 100


def _panel_or_dossier(request, dossier, anchor="dossier-facts"):
    """htmx gets the facts panel (again); a plain request goes to the
    dossier page, at `anchor` (post/redirect/get after a write)."""
    url = f"{dossier.get_absolute_url()}#{anchor}"
    return fragment_or_redirect(request, url, PANEL, None, {"dossier": dossier})


def _kept_for_review(request, pending: PendingFactEdit):
    """A new account's fact edit, kept for review (facts/review.py): the
    author goes back to the dossier page (a full page, for the message)."""
    messages.info(
        request,
        _("Your edit awaits review: the fact will show it once a reviewer accepts it."),
    )
    return navigate(request, f"{pending.dossier.get_absolute_url()}#dossier-facts")


def _form_page(request, form, *, kind, dossier, fact=None, status=200, **extra):
    """The fact form: a page, or for htmx its fragment. Inline, the form
    posts to the whole panel; the answer to a refused post swaps only the
    form, with what was typed and the errors."""
    form_id = f"fact-form-{kind}-{fact.pk if fact else 'new'}"
    context = {
        "form": form,
        "dossier": dossier,
        "kind": kind,
        "kind_name": services.fact_model(kind)._meta.verbose_name,
        "fact": fact,
        "form_id": form_id,
        **extra,
    }
    target = f"#{form_id}" if request.method == "POST" else None
    return page_or_fragment(
        request,
        "facts/fact_form.html",
        "fact-form",
        context,
        target=target,
        status=status,
    )


@require_safe
def facts_panel_view(request, slug):
    """The facts panel alone (htmx "cancel"); a plain visit goes to the dossier."""
    return _panel_or_dossier(request, get_dossier_for(request, slug))


@login_required
@require_http_methods(["GET", "POST"])
def fact_add(request, slug, kind):
    dossier = get_dossier_for(request, slug)
    permissions.check_can_add_fact(request.user, dossier)
    instance = services.fact_model(kind)(dossier=dossier)
    form = FORMS[kind](request.POST or None, dossier=dossier, instance=instance)
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
            if isinstance(fact, PendingFactEdit):
                return _kept_for_review(request, fact)
            return _panel_or_dossier(request, dossier, fact.anchor)
    return _form_page(request, form, kind=kind, dossier=dossier, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def fact_edit(request, kind, pk):
    fact = get_fact_for(request, kind, pk, edit=True)
    form = FORMS[kind](request.POST or None, dossier=fact.dossier, instance=fact)
    status = 422 if request.method == "POST" else 200
    comparison = {}
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.edit_fact(
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
            comparison, status = _comparison(form, fact, conflict), 409
        except ValidationError as error:
            form.add_error(None, error)
            status = status_for(error)
        else:
            if isinstance(saved, PendingFactEdit):
                return _kept_for_review(request, saved)
            return _panel_or_dossier(request, fact.dossier, fact.anchor)
    return _form_page(
        request,
        form,
        kind=kind,
        dossier=fact.dossier,
        fact=fact,
        status=status,
        **comparison,
    )


def _comparison(form, fact, conflict) -> dict:
    """After a conflict: the version saved meanwhile beside what was typed,
    field by field. The form now starts from that version, so saving again
    is a deliberate overwrite of it, with what the form holds."""
    form.rebase(conflict)
    current = type(fact).objects.get(pk=fact.pk)
    newer = FORMS[fact.kind](dossier=fact.dossier, instance=current)
    return {
        "conflict": conflict_rows(form, newer),
        "newest": services.fact_revisions(current).first(),
    }


@require_safe
def fact_history(request, kind, pk):
    fact = get_fact_for(request, kind, pk)
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
    fact = get_fact_for(request, kind, pk)
    revision = get_object_or_404(services.fact_revisions(fact), number=number)
    reverted = services.revert_fact(fact, by=request.user, revision=revision)
    if isinstance(reverted, PendingFactEdit):
        return _kept_for_review(request, reverted)
    return redirect(fact.get_history_url())


@login_required
@require_POST
def fact_remove(request, kind, pk):
    fact = get_fact_for(request, kind, pk)
    services.remove_fact(fact, by=request.user)
    return _panel_or_dossier(request, fact.dossier)


@login_required
@require_POST
def fact_restore(request, kind, pk):
    fact = get_fact_for(request, kind, pk)
    services.restore_fact(fact, by=request.user)
    return _panel_or_dossier(request, fact.dossier, fact.anchor)


@login_required
@require_POST
def fact_lock(request, kind, pk):
    fact = get_fact_for(request, kind, pk)
    locked = request.POST.get("locked") == "1"
    services.set_fact_locked(fact, by=request.user, locked=locked)
    return _panel_or_dossier(request, fact.dossier, fact.anchor)


@require_safe
def technology_list(request):
    """The documented taxonomy of technologies."""
    return TemplateResponse(
        request, "facts/technology_list.html", {"technologies": entries()}
    )


def _lenient(notices: list, read):
    """A filter value from `read()` (carre/params.py); a bad one is ignored
    and said so, since a shared link may name a value that no longer exists."""
    try:
        return read()
    except BadInput as error:
        notices.append(
            _("%(problem)s This filter was ignored.") % {"problem": error.message}
        )
        return None


@require_safe
def map_view(request):
    """The technocarte: places, their deployments, the same list beside.

    The filters are a plain GET form, so a filtered map is a link to share
    and the page works without JavaScript; static/js/map.js applies them in
    place and keeps the address in step.
    """
    notices, vendors = [], map_vendors()
    filters = read_filters(request.GET, vendors, notices=notices)
    places = map_places(filters)
    return TemplateResponse(
        request,
        "facts/map.html",
        {
            "places": places,
            "markers": map_markers(places),
            "filters": filters,
            "notices": notices,
            "technologies": entries(),
            "legend": technology_legend(),
            "statuses": Deployment.Status.choices,
            "vendors": vendors,
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        },
    )


@require_safe
def timeline_view(request):
    """Events of every dossier the reader may see, by year, on the server."""
    notices = []
    choices = timeline_choices(request.user)
    params = request.GET
    vendors, places = choices["vendors"], choices["places"]
    filters = {
        "technology": _lenient(
            notices,
            lambda: choice_param(
                params, "technology", Technology.values, label=_("Technology")
            ),
        ),
        "vendor": _lenient(
            notices,
            lambda: choice_param(params, "vendor", vendors, label=_("Vendor")),
        ),
        "place": _lenient(
            notices, lambda: choice_param(params, "place", places, label=_("Place"))
        ),
    }
    filters = {name: value or "" for name, value in filters.items()}
    events = timeline_events(request.user, **filters)
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "facts/timeline.html",
        {
            "page": page,
            "filters": filters,
            "notices": notices,
            "technologies": entries(),
            **choices,
        },
    )


@require_safe
def dossier_provenance(request, slug):
    """The forum posts this dossier was built from, deleted ones as placeholders."""
    dossier = get_dossier_for(request, slug)
    provenances = Provenance.objects.filter(dossier=dossier).for_display()
    return TemplateResponse(
        request,
        "facts/dossier_provenance.html",
        {"dossier": dossier, "provenances": provenances},
    )
