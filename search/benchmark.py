"""Search over many posts: an index lookup, not a scan (DESIGN.md budget)."""

import random

from django.db import connection
from django.utils import timezone

from accounts.models import User
from carre.benchmarking import measure_page
from forum.models import Category, Post, Thread

POSTS_PER_SCALE = 50
WORDS = [
    "caméra",
    "vidéoprotection",
    "conseil",
    "municipal",
    "budget",
    "police",
    "requisition",
    "image",
    "enquête",
    "préfecture",
    "quartier",
    "association",
    "mairie",
    "rapport",
    "députés",
    "logiciel",
    "algorithme",
    "expérimentation",
    "transparence",
    "opposition",
    "délibération",
    "marché",
]


def _generate(count: int) -> None:
    rng = random.Random(count)  # noqa: S311 - generated text, not secrets
    author, _ = User.objects.get_or_create(username="bench-search")
    category, _ = Category.objects.get_or_create(
        slug="bench-search", defaults={"name": "Benchmark"}
    )
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title="Benchmark search", author=author, last_post_at=now
    )
    batch = []
    for n in range(count):
        words = rng.choices(WORDS, k=40)
        if n % 1000 == 0:
            words.append("Savari")
        if n % 20 == 0:
            words.append("Thalès")
        body = " ".join(words)
        batch.append(Post(thread=thread, author=author, body=body, html=body))
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)
    # What autovacuum does soon after a bulk load: give the planner statistics,
    # for the posts and for what the other benchmarks loaded (sections, facts).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(scale: int) -> list[dict]:
    count = scale * POSTS_PER_SCALE
    _generate(count - Post.objects.filter(author__username="bench-search").count())
    rows = []
    for words, label in (
        ("Savari", "rare word"),
        ("Thales", "word in one post in twenty"),
        ("caméra", "common word"),
        ("camera", "common word, no accent"),
        ("videoprot", "prefix of a common word"),
        ("Savari&kind=post", "rare word, posts only"),
        ("caméra&kind=post", "common word, posts only"),
        ("Savari&kind=post&since=2020-01-01", "rare word, posts since 2020"),
    ):
        row = measure_page(f"/search/?q={words}", label=f"search: {label}")
        row["notes"] = f"{count} posts"
        rows.append(row)
    return rows
