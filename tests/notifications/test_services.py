import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from notifications import services
from notifications.models import Notification
from tests.factories import make_user


def test_notify_skips_actor_and_duplicates(contributor, other_contributor):
    created = services.notify(
        [contributor, other_contributor, other_contributor],
        actor=contributor,
        verb=Notification.Verb.MENTION,
        text="kanopai mentioned you",
        url="/forum/p/1/",
    )
    assert [n.recipient for n in created] == [other_contributor]
    notification = Notification.objects.get()
    assert notification.actor == contributor
    assert notification.read_at is None


def test_notify_skips_inactive_users(contributor):
    suspended = make_user("suspended", is_active=False)
    assert services.notify([suspended], actor=contributor, verb="reply", text="x") == []


def test_notify_emails_only_users_who_asked(contributor):
    wants = make_user("wants", email="wants@example.org", email_notifications=True)
    quiet = make_user("quiet", email="quiet@example.org", email_notifications=False)
    no_address = make_user("noaddress", email_notifications=True)
    services.notify(
        [wants, quiet, no_address],
        actor=contributor,
        verb=Notification.Verb.REPLY,
        text="A reply in Reims",
        url="/forum/p/3/",
    )
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wants@example.org"]
    assert "A reply in Reims" in mail.outbox[0].body
    assert "/forum/p/3/" in mail.outbox[0].body


def test_notify_email_links_lead_back_to_the_site(contributor, settings):
    settings.CARRE_BASE_URL = "https://carre.example.org"
    wants = make_user("wants", email="wants@example.org", email_notifications=True)
    services.notify(
        [wants], actor=contributor, verb="reply", text="x", url="/forum/p/3/"
    )
    body = mail.outbox[0].body
    assert "https://carre.example.org/forum/p/3/" in body
    # And the way to stop them.
    assert "https://carre.example.org/accounts/profile/" in body


def test_notify_email_guesses_the_address_without_base_url(contributor, settings):
    settings.CARRE_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["carre.example.org", "www.carre.example.org"]
    settings.HTTPS = True
    wants = make_user("wants", email="wants@example.org", email_notifications=True)
    services.notify(
        [wants], actor=contributor, verb="reply", text="x", url="/forum/p/3/"
    )
    assert "https://carre.example.org/forum/p/3/" in mail.outbox[0].body


def test_notify_email_in_recipient_language(contributor):
    english = make_user(
        "en", email="en@example.org", email_notifications=True, language="en"
    )
    services.notify([english], actor=contributor, verb="other", text="hello")
    assert "You receive this email" in mail.outbox[0].body


def test_mark_read_sets_time_once(contributor):
    (notification,) = services.notify(
        [contributor], actor=None, verb="other", text="hello"
    )
    services.mark_read(notification, user=contributor)
    first = Notification.objects.get().read_at
    assert first is not None
    services.mark_read(notification, user=contributor)
    assert Notification.objects.get().read_at == first


def test_mark_read_refuses_other_user(contributor, other_contributor):
    (notification,) = services.notify(
        [contributor], actor=None, verb="other", text="hello"
    )
    with pytest.raises(PermissionDenied):
        services.mark_read(notification, user=other_contributor)


def test_mark_all_read_only_touches_own(contributor, other_contributor):
    services.notify([contributor, other_contributor], actor=None, verb="o", text="a")
    services.notify([contributor], actor=None, verb="other", text="b")
    assert services.mark_all_read(user=contributor) == 2
    assert Notification.objects.unread().get().recipient == other_contributor
