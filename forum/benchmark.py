"""Forum measurements for `manage.py benchmark`: a thread of `scale` posts."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from carre.benchmarking import measure_page
from forum import services
from forum.models import Category, Post, PostRevision, Thread
from forum.rendering import render_post_body


def run(scale: int) -> list[dict]:
    """Generate a thread of `scale` posts; measure its pages and the category."""
    User = get_user_model()
    authors = [
        User.objects.get_or_create(username=f"bench-forum-{i}")[0] for i in range(5)
    ]
    reader = authors[0]
    category, _created = Category.objects.get_or_create(
        slug=f"bench-{scale}", defaults={"name": f"Benchmark {scale}"}
    )
    thread = services.create_thread(
        category=category,
        author=authors[0],
        title=f"Benchmark thread of {scale} posts",
        body="Le premier message.",
        enforce_limits=False,
    )
    first = thread.posts.get()
    body = (
        f"[quote={first.pk}]\nLe premier message.\n[/quote]\n\n"
        "Un message **de test** avec un [lien](https://example.org) et une liste :\n\n"
        "- 225 caméras en 2021\n- 245 en juin 2022\n"
    )
    html = render_post_body(body, thread_id=thread.pk, strict=False).html
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[i % len(authors)],
            body=body,
            html=html,
            created_at=now,
        )
        for i in range(max(scale - 1, 0))
    )
    PostRevision.objects.bulk_create(
        PostRevision(post=post, number=1, body=body, editor=post.author)
        for post in posts
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=scale)
    for i in range(20):
        Thread.objects.create(
            category=category,
            title=f"Autre fil {i}",
            author=authors[i % len(authors)],
            last_post_at=now,
            post_count=1,
        )
    url = reverse("thread-detail", args=[thread.pk])
    last_page = (scale - 1) // 20 + 1
    return [
        measure_page(url, label="thread page (first)"),
        measure_page(
            f"{url}?page={last_page}",
            user=reader,
            label="thread page (last, signed in)",
        ),
        measure_page(
            reverse("category-detail", args=[category.slug]),
            user=reader,
            label="category thread list",
        ),
        measure_page(reverse("forum-index"), label="category list"),
    ]
