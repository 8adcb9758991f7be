from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.permissions import is_moderator

# Paths a moderator without two-factor can still reach: enough to set it up.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class ModeratorTwoFactorMiddleware:
    """With CARRE_MODERATOR_2FA_REQUIRED, moderators must enable TOTP first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.CARRE_MODERATOR_2FA_REQUIRED
            and not request.path.startswith(ALLOWED_PREFIXES)
            and is_moderator(request.user)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Moderators must enable two-factor authentication to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
