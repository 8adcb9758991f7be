"""Full-text search over dossiers, sections, forum posts and sources.

PostgreSQL's French configuration (stemming, accents kept as typed) with the
GIN indexes of migration 0001; `websearch` syntax, so "quoted phrases", OR and
-exclusions work as people expect. Every read starts from the viewer.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)

from dossiers.models import Dossier, Section
from forum.models import Post, Thread
from sources.models import Source

CONFIG = "french"
LIMIT = 20
CANDIDATES = 200
# Control characters as highlight markers: they cannot be confused with user
# text once escaped (see templatetags/search_tags.py).
MARK_START, MARK_STOP = "\x02", "\x03"
HEADLINE_OPTIONS = {
    "max_words": 30,
    "min_words": 12,
    "start_sel": MARK_START,
    "stop_sel": MARK_STOP,
}


@dataclass
class Results:
    query: str
    dossiers: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    threads: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(group)
            for group in (
                self.dossiers,
                self.sections,
                self.threads,
                self.posts,
                self.sources,
            )
        )


def _ranked(queryset, fields, query, headline_field=None):
    vector = SearchVector(*fields, config=CONFIG)
    # Filtering on the vector expression (@@) is what lets PostgreSQL use the
    # GIN index. Ranking needs each row's vector recomputed, so only the most
    # recent CANDIDATES matches are ranked: a common word over 100k posts
    # costs the same as a rare one.
    candidates = (
        queryset.alias(document=vector)
        .filter(document=query)
        .order_by("-pk")
        .values("pk")[:CANDIDATES]
    )
    queryset = queryset.filter(pk__in=candidates).annotate(
        rank=SearchRank(vector, query)
    )
    if headline_field:
        queryset = queryset.annotate(
            snippet=SearchHeadline(
                headline_field, query, config=CONFIG, **HEADLINE_OPTIONS
            )
        )
    return queryset.order_by("-rank")[:LIMIT]


def search(user, text: str) -> Results:
    """The best matches of each kind that `user` may see."""
    text = (text or "").strip()
    results = Results(query=text)
    if not text:
        return results
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    results.dossiers = list(
        _ranked(
            Dossier.objects.visible_to(user), ["title", "summary"], query, "summary"
        )
    )
    results.sections = list(
        _ranked(
            Section.objects.present()
            .filter(dossier__in=Dossier.objects.visible_to(user))
            .select_related("dossier"),
            ["title", "text"],
            query,
            "text",
        )
    )
    results.threads = list(
        _ranked(
            Thread.objects.visible_to(user).select_related("category"),
            ["title"],
            query,
        )
    )
    results.posts = list(
        _ranked(
            Post.objects.visible_to(user)
            .filter(deleted_at__isnull=True)
            .filter(thread__in=Thread.objects.visible_to(user))
            .select_related("thread", "author"),
            ["body"],
            query,
            "body",
        )
    )
    results.sources = list(
        _ranked(
            Source.objects.visible_to(user),
            ["title", "publisher", "author"],
            query,
        )
    )
    return results
