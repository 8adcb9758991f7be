from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification


def make_notification(user, text="A reply", url="/forum/"):
    (notification,) = services.notify(
        [user], actor=None, verb=Notification.Verb.REPLY, text=text, url=url
    )
    return notification


def test_list_requires_login(client, db):
    response = client.get(reverse("notification-list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_shows_only_own(client, contributor, other_contributor):
    make_notification(contributor, text="for kanopai")
    make_notification(other_contributor, text="for css")
    client.force_login(contributor)
    response = client.get(reverse("notification-list"))
    assert response.status_code == 200
    assert b"for kanopai" in response.content
    assert b"for css" not in response.content


def test_badge_counts_unread(client, contributor):
    make_notification(contributor)
    make_notification(contributor)
    client.force_login(contributor)
    response = client.get(reverse("home"))
    assert b'data-testid="notification-count">2<' in response.content


def test_badge_query_count_does_not_grow(client, contributor):
    client.force_login(contributor)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse("home"))
    for _ in range(5):
        make_notification(contributor)
    with CaptureQueriesContext(connection) as full:
        client.get(reverse("home"))
    assert len(full) == len(empty)
    counts = [q for q in full if "notifications_notification" in q["sql"]]
    assert len(counts) == 1


def test_mark_read_get_not_allowed(client, contributor):
    notification = make_notification(contributor)
    client.force_login(contributor)
    response = client.get(reverse("notification-read", args=[notification.pk]))
    assert response.status_code == 405
    assert Notification.objects.get().read_at is None


def test_mark_read_and_follow(client, contributor):
    notification = make_notification(contributor, url="/forum/")
    client.force_login(contributor)
    response = client.post(
        reverse("notification-read", args=[notification.pk]), {"follow": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/forum/"
    assert Notification.objects.get().read_at is not None


def test_mark_read_htmx_returns_item_and_badge(client, contributor):
    notification = make_notification(contributor)
    make_notification(contributor)
    client.force_login(contributor)
    response = client.post(
        reverse("notification-read", args=[notification.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="notification-{notification.pk}"' in content
    assert 'hx-swap-oob="true"' in content
    assert 'data-testid="notification-count">1<' in content
    assert response["Vary"].count("HX-Request") == 1


def test_mark_read_of_someone_else_is_404(client, contributor, other_contributor):
    notification = make_notification(other_contributor)
    client.force_login(contributor)
    response = client.post(reverse("notification-read", args=[notification.pk]))
    assert response.status_code == 404


def test_mark_read_anonymous_redirects_to_login(client, contributor):
    notification = make_notification(contributor)
    response = client.post(reverse("notification-read", args=[notification.pk]))
    assert response.status_code == 302
    assert Notification.objects.get().read_at is None


def test_suspended_user_sees_no_list(client, contributor):
    make_notification(contributor)
    contributor.is_active = False
    contributor.save()
    client.force_login(contributor)
    response = client.get(reverse("notification-list"))
    assert response.status_code == 302


def test_mark_all_read(client, contributor):
    make_notification(contributor)
    make_notification(contributor)
    client.force_login(contributor)
    response = client.post(reverse("notification-read-all"))
    assert response.status_code == 302
    assert not Notification.objects.unread().exists()


def test_notification_text_follows_the_reader_language(client, contributor):
    from django.utils.translation import gettext_noop

    contributor.language = "fr"
    contributor.save()
    (notification,) = services.notify(
        [contributor],
        actor=None,
        verb=Notification.Verb.REPLY,
        url="/forum/",
        message=gettext_noop("%(author)s replied in “%(thread)s”"),
        params={"author": "css", "thread": "Reims : le logiciel Savari"},
    )
    # Written in the recipient's language when it happened...
    assert notification.text == "css a répondu dans « Reims : le logiciel Savari »"
    client.force_login(contributor)
    page = client.get(reverse("notification-list")).content.decode()
    assert "css a répondu dans « Reims : le logiciel Savari »" in page
    # ... and read in the language they use now.
    contributor.language = "en"
    contributor.save()
    page = client.get(reverse("notification-list")).content.decode()
    assert "css replied in “Reims : le logiciel Savari”" in page


def test_a_plain_text_notification_is_shown_as_written(client, contributor):
    make_notification(contributor, text="Texte libre")
    client.force_login(contributor)
    assert "Texte libre" in client.get(reverse("notification-list")).content.decode()
