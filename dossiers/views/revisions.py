"""A section's history: its revisions, one revision, the difference between
two; reverting to a revision and hiding one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.permissions import contributor_required
from carre.diff import diff_stats, word_diff
from carre.params import INT_MAX, int_param
from dossiers import services
from dossiers.loaders import get_dossier_for, get_revision_for, get_section_for
from dossiers.views.context import section_context


def _history_section(request, slug, pk):
    """The section whose history is read: a removed one too (it was public)."""
    dossier = get_dossier_for(request, slug)
    return dossier, get_section_for(request, dossier, pk, include_removed=True)


@require_safe
def section_history(request, slug, pk):
    dossier, section = _history_section(request, slug, pk)
    revisions = (
        section.revisions.visible_to(request.user)
        .select_related("editor", "hidden_by", "base_revision")
        .order_by("-number")
    )
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/section_history.html",
        section_context(request, dossier, section, page=page),
    )


@require_safe
def revision_detail(request, slug, pk, number):
    dossier, section = _history_section(request, slug, pk)
    revision = get_revision_for(request, section, number)
    return TemplateResponse(
        request,
        "dossiers/revision_detail.html",
        section_context(request, dossier, section, revision=revision),
    )


@require_safe
def section_diff(request, slug, pk):
    dossier, section = _history_section(request, slug, pk)
    numbers = {"min_value": 1, "max_value": INT_MAX}
    new_number = int_param(request.GET, "to", default=section.version, **numbers)
    old_number = int_param(
        request.GET, "from", default=max(new_number - 1, 1), **numbers
    )
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    old = get_revision_for(request, section, old_number)
    new = get_revision_for(request, section, new_number)
    chunks = word_diff(old.text, new.text)
    return TemplateResponse(
        request,
        "dossiers/section_diff.html",
        section_context(
            request,
            dossier,
            section,
            old=old,
            new=new,
            chunks=chunks,
            stats=diff_stats(chunks),
            title_changed=old.title != new.title,
        ),
    )


@require_http_methods(["GET", "POST"])
@contributor_required
def revision_revert(request, slug, pk, number):
    """Revert a section to an earlier version, after a confirmation page that
    shows what would change (a post without `confirm` shows it too)."""
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk, edit=True)
    revision = get_revision_for(request, section, number)
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        chunks = word_diff(section.current_revision.text, revision.text)
        context = section_context(
            request,
            dossier,
            section,
            revision=revision,
            chunks=chunks,
            stats=diff_stats(chunks),
            title_changed=section.current_revision.title != revision.title,
        )
        return TemplateResponse(request, "dossiers/revision_revert.html", context)
    try:
        services.revert_section(section, editor=request.user, revision=revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("section-history", slug=dossier.slug, pk=section.pk)
    messages.success(
        request, _("Section reverted to version %(n)d.") % {"n": revision.number}
    )
    return redirect(section.get_absolute_url())


@require_POST
def revision_hide(request, slug, pk, number):
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    # A hidden one too: a moderator makes it visible again; the service
    # refuses everyone else (403).
    revision = get_revision_for(request, section, number, include_hidden=True)
    hidden = request.POST.get("hidden") == "1"
    try:
        services.set_revision_hidden(revision, moderator=request.user, hidden=hidden)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Revision hidden.") if hidden else _("Revision visible again.")
        )
    return redirect("section-history", slug=dossier.slug, pk=section.pk)
