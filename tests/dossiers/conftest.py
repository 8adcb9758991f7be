import pytest

from dossiers import services
from dossiers.models import Dossier


def make_dossier(author, *, title="Reims", status="published", sections=(), **fields):
    """A dossier with sections given as (title, text) pairs."""
    dossier = services.create_dossier(
        author=author,
        title=title,
        kind=fields.pop("kind", "city"),
        status=status,
        **fields,
    )
    for section_title, text in sections:
        services.add_section(dossier, editor=author, title=section_title, text=text)
    return dossier


@pytest.fixture
def dossier(contributor):
    return make_dossier(
        contributor,
        title="Reims",
        place="Reims",
        summary="Vidéosurveillance à Reims.",
        sections=[
            ("Programme 2020", "Premier paragraphe.\n\nDeuxième paragraphe."),
            ("Expérimentation Savari", "Thales teste un logiciel."),
        ],
    )


@pytest.fixture
def draft_dossier(contributor):
    return make_dossier(contributor, title="Brouillon", status=Dossier.Status.DRAFT)


@pytest.fixture
def section(dossier):
    return dossier.sections.order_by("position").first()


@pytest.fixture
def suspended(db):
    from tests.factories import make_user

    return make_user("suspendu", is_active=False)
