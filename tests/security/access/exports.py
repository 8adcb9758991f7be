"""Downloads and feeds (exports/urls.py): a dossier as Markdown or JSON, every
deployment as CSV, the map as GeoJSON, Atom feeds of dossier changes; and
robots.txt (exports/sitemaps.py)."""

from tests.security.access import everyone, signed_in

READ = {"GET": everyone("ok"), "POST": everyone("refused")}
# Django's syndication views answer every method with the same feed.
FEED = {
    "GET": everyone("ok"),
    "POST": everyone("ok"),
    "PUT": everyone("ok"),
    "DELETE": everyone("ok"),
}
# A dossier's exports follow its page: a draft for signed-in contributors.
DRAFT_EXPORT = {
    "kwargs": {"slug": "draft_dossier.slug"},
    "GET": signed_in("ok", otherwise="hidden"),
    "POST": everyone("refused"),
}

ROUTES = {
    "dossier-export-markdown": DRAFT_EXPORT,
    "dossier-export-json": DRAFT_EXPORT,
    "dossier-changes-feed": FEED,
    # Only a published dossier has a feed.
    "dossier-feed": {
        "kwargs": {"slug": "draft_dossier.slug"},
        **dict.fromkeys(("GET", "POST", "PUT", "DELETE"), everyone("hidden")),
    },
    "deployments-csv": READ,
    "map-geojson": READ,
    "robots-txt": READ,
}
