"""A section of a dossier: shown, edited inline, previewed, added, moved,
removed, restored and locked.

The editor posts to the same URL with or without htmx: htmx gets the partial
of `dossiers/dossier_detail.html` it swaps in place, a plain request a page
or a redirect back to the section (see docs/architecture.md, "Request path
of a section save").
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.permissions import contributor_required
from carre.htmx import fragment_or_redirect, navigate, page_or_fragment
from carre.params import int_param
from carre.revisions import Outcome
from carre.submissions import AlreadySubmitted
from dossiers import services
from dossiers.forms import NewSectionForm, RemoveSectionForm
from dossiers.loaders import get_dossier_for, get_section_for
from dossiers.models import SECTION_TEXT_MAX_LENGTH, SectionDraft
from dossiers.permissions import can_publish_edits
from dossiers.rendering import preview_section
from dossiers.views.context import (
    CONFLICT_PAGE,
    DETAIL,
    NEW_SECTION_ID,
    conflict_context,
    page_section_context,
    section_context,
    section_form,
    sections_context,
)

EDIT_PAGE = "dossiers/section_edit.html"
# Radio buttons read per conflict form (a text has rarely more than a few).
MAX_CONFLICT_BLOCKS = 200
WRITTEN = (Outcome.SAVED, Outcome.MERGED)


@require_safe
def section_detail(request, slug, pk):
    """The rendered section (htmx: what "Cancel" swaps back in)."""
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    url = section.get_absolute_url()
    if not request.htmx:
        return fragment_or_redirect(request, url, DETAIL, None)
    context = page_section_context(request, dossier, section)
    return fragment_or_redirect(request, url, DETAIL, "section-on-page", context)


def _editor(request, dossier, section, form, *, status=200, **extra):
    """The section editor: a page, or for htmx the `section-form` partial."""
    text = form["text"].value() or ""
    if "preview" not in extra and len(text) <= SECTION_TEXT_MAX_LENGTH:
        extra["preview"] = preview_section(section, text)
    context = section_context(request, dossier, section, form=form, **extra)
    context["will_be_reviewed"] = not can_publish_edits(request.user)
    return page_or_fragment(request, EDIT_PAGE, "section-form", context, status=status)


@require_http_methods(["GET", "POST"])
@contributor_required
def section_edit(request, slug, pk):
    dossier = get_dossier_for(request, slug)
    if request.method == "GET":
        section = get_section_for(request, dossier, pk, edit=True)
        # A conflict left unresolved: its view brings back the text kept.
        conflict = services.pending_conflict(section, user=request.user)
        if conflict is not None:
            return _conflict_editor(request, dossier, section, conflict)
        start = services.start_edit(section, user=request.user)
        form = section_form(section, initial=start.values)
        return _editor(request, dossier, section, form, draft=start.draft)
    # A removed section is found too, so that a save explains itself (403).
    section = get_section_for(request, dossier, pk, include_removed=True)
    form = section_form(section, request.POST)
    conflict = _conflict_draft(request, section)
    if conflict is not None:
        if not form.is_valid():
            return _conflict_editor(
                request, dossier, section, conflict, form=form, status=400
            )
        return _resolve(request, dossier, section, conflict, form)
    if not form.is_valid():
        return _editor(request, dossier, section, form, status=400)
    if request.POST.get("action") == "preview":
        return _editor(request, dossier, section, form)
    return _save(request, dossier, section, form)


def _save(request, dossier, section, form):
    try:
        result = services.save_section_edit(section, editor=request.user, **form.edit())
    except (ValidationError, PermissionDenied) as error:
        status = form.refuse(error)
        return _editor(request, dossier, section, form, status=status)
    return _saved(request, dossier, result)


def _conflict_draft(request, section):
    """The user's own conflict draft the form settles, if it names one."""
    pk = int_param(request.POST, "conflict_draft", default=0)
    if not pk:
        return None
    return (
        SectionDraft.objects.filter(
            pk=pk, section=section, user=request.user, kind=SectionDraft.Kind.CONFLICT
        )
        .select_related("base_revision")
        .first()
    )


def _conflict_editor(request, dossier, section, draft, *, status=200, **extra):
    """The conflict view: a page, or for htmx the `section-conflict` partial."""
    context = conflict_context(request, dossier, section, draft, **extra)
    context["will_be_reviewed"] = not can_publish_edits(request.user)
    return page_or_fragment(
        request, CONFLICT_PAGE, "section-conflict", context, status=status
    )


def _resolve(request, dossier, section, draft, form):
    """A post of the conflict form: the passages settled by the radio buttons
    (on the server, so that it works without JavaScript), the editor's own
    text put back, or the merged text saved."""
    data = form.cleaned_data
    action = request.POST.get("action", "save")
    choices = [
        request.POST.get(f"block-{number}", "")
        for number in range(1, MAX_CONFLICT_BLOCKS + 1)
    ]
    if action == "restore":
        text = draft.text
    else:
        theirs = services.revision_of(section, data["base_revision"])
        text = services.resolve_draft(
            draft,
            theirs=theirs or section.current_revision,
            text=data["text"],
            shown=data["draft_choices"].split(","),
            choices=choices,
        )
    if action != "save":
        typed = {"title": data["title"], "summary": data["summary"]}
        return _conflict_editor(
            request, dossier, section, draft, choices=choices, text=text, **typed
        )
    form.cleaned_data["text"] = text
    return _save(request, dossier, section, form)


def _saved(request, dossier, result):
    """The answer to a save: htmx gets the saved section, or the conflict
    (409); a plain request is redirected to either, with the message."""
    section = result.section
    if result.conflict:
        url = reverse(
            "section-conflict", args=[dossier.slug, section.pk, result.draft.pk]
        )
        context = conflict_context(request, dossier, section, result.draft)
        return fragment_or_redirect(
            request,
            url,
            CONFLICT_PAGE,
            "section-conflict",
            context,
            status=409,
            message=result.message,
            level=messages.WARNING,
        )
    url = section.get_absolute_url()
    if not request.htmx:
        return fragment_or_redirect(request, url, DETAIL, None, message=result.message)
    # What a reload shows: footnotes numbered with the whole page.
    context = page_section_context(
        request,
        dossier,
        section,
        notice=result.message,
        previous_html=_previous_html(result),
    )
    return fragment_or_redirect(request, url, DETAIL, "section-on-page", context)


def _previous_html(result) -> str | None:
    """What the page showed of the section before this save, if it changed."""
    revision = result.revision
    if revision is None or revision.number <= 1 or result.outcome not in WRITTEN:
        return None
    before = result.section.revisions.filter(number=revision.number - 1)
    return before.values_list("html", flat=True).first()


@require_POST
@contributor_required
def section_preview(request, slug, pk):
    """The Markdown of the editor rendered as it will appear (no state change)."""
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    text = services.normalize_text(request.POST.get("text", ""))
    if len(text) > SECTION_TEXT_MAX_LENGTH:
        return HttpResponseBadRequest(_("This text is too long to preview."))
    # Only the fragment, with or without htmx: without JavaScript, the
    # editor's own "Preview" button re-renders the whole form instead.
    return TemplateResponse(
        request, f"{DETAIL}#preview", {"preview": preview_section(section, text)}
    )


@require_http_methods(["GET", "POST"])
@contributor_required
def section_add(request, slug):
    dossier = get_dossier_for(request, slug, edit=True)
    form = NewSectionForm(request.POST or None, auto_id=NEW_SECTION_ID)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            section = services.add_section(
                dossier, editor=request.user, **form.cleaned_data
            )
        except AlreadySubmitted as earlier:
            # The same form sent twice (a double click): go to the section it added.
            return navigate(request, earlier.result.get_absolute_url())
        except ValidationError as error:
            status = form.refuse(error)
        else:
            notice = _("Section added.")
            # Footnotes numbered with the page; the new section comes last,
            # so only the references change elsewhere.
            context = {
                **sections_context(request, dossier),
                **page_section_context(request, dossier, section, notice=notice),
            }
            url = section.get_absolute_url()
            return fragment_or_redirect(
                request, url, DETAIL, "section-added", context, message=notice
            )
    context = {"dossier": dossier, "add_form": form, "can_edit": True, "adding": True}
    return page_or_fragment(
        request, "dossiers/section_add.html", "section-add", context, status=status
    )


@require_POST
@contributor_required
def section_move(request, slug, pk):
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    try:
        services.move_section(
            section, editor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    context = sections_context(request, dossier, moved=section)
    url = section.get_absolute_url()
    return fragment_or_redirect(request, url, DETAIL, "sections", context)


@require_http_methods(["GET", "POST"])
@contributor_required
def section_remove(request, slug, pk):
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk, edit=True)
    form = RemoveSectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.remove_section(
            section, editor=request.user, summary=form.cleaned_data["summary"]
        )
        notice = _(
            "Section removed. It stays in the history; a moderator can restore it."
        )
        context = sections_context(request, dossier, section=section, notice=notice)
        url = dossier.get_absolute_url()
        return fragment_or_redirect(
            request, url, DETAIL, "section-removed", context, message=notice
        )
    return page_or_fragment(
        request,
        "dossiers/section_remove.html",
        "section-remove",
        {"dossier": dossier, "section": section, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def section_restore(request, slug, pk):
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    try:
        services.restore_section(section, moderator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(dossier)
    messages.success(request, _("Section restored."))
    return redirect(section.get_absolute_url())


@require_POST
def section_lock(request, slug, pk):
    dossier = get_dossier_for(request, slug)
    section = get_section_for(request, dossier, pk)
    locked = request.POST.get("locked") == "1"
    services.set_section_locked(section, moderator=request.user, locked=locked)
    messages.success(
        request, _("Section locked.") if locked else _("Section unlocked.")
    )
    return redirect(section.get_absolute_url())
