import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dossiers import services as dossier_services
from facts import promotion
from facts.models import Event, Figure, Provenance
from forum import services as forum_services
from sources.models import Source
from tests.facts.conftest import make_post

# Addresses on loopback: the source fetcher refuses them at once, no network.
BODY = (
    "Au conseil du 30 janvier 2023, le maire annonce 60 000 € pour Savari.\n\n"
    "Vidéo : http://127.0.0.1:9/reims/conseil-2023-01-30?utm_source=x\n"
    "Article : <http://127.0.0.1:9/streetpress/reims-thales>."
)


@pytest.fixture
def post(contributor):
    return make_post(contributor, BODY)


@pytest.fixture
def section(dossier, contributor):
    return dossier_services.add_section(
        dossier, editor=contributor, title="Expérimentation Savari", text="Début."
    )


def test_post_urls_are_found_in_order():
    assert promotion.post_urls(BODY) == [
        "http://127.0.0.1:9/reims/conseil-2023-01-30?utm_source=x",
        "http://127.0.0.1:9/streetpress/reims-thales",
    ]


def test_promote_to_section_appends_a_quoted_revision(
    post, dossier, section, other_contributor
):
    provenance = promotion.promote_post_to_section(
        post, by=other_contributor, dossier=dossier, section=section
    )
    section.refresh_from_db()
    revision = provenance.section_revision
    assert revision == section.current_revision
    assert revision.editor == other_contributor
    assert section.text.startswith("Début.\n\n> Au conseil du 30 janvier 2023")
    assert post.get_absolute_url() in section.text
    assert Source.objects.count() == 2
    assert provenance.post == post


def test_promote_to_new_section(post, dossier, contributor):
    provenance = promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, new_section_title="Le coût"
    )
    assert provenance.section_revision.section.title == "Le coût"


def test_promote_to_event_cites_the_post_sources(post, dossier, contributor):
    provenance = promotion.promote_post_to_event(
        post,
        by=contributor,
        dossier=dossier,
        date=datetime.date(2023, 1, 30),
        title="Conseil municipal",
    )
    event = Event.objects.get()
    assert provenance.event == event
    assert event.citations.count() == 2
    assert "60 000" in event.description


def test_promote_to_figure(post, dossier, contributor):
    promotion.promote_post_to_figure(
        post,
        by=contributor,
        dossier=dossier,
        subject="Coût de Savari",
        value=60000,
        unit="€",
        locator="26:00",
    )
    figure = Figure.objects.get()
    assert figure.source is not None
    assert figure.locator == "26:00"


def test_deleted_post_cannot_be_promoted(post, dossier, contributor, moderator):
    forum_services.delete_post(post, by=moderator, reason="doublon")
    with pytest.raises(PermissionDenied):
        promotion.promote_post_to_section(
            post, by=contributor, dossier=dossier, new_section_title="X"
        )


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


def test_promote_forbidden_to_anonymous(client, post):
    url = reverse("post-promote", kwargs={"pk": post.pk})
    assert client.get(url).status_code == 302
    assert client.post(url, {}).status_code == 302


def _render_actions(rf, user, posts):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = user
    return [
        render_to_string("facts/_post_actions.html", {"post": p}, request=request)
        for p in posts
    ]


def test_post_shows_where_it_was_used_in_constant_queries(
    rf, post, dossier, section, contributor, django_assert_num_queries
):
    others = [
        forum_services.post_reply(
            post.thread, author=contributor, body=f"Réponse {n}", enforce_limits=False
        )
        for n in range(3)
    ]
    promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, section=section
    )
    posts = list(type(post).objects.filter(thread=post.thread).select_related("thread"))
    with django_assert_num_queries(1):
        html = _render_actions(rf, contributor, posts)
    assert "Reims" in html[0]
    assert all("Reims" not in fragment for fragment in html[1:])
    assert all("Ajouter au dossier" in fragment for fragment in html)
    assert len(others) == 3


def test_anonymous_sees_usage_but_no_promote_link(rf, post, dossier, contributor):
    from django.contrib.auth.models import AnonymousUser

    promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, new_section_title="Coût"
    )
    [html] = _render_actions(rf, AnonymousUser(), [post])
    assert "Reims" in html
    assert "Ajouter au dossier" not in html


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
