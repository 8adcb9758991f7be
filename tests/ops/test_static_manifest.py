"""The Docker image serves collected, hashed static files (CARRE_STATIC_MANIFEST=1,
collectstatic at build): collecting must succeed, and every page must find each
file it links to, or the build fails or the page answers 500."""

import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

PAGES = ["/", "/forum/", "/dossiers/", "/search/?q=Savari", "/map/", "/accounts/login/"]


def test_pages_render_with_collected_static_files(client, db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert staticfiles_storage.hashed_files

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        # Hashed names, e.g. /static/css/carre.4f2a1c9e8b7d.css
        assert re.search(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(css|js)", response.text)
