"""The public profile page, /u/<pseudonym>/, and the links to it."""

from html.parser import HTMLParser

import pytest

from accounts import services as account_services
from dossiers.models import DossierWatch
from forum import services as forum_services
from tests.dossiers.conftest import make_dossier

pytestmark = pytest.mark.django_db


def _elements(html: str) -> list:
    """(tag, attributes) of every element the browser would build."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def _hide(user, on_commit):
    """Hide `user`'s profile, running what waits for the commit (the stamp)."""
    with on_commit(execute=True):
        account_services.update_profile(
            user,
            display_name=user.display_name,
            language=user.language,
            email_notifications=user.email_notifications,
            profile_hidden=True,
        )


def test_profile_detail_shows_posts_contributions_and_thanks(
    client, contributor, other_contributor, thread
):
    contributor.email = "kanopai@example.org"
    contributor.save(update_fields=["email"])
    dossier = make_dossier(
        contributor, title="Reims", sections=[("Programme 2020", "Des caméras.")]
    )
    post = thread.posts.get()
    forum_services.thank_post(post, user=other_contributor)

    response = client.get("/u/kanopai/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reims : le logiciel Savari" in page
    assert "Programme 2020" in page
    section = dossier.sections.get()
    assert f"/dossiers/reims/sections/{section.pk}/revisions/1/" in page
    assert "1 remerciement reçu" in page or "1 thanks received" in page
    # Nothing private: no email, no last-seen time.
    assert "kanopai@example.org" not in page
    assert "last_login" not in page


def test_profile_lookup_ignores_letter_case(client, contributor):
    response = client.get("/u/KaNoPaI/")

    assert response.status_code == 302
    assert response["Location"] == "/u/kanopai/"


def test_unknown_profile_is_404(client, db):
    assert client.get("/u/personne/").status_code == 404


def test_hidden_profile_is_404_and_its_links_disappear(
    client, contributor, other_contributor, thread, django_capture_on_commit_callbacks
):
    forum_services.post_reply(
        thread, author=other_contributor, body="Merci @kanopai pour la source."
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'href="/u/kanopai/"' in page  # the author's name and the mention
    assert '<a class="mention" href="/u/kanopai/">@kanopai</a>' in page
    etag = client.get(thread.get_absolute_url())["ETag"]

    _hide(contributor, django_capture_on_commit_callbacks)

    assert client.get("/u/kanopai/").status_code == 404
    # The reader's cached copy is not confirmed: the page comes again, unlinked.
    response = client.get(thread.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/u/kanopai/" not in page
    assert '<span class="mention">@kanopai</span>' in page
    assert "kanopai" in page  # the pseudonym stays, without a link


def test_hidden_profile_leaves_the_dossier_contributors_unlinked(
    client, contributor, django_capture_on_commit_callbacks
):
    make_dossier(contributor, title="Reims", sections=[("Programme", "Texte.")])
    assert 'href="/u/kanopai/"' in client.get("/dossiers/reims/").content.decode()
    etag = client.get("/dossiers/reims/")["ETag"]

    _hide(contributor, django_capture_on_commit_callbacks)

    response = client.get("/dossiers/reims/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "/u/kanopai/" not in response.content.decode()


def test_suspended_or_deleted_accounts_have_no_profile(client, contributor):
    account_services.delete_account(contributor)

    assert client.get("/u/kanopai/").status_code == 404
    assert client.get(f"/u/deleted-{contributor.pk}/").status_code == 404


def test_profile_text_with_hostile_markup_is_sanitized(client, contributor):
    hostile = (
        "<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[clique](javascript:alert(3)) "
        '<a href="https://evil.example" style="position:fixed">x</a>\n\n'
        "**Veilleur** à Reims."
    )
    account_services.update_profile(
        contributor,
        display_name="kanopai",
        language="fr",
        email_notifications=False,
        bio=hostile,
    )

    page = client.get("/u/kanopai/").content.decode()

    bio = page.split('class="profile-bio rendered" data-hx-disable>')[1]
    bio = bio.split("</div>")[0]
    assert "<strong>Veilleur</strong> à Reims." in bio
    elements = _elements(bio)
    assert {tag for tag, _attrs in elements} <= {"p", "strong", "a"}
    for _tag, attrs in elements:
        assert not {name for name, _value in attrs} & {"style", "onerror", "src"}
        assert all(
            value.startswith("https://") for name, value in attrs if name == "href"
        )


def test_followed_dossiers_show_only_when_chosen(client, contributor):
    dossier = make_dossier(contributor, title="Reims")
    DossierWatch.objects.get_or_create(dossier=dossier, user=contributor)
    assert "Dossiers suivis" not in client.get("/u/kanopai/").content.decode()

    account_services.update_profile(
        contributor,
        display_name="kanopai",
        language="fr",
        email_notifications=False,
        show_follows=True,
    )

    page = client.get("/u/kanopai/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dossiers suivis" in page
    assert 'href="/dossiers/reims/"' in page


def test_profile_lists_only_public_posts(client, contributor, thread, moderator):
    post = thread.posts.get()
    forum_services.delete_post(post, by=moderator, reason="Doublon")

    page = client.get("/u/kanopai/").content.decode()

    assert "Reims : le logiciel Savari" not in page


def test_account_page_hides_the_profile(client, contributor):
    client.force_login(contributor)

    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "kanopai",
            "language": "fr",
            "bio": "Veilleur.",
            "profile_hidden": "on",
        },
    )

    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.profile_hidden
    assert client.get("/u/kanopai/").status_code == 404


def test_only_moderators_see_the_trust_level(client, contributor, moderator):
    assert "Niveau de confiance" not in client.get("/u/kanopai/").content.decode()

    client.force_login(moderator)
    page = client.get("/u/kanopai/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Niveau de confiance (visible des seuls modérateurs)" in page
