"""The moderators' page of a person's trust level (accounts/trust.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import trust
from accounts.forms import TrustLevelForm
from accounts.models import User
from accounts.permissions import contributor_required


@require_http_methods(["GET", "POST"])
@contributor_required
def account_trust(request, pk):
    """What a person did, the level it earns, and the moderator's override."""
    account = get_object_or_404(User, pk=pk, deleted_at__isnull=True)
    trust.check_can_set_trust_level(request.user, account)
    form = TrustLevelForm(
        request.POST or None, initial={"level": account.trust_level_override}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                trust.set_trust_level(
                    account,
                    moderator=request.user,
                    level=form.cleaned_data["level"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Trust level saved."))
                return redirect("account-trust", pk=account.pk)
    level = trust.trust_level(account)
    context = {
        "account": account,
        "level": level,
        "level_name": trust.level_name(level),
        "earned": trust.computed_level(account),
        "days": (timezone.now() - account.date_joined).days,
        "thresholds": [
            (lvl, trust.level_name(lvl), days, contributions)
            for lvl, (days, contributions) in trust.thresholds().items()
        ],
        "flag_penalty": settings.CARRE_TRUST_FLAG_PENALTY,
        "publish_level": settings.CARRE_TRUST_PUBLISH_LEVEL,
        "review_level": settings.CARRE_TRUST_REVIEW_LEVEL,
        "form": form,
    }
    return TemplateResponse(
        request, "accounts/account_trust.html", context, status=status
    )
