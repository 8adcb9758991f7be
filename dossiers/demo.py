"""The Reims dossier of the demo, built through the services like real edits.

Facts from the Reims thread (dates, names, figures); every sentence is ours.
Loading twice creates nothing twice: the dossier's slug is the marker.
"""

from decimal import Decimal

from dossiers import services
from dossiers.models import Dossier

SLUG = "reims"

PROGRAMME_2020 = """\
Pendant la campagne municipale de 2020, la liste du maire sortant,
Arnaud Robinet, a fait de la sécurité un axe central de son programme.
Des photos de ses engagements ont circulé le 16 février 2020.

Parmi les promesses relevées :

- couvrir l'ensemble du territoire de caméras ;
- étendre la vidéoverbalisation, notamment contre les dépôts sauvages ;
- autoriser la reconnaissance faciale pour rechercher des personnes ;
- développer une « smart city » avec une gestion centralisée de l'espace public.
"""

PROGRAMME_2020_V2 = (
    PROGRAMME_2020
    + """
La presse locale avait résumé le volet sécurité du programme sans mentionner
la reconnaissance faciale.
"""
)

SAVARI = """\
Savari est un logiciel d'analyse vidéo vendu par Thales. Il a été testé
avec les caméras de l'agglomération rémoise en 2020-2021.

Selon le média StreetPress (article du 26 janvier 2023), l'outil pouvait
repérer automatiquement des regroupements ou des intrusions et classer des
objets. Ni les habitants ni l'opposition n'en avaient été informés.

La mairie affirme de son côté qu'il ne servait qu'à accélérer la relecture
d'images dans le cadre de réquisitions judiciaires.
"""

SAVARI_V2 = (
    SAVARI
    + """
Thales indique avoir mis fin à l'expérimentation au début de 2022, sans
passage à l'échelle industrielle.
"""
)

CONSEIL = """\
Lors du conseil municipal du 30 janvier 2023, le maire a confirmé que le
centre de supervision urbain avait expérimenté Savari, pendant quelques
semaines selon lui, avec l'accord du procureur (vers 15 min 40 de la vidéo).

Le coût du logiciel fait débat :

- 210 000 € selon un conseiller d'opposition (vers 22 min 50) ;
- 60 000 €, intégralement remboursés, selon le maire (vers 26 min).

Les deux montants sont consignés ici côte à côte, faute de document qui
tranche.
"""

RAPPORT = """\
Le 12 avril 2023, un rapport parlementaire sur la vidéoprotection, encore
inédit, a été rendu public par la presse spécialisée. Ses pages 66 et 67
reviennent sur l'expérimentation de Reims.

Les rapporteurs y déplorent le manque d'information du public et du conseil
municipal, et recommandent un cadre d'évaluation standardisé de ces
dispositifs « augmentés » (recommandation n° 18).
"""

CHIFFRES = """\
- 225 caméras en 2021 ;
- 245 caméras en juin 2022, d'après la mairie ;
- plus de 1 600 réquisitions d'images par la police nationale en 2022.
"""


def load(users: dict) -> Dossier:
    """Create the Reims dossier with a few revisions by different people."""
    existing = Dossier.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    alouette, kanopai = users["alouette"], users["kanopai"]
    css, felix = users["css"], users["felix"]

    dossier = services.create_dossier(
        author=alouette,
        title="Reims",
        kind=Dossier.Kind.CITY,
        place="Reims, Marne",
        latitude=Decimal("49.2583"),
        longitude=Decimal("4.0317"),
        summary=(
            "Vidéoprotection, promesse de reconnaissance faciale et "
            "expérimentation du logiciel Savari de Thales."
        ),
        status=Dossier.Status.PUBLISHED,
    )
    for user in (kanopai, css, felix):
        services.watch_dossier(dossier, user=user)

    programme = services.add_section(
        dossier, editor=kanopai, title="Programme 2020", text=PROGRAMME_2020
    )
    services.save_section(
        programme,
        editor=css,
        title="Programme 2020",
        text=PROGRAMME_2020_V2,
        base_revision=programme.current_revision,
        summary="Ce qu'en a dit la presse locale",
    )
    savari = services.add_section(
        dossier,
        editor=kanopai,
        title="Expérimentation Savari (Thales)",
        text=SAVARI,
    )
    services.save_section(
        savari,
        editor=felix,
        title="Expérimentation Savari (Thales)",
        text=SAVARI_V2,
        base_revision=savari.current_revision,
        summary="Fin de l'expérimentation selon Thales",
    )
    services.add_section(
        dossier,
        editor=felix,
        title="Conseil municipal du 30 janvier 2023",
        text=CONSEIL,
        summary="Les deux montants cités en séance",
    )
    services.add_section(
        dossier,
        editor=kanopai,
        title="Rapport parlementaire d'avril 2023",
        text=RAPPORT,
    )
    services.add_section(
        dossier, editor=css, title="Vidéoprotection en chiffres", text=CHIFFRES
    )
    return dossier
