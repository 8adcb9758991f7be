import time
from datetime import UTC, datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from accounts.permissions import must_use_two_factor

# The last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """End signed-in sessions idle for CARRE_SESSION_IDLE_TIMEOUT seconds.

    Also ends sessions older than SESSION_COOKIE_AGE, whatever the session
    backend (the database backend already refuses them): activity never
    extends a session past its absolute end, fixed at login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            last_seen = session.get("carre_last_seen", now)
            login_at = session.get("carre_login_at", now)
            if (
                now - last_seen > settings.CARRE_SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(
                    request, _("Your session ended. Please log in again to continue.")
                )
            else:
                # Sessions opened before this middleware existed start now.
                session.setdefault("carre_login_at", login_at)
                if now - session.get("carre_last_seen", 0) >= LAST_SEEN_RESOLUTION:
                    session["carre_last_seen"] = now
                self.fix_expiry(session, login_at)
        return self.get_response(request)

    @staticmethod
    def fix_expiry(session, login_at: int) -> None:
        """Pin the session's end to login time + SESSION_COOKIE_AGE.

        allauth's "remember me" sets a sliding expiry (seconds from the last
        save) after login; a fixed date keeps activity from extending it.
        "Don't remember me" (expire at browser close) is left alone: the
        absolute check above still ends such a session in time.
        """
        expiry = session.get("_session_expiry")
        if isinstance(expiry, int) and expiry > 0:
            end = login_at + settings.SESSION_COOKIE_AGE
            session.set_expiry(datetime.fromtimestamp(end, tz=UTC))


class ModeratorTwoFactorMiddleware:
    """With CARRE_MODERATOR_2FA_REQUIRED, staff and moderators set up TOTP first.

    Staff, superusers and moderators without a TOTP authenticator are sent to
    allauth's TOTP set-up from every page but the ones they need on the way
    (`allowed_prefixes`): logout, re-authentication, the 2FA pages, the
    security page, static and uploaded files, the health check and the
    language switch. Contributors are never asked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.CARRE_MODERATOR_2FA_REQUIRED
            and must_use_two_factor(request.user)
            and not request.path.startswith(allowed_prefixes())
            and not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
        ):
            messages.warning(request, TWO_FACTOR_REQUIRED)
            target = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)


TWO_FACTOR_REQUIRED = gettext_lazy(
    "Your account can moderate or administer the site, so it must be protected "
    "by two-factor authentication. Set up an authenticator app to continue."
)


def allowed_prefixes() -> tuple[str, ...]:
    """Paths an account waiting for two-factor set-up may still open."""
    return (
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("mfa_index"),  # /accounts/2fa/: set-up, recovery codes
        reverse("account-security"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
        reverse("healthz"),
        reverse("set_language"),
    )


class UserLanguageMiddleware:
    """Speak the language chosen in the profile, unless the switch said otherwise.

    LocaleMiddleware (earlier in the chain) picks the language from the switch's
    cookie or the browser; for signed-in users without that cookie, the profile
    preference wins over the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
