import pytest

from forum import services
from forum.tasks import notify_post_published
from notifications.models import Notification
from tests.factories import make_user


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database, as in production, until a test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_notify_post_published_run_twice_notifies_once(
    thread, other_contributor, queued_tasks
):
    mathilde = make_user("mathilde")
    post = services.post_reply(
        thread, author=other_contributor, body="@mathilde, vous avez vu ?"
    )
    assert not Notification.objects.exists()  # waiting for the worker
    notify_post_published.call(post.pk)
    notify_post_published.call(post.pk)
    received = Notification.objects.filter(url=post.get_absolute_url())
    assert sorted(received.values_list("recipient", "verb")) == sorted(
        [
            (mathilde.pk, Notification.Verb.MENTION),
            (thread.author_id, Notification.Verb.REPLY),
        ]
    )


def test_notify_post_published_skips_a_post_deleted_meanwhile(
    thread, other_contributor, moderator, queued_tasks
):
    post = services.post_reply(thread, author=other_contributor, body="Un doublon.")
    services.delete_post(post, by=moderator, reason="doublon")
    assert notify_post_published.call(post.pk) == "skipped"
    assert not Notification.objects.filter(verb=Notification.Verb.REPLY).exists()
