"""What the partials of the dossier page need besides their object: the
viewer's rights on each section, the list of sections, the section editor."""

from carre.diff import word_diff
from carre.revisions import Outcome
from dossiers import services
from dossiers.forms import NewSectionForm, SectionForm
from dossiers.models import SECTION_TEXT_MAX_LENGTH as MAX_TEXT
from dossiers.permissions import can_edit_dossier, can_edit_section, can_moderate
from dossiers.rendering import (
    number_sections,
    page_sections,
    preview_section,
    toc_links,
)
from sources.citations import cited_keys

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


def page_section_context(
    request, dossier, section, *, previous_html=None, **extra
) -> dict:
    """The `section-on-page` partial: `section` as a reload shows it, its
    footnotes numbered with the whole page, and what its change may
    renumber, swapped out of band: the table of contents, the references and,
    when the order of the cited sources changed (`previous_html`: what the
    section showed before), the other sections.
    """
    sections = decorate(page_sections(dossier), request.user)
    after = cited_keys([item.html for item in sections])
    page, _sources = number_sections(sections)
    # The page may show one part of a long dossier: contents links that work
    # from any part.
    toc_links(sections, dossier, None)
    shown = next((item for item in sections if item.pk == section.pk), section)
    refresh = []
    if previous_html is not None:
        before = cited_keys(
            [previous_html if item.pk == section.pk else item.html for item in sections]
        )
        if before != after:
            refresh = [item for item in sections if item.pk != section.pk]
    return {
        **section_context(request, dossier, shown, **extra),
        "sections": sections,
        "refresh": refresh,
        "citation_page": page,
        "can_edit": can_edit_dossier(request.user, dossier),
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
    # The page may show one part of a long dossier: contents links that work
    # from any part (the contents are swapped in after an add or a removal).
    toc_links(sections, dossier, None)
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


def conflict_context(
    request, dossier, section, draft, *, form=None, choices=None, text=None, **typed
) -> dict:
    """The `section-conflict` partial: both versions side by side, their
    differences marked, each passage both changed with a choice of version,
    and the editor holding the merged text, to be saved over the current
    revision.

    `choices` and `text`: how the editor left the merged text (after a post
    of the conflict form); `typed`: the title and summary they typed.
    `form`: a bound form with errors, shown as sent.
    """
    theirs = section.current_revision
    start = services.start_resolution(
        draft, section=section, choices=choices, text=text
    )
    if form is None:
        form = section_form(section, initial={**start.values, **typed})
    text = form["text"].value() or ""
    chosen = iter(start.values["draft_choices"].split(","))
    passages = [
        {
            "number": number,
            "mine": "\n".join(block.mine),
            "theirs": "\n".join(block.theirs),
            "choice": next(chosen, ""),
        }
        for number, block in enumerate(
            (b for b in services.conflict_blocks(draft, theirs=theirs) if b.conflict),
            start=1,
        )
    ]
    return section_context(
        request,
        dossier,
        section,
        draft=draft,
        theirs=theirs,
        form=form,
        chunks=word_diff(theirs.text, draft.text),
        passages=passages,
        preview=preview_section(section, text) if len(text) <= MAX_TEXT else None,
        message=services.SAVE_MESSAGES[Outcome.CONFLICT],
    )
