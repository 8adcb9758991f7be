"""Search across posts, dossiers and sources (search/urls.py)."""

from tests.security.access import everyone

ROUTES = {
    "search": {"GET": everyone("ok"), "POST": everyone("refused")},
}
