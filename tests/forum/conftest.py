import pytest

from forum import services
from forum.models import Category


@pytest.fixture(autouse=True)
def forum_settings(settings):
    """No new-user queue and a generous rate limit, unless a test says otherwise."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 100
    return settings


@pytest.fixture
def category(db):
    return Category.objects.create(name="Villes", slug="villes")


@pytest.fixture
def other_category(db):
    return Category.objects.create(name="Fournisseurs", slug="fournisseurs")


@pytest.fixture
def thread(category, contributor):
    return services.create_thread(
        category=category,
        author=contributor,
        title="Reims : le logiciel Savari",
        body="La ville a testé le logiciel Savari de Thales en 2021.",
    )


@pytest.fixture
def first_post(thread):
    return thread.posts.get()


@pytest.fixture
def reply(thread, other_contributor):
    return services.post_reply(
        thread, author=other_contributor, body="Combien a coûté ce logiciel ?"
    )
