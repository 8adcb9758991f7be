"""The Reims dossier of the demo, built through the services like real edits.

Facts from the Reims thread (dates, names, figures); every sentence is ours.
Loading twice creates nothing twice: the dossier's slug is the marker.
"""

from decimal import Decimal

from accounts import trust
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

PROGRAMME_2020_V3 = (
    PROGRAMME_2020_V2
    + """
Le reste du volet sécurité, lu sur les mêmes photos :

- un accès direct des policiers municipaux aux fichiers de la police ;
- un accès des maires aux fichiers des personnes recherchées, des auteurs
  d'infractions sexuelles et des personnes « fichées S » ;
- la modernisation, avec la ville, de la vidéoprotection de Citura (le réseau
  de bus et de tramway) et de l'université ;
- des caméras des bailleurs sociaux reliées sans rupture à celles de la ville ;
- dans la *smart city*, un éclairage public renforcé par des « boules de
  lumière », la régulation de la circulation et une information des habitants
  en temps réel.
"""
)

EFFICACITE = """\
Aucune évaluation de l'efficacité des caméras rémoises n'a été trouvée à ce
jour.

Des parents du quartier Orgeval, inquiets des affrontements entre bandes de
jeunes, jugeaient déjà en 2020 que les caméras n'y changeaient pas grand-chose.

Le 28 février 2021, l'adjoint chargé de la sécurité mettait en avant la
vidéoprotection pour alerter les polices nationale et municipale en cas de
rixe ; les habitants, eux aussi, appellent la police.

Les caméras sont elles-mêmes prises pour cibles : l'une a été presque détruite
dans le quartier Wilson, où elle dérangeait un trafic d'après la police ; une
autre a été incendiée par un mineur dans le quartier Maison Blanche.

Un photographe de L'Union, posté pour couvrir une bagarre qui n'a finalement
pas eu lieu, a été frappé à la tête et grièvement blessé ; son agresseur a été
arrêté.

Le préfet a réagi en regrettant qu'aucune caméra ne couvre le lieu de
l'agression, ce qui aurait selon lui facilité l'enquête.
"""

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

RAPPORT_V2 = (
    RAPPORT
    + """
Après son audition du 1er février 2023, Thales a remis aux députés une note
écrite sur l'essai :

- usages testés : fraudes et incivilités pour l'opérateur de transport et,
  avec le centre de supervision urbain, dégradations de caméras, accidents de
  la circulation et attroupements aux pires moments de l'épidémie de Covid ;
- analyses d'impact sur la protection des données (AIPD) : confiées à
  l'industriel délégataire, en lien avec la préfecture de la Marne, sans
  qu'aucune ne soit reproduite dans le rapport ;
- toute relecture d'images sous l'autorité d'un officier de police judiciaire
  ou d'un magistrat, et pas de reconnaissance faciale intégrée « nativement » ;
- un bilan complet promis à la CNIL à la fin de l'essai ;
- un temps d'analyse divisé par 30 selon l'entreprise, mais un passage à
  l'échelle empêché par le Covid et un arrêt début 2022.

Pour les rapporteurs, ce manque de transparence va à l'encontre du RGPD et
empêche toute évaluation sereine de ces dispositifs.
"""
)

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
    # The group's regulars: a moderator vouches for them (their accounts
    # are new to this site), so their edits go live; temoin51's wait.
    for member in (kanopai, css, felix):
        if member.trust_level_override is None:
            trust.set_trust_level(
                member,
                moderator=alouette,
                level=trust.MEMBER,
                reason="Membre du groupe de veille depuis 2020.",
            )

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
    programme = services.save_section(
        programme,
        editor=css,
        title="Programme 2020",
        text=PROGRAMME_2020_V2,
        base_revision=programme.current_revision,
        summary="Ce qu'en a dit la presse locale",
    ).section
    services.save_section(
        programme,
        editor=kanopai,
        title="Programme 2020",
        text=PROGRAMME_2020_V3,
        base_revision=programme.current_revision,
        summary="Le reste du programme : fichiers, Citura, bailleurs, smart city",
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
    rapport = services.add_section(
        dossier,
        editor=kanopai,
        title="Rapport parlementaire d'avril 2023",
        text=RAPPORT,
    )
    services.save_section(
        rapport,
        editor=alouette,
        title="Rapport parlementaire d'avril 2023",
        text=RAPPORT_V2,
        base_revision=rapport.current_revision,
        summary="Usages testés, AIPD, préfecture, CNIL et RGPD",
    )
    services.add_section(
        dossier,
        editor=css,
        title="Une efficacité en question",
        text=EFFICACITE,
        summary="Orgeval, caméras dégradées, agression d'un photographe",
    )
    services.add_section(
        dossier, editor=css, title="Vidéoprotection en chiffres", text=CHIFFRES
    )
    _propose_a_figure(dossier, users.get("temoin51"))
    _propose_a_description(dossier, users.get("temoin51"))
    return dossier


CHIFFRES_PROPOSES = CHIFFRES + (
    "- 647 extraits vidéo remis par le centre de supervision urbaine aux "
    "enquêteurs de la police et de la gendarmerie.\n"
)


def _propose_a_description(dossier: Dossier, newcomer) -> None:
    """A new account's edit of the description, also kept for review."""
    if newcomer is None:
        return
    dossier.refresh_from_db()
    services.update_dossier(
        dossier,
        editor=newcomer,
        title=dossier.title,
        kind=dossier.kind,
        place=dossier.place,
        latitude=dossier.latitude,
        longitude=dossier.longitude,
        summary=(
            "Vidéoprotection (245 caméras reliées au centre de supervision "
            "urbaine), promesse de reconnaissance faciale et expérimentation "
            "du logiciel Savari de Thales, sans information des habitants ni "
            "du conseil municipal."
        ),
        status=dossier.status,
        edit_summary="Nombre de caméras et silence de la mairie",
    )


def _propose_a_figure(dossier: Dossier, newcomer) -> None:
    """A new account's edit, kept for review: the queue at /dossiers/review/."""
    if newcomer is None:
        return
    section = dossier.sections.get(title="Vidéoprotection en chiffres")
    services.save_section(
        section,
        editor=newcomer,
        title=section.title,
        text=CHIFFRES_PROPOSES,
        base_revision=section.current_revision,
        summary="Chiffre du CSU sur les images remises aux enquêteurs",
    )
