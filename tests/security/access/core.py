"""Project-wide pages (carre/urls.py) and Django's language switch."""

from tests.security.access import everyone

ROUTES = {
    "home": {"GET": everyone("ok"), "POST": everyone("refused")},
    "healthz": {"GET": everyone("ok"), "POST": everyone("refused")},
    # A permanent redirect to the static icon, whatever the method.
    "favicon": {
        "GET": everyone("redirect"),
        "POST": everyone("redirect"),
        "PUT": everyone("redirect"),
        "DELETE": everyone("redirect"),
    },
    # Django's set_language only acts on POST; GET just redirects back. It is
    # open to everyone and only sets the language cookie.
    "set_language": {
        "GET": everyone("redirect"),
        "POST": everyone("redirect"),
        "PUT": everyone("redirect"),
        "DELETE": everyone("redirect"),
    },
}
