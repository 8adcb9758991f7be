"""Views of dossiers: parse, check, call one service, render a page or a fragment.

Every htmx endpoint also works as a plain form post or link: an htmx request
gets the partial of `dossiers/dossier_detail.html` it swaps in place; a
request without JavaScript gets a page or a redirect back to the dossier.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import HttpResponseClientRedirect

from carre.diff import diff_stats, word_diff
from carre.params import INT_MAX, int_param
from carre.ratelimit import status_for
from carre.revisions import EditConflict
from carre.submissions import AlreadySubmitted
from dossiers import services
from dossiers.forms import DossierForm, NewSectionForm, RemoveSectionForm, SectionForm
from dossiers.models import Dossier, Section, SectionDraft, SectionRevision
from dossiers.permissions import (
    can_create_dossier,
    can_edit_dossier,
    can_edit_section,
    can_moderate,
    can_watch_dossier,
    is_contributor,
)
from dossiers.rendering import render_section

DETAIL = "dossiers/dossier_detail.html"
EDITABLE = ("title", "text", "summary")
SORTS = {"updated": "-updated_at", "title": "title", "created": "-created_at"}


# --- helpers ------------------------------------------------------------------


def _render(request, template, context, *, partial=None, status=200):
    """The page, or for an htmx request its partial; varies on HX-Request."""
    name = f"{DETAIL}#{partial}" if request.htmx and partial else template
    response = TemplateResponse(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _get_dossier(request, slug) -> Dossier:
    """A dossier the viewer may see; drafts are 404 for anonymous readers."""
    return get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related("created_by"),
        slug=slug,
    )


def _get_section(request, dossier, pk, *, include_removed=False) -> Section:
    sections = (
        Section.objects if include_removed else Section.objects.visible_to(request.user)
    )
    section = get_object_or_404(
        sections.select_related("current_revision__editor"),
        pk=pk,
        dossier=dossier,
    )
    section.dossier = dossier
    return section


def _decorate(sections, user):
    """Attach what the section partial needs to know about the viewer."""
    for section in sections:
        section.can_edit = can_edit_section(user, section)
    return sections


def _login_or_403(request):
    """Anonymous or suspended visitors are sent to log in (403 for htmx)."""
    if request.htmx or request.method != "GET":
        raise PermissionDenied(_("Sign in to contribute."))
    return redirect_to_login(request.get_full_path())


def _section_context(request, dossier, section, **extra):
    _decorate([section], request.user)
    return {
        "dossier": dossier,
        "section": section,
        "can_moderate": can_moderate(request.user),
        **extra,
    }


# --- dossiers -----------------------------------------------------------------


@require_safe
def dossier_list(request):
    dossiers = Dossier.objects.visible_to(request.user).for_list()
    kind = request.GET.get("kind", "")
    if kind in Dossier.Kind.values:
        dossiers = dossiers.filter(kind=kind)
    else:
        kind = ""
    sort = request.GET.get("sort", "updated")
    if sort not in SORTS:
        sort = "updated"
    dossiers = dossiers.order_by(SORTS[sort], "pk")
    page = Paginator(dossiers, 30).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/dossier_list.html",
        {
            "page": page,
            "kind": kind,
            "sort": sort,
            "kinds": Dossier.Kind.choices,
            "sorts": [
                ("updated", _("Last change")),
                ("title", _("Title")),
                ("created", _("Newest")),
            ],
            "can_create": can_create_dossier(request.user),
        },
    )


def _dossier_form_data(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "kind": data["kind"],
        "status": data["status"],
        "place": data["place"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "summary": data["summary"],
    }


@require_http_methods(["GET", "POST"])
def dossier_create(request):
    if not is_contributor(request.user):
        return _login_or_403(request)
    form = DossierForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dossier = services.create_dossier(
                    author=request.user,
                    submission=form.cleaned_data["submission"],
                    **_dossier_form_data(form),
                )
            except AlreadySubmitted as earlier:
                return redirect(earlier.result)  # the same form, sent twice
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Dossier created. Add its first section."))
                return redirect(dossier)
        status = 400
    return TemplateResponse(
        request,
        "dossiers/dossier_form.html",
        {"form": form, "dossier": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def dossier_edit(request, slug):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        return _login_or_403(request)
    if not can_edit_dossier(request.user, dossier):
        raise PermissionDenied(_("This dossier is locked by the moderators."))
    form = DossierForm(request.POST or None, instance=dossier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_dossier(
                    Dossier.objects.get(pk=dossier.pk),
                    editor=request.user,
                    base_version=form.cleaned_data["base_version"],
                    **_dossier_form_data(form),
                )
            except EditConflict as conflict:
                # Keep what was typed; show the newer version beside it, and let
                # the next save start from it.
                form.data = form.data.copy()
                form.data["base_version"] = str(conflict.current_number)
                form.add_error(None, conflict)
                current = (
                    dossier.revisions.select_related("editor")
                    .filter(number=conflict.current_number)
                    .first()
                )
                return TemplateResponse(
                    request,
                    "dossiers/dossier_form.html",
                    {"form": form, "dossier": dossier, "current": current},
                    status=409,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Dossier updated."))
                return redirect(dossier)
        status = 400
    return TemplateResponse(
        request,
        "dossiers/dossier_form.html",
        {"form": form, "dossier": dossier},
        status=status,
    )


@require_safe
def dossier_detail(request, slug):
    user = request.user
    dossier = get_object_or_404(
        Dossier.objects.visible_to(user).for_detail(user), slug=slug
    )
    sections = [s for s in dossier.visible_sections if not s.removed]
    removed = [s for s in dossier.visible_sections if s.removed]
    for section in dossier.visible_sections:
        section.dossier = dossier
    _decorate(sections, user)
    contributors = (
        get_user_model()
        .objects.filter(
            section_revisions__section__dossier=dossier,
            section_revisions__hidden=False,
        )
        .distinct()
        .order_by("username")
    )
    drafts = []
    watching = False
    if is_contributor(user):
        drafts = list(
            SectionDraft.objects.filter(user=user, section__dossier=dossier)
            .select_related("section")
            .order_by("-updated_at")
        )
        watching = dossier.watches.filter(user=user).exists()
    return _render(
        request,
        DETAIL,
        {
            "dossier": dossier,
            "sections": sections,
            "removed_sections": removed,
            "contributors": contributors,
            "drafts": drafts,
            "watching": watching,
            "can_edit": can_edit_dossier(user, dossier),
            "can_watch": can_watch_dossier(user, dossier),
            "can_moderate": can_moderate(user),
            "add_form": NewSectionForm(auto_id="new-section-%s"),
        },
    )


@require_safe
def dossier_history(request, slug):
    dossier = _get_dossier(request, slug)
    revisions = (
        SectionRevision.objects.visible_to(request.user)
        .filter(section__dossier=dossier)
        .for_history()
        .order_by("-created_at", "-pk")
    )
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/dossier_history.html",
        {"dossier": dossier, "page": page, "can_moderate": can_moderate(request.user)},
    )


@require_POST
def dossier_watch(request, slug):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied(_("Sign in to watch this dossier."))
    watching = request.POST.get("watch") == "1"
    if watching:
        services.watch_dossier(dossier, user=request.user)
    else:
        services.unwatch_dossier(dossier, user=request.user)
    if request.htmx:
        return _render(
            request,
            DETAIL,
            {"dossier": dossier, "watching": watching, "can_watch": True},
            partial="watch",
        )
    messages.success(
        request,
        _("You watch this dossier.") if watching else _("You no longer watch it."),
    )
    return redirect(dossier)


@require_POST
def dossier_lock(request, slug):
    dossier = _get_dossier(request, slug)
    locked = request.POST.get("locked") == "1"
    services.set_dossier_locked(dossier, moderator=request.user, locked=locked)
    messages.success(
        request, _("Dossier locked.") if locked else _("Dossier unlocked.")
    )
    return redirect(dossier)


# --- sections -----------------------------------------------------------------


@require_safe
def section_detail(request, slug, pk):
    """The rendered section (htmx: what "Cancel" swaps back in)."""
    dossier = _get_dossier(request, slug)
    section = _get_section(request, dossier, pk)
    if not request.htmx:
        return redirect(section.get_absolute_url())
    return _render(
        request, DETAIL, _section_context(request, dossier, section), partial="section"
    )


def _edit_context(request, dossier, section, form, **extra):
    return _section_context(request, dossier, section, form=form, **extra)


@require_http_methods(["GET", "POST"])
def section_edit(request, slug, pk):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        return _login_or_403(request)
    # A removed section is found too, so that a save explains itself (403).
    section = _get_section(
        request, dossier, pk, include_removed=request.method == "POST"
    )
    auto_id = f"section-{section.pk}-%s"

    if request.method == "GET":
        if not can_edit_section(request.user, section):
            raise PermissionDenied(_("This section cannot be edited."))
        draft = (
            SectionDraft.objects.filter(
                section=section, user=request.user, kind=SectionDraft.Kind.AUTOSAVE
            )
            .select_related("base_revision")
            .first()
        )
        source = draft or section.current_revision
        base = draft.base_revision if draft and draft.base_revision else None
        form = SectionForm(
            initial={
                "title": source.title,
                "text": source.text,
                "summary": draft.summary if draft else "",
                "base_revision": (base or section.current_revision).pk,
            },
            auto_id=auto_id,
        )
        return _render(
            request,
            "dossiers/section_edit.html",
            _edit_context(request, dossier, section, form, draft=draft),
            partial="section-form",
        )

    form = SectionForm(request.POST, auto_id=auto_id)
    if not form.is_valid():
        return _render(
            request,
            "dossiers/section_edit.html",
            _edit_context(request, dossier, section, form),
            partial="section-form",
            status=400,
        )
    data = form.cleaned_data
    if request.POST.get("action") == "preview":
        return _render(
            request,
            "dossiers/section_edit.html",
            _edit_context(
                request, dossier, section, form, preview=render_section(data["text"])
            ),
            partial="section-form",
        )
    base = SectionRevision.objects.filter(
        section=section, pk=data["base_revision"] or 0
    ).first()
    resolves = None
    if data["conflict_draft"]:
        resolves = SectionDraft.objects.filter(
            pk=data["conflict_draft"], user=request.user, section=section
        ).first()
    try:
        result = services.save_section(
            section,
            editor=request.user,
            title=data["title"],
            text=data["text"],
            base_revision=base,
            summary=data["summary"],
            resolves=resolves,
        )
    except (ValidationError, PermissionDenied) as error:
        if isinstance(error, ValidationError):
            # A plain error (going too fast) lands among the non-field ones.
            for field, errors in error.update_error_dict({}).items():
                form.add_error(field if field in EDITABLE else None, errors)
            status = status_for(error, 400)
        else:
            form.add_error(None, str(error) or _("You cannot edit this section."))
            status = 403
        return _render(
            request,
            "dossiers/section_edit.html",
            _edit_context(request, dossier, section, form),
            partial="section-form",
            status=status,
        )

    if result.conflict:
        if request.htmx:
            return _render(
                request,
                "dossiers/section_conflict.html",
                _conflict_context(request, dossier, result.section, result.draft),
                partial="section-conflict",
                status=409,
            )
        messages.warning(request, _conflict_message())
        return redirect(
            "section-conflict", slug=dossier.slug, pk=section.pk, draft=result.draft.pk
        )
    notice = {
        "saved": _("Section saved."),
        "merged": _(
            "Someone else changed this section while you edited it; the two edits "
            "did not overlap and were merged."
        ),
        "unchanged": _("Nothing changed."),
    }[result.outcome]
    if request.htmx:
        section = _get_section(request, dossier, section.pk)
        return _render(
            request,
            DETAIL,
            _section_context(request, dossier, section, notice=notice),
            partial="section",
        )
    messages.success(request, notice)
    return redirect(section.get_absolute_url())


def _conflict_message():
    return _(
        "Someone else changed the same lines while you edited. Nothing was "
        "overwritten: your text is kept as a draft. Merge the two versions below."
    )


def _conflict_context(request, dossier, section, draft):
    current = section.current_revision
    conflict = services.draft_conflict(draft, section=section)
    form = SectionForm(
        initial={
            "title": draft.title,
            "text": conflict.merged["text"],
            "summary": draft.summary,
            "base_revision": current.pk,
            "conflict_draft": draft.pk,
        },
        auto_id=f"section-{section.pk}-%s",
    )
    return _section_context(
        request,
        dossier,
        section,
        draft=draft,
        theirs=current,
        form=form,
        conflicts=conflict.passages,
        message=_conflict_message(),
    )


@require_safe
def section_conflict(request, slug, pk, draft):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        return _login_or_403(request)
    section = _get_section(request, dossier, pk)
    draft = get_object_or_404(
        SectionDraft.objects.select_related("base_revision"),
        pk=draft,
        section=section,
        user=request.user,
        kind=SectionDraft.Kind.CONFLICT,
    )
    return _render(
        request,
        "dossiers/section_conflict.html",
        _conflict_context(request, dossier, section, draft),
        partial="section-conflict",
    )


@require_POST
def section_preview(request, slug, pk):
    """The Markdown of the editor rendered as it will appear (no state change)."""
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied
    _get_section(request, dossier, pk)
    text = services.normalize_text(request.POST.get("text", ""))
    if len(text) > services.SECTION_TEXT_MAX_LENGTH:
        return HttpResponseBadRequest(_("This text is too long to preview."))
    # Only the fragment, with or without htmx: without JavaScript, the
    # editor's own "Preview" button re-renders the whole form instead.
    return TemplateResponse(
        request, f"{DETAIL}#preview", {"preview": render_section(text)}
    )


@require_POST
def section_autosave(request, slug, pk):
    """Keep the edit in progress on the server (htmx, or a "Save draft" button)."""
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied(_("Sign in to contribute."))
    section = _get_section(request, dossier, pk)
    base = SectionRevision.objects.filter(
        section=section, pk=int_param(request.POST, "base_revision", default=0)
    ).first()
    try:
        draft = services.autosave_draft(
            section,
            user=request.user,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            summary=request.POST.get("summary", "")[:300],
            base_revision=base,
        )
    except ValidationError as error:
        error_text = " ".join(error.messages)
        if request.htmx:
            return _render(
                request, DETAIL, {"draft_error": error_text}, partial="draft-status"
            )
        messages.error(request, error_text)
        return redirect("section-edit", slug=dossier.slug, pk=section.pk)
    if request.htmx:
        return _render(request, DETAIL, {"draft": draft}, partial="draft-status")
    messages.success(request, _("Draft saved. It will be here when you come back."))
    return redirect("section-edit", slug=dossier.slug, pk=section.pk)


@require_POST
def draft_discard(request, slug, pk, draft):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied
    section = _get_section(request, dossier, pk)
    draft = get_object_or_404(
        SectionDraft, pk=draft, section=section, user=request.user
    )
    services.discard_draft(draft, user=request.user)
    messages.success(request, _("Draft discarded."))
    return redirect(section.get_absolute_url())


@require_http_methods(["GET", "POST"])
def section_add(request, slug):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        return _login_or_403(request)
    if not can_edit_dossier(request.user, dossier):
        raise PermissionDenied(_("This dossier is locked by the moderators."))
    form = NewSectionForm(request.POST or None, auto_id="new-section-%s")
    context = {"dossier": dossier, "add_form": form, "can_edit": True, "adding": True}
    if request.method == "GET":
        return _render(
            request, "dossiers/section_add.html", context, partial="section-add"
        )
    status = 400
    if form.is_valid():
        try:
            section = services.add_section(
                dossier, editor=request.user, **form.cleaned_data
            )
        except AlreadySubmitted as earlier:
            # The same form sent twice (a double click): go to the section it added.
            url = earlier.result.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                form.add_error(field if field in form.fields else None, errors)
            status = status_for(error, 400)
        else:
            if request.htmx:
                section = _get_section(request, dossier, section.pk)
                return _render(
                    request,
                    DETAIL,
                    {
                        **_section_context(
                            request, dossier, section, notice=_("Section added.")
                        ),
                        "add_form": NewSectionForm(auto_id="new-section-%s"),
                        "can_edit": True,
                        "sections": _present_sections(request, dossier),
                    },
                    partial="section-added",
                )
            messages.success(request, _("Section added."))
            return redirect(section.get_absolute_url())
    return _render(
        request,
        "dossiers/section_add.html",
        context,
        partial="section-add",
        status=status,
    )


def _present_sections(request, dossier):
    sections = list(
        dossier.sections.present()
        .select_related("current_revision__editor")
        .order_by("position", "pk")
    )
    for section in sections:
        section.dossier = dossier
    return _decorate(sections, request.user)


@require_POST
def section_move(request, slug, pk):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied(_("Sign in to contribute."))
    section = _get_section(request, dossier, pk)
    try:
        services.move_section(
            section, editor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if request.htmx:
        return _render(
            request,
            DETAIL,
            {
                "dossier": dossier,
                "sections": _present_sections(request, dossier),
                "can_edit": can_edit_dossier(request.user, dossier),
                "can_moderate": can_moderate(request.user),
                "add_form": NewSectionForm(auto_id="new-section-%s"),
                "moved": section,
            },
            partial="sections",
        )
    return redirect(section.get_absolute_url())


@require_http_methods(["GET", "POST"])
def section_remove(request, slug, pk):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        return _login_or_403(request)
    section = _get_section(request, dossier, pk)
    if not can_edit_section(request.user, section):
        raise PermissionDenied(_("This section cannot be removed."))
    form = RemoveSectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.remove_section(
            section, editor=request.user, summary=form.cleaned_data["summary"]
        )
        notice = _(
            "Section removed. It stays in the history; a moderator can restore it."
        )
        if request.htmx:
            return _render(
                request,
                DETAIL,
                {
                    "dossier": dossier,
                    "section": section,
                    "notice": notice,
                    "sections": _present_sections(request, dossier),
                },
                partial="section-removed",
            )
        messages.success(request, notice)
        return redirect(dossier)
    return _render(
        request,
        "dossiers/section_remove.html",
        {"dossier": dossier, "section": section, "form": form},
        partial="section-remove",
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def section_restore(request, slug, pk):
    dossier = _get_dossier(request, slug)
    section = _get_section(request, dossier, pk)
    try:
        services.restore_section(section, moderator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(dossier)
    messages.success(request, _("Section restored."))
    return redirect(section.get_absolute_url())


@require_POST
def section_lock(request, slug, pk):
    dossier = _get_dossier(request, slug)
    section = _get_section(request, dossier, pk)
    locked = request.POST.get("locked") == "1"
    services.set_section_locked(section, moderator=request.user, locked=locked)
    messages.success(
        request, _("Section locked.") if locked else _("Section unlocked.")
    )
    return redirect(section.get_absolute_url())


# --- history --------------------------------------------------------------------


@require_safe
def section_history(request, slug, pk):
    dossier = _get_dossier(request, slug)
    # The history of a removed section stays readable (it was public).
    section = _get_section(request, dossier, pk, include_removed=True)
    revisions = (
        section.revisions.visible_to(request.user)
        .select_related("editor", "hidden_by", "base_revision")
        .order_by("-number")
    )
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dossiers/section_history.html",
        {
            **_section_context(request, dossier, section),
            "page": page,
        },
    )


def _get_revision(request, section, number) -> SectionRevision:
    revision = get_object_or_404(
        SectionRevision.objects.select_related("editor", "hidden_by"),
        section=section,
        number=number,
    )
    if revision.hidden and not can_moderate(request.user):
        raise Http404(_("This revision was hidden by the moderators."))
    return revision


@require_safe
def revision_detail(request, slug, pk, number):
    dossier = _get_dossier(request, slug)
    # The history of a removed section stays readable (it was public).
    section = _get_section(request, dossier, pk, include_removed=True)
    revision = _get_revision(request, section, number)
    return TemplateResponse(
        request,
        "dossiers/revision_detail.html",
        {**_section_context(request, dossier, section), "revision": revision},
    )


@require_safe
def section_diff(request, slug, pk):
    dossier = _get_dossier(request, slug)
    # The history of a removed section stays readable (it was public).
    section = _get_section(request, dossier, pk, include_removed=True)
    numbers = {"min_value": 1, "max_value": INT_MAX}
    new_number = int_param(request.GET, "to", default=section.version, **numbers)
    old_number = int_param(
        request.GET, "from", default=max(new_number - 1, 1), **numbers
    )
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    old = _get_revision(request, section, old_number)
    new = _get_revision(request, section, new_number)
    chunks = word_diff(old.text, new.text)
    return TemplateResponse(
        request,
        "dossiers/section_diff.html",
        {
            **_section_context(request, dossier, section),
            "old": old,
            "new": new,
            "chunks": chunks,
            "stats": diff_stats(chunks),
            "title_changed": old.title != new.title,
        },
    )


@require_POST
def revision_revert(request, slug, pk, number):
    dossier = _get_dossier(request, slug)
    if not is_contributor(request.user):
        raise PermissionDenied(_("Sign in to contribute."))
    section = _get_section(request, dossier, pk)
    revision = _get_revision(request, section, number)
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
    dossier = _get_dossier(request, slug)
    section = _get_section(request, dossier, pk)
    revision = get_object_or_404(SectionRevision, section=section, number=number)
    revision.section = section
    hidden = request.POST.get("hidden") == "1"
    try:
        services.set_revision_hidden(revision, moderator=request.user, hidden=hidden)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Revision hidden.") if hidden else _("Revision visible again.")
        )
    return redirect(
        reverse("section-history", kwargs={"slug": dossier.slug, "pk": section.pk})
    )
