"""What the partials of the dossier page need besides their object: the
viewer's rights on each section, the list of sections, the section editor."""

from carre.revisions import Outcome
from dossiers import services
from dossiers.forms import NewSectionForm, SectionForm
from dossiers.permissions import can_edit_dossier, can_edit_section, can_moderate

DETAIL = "dossiers/dossier_detail.html"
# The page of the `section-conflict` partial, where a plain request lands.
CONFLICT_PAGE = "dossiers/section_conflict.html"
NEW_SECTION_ID = "new-section-%s"


def decorate(sections, user):
    """Attach what the section partial needs to know about the viewer."""
    for section in sections:
        section.can_edit = can_edit_section(user, section)
    return sections


def section_context(request, dossier, section, **extra) -> dict:
    """The `section` partial (and the pages of one section)."""
    decorate([section], request.user)
    return {
        "dossier": dossier,
        "section": section,
        "can_moderate": can_moderate(request.user),
        **extra,
    }


def sections_context(request, dossier, **extra) -> dict:
    """The `sections` partial: the dossier's sections in order, the form
    that adds one, and the table of contents swapped out of band."""
    sections = list(
        dossier.sections.present()
        .select_related("current_revision__editor")
        .order_by("position", "pk")
    )
    for section in sections:
        section.dossier = dossier
    return {
        "dossier": dossier,
        "sections": decorate(sections, request.user),
        "can_edit": can_edit_dossier(request.user, dossier),
        "can_moderate": can_moderate(request.user),
        "add_form": NewSectionForm(auto_id=NEW_SECTION_ID),
        **extra,
    }


def section_form(section, data=None, *, initial=None) -> SectionForm:
    """The section editor; its ids are unique per section on the page."""
    return SectionForm(data, initial=initial, auto_id=f"section-{section.pk}-%s")


def conflict_context(request, dossier, section, draft) -> dict:
    """The `section-conflict` partial: both versions side by side, and the
    editor holding the merged text, to be saved over the current revision."""
    start = services.start_resolution(draft, section=section)
    return section_context(
        request,
        dossier,
        section,
        draft=draft,
        theirs=section.current_revision,
        form=section_form(section, initial=start.values),
        conflicts=start.conflict.passages,
        message=services.SAVE_MESSAGES[Outcome.CONFLICT],
    )
