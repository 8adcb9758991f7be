"""Project-wide pages (carre/urls.py) and Django's language switch."""

from tests.security.access import everyone

ROUTES = {
    "home": {"GET": everyone("ok"), "POST": everyone("refused")},
    "healthz": {"GET": everyone("ok"), "POST": everyone("refused")},
    "guide": {"GET": everyone("ok"), "POST": everyone("refused")},
    # A permanent redirect to the static icon, whatever the method.
    "favicon": {
        "GET": everyone("redirect"),
        "POST": everyone("redirect"),
        "PUT": everyone("redirect"),
        "DELETE": everyone("redirect"),
    },
    "sitemap": {"GET": everyone("ok"), "POST": everyone("refused")},
    "sitemap-section": {
        "kwargs": lambda world: {"section": "dossiers"},
        "GET": everyone("ok"),
        "POST": everyone("refused"),
    },
    # The API's addresses before v1 lead to /api/v1/…, whatever the method.
    "api-legacy": {
        "kwargs": lambda world: {"rest": "forum/threads"},
        "GET": everyone("redirect"),
        "POST": everyone("redirect"),
    },
    # Django's set_language only acts on POST; GET just redirects back. It is
    # open to everyone and only sets the language cookie. No CSRF token (the
    # form is on every anonymous page, which would then set a cookie): a
    # cross-site post is refused by its Sec-Fetch-Site/Origin headers instead
    # (tests/carre/test_views.py).
    "set_language": {
        "csrf_exempt": "checked by Sec-Fetch-Site/Origin, not a token",
        "GET": everyone("redirect"),
        "POST": everyone("redirect"),
        "PUT": everyone("redirect"),
        "DELETE": everyone("redirect"),
    },
}
