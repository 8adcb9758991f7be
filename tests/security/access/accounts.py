"""Accounts: allauth's pages (login, signup, password, email, 2FA) and ours.

allauth's form views answer PUT the way they answer POST (the form, invalid
when empty); nothing changes with an empty body.
"""

from tests.security.access import anonymous_only, everyone, moderators, signed_in

# A signed-in user's pages; "suspended" is anonymous to Django.
PRIVATE = signed_in("ok")
PRIVATE_FORM = {
    "GET": PRIVATE,
    "POST": signed_in("allowed"),
    "PUT": signed_in("allowed"),
}
PRIVATE_PAGE = {"GET": PRIVATE, "POST": signed_in("refused")}
# Steps that only make sense in the middle of a login flow send others on.
FLOW_STEP = {
    "GET": signed_in("redirect"),
    "POST": signed_in("redirect"),
    "PUT": signed_in("redirect"),
    "DELETE": signed_in("redirect"),
}
PUBLIC_PAGE = {"GET": everyone("ok"), "POST": everyone("refused")}

ROUTES = {
    "account_login": {
        "GET": anonymous_only("ok"),
        "POST": anonymous_only("allowed"),
        "PUT": anonymous_only("allowed"),
        "DELETE": anonymous_only("refused"),
    },
    "account_signup": {
        "GET": anonymous_only("ok"),
        "POST": anonymous_only("allowed"),
        "PUT": anonymous_only("allowed"),
        "DELETE": anonymous_only("refused"),
    },
    # GET shows a confirmation form; only POST logs out.
    "account_logout": {
        "GET": signed_in("ok", otherwise="redirect"),
        "POST": everyone("redirect"),
    },
    "account_inactive": PUBLIC_PAGE,
    "account_reauthenticate": {**PRIVATE_FORM, "DELETE": signed_in("refused")},
    # Changing email requires re-authentication (tests/security/test_sessions.py).
    "account_email": {
        "GET": PRIVATE,
        "POST": signed_in("redirect"),
        "PUT": signed_in("redirect"),
        "DELETE": signed_in("refused"),
    },
    "account_email_verification_sent": PUBLIC_PAGE,
    "account_confirm_email": {
        "kwargs": lambda world: {"key": "invalid-key"},
        "GET": everyone("ok"),
        "POST": everyone("hidden"),
        "PUT": everyone("refused"),
        "DELETE": everyone("refused"),
    },
    "account_change_password": {**PRIVATE_FORM, "DELETE": signed_in("refused")},
    # Users who have a password are sent to "change password".
    "account_set_password": {
        "GET": signed_in("redirect"),
        "POST": signed_in("redirect"),
        "PUT": signed_in("redirect"),
        "DELETE": signed_in("not_ok"),
    },
    "account_reset_password": {
        "GET": everyone("ok"),
        "POST": everyone("allowed"),
        "PUT": everyone("allowed"),
        "DELETE": everyone("refused"),
    },
    "account_reset_password_done": PUBLIC_PAGE,
    "account_reset_password_from_key": {
        # A bad key shows the "invalid link" page, whatever the method.
        "kwargs": lambda world: {"uidb36": "zz", "key": "invalid-key"},
        "GET": everyone("ok"),
        "POST": everyone("ok"),
        "PUT": everyone("ok"),
        "DELETE": everyone("ok"),
    },
    "account_reset_password_from_key_done": PUBLIC_PAGE,
    "account_confirm_login_code": {
        "GET": signed_in("redirect", otherwise="login"),
        "POST": signed_in("redirect", otherwise="login"),
        "PUT": signed_in("redirect", otherwise="login"),
        "DELETE": signed_in("redirect", otherwise="login"),
    },
    "mfa_index": {"GET": PRIVATE, "POST": signed_in("refused")},
    "mfa_authenticate": FLOW_STEP,
    "mfa_reauthenticate": FLOW_STEP,
    # Activating TOTP asks for re-authentication first (a redirect).
    "mfa_activate_totp": FLOW_STEP,
    "mfa_generate_recovery_codes": FLOW_STEP,
    # Without TOTP there is nothing to deactivate or view: 404.
    "mfa_deactivate_totp": {
        "GET": signed_in("hidden"),
        "POST": signed_in("hidden"),
        "PUT": signed_in("hidden"),
        "DELETE": signed_in("hidden"),
    },
    "mfa_view_recovery_codes": {
        "GET": signed_in("hidden"),
        "POST": signed_in("refused"),
    },
    "mfa_download_recovery_codes": {
        "GET": signed_in("hidden"),
        "POST": signed_in("hidden"),
        "PUT": signed_in("hidden"),
        "DELETE": signed_in("hidden"),
    },
    # Carré's own account pages (accounts/urls.py).
    "profile-edit": {"GET": PRIVATE, "POST": signed_in("allowed")},
    # A person's trust level: moderators and staff, never their own.
    "account-trust": {
        "kwargs": {"pk": "new_contributor.pk"},
        "GET": moderators("ok"),
        "POST": moderators("allowed", anonymous="denied"),
    },
    "account-security": PRIVATE_PAGE,
    "account-sessions": {"GET": PRIVATE, "POST": signed_in("redirect")},
    "account-data": PRIVATE_PAGE,
    "account-export": PRIVATE_PAGE,
    # An empty POST is a wrong password: 400, nothing deleted.
    "account-delete": {"GET": PRIVATE, "POST": signed_in(400)},
}
