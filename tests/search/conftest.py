import pytest
from django.contrib.auth.models import AnonymousUser

from dossiers import services as dossier_services
from forum import services as forum_services
from forum.models import Category
from search.queries import Criteria, search
from sources import services as source_services


@pytest.fixture(autouse=True)
def _no_queue(settings):
    # New accounts' posts would wait for moderation; these tests are about search.
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0


def make_dossier(author, title="Reims", *, status="published", **fields):
    return dossier_services.create_dossier(
        author=author,
        title=title,
        kind=fields.pop("kind", "city"),
        status=status,
        **fields,
    )


def make_thread(author, title, body):
    category, _ = Category.objects.get_or_create(
        slug="villes", defaults={"name": "Villes"}
    )
    return forum_services.create_thread(
        category=category,
        author=author,
        title=title,
        body=body,
        enforce_limits=False,
    )


def make_source(author, key, **fields):
    return source_services.add_source_manually(
        added_by=author, key=key, title=fields.pop("title", key), **fields
    )


def titles(user, text, **criteria):
    """The titles found for `text`, best first."""
    user = user or AnonymousUser()
    return [hit.title for hit in search(user, Criteria(text=text, **criteria)).hits]
