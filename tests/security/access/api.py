"""The read-only API (django-ninja, carre/api.py and <app>/api.py)."""

from tests.security.access import everyone

# ninja's schema and docs views answer any method with the same read-only
# document; they change nothing.
READ_ONLY_ANY_METHOD = {
    "GET": everyone("ok"),
    "POST": everyone("ok"),
    "PUT": everyone("ok"),
    "DELETE": everyone("ok"),
}
READ_ONLY = {"GET": everyone("ok"), "POST": everyone("refused")}

ROUTES = {
    "api:openapi-json": READ_ONLY_ANY_METHOD,
    "api:openapi-view": READ_ONLY_ANY_METHOD,
    "api:api-root": {
        "GET": everyone("hidden"),
        "POST": everyone("hidden"),
        "PUT": everyone("hidden"),
        "DELETE": everyone("hidden"),
    },
}
