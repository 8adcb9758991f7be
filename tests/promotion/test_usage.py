"""Under each forum post: where it was used, and the "Add to dossier" link."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from forum import services as forum_services
from promotion import services as promotion
from tests.facts.conftest import make_dossier


def _render_actions(rf, user, posts):
    request = rf.get("/")
    request.user = user
    return [
        render_to_string("promotion/_post_actions.html", {"post": p}, request=request)
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
    promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, new_section_title="Coût"
    )
    [html] = _render_actions(rf, AnonymousUser(), [post])
    assert "Reims" in html
    assert "Ajouter au dossier" not in html


def test_usage_names_each_dossier_once(rf, post, dossier, section, contributor):
    for _n in range(2):
        promotion.promote_post_to_section(
            post, by=contributor, dossier=dossier, section=section
        )
    [html] = _render_actions(rf, contributor, [post])
    assert html.count(">Reims</a>") == 1


def test_usage_hides_drafts_from_visitors(rf, post, contributor):
    draft = make_dossier(contributor, title="Brouillon", status="draft")
    promotion.promote_post_to_section(
        post, by=contributor, dossier=draft, new_section_title="Coût"
    )
    [public] = _render_actions(rf, AnonymousUser(), [post])
    [own] = _render_actions(rf, contributor, [post])
    assert "Brouillon" not in public
    assert "Brouillon" in own
