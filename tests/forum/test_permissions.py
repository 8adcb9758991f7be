"""Every forum URL, for every role: what answer each one gets."""

import pytest
from django.urls import reverse

from forum import services
from tests.factories import make_user

ROLES = ["anonymous", "author", "other", "moderator", "suspended"]
LOGIN = "login"  # a redirect to the login page

# name, method, args ("thread", "post", "slug", "flag" or none), expected per role
MATRIX = [
    ("forum-index", "get", None, [200, 200, 200, 200, 200]),
    ("category-detail", "get", "slug", [200, 200, 200, 200, 200]),
    ("thread-create", "get", "slug", [LOGIN, 200, 200, 200, LOGIN]),
    ("thread-create", "post", "slug", [LOGIN, 302, 302, 302, LOGIN]),
    ("thread-detail", "get", "thread", [200, 200, 200, 200, 200]),
    ("thread-unread", "get", "thread", [302, 302, 302, 302, 302]),
    ("post-create", "get", "thread", [LOGIN, 200, 200, 200, LOGIN]),
    ("post-create", "post", "thread", [LOGIN, 302, 302, 302, LOGIN]),
    ("thread-mark-read", "post", "thread", [LOGIN, 302, 302, 302, LOGIN]),
    ("thread-watch", "post", "thread", [LOGIN, 302, 302, 302, LOGIN]),
    ("thread-moderate", "get", "thread", [LOGIN, 403, 403, 200, LOGIN]),
    ("thread-moderate", "post", "thread", [LOGIN, 403, 403, 302, LOGIN]),
    ("post-link", "get", "post", [302, 302, 302, 302, 302]),
    ("post-edit", "get", "post", [LOGIN, 200, 403, 200, LOGIN]),
    ("post-edit", "post", "post", [LOGIN, 302, 403, 302, LOGIN]),
    ("post-history", "get", "post", [200, 200, 200, 200, 200]),
    ("post-quote", "get", "post", [403, 200, 200, 200, 403]),
    ("post-delete", "get", "post", [LOGIN, 200, 403, 200, LOGIN]),
    ("post-delete", "post", "post", [LOGIN, 302, 403, 302, LOGIN]),
    ("post-restore", "post", "deleted_post", [LOGIN, 403, 403, 302, LOGIN]),
    ("post-thank", "post", "post", [LOGIN, 403, 302, 302, LOGIN]),
    ("post-flag", "get", "post", [LOGIN, 403, 200, 200, LOGIN]),
    ("post-flag", "post", "post", [LOGIN, 403, 302, 302, LOGIN]),
    ("post-approve", "post", "pending_post", [LOGIN, 403, 403, 302, LOGIN]),
    ("post-preview", "post", None, [403, 200, 200, 200, 403]),
    ("draft-save", "post", None, [403, 302, 302, 302, 403]),
    ("mention-autocomplete", "get", None, [200, 200, 200, 200, 200]),
    ("moderation-queue", "get", None, [LOGIN, 403, 403, 200, LOGIN]),
    ("moderation-log", "get", None, [LOGIN, 403, 403, 200, LOGIN]),
    ("flag-resolve", "post", "flag", [LOGIN, 403, 403, 302, LOGIN]),
    ("feed-latest", "get", None, [200, 200, 200, 200, 200]),
    ("feed-category", "get", "slug", [200, 200, 200, 200, 200]),
    ("feed-thread", "get", "thread", [200, 200, 200, 200, 200]),
]

DATA = {
    "thread-create": {"title": "Nouveau fil", "body": "Premier message"},
    "post-create": {"body": "Une réponse"},
    "thread-mark-read": {"post": "1"},
    "thread-moderate": {"title": "Renommé", "category": "", "is_locked": "on"},
    "post-edit": {"body": "Texte corrigé"},
    "post-delete": {"reason": "doublon"},
    "post-flag": {"reason": "hors sujet"},
    "post-preview": {"body": "**gras**"},
    "draft-save": {"body": "brouillon"},
    "flag-resolve": {"action": "dismiss"},
}


@pytest.fixture
def world(thread, first_post, contributor, other_contributor, moderator, settings):
    deleted = services.post_reply(thread, author=contributor, body="À supprimer")
    services.delete_post(deleted, by=contributor)
    settings.CARRE_NEW_USER_QUEUE_POSTS = 5
    pending = services.post_reply(thread, author=make_user("nouveau"), body="Hello")
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    flag = services.flag_post(first_post, user=make_user("lectrice"), reason="Spam")
    return {
        "thread": thread,
        "post": first_post,
        "deleted_post": deleted,
        "pending_post": pending,
        "flag": flag,
        "slug": thread.category.slug,
        "users": {
            "anonymous": None,
            "author": contributor,
            "other": other_contributor,
            "moderator": moderator,
            "suspended": make_user("suspendu", is_active=False),
        },
    }


CASES = [
    pytest.param(name, method, arg, role, expected[i], id=f"{method}-{name}-{role}")
    for name, method, arg, expected in MATRIX
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "method", "arg", "role", "expected"), CASES)
def test_url_permission(client, world, name, method, arg, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    args = [] if arg is None else [getattr(world[arg], "pk", world[arg])]
    url = reverse(name, args=args)
    data = dict(DATA.get(name, {}))
    if name == "thread-moderate":
        data["category"] = str(world["thread"].category_id)
    if name == "thread-mark-read":
        data["post"] = str(world["post"].pk)
    if name == "draft-save":
        data["thread"] = str(world["thread"].pk)
    response = (
        getattr(client, method)(url, data) if method == "post" else client.get(url)
    )
    if expected == LOGIN:
        assert response.status_code == 302, response.content[:300]
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]
        if expected == 302:
            assert "/accounts/login/" not in response["Location"]


def test_get_never_changes_state(client, world):
    """GET on every write URL changes nothing (405 or a form)."""
    client.force_login(world["users"]["moderator"])
    from forum.models import Flag, Post, ReadState, Thanks

    before = (Post.objects.count(), Thanks.objects.count(), ReadState.objects.count())
    for name, arg in [
        ("post-thank", "post"),
        ("post-restore", "deleted_post"),
        ("post-approve", "pending_post"),
        ("thread-mark-read", "thread"),
        ("thread-watch", "thread"),
        ("flag-resolve", "flag"),
    ]:
        response = client.get(reverse(name, args=[world[arg].pk]))
        assert response.status_code == 405, name
    after = (Post.objects.count(), Thanks.objects.count(), ReadState.objects.count())
    assert before == after
    assert Flag.objects.get().status == "open"
