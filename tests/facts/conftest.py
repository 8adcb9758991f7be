import pytest

from dossiers import services as dossier_services
from dossiers.models import Dossier
from forum import services as forum_services
from forum.models import Category
from sources import services as source_services


def make_dossier(author, *, title="Reims", status="published", **fields):
    return dossier_services.create_dossier(
        author=author,
        title=title,
        kind=fields.pop("kind", "city"),
        status=status,
        **fields,
    )


def make_source(user, key, **fields):
    return source_services.add_source_manually(
        added_by=user, key=key, title=fields.pop("title", key), **fields
    )


def make_post(author, body, *, title="Reims : vidéosurveillance"):
    category, _ = Category.objects.get_or_create(
        slug="villes", defaults={"name": "Villes"}
    )
    thread = forum_services.create_thread(
        category=category, author=author, title=title, body=body, enforce_limits=False
    )
    return thread.posts.get()


@pytest.fixture
def dossier(contributor):
    return make_dossier(
        contributor, title="Reims", place="Reims", latitude=49.2583, longitude=4.0317
    )


@pytest.fixture
def draft_dossier(contributor):
    return make_dossier(contributor, title="Brouillon", status=Dossier.Status.DRAFT)


@pytest.fixture
def council_video(contributor):
    return make_source(contributor, "conseil-reims-2023", title="Conseil municipal")


@pytest.fixture
def report(contributor):
    return make_source(contributor, "rapport-an-2023", title="Rapport parlementaire")
