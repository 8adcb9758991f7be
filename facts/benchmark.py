"""Measure the facts panel and the map: queries and server time against size.

`run(scale)` builds a published dossier with `scale` figures and events and
`scale // 10` actors and deployments, each event citing a source, plus
`scale // 10` located dossiers for the map. The rows are bulk-created (the
panel reads facts, it does not need their revisions), then the pages are
fetched through Django's test Client by `carre.benchmarking.measure_page`.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from carre.benchmarking import measure_page
from dossiers import services as dossier_services
from dossiers.models import Dossier
from facts.models import Actor, Deployment, Event, Figure
from facts.taxonomy import Technology
from sources.models import Citation, Source


def _build(scale: int) -> tuple[Dossier, User]:
    author, _ = User.objects.get_or_create(username=f"facts-bench-{scale}")
    dossier = dossier_services.create_dossier(
        author=author,
        title=f"Faits, banc d'essai {scale}",
        kind=Dossier.Kind.CITY,
        status=Dossier.Status.PUBLISHED,
        latitude=Decimal("49.25"),
        longitude=Decimal("4.03"),
    )
    source = Source.objects.create(key=f"facts-bench-{scale}", title="Rapport")
    actors = Actor.objects.bulk_create(
        Actor(dossier=dossier, name=f"Acteur {n}", version=1)
        for n in range(max(scale // 10, 1))
    )
    Figure.objects.bulk_create(
        Figure(
            dossier=dossier,
            subject=f"Sujet {n % 50}",
            value=n,
            attributed_to=actors[n % len(actors)],
            source=source,
            version=1,
        )
        for n in range(scale)
    )
    events = Event.objects.bulk_create(
        Event(
            dossier=dossier,
            date=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
            title=f"Événement {n}",
            version=1,
        )
        for n in range(scale)
    )
    content_type = ContentType.objects.get_for_model(Event)
    Citation.objects.bulk_create(
        Citation(source=source, content_type=content_type, object_id=e.pk)
        for e in events
    )
    technologies = list(Technology.values)
    for n in range(max(scale // 10, 1)):
        located = dossier_services.create_dossier(
            author=author,
            title=f"Ville {scale}-{n}",
            kind=Dossier.Kind.CITY,
            status=Dossier.Status.PUBLISHED,
            latitude=Decimal("43") + Decimal(n % 60) / 10,
            longitude=Decimal("2") + Decimal(n % 40) / 10,
        )
        Deployment.objects.bulk_create(
            Deployment(
                dossier=target,
                technology=technologies[n % len(technologies)],
                status=Deployment.Status.DEPLOYED,
                vendor=actors[n % len(actors)] if target == dossier else None,
                version=1,
            )
            for target in (dossier, located)
        )
    return dossier, author


def run(scale: int) -> list[dict]:
    dossier, author = _build(scale)
    return [
        measure_page(dossier.get_absolute_url(), label="dossier page with facts"),
        measure_page(
            reverse("fact-add", kwargs={"slug": dossier.slug, "kind": "figure"}),
            user=author,
            label="add-figure form",
        ),
        measure_page(reverse("map"), label="map"),
    ]
