import pytest

from dossiers import services as dossier_services
from tests.facts.conftest import make_dossier, make_post

# Addresses on loopback: the source fetcher refuses them at once, no network.
BODY = (
    "Au conseil du 30 janvier 2023, le maire annonce 60 000 € pour Savari.\n\n"
    "Vidéo : http://127.0.0.1:9/reims/conseil-2023-01-30?utm_source=x\n"
    "Article : <http://127.0.0.1:9/streetpress/reims-thales>."
)


@pytest.fixture
def dossier(contributor):
    return make_dossier(contributor, title="Reims", place="Reims")


@pytest.fixture
def post(contributor):
    return make_post(contributor, BODY)


@pytest.fixture
def section(dossier, contributor):
    return dossier_services.add_section(
        dossier, editor=contributor, title="Expérimentation Savari", text="Début."
    )
