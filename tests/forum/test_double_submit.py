"""A reply or a thread sent twice (double click, resent request) is written once.

Each form carries a one-time token; the second submission is answered like
the first one (a redirect to the same post or thread), not with an error.
"""

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from carre.models import FormSubmission
from carre.submissions import AlreadySubmitted
from forum import services
from forum.models import Category, Post, Thread
from tests.factories import make_user

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def token_of(response) -> str:
    (token,) = TOKEN.findall(response.content.decode())
    return token


def reply_url(thread):
    return reverse("post-create", args=[thread.pk])


def new_thread_url(category):
    return reverse("thread-create", args=[category.slug])


def test_each_rendered_form_has_a_new_token(client, thread, other_contributor):
    client.force_login(other_contributor)
    first = token_of(client.get(reply_url(thread)))
    second = token_of(client.get(reply_url(thread)))
    assert first != second
    assert token_of(client.get(thread.get_absolute_url())) not in (first, second)
    assert token_of(client.get(new_thread_url(thread.category)))


def test_a_reply_sent_twice_is_posted_once(client, thread, other_contributor):
    client.force_login(other_contributor)
    token = token_of(client.get(reply_url(thread)))
    data = {"body": "Le conseil a voté le budget.", "submission": token}
    first = client.post(reply_url(thread), data)
    second = client.post(reply_url(thread), data)
    assert first.status_code == second.status_code == 302
    post = Post.objects.get(author=other_contributor)
    assert first["Location"] == second["Location"]
    assert first["Location"].endswith(f"#post-{post.pk}")
    assert thread.posts.count() == 2
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_a_reply_sent_twice_at_the_rate_limit_is_answered_with_the_first(
    client, thread, other_contributor, settings
):
    # The first sending took the last place of the minute: the second one is
    # still the same reply, answered with it, not "you are posting too fast".
    settings.CARRE_POSTS_PER_MINUTE = 1
    client.force_login(other_contributor)
    token = token_of(client.get(reply_url(thread)))
    data = {"body": "Le conseil a voté le budget.", "submission": token}
    first = client.post(reply_url(thread), data)
    second = client.post(reply_url(thread), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(author=other_contributor).count() == 1
    # A new form in the same minute is refused, with the text kept.
    again = client.post(reply_url(thread), {"body": "Autre chose", "submission": ""})
    assert again.status_code == 429


def test_a_reply_sent_twice_with_htmx_sends_the_browser_to_it(
    client, thread, other_contributor
):
    client.force_login(other_contributor)
    token = token_of(client.get(thread.get_absolute_url()))
    data = {"body": "Le conseil a voté le budget.", "submission": token}
    first = client.post(reply_url(thread), data, **HTMX)
    assert first.status_code == 200
    post = Post.objects.get(author=other_contributor)
    assert f'id="post-{post.pk}"' in first.content.decode()
    # The form that came back is a new one, with a new token.
    assert token_of(first) != token
    second = client.post(reply_url(thread), data, **HTMX)
    assert second.status_code == 200
    assert second["HX-Redirect"].endswith(f"#post-{post.pk}")
    assert thread.posts.count() == 2


def test_a_thread_sent_twice_is_opened_once(client, category, other_contributor):
    client.force_login(other_contributor)
    token = token_of(client.get(new_thread_url(category)))
    data = {"title": "Reims : la vidéo", "body": "Le budget.", "submission": token}
    first = client.post(new_thread_url(category), data)
    second = client.post(new_thread_url(category), data)
    thread = Thread.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == thread.get_absolute_url()
    assert Post.objects.count() == 1


def test_a_refused_submission_does_not_use_up_its_token(
    client, thread, other_contributor, forum_settings
):
    forum_settings.CARRE_POSTS_PER_MINUTE = 1
    services.post_reply(thread, author=other_contributor, body="Premier message.")
    client.force_login(other_contributor)
    token = token_of(client.get(reply_url(thread)))
    data = {"body": "Un message gardé.", "submission": token}
    refused = client.post(reply_url(thread), data)
    assert refused.status_code == 429
    assert token_of(refused) == token  # the form given back keeps its token
    forum_settings.CARRE_POSTS_PER_MINUTE = 100
    accepted = client.post(reply_url(thread), data)
    assert accepted.status_code == 302
    assert thread.posts.filter(body="Un message gardé.").count() == 1


def test_the_token_is_per_account(thread, contributor, other_contributor):
    token = uuid.uuid4()
    services.post_reply(thread, author=other_contributor, body="a", submission=token)
    services.post_reply(thread, author=contributor, body="b", submission=token)
    assert thread.posts.count() == 3


def test_a_form_without_token_is_still_posted_and_gets_one(
    client, thread, other_contributor
):
    client.force_login(other_contributor)
    for body in ("Sans jeton", "Sans jeton"):
        assert client.post(reply_url(thread), {"body": body}).status_code == 302
    assert thread.posts.filter(body="Sans jeton").count() == 2
    invalid = client.post(reply_url(thread), {"body": "", "submission": "pas-un-uuid"})
    assert invalid.status_code == 422
    assert uuid.UUID(token_of(invalid))


def test_a_token_whose_post_is_gone_is_refused_with_a_message(
    client, thread, other_contributor
):
    token = uuid.uuid4()
    post = services.post_reply(
        thread, author=other_contributor, body="a", submission=token
    )
    Post.objects.filter(pk=post.pk).delete()
    client.force_login(other_contributor)
    response = client.post(
        reply_url(thread), {"body": "Texte gardé", "submission": str(token)}
    )
    assert response.status_code == 422
    assert "déjà été envoyé" in response.content.decode()
    assert "Texte gardé" in response.content.decode()


# --- at the same moment ----------------------------------------------------------


@pytest.fixture
def shared_category(transactional_db, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 100
    return Category.objects.create(name="Villes", slug="villes")


def at_once(requests):
    """Run each request in its own thread, all released together."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            responses[index] = request()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_thread_sent_twice_at_once_is_opened_once(shared_category):
    author = make_user("kanopai")
    clients = [signed_in(author), signed_in(author)]
    data = {"title": "Reims", "body": "Le budget.", "submission": str(uuid.uuid4())}
    url = new_thread_url(shared_category)
    responses = at_once([lambda c=c: c.post(url, data) for c in clients])
    thread = Thread.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {thread.get_absolute_url()}
    assert Post.objects.count() == 1


def test_a_reply_sent_twice_at_once_is_posted_once(shared_category):
    author, replier = make_user("kanopai"), make_user("css")
    thread = services.create_thread(
        category=shared_category, author=author, title="Reims", body="Début"
    )
    clients = [signed_in(replier), signed_in(replier)]
    data = {"body": "Le budget.", "submission": str(uuid.uuid4())}
    responses = at_once([lambda c=c: c.post(reply_url(thread), data) for c in clients])
    post = Post.objects.get(author=replier)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {
        f"{thread.get_absolute_url()}?page=last#post-{post.pk}"
    }
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_many_copies_at_once_make_one_thread_through_the_service(shared_category):
    author = make_user("kanopai")
    token = uuid.uuid4()
    outcomes = []

    def create():
        try:
            thread = services.create_thread(
                category=shared_category,
                author=author,
                title="Reims",
                body="Le budget.",
                submission=token,
            )
            outcomes.append(("created", thread.pk))
        except AlreadySubmitted as earlier:
            outcomes.append(("again", earlier.result.pk))

    at_once([create] * 6)
    thread = Thread.objects.get()
    assert sorted(outcomes) == [("again", thread.pk)] * 5 + [("created", thread.pk)]
    assert FormSubmission.objects.get().object_id == thread.pk
