"""What the home page shows, read in a fixed number of queries.

The home page answers a newcomer's questions: what does the site hold (the
places on the map), what changed lately and who changed it, what is still
open (paragraphs waiting for a source, figures that disagree), what is being
discussed, and how to take part. Every list is capped, so the page costs the
same number of queries however much the site holds.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dossiers.models import Dossier, Section, SectionRevision
from facts.models import Figure
from forum.models import Thread
from sources.citations import count_uncited_paragraphs

PLACES = 8
CHANGES = 6
QUESTIONS = 6
THREADS = 5


@dataclass(frozen=True)
class OpenQuestions:
    """One dossier's loose ends."""

    dossier: Dossier
    uncited_paragraphs: int
    contested_subjects: list[str] = field(default_factory=list)

    @property
    def contested_count(self) -> int:
        return len(self.contested_subjects)


@dataclass(frozen=True)
class HomePage:
    places: list[Dossier]
    place_count: int
    dossier_count: int
    changes: list[SectionRevision]
    questions: list[OpenQuestions]
    threads: list[Thread]


def home_page(user) -> HomePage:
    """The home page's lists for `user` (6 queries)."""
    dossiers = Dossier.objects.visible_to(user)
    counts = dossiers.aggregate(
        dossiers=Count("pk"), places=Count("pk", filter=Q(latitude__isnull=False))
    )
    places = list(
        dossiers.filter(latitude__isnull=False, longitude__isnull=False)
        .only("title", "slug", "kind", "place", "latitude", "longitude")
        .order_by("title")[:PLACES]
    )
    changes = list(
        SectionRevision.objects.visible_to(user)
        .filter(section__dossier__in=dossiers, section__removed=False)
        .select_related("editor", "section__dossier")
        .defer("text", "html", "section__text", "section__html")
        .order_by("-created_at", "-pk")[:CHANGES]
    )
    return HomePage(
        places=places,
        place_count=counts["places"],
        dossier_count=counts["dossiers"],
        changes=changes,
        questions=_open_questions(dossiers),
        threads=list(
            Thread.objects.visible_to(user)
            .select_related("category")
            .order_by("-last_post_at")[:THREADS]
        ),
    )


def _open_questions(dossiers) -> list[OpenQuestions]:
    """The latest changed dossiers with paragraphs that cite nothing (the
    "citation needed" marks of their pages) or contested figures; 3 queries."""
    recent = list(
        dossiers.only("title", "slug", "kind").order_by("-updated_at")[:QUESTIONS]
    )
    uncited = defaultdict(int)
    contested = defaultdict(list)
    # One query for the sections' HTML and one for the figures, whatever the
    # number of dossiers listed.
    for dossier_id, html in Section.objects.filter(
        dossier__in=recent, removed=False
    ).values_list("dossier_id", "html"):
        uncited[dossier_id] += count_uncited_paragraphs(html)
    # Contested as on the facts panel (facts.panel.FigureGroup.contested):
    # several current values of one subject at the same date.
    rows = (
        Figure.objects.filter(dossier__in=recent, removed=False)
        .exclude(rank=Figure.Rank.DEPRECATED)
        .values("dossier_id", "subject", "as_of")
        .annotate(values=Count("pk"))
        .filter(values__gt=1)
        .order_by("subject")
    )
    for row in rows:
        if row["subject"] not in contested[row["dossier_id"]]:
            contested[row["dossier_id"]].append(row["subject"])
    return [
        OpenQuestions(
            dossier=dossier,
            uncited_paragraphs=uncited[dossier.pk],
            contested_subjects=contested[dossier.pk],
        )
        for dossier in recent
        if uncited[dossier.pk] or contested[dossier.pk]
    ]
