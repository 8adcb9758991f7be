"""Measure the dossier page: queries and server time against its size.

`run(scale)` builds a published dossier with `scale` sections (each with a
couple of revisions) and fetches its page through Django's test Client, as an
anonymous reader and as a signed-in contributor. Meant to run inside a test
database (e.g. from a pytest benchmark or `manage.py shell` on a scratch DB).
"""

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from carre.benchmarking import measure_page
from dossiers import services
from dossiers.models import Dossier

PARAGRAPH = (
    "Le centre de supervision urbain compte {n} caméras ; la mairie a "
    "expérimenté un logiciel d'analyse vidéo. **Chiffre {n}**, "
    "[source](https://example.org/{n}).\n\n"
)


def _build(scale: int) -> tuple[Dossier, User]:
    # An account whose edits go live (accounts.trust), as a dossier's regulars.
    author, _ = User.objects.get_or_create(
        username=f"bench-{scale}",
        defaults={"trust_level_override": settings.CARRE_TRUST_REVIEW_LEVEL},
    )
    dossier = services.create_dossier(
        author=author,
        title=f"Banc d'essai {scale}",
        kind=Dossier.Kind.CITY,
        status=Dossier.Status.PUBLISHED,
    )
    for n in range(scale):
        section = services.add_section(
            dossier, editor=author, title=f"Section {n}", text=PARAGRAPH.format(n=n)
        )
        services.save_section(
            section,
            editor=author,
            title=section.title,
            text=PARAGRAPH.format(n=n) * 3,
            base_revision=section.current_revision,
        )
    return dossier, author


def run(scale: int) -> list[dict]:
    """Query count and milliseconds of the dossier page with `scale` sections."""
    dossier, author = _build(scale)
    url = dossier.get_absolute_url()
    return [
        measure_page(url, label="dossier page"),
        measure_page(url, user=author, label="dossier page (contributor)"),
        measure_page(
            reverse("dossier-history", kwargs={"slug": dossier.slug}),
            label="dossier history",
        ),
    ]
