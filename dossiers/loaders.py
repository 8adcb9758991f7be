"""Dossiers, sections, revisions and drafts as a view's viewer may see them.

One loader per object: 404 for what the viewer may not see (a draft dossier
for anonymous readers, a removed section for non-moderators, a hidden
revision, someone else's draft); with `edit=True`, 403 for what they see but
may not change, so that a form page is refused before it is shown. The
services check again inside their transaction, on the locked row: they stay
the authority, whatever the entry point. Facts and promotion load dossiers
here too.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dossiers.models import Dossier, Section, SectionDraft, SectionRevision
from dossiers.permissions import (
    can_view_revision,
    check_can_edit_dossier,
    check_can_edit_section,
)


def get_dossier_for(request, slug: str, *, edit: bool = False) -> Dossier:
    """The dossier `slug`; `edit`: one the viewer may change (not locked,
    unless they moderate)."""
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related("created_by"),
        slug=slug,
    )
    if edit:
        check_can_edit_dossier(request.user, dossier)
    return dossier


def get_section_for(
    request,
    dossier: Dossier,
    pk: int,
    *,
    edit: bool = False,
    include_removed: bool = False,
) -> Section:
    """A section of `dossier`, with its current revision and its editor.

    `include_removed`: a removed section too, for everyone (its history
    stays readable; a save of it explains itself with 403). `edit`: one the
    viewer may change (not removed, not locked unless they moderate).
    """
    sections = (
        Section.objects if include_removed else Section.objects.visible_to(request.user)
    )
    section = get_object_or_404(
        sections.select_related("current_revision__editor"), pk=pk, dossier=dossier
    )
    section.dossier = dossier
    if edit:
        check_can_edit_section(request.user, section)
    return section


def get_revision_for(
    request, section: Section, number: int, *, include_hidden: bool = False
) -> SectionRevision:
    """Version `number` of `section`; a hidden one only for moderators, unless
    `include_hidden` (the service that acts on it checks its own rule)."""
    revision = get_object_or_404(
        SectionRevision.objects.select_related("editor", "hidden_by"),
        section=section,
        number=number,
    )
    if not include_hidden and not can_view_revision(request.user, revision):
        raise Http404(_("This revision was hidden by the moderators."))
    revision.section = section
    return revision


def get_draft_for(
    request, section: Section, pk: int, *, kind: str | None = None
) -> SectionDraft:
    """One of the viewer's own drafts of `section` (of `kind`, if given);
    anyone else's is 404."""
    drafts = SectionDraft.objects.select_related("base_revision").filter(
        section=section, user=request.user
    )
    if kind is not None:
        drafts = drafts.filter(kind=kind)
    return get_object_or_404(drafts, pk=pk)
