import time
from datetime import UTC, datetime

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.permissions import is_moderator

# Paths a moderator without two-factor can still reach: enough to set it up.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")
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
