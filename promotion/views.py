""" "Add to dossier" under a forum post."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from accounts.permissions import is_moderator
from carre.htmx import page_or_fragment
from dossiers.models import Dossier
from forum.models import Post
from promotion import services
from promotion.forms import DossierChoiceForm, PromoteForm
from promotion.permissions import check_can_promote_post

TEMPLATE = "promotion/post_promote.html"


@login_required
@require_http_methods(["GET", "POST"])
def post_promote(request, pk):
    """ "Add to dossier": choose a dossier, then a section, an event or a figure.

    Without JavaScript the dossier is chosen first (a GET form), then the rest;
    with htmx the same form is swapped in under the post.
    """
    post = get_object_or_404(
        Post.objects.visible_to(request.user).select_related("thread", "author"),
        pk=pk,
    )
    if request.htmx and request.GET.get("close"):
        # The htmx dialog closes by swapping itself out for nothing.
        response = HttpResponse("")
        patch_vary_headers(response, ["HX-Request"])
        return response
    check_can_promote_post(request.user, post)
    dossiers = Dossier.objects.visible_to(request.user).order_by("title")
    if not is_moderator(request.user):
        dossiers = dossiers.filter(locked=False)
    data = request.POST if request.method == "POST" else request.GET
    # Ids unique per post: several dialogs may be open on one thread page.
    auto_id = f"promote-{post.pk}-%s"
    choice = DossierChoiceForm(
        data if "dossier" in data else None, dossiers=dossiers, auto_id=auto_id
    )
    dossier = choice.cleaned_data["dossier"] if choice.is_valid() else None
    form = None
    if dossier is not None:
        form = PromoteForm(
            request.POST if request.method == "POST" else None,
            dossier=dossier,
            auto_id=auto_id,
        )
    status = 200
    if request.method == "POST":
        status = 422
        if form is not None and form.is_valid():
            try:
                provenance = services.promote_post(
                    post, by=request.user, dossier=dossier, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not request.htmx:
                    return redirect(provenance_url(provenance))
                return page_or_fragment(
                    request,
                    TEMPLATE,
                    "promote-form",
                    {
                        "post": post,
                        "done": provenance,
                        "target_url": provenance_url(provenance),
                    },
                )
    return page_or_fragment(
        request,
        TEMPLATE,
        "promote-form",
        {"post": post, "choice": choice, "dossier": dossier, "form": form},
        status=status,
    )


def provenance_url(provenance) -> str:
    """Where the promoted post landed: its section, figure or event."""
    if provenance.section_revision_id:
        return provenance.section_revision.section.get_absolute_url()
    target = provenance.figure or provenance.event
    if target is not None:
        return target.get_absolute_url()
    return provenance.dossier.get_absolute_url()
