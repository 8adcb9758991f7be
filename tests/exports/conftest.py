import datetime

import pytest

from dossiers import services as dossier_services
from facts import services as fact_services
from tests.facts.conftest import (  # noqa: F401 (fixtures)
    council_video,
    dossier,
    draft_dossier,
    make_dossier,
    make_source,
    report,
)


@pytest.fixture
def thales(dossier, contributor):  # noqa: F811
    return fact_services.add_actor(
        dossier=dossier, by=contributor, name="Thales", kind="vendor"
    )


@pytest.fixture
def savari(dossier, contributor, thales, council_video, report):  # noqa: F811
    """Reims: the Savari experiment, with two sources and a section citing them."""
    council_video.url = "https://www.reims.fr/conseil-2023-01-30"
    council_video.archive_url = "https://web.archive.org/web/2023/https://www.reims.fr/"
    council_video.publisher = "Ville de Reims"
    council_video.published_on = datetime.date(2023, 1, 30)
    council_video.save()
    dossier_services.add_section(
        dossier,
        editor=contributor,
        title="Expérimentation Savari",
        text=(
            "Le logiciel a coûté 60 000 € selon le maire "
            "[@conseil-reims-2023, 26:00].\n\n"
            "Le rapport en parle aussi [@rapport-an-2023, p. 66-67]."
        ),
    )
    return fact_services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="algorithmic_video",
        status="experimented",
        name="Savari",
        vendor=thales,
        start_date=datetime.date(2020, 9, 1),
        end_date=datetime.date(2021, 6, 30),
        citations=[(council_video, "22min50"), (report, "p. 66")],
    )
