import json

from allauth.account import views as allauth_views
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts import services
from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.permissions import must_use_two_factor
from carre.cache import is_reachable


class SignupView(allauth_views.SignupView):
    """allauth's sign-up page; a username taken a moment ago is a form error.

    The form is shown again with what was typed (passwords excepted, as
    always), rather than a server error (see accounts.forms.SignupForm).
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


signup = SignupView.as_view()

LOGIN_LIMITS_UNAVAILABLE = gettext_lazy(
    "Logging in is unavailable for a moment (the login limits cannot be "
    "checked). Please try again in a few minutes."
)


class LoginView(allauth_views.LoginView):
    """allauth's login page, closed while the cache is down (fails closed).

    allauth counts failed logins in the cache (carre/cache.py); without it,
    every attempt would be allowed, so no password is checked until it is
    back. The form comes back with what was typed and says why, with a 503.
    """

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and not is_reachable(cache):
            form = self.get_form()
            # Marked invalid without running clean(), which would authenticate.
            form.cleaned_data, form._errors = {}, ErrorDict()
            form.add_error(None, LOGIN_LIMITS_UNAVAILABLE)
            response = self.form_invalid(form)
            response.status_code = 503
            response["Retry-After"] = "60"
            return response
        return super().dispatch(request, *args, **kwargs)


login = LoginView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("profile-edit")
    return TemplateResponse(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_sessions(request):
    """Show how many other sessions are open; end them on request."""
    current = request.session.session_key
    if request.method == "POST":
        ended = services.end_other_sessions(request.user, current_session_key=current)
        messages.success(
            request,
            ngettext(
                "%(count)d other session was logged out.",
                "%(count)d other sessions were logged out.",
                ended,
            )
            % {"count": ended},
        )
        # The security page holds the same button, and brings the user back.
        if request.POST.get("from") == "security":
            return redirect("account-security")
        return redirect("account-sessions")
    others = services.other_sessions(request.user, current_session_key=current)
    return TemplateResponse(
        request, "accounts/account_sessions.html", {"other_sessions": others}
    )


@never_cache
@login_required
@require_safe
def account_security(request):
    """One page for password, two-factor authentication, sessions and data."""
    user = request.user
    current = request.session.session_key
    return TemplateResponse(
        request,
        "accounts/account_security.html",
        {
            "totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).first(),
            "has_recovery_codes": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).exists(),
            "two_factor_required": settings.CARRE_MODERATOR_2FA_REQUIRED
            and must_use_two_factor(user),
            "current_session": services.current_session(user, session_key=current),
            "other_sessions": services.other_sessions(
                user, current_session_key=current
            ),
        },
    )


@login_required
@require_safe
def account_data(request):
    return TemplateResponse(request, "accounts/account_data.html")


@never_cache
@login_required
@require_safe
def account_export(request):
    """The user's data as a JSON download."""
    data = services.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"carre-{timezone.now():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(
            request,
            _("Your account was deleted. Your contributions stay, without your name."),
        )
        return redirect("home")
    return TemplateResponse(
        request,
        "accounts/account_delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
