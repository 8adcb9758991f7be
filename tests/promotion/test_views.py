from django.urls import reverse

from facts.models import Provenance
from forum import services as forum_services
from promotion import services as promotion


def test_promote_page_two_steps_without_js(client, post, dossier, section, contributor):
    client.force_login(contributor)
    url = reverse("post-promote", kwargs={"pk": post.pk})
    first = client.get(url)
    assert first.status_code == 200
    assert 'name="dossier"' in first.text
    second = client.get(url, {"dossier": dossier.slug})
    assert "Expérimentation Savari" in second.text
    response = client.post(
        url,
        {
            "dossier": dossier.slug,
            "target": "section",
            "section": section.pk,
            "date_precision": "day",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == section.get_absolute_url()
    assert Provenance.objects.count() == 1


def test_promote_keeps_its_address_under_facts(post):
    assert reverse("post-promote", kwargs={"pk": post.pk}) == (
        f"/facts/posts/{post.pk}/add-to-dossier/"
    )


def test_promote_missing_field_is_422(client, post, dossier, contributor):
    client.force_login(contributor)
    url = reverse("post-promote", kwargs={"pk": post.pk})
    response = client.post(
        url,
        {"dossier": dossier.slug, "target": "event", "date_precision": "day"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert not Provenance.objects.exists()


def test_promote_with_htmx_shows_where_the_post_went(
    client, post, dossier, contributor
):
    client.force_login(contributor)
    url = reverse("post-promote", kwargs={"pk": post.pk})
    response = client.post(
        url,
        {
            "dossier": dossier.slug,
            "target": "new_section",
            "new_section_title": "Le coût",
            "date_precision": "day",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'role="status"' in response.text
    section = Provenance.objects.get().section_revision.section
    assert section.get_absolute_url() in response.text


def test_promote_forbidden_to_anonymous(client, post):
    url = reverse("post-promote", kwargs={"pk": post.pk})
    assert client.get(url).status_code == 302
    assert client.post(url, {}).status_code == 302


def test_promote_a_deleted_post_is_forbidden(client, post, contributor, moderator):
    forum_services.delete_post(post, by=moderator, reason="doublon")
    client.force_login(contributor)
    url = reverse("post-promote", kwargs={"pk": post.pk})
    response = client.get(url)
    assert response.status_code == 403


def test_provenance_survives_post_deletion_as_placeholder(
    client, post, dossier, section, contributor, moderator
):
    promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, section=section
    )
    url = reverse("dossier-provenance", kwargs={"slug": dossier.slug})
    assert post.get_absolute_url() in client.get(url).text
    forum_services.delete_post(post, by=moderator, reason="vie privée")
    response = client.get(url)
    assert Provenance.objects.get().post == post
    assert post.get_absolute_url() not in response.text
    assert "provenance-placeholder" in response.text


def test_figure_from_a_deleted_post_shows_a_placeholder(
    client, post, dossier, contributor, moderator
):
    promotion.promote_post_to_figure(
        post, by=contributor, dossier=dossier, subject="Coût", value=60000
    )
    url = reverse("facts-panel", kwargs={"slug": dossier.slug})
    assert post.get_absolute_url() in client.get(url, HTTP_HX_REQUEST="true").text
    forum_services.delete_post(post, by=moderator)
    html = client.get(url, HTTP_HX_REQUEST="true").text
    assert post.get_absolute_url() not in html
    assert "provenance-placeholder" in html


def test_promote_dialog_for_htmx_and_close(client, post, contributor):
    client.force_login(contributor)
    url = reverse("post-promote", kwargs={"pk": post.pk})
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith(
        f'<dialog open id="promote-post-{post.pk}"'
    )
    closed = client.get(url, {"close": "1"}, HTTP_HX_REQUEST="true")
    assert closed.status_code == 200
    assert closed.content == b""
