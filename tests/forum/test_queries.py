"""The reply's query budget: exact counts, so that a query added to the path
is a decision (docs/performance.md, "Thread and reply").

The scenario is the costly common case: a contributor past the new-user queue,
rate limits on (their shipped values), a thread with watchers, a reply that
quotes a post and mentions someone. The task backend is django-tasks-db, as in
production: the notification fan-out costs the request one task row.
"""

import uuid

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from forum import services
from forum.models import Post
from notifications.models import Notification
from tests.factories import make_user


@pytest.fixture
def shipped_limits(settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 2
    settings.CARRE_POSTS_PER_MINUTE = 6
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def busy_thread(thread, other_contributor, shipped_limits):
    """A watched thread where `other_contributor` has posted before."""
    for n in range(3):
        services.watch_thread(
            thread,
            user=make_user(email=f"lecteur{n}@example.org", email_notifications=True),
        )
    make_user("mathilde", email="mathilde@example.org", email_notifications=True)
    quoted = services.post_reply(
        thread,
        author=make_user("elu"),
        body="Le logiciel a coûté 210 000 €.",
        enforce_limits=False,
    )
    for n in range(2):
        services.post_reply(
            thread, author=other_contributor, body=f"Avant {n}", enforce_limits=False
        )
    thread.quoted = quoted
    return thread


def reply_body(thread) -> str:
    return (
        f"[quote={thread.quoted.pk}]\nLe logiciel a coûté 210 000 €.\n[/quote]\n\n"
        "@mathilde, le maire parle de 60 000 €."
    )


def test_post_reply_queries(busy_thread, other_contributor, django_assert_num_queries):
    # Was 41 (12 of them SAVEPOINT/RELEASE). Now one transaction: BEGIN, the
    # thread's lock, the moderator check, the rate limit (account lock, the
    # author's newest posts, which also answer the new-user queue), the
    # quoted post and the mentioned user, post, revision, quote, mention,
    # subscription (upsert), draft, thread counters, the fan-out task row,
    # read state (upsert), the token claimed with the post (an upsert),
    # COMMIT.
    with django_assert_num_queries(18):
        services.post_reply(
            busy_thread,
            author=other_contributor,
            body=reply_body(busy_thread),
            submission=uuid.uuid4(),
        )
    # The fan-out waits in the queue, written with the post.
    assert DBTaskResult.objects.filter(
        task_path="forum.tasks.notify_post_published"
    ).exists()
    assert not Notification.objects.filter(verb=Notification.Verb.REPLY).exists()


def test_reply_request_queries(
    client, busy_thread, other_contributor, django_assert_num_queries
):
    client.force_login(other_contributor)
    url = reverse("post-create", args=[busy_thread.pk])
    client.get(reverse("thread-detail", args=[busy_thread.pk]))
    # Was 48. The service's 18, plus the session, the user, and for the new
    # post's fragment its quotes, its mentioned users (linked to their
    # profiles) and its provenance; less the moderator check, loaded with the
    # user (accounts/backends.py). The thread is read once, by the service's
    # lock (the view loads it only to show a refused form again).
    with django_assert_num_queries(22):
        response = client.post(
            url,
            {"body": reply_body(busy_thread), "submission": str(uuid.uuid4())},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    post = Post.objects.get(body=reply_body(busy_thread))
    assert f'id="post-{post.pk}"' in response.content.decode()


def test_reply_fan_out_reaches_everyone_once(busy_thread, other_contributor, settings):
    """With the task run at once (the test backend), each person hears once,
    for the closest reason; the author hears nothing."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    post = services.post_reply(
        busy_thread, author=other_contributor, body=reply_body(busy_thread)
    )
    received = Notification.objects.filter(url=post.get_absolute_url())
    verbs = dict(received.values_list("recipient__username", "verb"))
    assert verbs.pop("mathilde") == Notification.Verb.MENTION
    assert verbs.pop("elu") == Notification.Verb.QUOTE
    assert "css" not in verbs
    # The thread's author and the three readers who watch it.
    assert sorted(verbs.values()) == [Notification.Verb.REPLY] * 4
    assert received.count() == 6


def test_plain_reply_request_queries(
    client, busy_thread, other_contributor, django_assert_num_queries
):
    # Without JavaScript: the service's 18 (less the moderator check, loaded
    # with the user), the session and the user; nothing is rendered, and the
    # redirect names the last page instead of counting the post's.
    client.force_login(other_contributor)
    client.get(reverse("thread-detail", args=[busy_thread.pk]))
    with django_assert_num_queries(19):
        response = client.post(
            reverse("post-create", args=[busy_thread.pk]),
            {"body": reply_body(busy_thread), "submission": str(uuid.uuid4())},
        )
    post = Post.objects.get(body=reply_body(busy_thread))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
