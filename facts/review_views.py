"""The review pages of pending fact edits (facts/review.py): the queue at
/facts/review/, each edit with its field-by-field table, accepted or refused
with a reason by moderators and trusted contributors. Plain pages and forms:
a decision redirects to the queue with a message; a refusal by the service
shows the page again (a conflict with a newer edit answers 409)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import contributor_required
from dossiers.permissions import can_review, check_can_view_pending_edit
from facts import review, services
from facts.models import PendingFactEdit

LIST_LIMIT = 100
REASON_MAX_LENGTH = 500


def _get_pending_for(request, pk: int) -> PendingFactEdit:
    pending = get_object_or_404(
        PendingFactEdit.objects.select_related("dossier", "author", "reviewed_by"),
        pk=pk,
    )
    check_can_view_pending_edit(request.user, pending)
    return pending


@require_safe
@contributor_required
def fact_review_list(request):
    """Reviewers: every fact edit awaiting review; everyone else: their own."""
    user = request.user
    edits = PendingFactEdit.objects.select_related("dossier", "author")
    reviewer = can_review(user)
    queue = (
        edits.filter(status=PendingFactEdit.Status.PENDING).exclude(author=user)
        if reviewer
        else edits.none()
    )
    own = edits.filter(author=user).order_by("-created_at")
    return TemplateResponse(
        request,
        "facts/pendingfactedit_list.html",
        {
            "queue": list(queue[:LIST_LIMIT]),
            "own": list(own[:LIST_LIMIT]),
            "reviewer": reviewer,
        },
    )


def _detail(request, pending, *, status=200, error="", conflict=False, reason=""):
    fact = review.current_fact(pending)
    return TemplateResponse(
        request,
        "facts/pendingfactedit_detail.html",
        {
            "pending": pending,
            "dossier": pending.dossier,
            "fact": fact,
            "kind_name": services.fact_model(pending.kind)._meta.verbose_name,
            "rows": review.value_rows(pending, fact),
            "outdated": fact is not None and fact.version != pending.base_version,
            "reviewable": pending.is_pending
            and can_review(request.user)
            and pending.author_id != request.user.pk,
            "error": error,
            "conflict": conflict,
            "reason": reason,
        },
        status=status,
    )


@require_safe
@contributor_required
def fact_review_detail(request, pk):
    return _detail(request, _get_pending_for(request, pk))


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
@contributor_required
def fact_review_accept(request, pk):
    pending = _get_pending_for(request, pk)
    try:
        review.accept_fact_edit(pending, reviewer=request.user)
    except services.FactConflict as conflict:
        pending.refresh_from_db()
        return _detail(
            request, pending, status=409, error=str(conflict.message), conflict=True
        )
    except PermissionDenied as error:
        return _detail(request, pending, status=403, error=str(error))
    except ValidationError as error:
        pending.refresh_from_db()
        return _detail(request, pending, status=400, error=_message(error))
    messages.success(request, _("Fact edit accepted and published."))
    return redirect("fact-review-list")


@require_POST
@contributor_required
def fact_review_refuse(request, pk):
    pending = _get_pending_for(request, pk)
    reason = request.POST.get("reason", "")[: REASON_MAX_LENGTH * 2]
    try:
        review.refuse_fact_edit(pending, reviewer=request.user, reason=reason)
    except PermissionDenied as error:
        return _detail(request, pending, status=403, error=str(error), reason=reason)
    except ValidationError as error:
        pending.refresh_from_db()
        return _detail(
            request, pending, status=400, error=_message(error), reason=reason
        )
    messages.success(request, _("Edit refused; its author is told why."))
    return redirect("fact-review-list")
