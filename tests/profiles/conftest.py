import pytest

from forum import services as forum_services
from forum.models import Category


@pytest.fixture(autouse=True)
def open_settings(settings):
    """No review queue for new accounts: the posts and edits here publish."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 100
    return settings


@pytest.fixture
def thread(contributor):
    category = Category.objects.create(name="Villes", slug="villes")
    return forum_services.create_thread(
        category=category,
        author=contributor,
        title="Reims : le logiciel Savari",
        body="La ville a testé le logiciel Savari de Thales en 2021.",
    )
