"""Self-service: export my data, delete my account (anonymised, content kept)."""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from accounts.models import User, UserSession
from notifications import services as notifications
from tests.factories import PASSWORD, make_user
from tests.security.helpers import page_text


def logged_in(user) -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_export_is_a_json_download_of_everything_about_me(db, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    felix = make_user("felix", display_name="Felix", email="felix@example.org")
    other = make_user("css")
    TOTP.activate(felix, generate_totp_secret())
    notifications.notify([felix], actor=other, verb="reply", text="Une réponse")
    post_body = None
    try:
        from forum import services as forum
        from forum.models import Category

        category = Category.objects.create(name="Villes", slug="villes")
        forum.create_thread(
            category=category,
            author=felix,
            title="Reims",
            body="Les caméras de Reims.",
            enforce_limits=False,
        )
        post_body = "Les caméras de Reims."
    except ImportError:
        pass
    client = Client()
    client.force_login(felix)
    response = client.get("/accounts/data/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["username"] == "felix"
    assert data["profile"]["email"] == "felix@example.org"
    assert data["content"]["notifications.notification"][0]["text"] == "Une réponse"
    if post_body:
        assert post_body in response.content.decode()
    # Credentials never leave: no password hash, session key or TOTP secret.
    text = response.content.decode()
    felix.refresh_from_db()
    assert felix.password not in text
    assert "mfa.authenticator" not in data["content"]
    for key in UserSession.objects.values_list("session_key", flat=True):
        assert key not in text
    # Only my rows, and other users are not named in them.
    assert "css" not in json.dumps(data["profile"])
    notification = data["content"]["notifications.notification"][0]
    assert notification["recipient"] == felix.pk
    assert notification["actor"] is None


def test_export_page_links_to_the_download(db):
    client = logged_in(make_user("felix"))
    page = client.get("/accounts/data/")
    assert 'href="/accounts/data/export/"' in page.content.decode()


def test_delete_needs_the_right_password(db):
    felix = make_user("felix", display_name="Felix")
    client = logged_in(felix)
    response = client.post("/accounts/delete/", {"password": "pas-le-bon"})
    assert response.status_code == 400
    assert "Ce mot de passe n\u2019est pas correct." in page_text(response)
    felix.refresh_from_db()
    assert felix.is_active and felix.username == "felix"


def test_delete_anonymises_the_account_and_keeps_the_content(db, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    felix = make_user("felix", display_name="Felix", email="felix@example.org")
    EmailAddress.objects.create(user=felix, email="felix@example.org", primary=True)
    TOTP.activate(felix, generate_totp_secret())
    other = make_user("css")
    notifications.notify([other], actor=felix, verb="reply", text="Felix a répondu")
    notifications.notify([felix], actor=other, verb="reply", text="css a répondu")
    thread = None
    try:
        from forum import services as forum
        from forum.models import Category

        category = Category.objects.create(name="Villes", slug="villes")
        thread = forum.create_thread(
            category=category,
            author=felix,
            title="Reims : la vidéoprotection",
            body="Les caméras de Reims.",
            enforce_limits=False,
        )
    except ImportError:
        pass
    phone, client = Client(), Client()
    phone.force_login(felix)
    client.force_login(felix)
    response = client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert "Votre compte a été supprimé." in page_text(response)

    user = User.objects.get(pk=felix.pk)
    assert user.username == f"deleted-{felix.pk}"
    assert user.display_name == "" and user.email == ""
    assert not user.is_active and not user.has_usable_password()
    assert user.deleted_at is not None
    assert user.public_name == "utilisateur supprimé"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.authenticator_set.exists()
    assert not UserSession.objects.filter(user=user).exists()
    # Every session ended, and the old credentials open nothing.
    assert client.get("/accounts/profile/").status_code == 302
    assert phone.get("/accounts/profile/").status_code == 302
    again = Client().post("/accounts/login/", {"login": "felix", "password": PASSWORD})
    assert again.status_code == 200
    # What was only the user's goes (notifications received), what others
    # see stays, attributed to the placeholder author.
    assert not user.notifications.exists()
    assert other.notifications.get().actor_id == user.pk
    if thread is not None:
        page = page_text(Client().get(thread.get_absolute_url()))
        assert "Les caméras de Reims." in page
        assert "utilisateur supprimé" in page
        assert "Felix" not in page
