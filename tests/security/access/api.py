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

# The API is read-only and public: it shows what an anonymous reader sees.
PUBLIC_READ = {"GET": everyone("ok"), "POST": everyone("refused")}

ROUTES = {
    "api:list_categories": PUBLIC_READ,
    "api:list_threads": PUBLIC_READ,
    "api:get_thread": {"kwargs": {"thread_id": "thread.pk"}, **PUBLIC_READ},
    "api:list_posts": {"kwargs": {"thread_id": "thread.pk"}, **PUBLIC_READ},
    "api:list_dossiers": PUBLIC_READ,
    # A draft dossier is for signed-in contributors only, never in the API,
    # whoever asks (the API ignores the session).
    "api:get_dossier": {
        "kwargs": {"slug": "draft_dossier.slug"},
        "GET": everyone("hidden"),
        "POST": everyone("refused"),
    },
    "api:dossier_facts": {
        "kwargs": {"slug": "draft_dossier.slug"},
        "GET": everyone("hidden"),
        "POST": everyone("refused"),
    },
    "api:map_markers": PUBLIC_READ,
    "api:list_sources": PUBLIC_READ,
    "api:get_source": {"kwargs": {"key": "source.key"}, **PUBLIC_READ},
    # The exports in the API: published dossiers only, whoever asks.
    "api:dossier_export_markdown": {
        "kwargs": {"slug": "draft_dossier.slug"},
        "GET": everyone("hidden"),
        "POST": everyone("refused"),
    },
    "api:dossier_export_json": {
        "kwargs": {"slug": "draft_dossier.slug"},
        "GET": everyone("hidden"),
        "POST": everyone("refused"),
    },
    "api:deployments_csv": PUBLIC_READ,
    "api:list_deployments": PUBLIC_READ,
    "api:map_geojson": PUBLIC_READ,
    "api:openapi-json": READ_ONLY_ANY_METHOD,
    "api:openapi-view": READ_ONLY_ANY_METHOD,
    "api:api-root": {
        "GET": everyone("hidden"),
        "POST": everyone("hidden"),
        "PUT": everyone("hidden"),
        "DELETE": everyone("hidden"),
    },
}
