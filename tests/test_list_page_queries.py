"""List and history pages: the number of queries does not grow with the rows.

Each test measures a page, adds rows of every kind the page shows (other
authors, edits, flags...), and measures again. The few pages measured on
generated data by `manage.py benchmark` have their own tests in their app.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers import services as dossiers
from facts import services as facts
from forum import services as forum
from forum.models import Category
from notifications import services as notifications
from tests.factories import make_user


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_constant_queries(client, url, add_rows, *, at_most: int) -> None:
    client.get(url)  # first request of the session: content types, language...
    before = count_queries(client, url)
    add_rows()
    after = count_queries(client, url)
    assert after == before
    assert after <= at_most


@pytest.fixture
def category(db):
    return Category.objects.create(name="Villes", slug="villes")


@pytest.fixture
def open_forum(settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0


def start_thread(category, author, n=0):
    return forum.create_thread(
        category=category,
        author=author,
        title=f"Reims : caméras du quartier {n}",
        body="Le plan de 2020 annonce 225 caméras.",
        enforce_limits=False,
    )


def new_dossier(author, n=0):
    return dossiers.create_dossier(
        author=author, title=f"Reims {n}", kind="city", status="published"
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_page(client, category, contributor, open_forum, signed_in):
    if signed_in:
        client.force_login(contributor)
    start_thread(category, contributor)
    new_dossier(contributor)

    def add_rows():
        for n in range(1, 6):
            author = make_user()
            thread = start_thread(category, author, n)
            forum.post_reply(thread, author=contributor, body="Une réponse.")
            new_dossier(author, n)

    # carre/home.py reads its lists in 7 queries; a signed-in reader adds the
    # session, the user, the moderator check, the notification badge and the
    # two permission lookups of the header's admin link.
    assert_constant_queries(client, reverse("home"), add_rows, at_most=13)


def test_notification_list(client, contributor):
    client.force_login(contributor)

    def add_rows():
        for n in range(8):
            actor = make_user()
            notifications.notify(
                [contributor], actor=actor, verb="reply", text=f"Réponse {n}", url="/"
            )

    notifications.notify([contributor], actor=None, verb="reply", text="x", url="/")
    assert_constant_queries(client, reverse("notification-list"), add_rows, at_most=7)


def test_dossier_and_section_history(client, contributor):
    dossier = new_dossier(contributor)
    section = dossiers.add_section(
        dossier, editor=contributor, title="Savari", text="Testé en 2021."
    )

    def add_rows():
        for n in range(6):
            editor = make_user()
            section.refresh_from_db()
            dossiers.save_section(
                section,
                editor=editor,
                title="Savari",
                text=f"Testé en 2021, version {n}.",
                base_revision=section.current_revision,
                summary=f"précision {n}",
            )
            dossiers.add_section(dossier, editor=editor, title=f"Partie {n}", text="")

    client.force_login(contributor)
    history = reverse("dossier-history", args=[dossier.slug])
    assert_constant_queries(client, history, add_rows, at_most=9)
    section_history = reverse("section-history", args=[dossier.slug, section.pk])
    assert_constant_queries(client, section_history, add_rows, at_most=10)


def test_post_history(client, category, contributor, open_forum):
    thread = start_thread(category, contributor)
    post = thread.posts.get()

    def add_rows():
        for n in range(6):
            post.refresh_from_db()
            forum.edit_post(post, editor=contributor, body=f"Version {n} du message.")

    url = reverse("post-history", args=[post.pk])
    assert_constant_queries(client, url, add_rows, at_most=2)


def test_moderation_queue_and_log(client, settings, category, contributor, moderator):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 2
    thread = start_thread(category, moderator)
    first = forum.post_reply(thread, author=contributor, body="Première réponse.")
    forum.flag_post(first, user=moderator, reason="Hors sujet")
    other = start_thread(category, moderator, 1)
    forum.lock_thread(other, moderator=moderator)

    def add_rows():
        for n in range(5):
            newcomer = make_user()
            forum.post_reply(thread, author=newcomer, body=f"Message en attente {n}")
            reporter = make_user()
            forum.flag_post(first, user=reporter, reason=f"Raison {n}")
            forum.lock_thread(other, moderator=moderator, locked=n % 2 == 0)
            forum.pin_thread(other, moderator=moderator, pinned=n % 2 == 0)

    client.force_login(moderator)
    queue = reverse("moderation-queue")
    assert_constant_queries(client, queue, add_rows, at_most=8)
    assert_constant_queries(client, reverse("moderation-log"), add_rows, at_most=8)


def test_fact_history(client, contributor):
    dossier = new_dossier(contributor)
    figure = facts.add_figure(
        dossier=dossier,
        by=contributor,
        subject="Coût du logiciel Savari",
        value=60000,
        unit="€",
        as_of=datetime.date(2023, 1, 30),
    )

    def add_rows():
        for n in range(6):
            figure.refresh_from_db()
            facts.edit_fact(
                figure,
                by=make_user(),
                values={"value": 60000 + n},
                base_version=figure.version,
                summary=f"correction {n}",
            )

    url = reverse("fact-history", kwargs={"kind": "figure", "pk": figure.pk})
    assert_constant_queries(client, url, add_rows, at_most=2)
