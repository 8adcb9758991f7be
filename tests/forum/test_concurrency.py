"""Counters stay right when many people act at the same moment."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from forum import services
from forum.models import Category, Post, Thread
from tests.factories import make_user

WORKERS = 8


def run_concurrently(function, arguments):
    def call(argument):
        try:
            return function(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(call, arguments))


@pytest.fixture
def shared_thread(transactional_db, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 100
    category = Category.objects.create(name="Villes", slug="villes")
    return services.create_thread(
        category=category, author=make_user("kanopai"), title="Reims", body="Début"
    )


def test_concurrent_replies_count_every_post(shared_thread):
    users = [make_user(f"u{i}") for i in range(WORKERS)]
    run_concurrently(
        lambda user: services.post_reply(shared_thread, author=user, body="Réponse"),
        users,
    )
    shared_thread.refresh_from_db()
    assert shared_thread.post_count == WORKERS + 1
    assert Post.objects.filter(thread=shared_thread).count() == WORKERS + 1


def test_concurrent_thanks_count_once_each(shared_thread):
    post = shared_thread.posts.get()
    users = [make_user(f"u{i}") for i in range(WORKERS)]
    # Every user twice, at once: one thanks each.
    results = run_concurrently(
        lambda user: services.thank_post(post, user=user), users + users
    )
    post.refresh_from_db()
    assert post.thanks_count == WORKERS == post.thanks.count()
    assert results.count(True) == WORKERS


def test_concurrent_posts_respect_the_rate_limit(shared_thread, settings):
    settings.CARRE_POSTS_PER_MINUTE = 3
    user = make_user("rapide")

    def reply(index):
        try:
            services.post_reply(shared_thread, author=user, body=f"n°{index}")
            return True
        except services.RateLimited:
            return False

    results = run_concurrently(reply, range(WORKERS))
    assert results.count(True) == 3
    assert Thread.objects.get().post_count == 4


def test_a_reader_does_not_wait_for_a_reply_being_written(shared_thread):
    """The reply locks its thread FOR NO KEY UPDATE: a reader's first read
    marker (a row referencing the thread) goes in while the reply's
    transaction is still open. A lock timeout turns a wait into a failure."""
    writing = threading.Event()
    reader_done = threading.Event()
    first_post = shared_thread.posts.get()
    reader = make_user("lectrice")

    def write_reply():
        try:
            with transaction.atomic():
                services.post_reply(shared_thread, author=make_user("auteur"), body="…")
                writing.set()
                reader_done.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=write_reply)
    writer.start()
    try:
        assert writing.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            services.mark_thread_read(
                shared_thread, user=reader, up_to_post_id=first_post.pk
            )
    finally:
        reader_done.set()
        writer.join()
    assert shared_thread.read_states.filter(user=reader).exists()
