"""The review queue of pending edits: the edits of accounts whose edits do not
go live yet (accounts.trust), accepted, edited then accepted, or refused by
moderators and trusted contributors (dossiers/services/review.py).

Plain pages and forms (no htmx needed): a decision redirects to the queue
with a message; a refusal by the service or an acceptance that conflicts
with a newer revision shows the page again with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import contributor_required
from accounts.trust import can_set_trust_level
from carre.diff import diff_stats, word_diff
from carre.params import int_param
from dossiers import services
from dossiers.forms import AcceptPendingEditForm, RefusePendingEditForm
from dossiers.models import Dossier, PendingEdit
from dossiers.permissions import (
    can_review,
    check_can_review_pending_edit,
    check_can_view_pending_edit,
)
from dossiers.services.review import description_values

LIST_PAGE = "dossiers/pendingedit_list.html"
DETAIL_PAGE = "dossiers/pendingedit_detail.html"
LIST_LIMIT = 100


def _get_pending_for(request, pk: int) -> PendingEdit:
    pending = get_object_or_404(
        PendingEdit.objects.select_related(
            "dossier",
            "section",
            "author",
            "base_revision",
            "reviewed_by",
            "revision",
            "section__current_revision__editor",
            "base_description",
        ),
        pk=pk,
    )
    check_can_view_pending_edit(request.user, pending)
    return pending


@require_safe
@contributor_required
def pending_edit_list(request):
    """Reviewers: every edit awaiting review (optionally of one section, or
    of one dossier); everyone else: their own edits and what became of them."""
    user = request.user
    edits = PendingEdit.objects.select_related("dossier", "section", "author")
    section = int_param(request.GET, "section", default=None)
    if section is not None:
        edits = edits.filter(section_id=section)
    dossier = int_param(request.GET, "dossier", default=None)
    if dossier is not None:
        edits = edits.filter(dossier_id=dossier)
    reviewer = can_review(user)
    if reviewer:
        queue = edits.filter(status=PendingEdit.Status.PENDING).exclude(author=user)
    else:
        queue = edits.none()
    own = edits.filter(author=user).order_by("-created_at")
    context = {
        "queue": list(queue[:LIST_LIMIT]),
        "own": list(own[:LIST_LIMIT]),
        "reviewer": reviewer,
    }
    return TemplateResponse(request, LIST_PAGE, context)


def _description_changes(pending, base) -> list[tuple[str, str, str]]:
    """The fields of a description edit other than its summary, as (label,
    before, after), those it changes only."""
    proposed = description_values(pending)
    changes = []
    for name in ("title", "kind", "status", "place", "latitude", "longitude"):
        field = Dossier._meta.get_field(name)
        before = getattr(base, name) if base else None
        after = proposed[name]
        if name in ("latitude", "longitude"):
            before = None if before is None else before.normalize()
            after = None if after is None else after.normalize()
        if before == after or (before in (None, "") and after in (None, "")):
            continue
        if field.choices:
            choices = dict(field.flatchoices)
            before, after = choices.get(before, before), choices.get(after, after)
        changes.append(
            (
                field.verbose_name,
                "—" if before in (None, "") else before,
                "—" if after in (None, "") else after,
            )
        )
    return changes


def _detail(request, pending, *, accept_form=None, refuse_form=None, **extra):
    if pending.is_description:
        base = pending.base_description
        base_text = base.summary if base else ""
        current = pending.dossier.revisions.filter(
            number=pending.dossier.version
        ).first()
        changes = _description_changes(pending, base)
    else:
        base = pending.base_revision
        base_text = base.text if base else ""
        current = pending.section.current_revision
        changes = []
    chunks = word_diff(base_text, pending.text)
    reviewable = pending.is_pending and can_review(request.user)
    reviewable = reviewable and pending.author_id != request.user.pk
    if reviewable and accept_form is None:
        accept_form = AcceptPendingEditForm(
            initial={
                "title": pending.title,
                "text": pending.text,
                "base_revision": base.pk if base else None,
            }
        )
    if pending.is_description and accept_form is not None:
        # The description's summary: plain text, not Markdown.
        accept_form.fields["text"].label = capfirst(
            Dossier._meta.get_field("summary").verbose_name
        )
    context = {
        "pending": pending,
        "dossier": pending.dossier,
        "section": pending.section,
        "base": base,
        "current": current,
        "outdated": bool(base and current and current.pk != base.pk),
        "title_changed": bool(
            not pending.is_description and base and base.title != pending.title
        ),
        "changes": changes,
        "chunks": chunks,
        "stats": diff_stats(chunks),
        "reviewable": reviewable,
        "can_set_trust": can_set_trust_level(request.user, pending.author),
        "accept_form": accept_form,
        "refuse_form": refuse_form or RefusePendingEditForm(),
        **extra,
    }
    return context


@require_safe
@contributor_required
def pending_edit_detail(request, pk):
    pending = _get_pending_for(request, pk)
    return TemplateResponse(request, DETAIL_PAGE, _detail(request, pending))


@require_POST
@contributor_required
def pending_edit_accept(request, pk):
    pending = _get_pending_for(request, pk)
    check_can_review_pending_edit(request.user, pending)
    form = AcceptPendingEditForm(request.POST)
    if not form.is_valid():
        context = _detail(request, pending, accept_form=form)
        return TemplateResponse(request, DETAIL_PAGE, context, status=400)
    data = form.cleaned_data
    revisions = (
        pending.dossier.revisions
        if pending.is_description
        else pending.section.revisions
    )
    base = revisions.filter(pk=data["base_revision"]).first()
    try:
        result = services.accept_pending_edit(
            pending,
            reviewer=request.user,
            title=data["title"],
            text=data["text"],
            base_revision=base,
        )
    except (ValidationError, PermissionDenied) as error:
        status = form.refuse(error)
        context = _detail(request, pending, accept_form=form)
        return TemplateResponse(request, DETAIL_PAGE, context, status=status)
    if result.conflict:
        # Nothing saved: both texts side by side, the editor holding the
        # merged text, based on the revision saved meanwhile.
        conflict = result.conflict
        text = "summary" if pending.is_description else "text"
        current = revisions.get(number=conflict.current_number)
        form = AcceptPendingEditForm(
            initial={
                "title": conflict.merged["title"],
                "text": conflict.merged[text],
                "base_revision": current.pk,
            }
        )
        context = _detail(
            request,
            pending,
            accept_form=form,
            conflict=conflict,
            conflict_theirs=conflict.theirs[text],
            conflict_mine=conflict.mine[text],
        )
        return TemplateResponse(request, DETAIL_PAGE, context, status=409)
    messages.success(
        request,
        _("Edit accepted: “%(title)s” now shows it.") % {"title": result.pending.title},
    )
    return redirect("pending-edit-list")


@require_POST
@contributor_required
def pending_edit_refuse(request, pk):
    pending = _get_pending_for(request, pk)
    check_can_review_pending_edit(request.user, pending)
    form = RefusePendingEditForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.refuse_pending_edit(
                pending, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Edit refused; its author is told why."))
            return redirect("pending-edit-list")
    context = _detail(request, pending, refuse_form=form)
    return TemplateResponse(request, DETAIL_PAGE, context, status=status)
