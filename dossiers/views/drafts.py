"""A section's drafts: the edit in progress kept on the server, and the
conflict draft an overlapping save left to resolve."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import contributor_required
from carre.htmx import fragment_or_redirect, page_or_fragment
from carre.params import int_param
from dossiers import services
from dossiers.loaders import get_dossier_for, get_draft_for, get_section_for
from dossiers.models import SectionDraft
from dossiers.views.context import CONFLICT_PAGE, DETAIL, conflict_context


@require_POST
@contributor_required
def section_autosave(request, slug, pk):
    """Keep the edit in progress on the server (htmx, or a "Save draft" button)."""
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    base = int_param(request.POST, "base_revision", default=0)
    try:
        draft = services.autosave_draft(
            section,
            user=request.user,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            summary=request.POST.get("summary", "")[
                : services.REVISION_SUMMARY_MAX_LENGTH
            ],
            base_revision=services.revision_of(section, base),
        )
    except ValidationError as error:
        context = {"draft_error": " ".join(error.messages)}
        message, level = context["draft_error"], messages.ERROR
    else:
        context = {"draft": draft}
        message = _("Draft saved. It will be here when you come back.")
        level = messages.SUCCESS
    url = reverse("section-edit", args=[dossier.slug, section.pk])
    return fragment_or_redirect(
        request, url, DETAIL, "draft-status", context, message=message, level=level
    )


@require_POST
@contributor_required
def draft_discard(request, slug, pk, draft):
    section = get_section_for(request, get_dossier_for(request, slug), pk)
    draft = get_draft_for(request, section, draft)
    services.discard_draft(draft, user=request.user)
    messages.success(request, _("Draft discarded."))
    return redirect(section.get_absolute_url())


@require_safe
@contributor_required
def section_conflict(request, slug, pk, draft):
    """The conflict an overlapping save left: both versions, and the editor
    with the merged text (where a plain request's save is sent)."""
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    draft = get_draft_for(request, section, draft, kind=SectionDraft.Kind.CONFLICT)
    return page_or_fragment(
        request,
        CONFLICT_PAGE,
        "section-conflict",
        conflict_context(request, dossier, section, draft),
    )
