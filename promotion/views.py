""" "Add to dossier" under a forum post."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from carre.htmx import fragment_or_redirect, page_or_fragment, vary_on_htmx
from dossiers.models import Dossier
from forum.loaders import get_post_for
from promotion import services
from promotion.forms import promote_forms
from promotion.permissions import check_can_promote_post

TEMPLATE = "promotion/post_promote.html"


@login_required
@require_http_methods(["GET", "POST"])
def post_promote(request, pk):
    """ "Add to dossier": choose a dossier, then a section, an event or a figure.

    Without JavaScript the dossier is chosen first (a GET form), then the rest;
    with htmx the same form is swapped in under the post.
    """
    post = get_post_for(request, pk)
    if request.htmx and request.GET.get("close"):
        # The htmx dialog closes by swapping itself out for nothing.
        return vary_on_htmx(HttpResponse(""))
    check_can_promote_post(request.user, post)
    dossiers = Dossier.objects.editable_by(request.user).order_by("title")
    choice, form = promote_forms(request, post, dossiers=dossiers)
    if form is not None and form.is_bound and form.is_valid():
        try:
            provenance = services.promote_post(
                post, by=request.user, dossier=form.dossier, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = provenance_url(provenance)
            context = {"post": post, "done": provenance, "target_url": url}
            return fragment_or_redirect(request, url, TEMPLATE, "promote-form", context)
    return page_or_fragment(
        request,
        TEMPLATE,
        "promote-form",
        {
            "post": post,
            "choice": choice,
            "dossier": form.dossier if form else None,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


def provenance_url(provenance) -> str:
    """Where the promoted post landed: its section, figure or event."""
    if provenance.section_revision_id:
        return provenance.section_revision.section.get_absolute_url()
    target = provenance.figure or provenance.event
    if target is not None:
        return target.get_absolute_url()
    return provenance.dossier.get_absolute_url()
