"""One side of the peer benchmark, run inside that side's own Python environment.

`python agent.py SIDE setup SIZES` migrates and seeds the database named by the
settings, then prints one JSON line: the paths to measure. `python agent.py SIDE
serve` reads JSON lines {"get": path} and answers each with one in-process GET
through Django's test Client: {"ms", "bytes", "gzip", "status", "links"}
(with "save": a file name, the body is also written there);
{"queries": path} answers the query count of one more GET; {"post": path,
"page": path} posts one reply through the side's own reply view, as a
signed-in contributor who first opened `page`: {"ms", "queries", "status",
"created"} of that one POST. SIDE is carre, spirit, machina or wiki.

This file imports nothing from Carré at module level: the peers' environments
run another Django and cannot import Carré's code.
"""

import gzip
import json
import sys
import time

# The same texts in every side. Carré's own generators hold the originals
# (dossiers/benchmark.py PARAGRAPH, forum/benchmark.py body); the Carré side
# checks at run time that they still match.
PARAGRAPH = (
    "Le centre de supervision urbain compte {n} caméras ; la mairie a "
    "expérimenté un logiciel d'analyse vidéo. **Chiffre {n}**, "
    "[source](https://example.org/{n}).\n\n"
)
POST_BODY = (
    "Un message **de test** avec un [lien](https://example.org) et une liste :\n\n"
    "- 225 caméras en 2021\n- 245 en juin 2022\n"
)
THREAD_POSTS = 1000
# Carré's earlier posts of each replier go to a thread of their own.
HISTORY_TITLE = "Messages précédents"


def section_text(n: int) -> str:
    return PARAGRAPH.format(n=n) * 3


def wiki_text(size: int) -> str:
    return "".join(f"## Section {n}\n\n{section_text(n)}" for n in range(size))


# --- Seeding, one function per side -----------------------------------------


def seed_carre(sizes):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from carre.ratelimit import unlimited
    from dossiers import benchmark as dossier_bench
    from forum import services
    from forum.models import Category, Post, PostRevision, Thread
    from forum.rendering import render_post_body

    assert dossier_bench.PARAGRAPH == PARAGRAPH, "dossiers/benchmark.py changed"
    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    paths = {}
    with unlimited():
        author = User.objects.create_user(username="bench-forum")
        category = Category.objects.create(slug="bench", name="Benchmark")
        thread = services.create_thread(
            category=category,
            author=author,
            title="Fil de 1000 messages",
            body=POST_BODY,
            enforce_limits=False,
        )
        html = render_post_body(POST_BODY, thread_id=thread.pk, strict=False).html
        now = timezone.now()
        posts = Post.objects.bulk_create(
            Post(
                thread=thread, author=author, body=POST_BODY, html=html, created_at=now
            )
            for _ in range(THREAD_POSTS - 1)
        )
        PostRevision.objects.bulk_create(
            PostRevision(post=post, number=1, body=POST_BODY, editor=author)
            for post in posts
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=THREAD_POSTS)
        paths["thread"] = reverse("thread-detail", args=[thread.pk])
        paths["reply"] = reverse("post-create", args=[thread.pk])
        services.create_thread(
            category=category,
            author=author,
            title=HISTORY_TITLE,
            body=POST_BODY,
            enforce_limits=False,
        )
        for size in sizes:
            dossier, _author = dossier_bench._build(size)
            paths[f"article-{size}"] = dossier.get_absolute_url()
    return paths


def seed_spirit(sizes):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse
    from spirit.category.models import Category
    from spirit.comment.models import Comment
    from spirit.core.utils.markdown import Markdown
    from spirit.topic.models import Topic

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(username="bench", password=None)
    category = Category.objects.create(title="Benchmark", slug="benchmark")
    topic = Topic.objects.create(
        category=category, user=user, title="Fil de 1000 messages"
    )
    html = Markdown().render(POST_BODY)
    Comment.objects.bulk_create(
        Comment(user=user, topic=topic, comment=POST_BODY, comment_html=html)
        for _ in range(THREAD_POSTS)
    )
    Topic.objects.filter(pk=topic.pk).update(comment_count=THREAD_POSTS)
    topic.refresh_from_db()
    return {
        "thread": topic.get_absolute_url(),
        "reply": reverse("spirit:comment:publish", kwargs={"topic_id": topic.pk}),
    }


def seed_machina(sizes):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse
    from machina.apps.forum.models import Forum
    from machina.apps.forum_conversation.models import Post, Topic
    from machina.apps.forum_permission.models import (
        ForumPermission,
        UserForumPermission,
    )

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(username="bench", password=None)
    for codename in ("can_see_forum", "can_read_forum"):
        UserForumPermission.objects.create(
            permission=ForumPermission.objects.get(codename=codename),
            anonymous_user=True,
            has_perm=True,
        )
    # Signed-in members reply, published at once (no attachments: no formset).
    for codename in (
        "can_see_forum",
        "can_read_forum",
        "can_reply_to_topics",
        "can_post_without_approval",
    ):
        UserForumPermission.objects.create(
            permission=ForumPermission.objects.get(codename=codename),
            authenticated_user=True,
            has_perm=True,
        )
    forum = Forum.objects.create(name="Benchmark", type=Forum.FORUM_POST)
    topic = Topic.objects.create(
        forum=forum,
        poster=user,
        subject="Fil de 1000 messages",
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    for _ in range(THREAD_POSTS):
        Post.objects.create(
            topic=topic,
            poster=user,
            subject="Fil de 1000 messages",
            content=POST_BODY,
            approved=True,
        )
    topic.refresh_from_db()
    return {
        "thread": reverse(
            "forum_conversation:topic",
            kwargs={
                "forum_slug": forum.slug,
                "forum_pk": forum.pk,
                "slug": topic.slug,
                "pk": topic.pk,
            },
        ),
        "reply": reverse(
            "forum_conversation:post_create",
            kwargs={
                "forum_slug": forum.slug,
                "forum_pk": forum.pk,
                "topic_slug": topic.slug,
                "topic_pk": topic.pk,
            },
        ),
    }


def seed_wiki(sizes):
    from django.core.management import call_command
    from wiki.models import URLPath

    call_command("migrate", verbosity=0, interactive=False)
    root = URLPath.create_root(title="Benchmark", content="Accueil")
    paths = {}
    for size in sizes:
        urlpath = URLPath.create_urlpath(
            root,
            f"dossier-{size}",
            title=f"Banc d'essai {size}",
            content=wiki_text(size),
        )
        paths[f"article-{size}"] = urlpath.get_absolute_url()
    return paths


SEEDERS = {
    "carre": seed_carre,
    "spirit": seed_spirit,
    "machina": seed_machina,
    "wiki": seed_wiki,
}


# --- Repliers, one function per side ----------------------------------------
#
# Each reply comes from a new account, signed up a year ago, that has posted
# before: the rate limits stay at their shipped values (Carré: 6 posts a
# minute, counted in the database; Spirit: one comment in 10 s, counted in its
# cache; machina has none) and still let every reply through, Carré's new-user
# queue is behind it, and Spirit's double-post guard (the same text twice in
# 30 minutes) does not swallow the same body. Each function returns the
# account, the form's fields and how to count the account's published posts.


def _year_old_user(serial: int):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    return get_user_model().objects.create_user(
        username=f"bench-reply-{serial}",
        date_joined=timezone.now() - timedelta(days=365),
    )


def replier_carre(serial: int):
    import uuid
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from forum.models import Post, PostRevision, Thread

    user = _year_old_user(serial)
    history = Thread.objects.get(title=HISTORY_TITLE)
    html = history.posts.first().html
    posts = Post.objects.bulk_create(
        Post(thread=history, author=user, body=POST_BODY, html=html)
        for _ in range(settings.CARRE_NEW_USER_QUEUE_POSTS + 1)
    )
    PostRevision.objects.bulk_create(
        PostRevision(post=post, number=1, body=POST_BODY, editor=user) for post in posts
    )
    # Yesterday (created_at is set on insert): outside the rate limit's minute.
    Post.objects.filter(pk__in=[post.pk for post in posts]).update(
        created_at=timezone.now() - timedelta(days=1)
    )

    def published():
        return Post.objects.filter(author=user, status=Post.Status.PUBLISHED).count()

    # The form as rendered: its double-submit token, a new one per form.
    return user, {"body": POST_BODY, "submission": str(uuid.uuid4())}, published


def replier_spirit(serial: int):
    from spirit.comment.models import Comment

    user = _year_old_user(serial)

    def published():
        return Comment.objects.filter(user=user).count()

    return user, {"comment": POST_BODY, "comment_hash": ""}, published


def replier_machina(serial: int):
    from machina.apps.forum_conversation.models import Post
    from machina.apps.forum_member.models import ForumProfile

    user = _year_old_user(serial)
    # Its profile exists (the first post would create it) and counts earlier posts.
    ForumProfile.objects.create(user=user, posts_count=3)

    def published():
        return Post.objects.filter(poster=user, approved=True).count()

    # The form as rendered: the subject filled in, the signature box ticked.
    data = {"subject": "Re: Fil de 1000 messages", "content": POST_BODY}
    return user, {**data, "enable_signature": "on"}, published


REPLIERS = {
    "carre": replier_carre,
    "spirit": replier_spirit,
    "machina": replier_machina,
}


# --- Serving measurements -----------------------------------------------------


def post_reply(side: str, request: dict, serial: int) -> dict:
    """One reply through the real view; the POST alone is timed and counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, data, published = REPLIERS[side](serial)
    client = Client(raise_request_exception=False)  # a failure answers 500
    client.force_login(user)
    # The replier reads the thread first, as a person does: the first
    # request of a session writes what the POST would otherwise pay for
    # (Spirit records the account's address, Carré the session's start).
    client.get(request["page"])
    before = published()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(request["post"], data)
        ms = (time.perf_counter() - started) * 1000
    return {
        "ms": ms,
        "queries": len(queries),
        "status": response.status_code,
        # A refused reply can answer 200 (a form shown again): count the posts.
        "created": published() - before,
    }


def serve(side: str):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    replies = 0
    for line in sys.stdin:
        request = json.loads(line)
        if "post" in request:
            replies += 1
            answer = post_reply(side, request, replies)
        elif "get" in request:
            started = time.perf_counter()
            response = client.get(request["get"])
            ms = (time.perf_counter() - started) * 1000
            answer = {
                "ms": ms,
                "bytes": len(response.content),
                # On the wire behind a compressing proxy (the shipped Caddy).
                "gzip": len(gzip.compress(response.content, compresslevel=6)),
                "status": response.status_code,
                # Proof that the page holds the seeded text, not an error page.
                "links": response.content.count(b"https://example.org"),
            }
            if request.get("save"):  # --save-pages: the body, to read by eye
                with open(request["save"], "wb") as page:
                    page.write(response.content)
        else:
            with CaptureQueriesContext(connection) as queries:
                client.get(request["queries"])
            answer = {"queries": len(queries)}
        print(json.dumps(answer), flush=True)


def main():
    import django

    side, command = sys.argv[1], sys.argv[2]
    django.setup()
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if command == "setup":
        sizes = [int(size) for size in sys.argv[3].split(",") if size]
        print(json.dumps(SEEDERS[side](sizes)), flush=True)
    else:
        serve(side)


if __name__ == "__main__":
    main()
