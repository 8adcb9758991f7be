"""One side of the peer benchmark, run inside that side's own Python environment.

`python agent.py SIDE setup SIZES` migrates and seeds the database named by the
settings, then prints one JSON line: the paths to measure. `python agent.py SIDE
serve` reads JSON lines {"get": path} and answers each with one in-process GET
through Django's test Client: {"ms", "bytes", "status", "links"}; {"queries": path}
answers the query count of one more GET. SIDE is carre, spirit, machina or wiki.

This file imports nothing from Carré at module level: the peers' environments
run another Django and cannot import Carré's code.
"""

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
        for size in sizes:
            dossier, _author = dossier_bench._build(size)
            paths[f"article-{size}"] = dossier.get_absolute_url()
    return paths


def seed_spirit(sizes):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
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
    return {"thread": topic.get_absolute_url()}


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
        )
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


# --- Serving measurements -----------------------------------------------------


def serve():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for line in sys.stdin:
        request = json.loads(line)
        if "get" in request:
            started = time.perf_counter()
            response = client.get(request["get"])
            ms = (time.perf_counter() - started) * 1000
            answer = {
                "ms": ms,
                "bytes": len(response.content),
                "status": response.status_code,
                # Proof that the page holds the seeded text, not an error page.
                "links": response.content.count(b"https://example.org"),
            }
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
        serve()


if __name__ == "__main__":
    main()
