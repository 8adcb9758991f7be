"""The facts of the Reims demo dossier: actors, figures, timeline, deployments.

Facts from the Reims forum thread, in our own words. Loading is idempotent
(each fact is looked up by its natural key before it is added) and uses no
network: sources are found by address (the sources demo added them) or, if
missing, described by hand without any fetch.
"""

import datetime
from decimal import Decimal

from django.db.models import Q

from facts import services
from facts.models import Actor, Deployment, Event, Figure

D = datetime.date

TWEET_PROGRAMME = "https://twitter.com/BenjaminDeveley/status/1229067285706498049"
COUNCIL_VIDEO = "https://www.videliostreaming.com/Reims/ville-de-reims/2023-01-30_18/"
LUNION_2023 = (
    "https://www.lunion.fr/id451463/article/2023-01-30/"
    "reims-le-maire-defend-lusage-dun-logiciel-dintelligence-artificielle"
)
STREETPRESS_CONFIRM = (
    "https://www.streetpress.com/sujet/1675183815-maire-reims-arnaud-robinet-"
    "confirme-videosurveillance-thales-intelligence-artificielle"
)
NEXTINPACT = (
    "https://www.nextinpact.com/article/71456/"
    "apres-video-surveillance-algorithmique-deputes-vont-vers-reconnaissance-faciale"
)


def _dossier():
    from dossiers.models import Dossier

    return (
        Dossier.objects.filter(Q(slug="reims") | Q(slug__startswith="reims"))
        .order_by("pk")
        .first()
        or Dossier.objects.filter(title__istartswith="Reims").order_by("pk").first()
    )


def _source_by_url(key, url, user, **fields):
    """The sources demo's source (by key or address); else described by hand.

    Described by hand, a source is never fetched: the demo uses no network.
    """
    from sources.services import add_source_manually, find_source_by_url

    return (
        _source_by_key(key)
        or find_source_by_url(url)
        or add_source_manually(added_by=user, key=key, url=url, **fields)
    )


def _source_by_key(key):
    """A source the sources demo described by hand (no address), if any."""
    from sources.models import Source

    return Source.objects.filter(key=key).first()


def _cite(*pairs):
    return [(source, locator) for source, locator in pairs if source is not None]


def load(users):
    dossier = _dossier()
    if dossier is None:
        return
    kanopai, felix = users["kanopai"], users["felix"]
    alouette, css = users["alouette"], users["css"]

    sources = {
        "tweet": _source_by_url(
            "develey-2020-02-16",
            TWEET_PROGRAMME,
            kanopai,
            title="Photos du programme municipal 2020 d'Arnaud Robinet",
            kind="social",
            published_on=D(2020, 2, 16),
        ),
        "council": _source_by_url(
            "conseil-reims-2023-01-30",
            COUNCIL_VIDEO,
            felix,
            title="Conseil municipal de Reims du 30 janvier 2023 (vidéo)",
            publisher="Ville de Reims",
            kind="video",
            published_on=D(2023, 1, 30),
        ),
        "lunion": _source_by_url(
            "lunion-2023-01-30",
            LUNION_2023,
            felix,
            title="À Reims, le maire défend un logiciel d'IA pour la vidéosurveillance",
            publisher="L'Union",
            paywalled=True,
            published_on=D(2023, 1, 30),
        ),
        "streetpress_confirm": _source_by_url(
            "streetpress-2023-01-31",
            STREETPRESS_CONFIRM,
            felix,
            title="Le maire de Reims confirme l'expérimentation de Thales",
            publisher="StreetPress",
            published_on=D(2023, 1, 31),
        ),
        "nextinpact": _source_by_url(
            "nextinpact-2023-04-12",
            NEXTINPACT,
            kanopai,
            title="Après la vidéosurveillance algorithmique, la reconnaissance faciale",
            publisher="Next INpact",
            published_on=D(2023, 4, 12),
        ),
    }
    streetpress = _source_by_key("streetpress-2023-01-26")
    france3 = _source_by_key("france3-2023-01-28")
    report = _source_by_key("assemblee-nationale-rapport-2023")
    city_tweet = _source_by_key("ville-reims-2022-06-15")

    actors = {}
    for key, name, kind, role, by in [
        ("robinet", "Arnaud Robinet", "person", "Maire de Reims (Horizons)", kanopai),
        ("thales", "Thales", "vendor", "Industriel, éditeur du logiciel Savari", css),
        (
            "tyburce",
            "Léo Tyburce",
            "person",
            "Conseiller municipal d'opposition (EELV)",
            kanopai,
        ),
        (
            "quenard",
            "Éric Quenard",
            "person",
            "Conseiller municipal d'opposition",
            felix,
        ),
        (
            "streetpress",
            "StreetPress",
            "organisation",
            "Média en ligne ; a révélé l'expérimentation",
            alouette,
        ),
    ]:
        actors[key] = Actor.objects.filter(dossier=dossier, name=name).first() or (
            services.add_actor(dossier=dossier, by=by, name=name, kind=kind, role=role)
        )

    def figure(subject, value, *, by, **fields):
        exists = Figure.objects.filter(
            dossier=dossier,
            subject=subject,
            value=Decimal(value),
            attributed_to=fields.get("attributed_to"),
        ).exists()
        if not exists:
            services.add_figure(
                dossier=dossier, by=by, subject=subject, value=value, **fields
            )

    cost = "Coût du logiciel Savari"
    figure(
        cost,
        210000,
        by=felix,
        unit="€",
        as_of=D(2023, 1, 30),
        attributed_to=actors["quenard"],
        source=sources["council"],
        locator="22:50",
        note="Montant d'investissement cité en séance, « de mémoire » selon lui.",
    )
    figure(
        cost,
        60000,
        by=felix,
        unit="€",
        as_of=D(2023, 1, 30),
        attributed_to=actors["robinet"],
        source=sources["council"],
        locator="26:00",
        note="Le maire ajoute que la somme sera entièrement remboursée à la ville.",
    )
    cameras = "Caméras reliées au centre de supervision urbain"
    figure(
        cameras,
        225,
        by=kanopai,
        unit="caméras",
        as_of=D(2021, 1, 1),
        as_of_precision="year",
        source=sources["streetpress_confirm"],
    )
    figure(
        cameras,
        245,
        by=kanopai,
        unit="caméras",
        as_of=D(2022, 6, 15),
        as_of_precision="month",
        source=city_tweet,
        note="Bilan publié par la mairie sur les réseaux sociaux.",
    )
    figure(
        "Réquisitions d'images par la police nationale",
        1600,
        by=felix,
        unit="réquisitions",
        as_of=D(2022, 1, 1),
        as_of_precision="year",
        attributed_to=actors["robinet"],
        source=sources["council"],
        locator="15:40",
        note="Soit environ cinq par jour, selon le maire.",
    )
    figure(
        "Enregistrements remis aux services d'enquête",
        647,
        by=kanopai,
        unit="enregistrements",
        as_of=D(2022, 6, 15),
        as_of_precision="month",
        source=city_tweet,
    )
    figure(
        "Temps d'analyse des vidéos divisé par",
        30,
        by=css,
        as_of=D(2023, 2, 1),
        attributed_to=actors["thales"],
        source=report,
        locator="p. 66-67",
        note="Affirmation de Thales dans sa contribution écrite aux députés; "
        "aucune évaluation indépendante.",
    )

    def event(date, title, *, by, precision="day", **fields):
        if not Event.objects.filter(dossier=dossier, title=title).exists():
            services.add_event(
                dossier=dossier,
                by=by,
                date=date,
                precision=precision,
                title=title,
                **fields,
            )

    event(
        D(2020, 2, 16),
        "Le programme municipal promet la reconnaissance faciale",
        by=kanopai,
        description="Des photos du programme 2020-2026 d'Arnaud Robinet circulent : "
        "la reconnaissance faciale y figure, pour rechercher des délinquants "
        "comme pour retrouver des personnes perdues.",
        citations=_cite((sources["tweet"], "")),
    )
    event(
        D(2020, 1, 1),
        "Expérimentation du logiciel Savari de Thales",
        by=css,
        precision="year",
        end_date=D(2021, 1, 1),
        end_precision="year",
        description="Des caméras « augmentées » sont testées avec le centre de "
        "supervision urbain, sans information du public ni du conseil municipal.",
        citations=_cite((report, "p. 66-67")),
    )
    event(
        D(2021, 11, 1),
        "Question au conseil sur un outil de « reconnaissance faciale » au budget",
        by=kanopai,
        precision="month",
        description="Léo Tyburce interroge la majorité; on lui répond qu'il "
        "s'agit d'un outil d'IA pour retrouver des véhicules.",
        citations=_cite((france3, "")),
    )
    event(
        D(2023, 1, 26),
        "StreetPress révèle l'expérimentation",
        by=alouette,
        description="L'enquête décrit un an d'essai d'un algorithme de Thales sur "
        "les caméras de la ville, à l'insu des habitants et de l'opposition.",
        citations=_cite((streetpress, "")),
    )
    event(
        D(2023, 1, 28),
        "La mairie dément auprès de France 3",
        by=kanopai,
        description="Selon la ville, le logiciel servait seulement à relire les "
        "vidéos lors de réquisitions judiciaires et l'essai n'a duré que "
        "quelques semaines.",
        citations=_cite((france3, "")),
    )
    event(
        D(2023, 1, 30),
        "Conseil municipal : le maire confirme l'essai de Savari",
        by=felix,
        description="Le maire reconnaît l'expérimentation; l'opposition cite un "
        "coût de 210 000 €, le maire de 60 000 €.",
        citations=_cite(
            (sources["council"], "15:40"),
            (sources["council"], "22:50"),
            (sources["council"], "26:00"),
            (sources["lunion"], ""),
            (sources["streetpress_confirm"], ""),
        ),
    )
    event(
        D(2023, 2, 1),
        "Thales auditionné par la mission d'information de l'Assemblée",
        by=css,
        description="L'industriel présente son retour d'expérience sur Reims "
        "et remet ensuite une contribution écrite.",
        citations=_cite((report, "p. 66-67")),
    )
    event(
        D(2023, 4, 12),
        "Next INpact publie le rapport parlementaire",
        by=kanopai,
        description="Les rapporteurs regrettent l'opacité de l'expérimentation "
        "rémoise et recommandent un cadre d'évaluation.",
        citations=_cite((sources["nextinpact"], ""), (report, "p. 66-67")),
    )

    def deployment(technology, name, *, by, **fields):
        found = Deployment.objects.filter(
            dossier=dossier, technology=technology, name=name
        ).first()
        return found or services.add_deployment(
            dossier=dossier, by=by, technology=technology, name=name, **fields
        )

    savari = deployment(
        "algorithmic_video",
        "Savari",
        by=css,
        status=Deployment.Status.EXPERIMENTED,
        vendor=actors["thales"],
        start_date=D(2020, 1, 1),
        start_precision="year",
        description="Analyse automatique des images (regroupements, intrusions, "
        "véhicules) testée avec le centre de supervision urbain.",
        citations=_cite((report, "p. 66-67"), (streetpress, "")),
    )
    if savari.status == Deployment.Status.EXPERIMENTED:
        services.edit_fact(
            savari,
            by=felix,
            base_version=savari.version,
            values={
                "status": Deployment.Status.ABANDONED,
                "end_date": D(2022, 1, 1),
                "end_precision": "year",
            },
            summary="Arrêt début 2022 selon Thales, confirmé au conseil du 30 janvier "
            "2023.",
        )
    deployment(
        "video_surveillance",
        "",
        by=kanopai,
        status=Deployment.Status.DEPLOYED,
        quantity=245,
        description="Caméras de la ville reliées au centre de supervision urbain "
        "(245 en juin 2022).",
        citations=_cite((city_tweet, "")),
    )
    deployment(
        "anpr",
        "",
        by=kanopai,
        status=Deployment.Status.EXPERIMENTED,
        vendor=actors["thales"],
        description="Lecture automatique des plaques, l'un des usages de Savari; "
        "la majorité a présenté l'outil comme limité aux véhicules.",
        citations=_cite((sources["council"], "22:50")),
    )
    # A promise, not a deployment: it puts an "announced" marker on the map.
    deployment(
        "facial_recognition",
        "",
        by=kanopai,
        status=Deployment.Status.ANNOUNCED,
        start_date=D(2020, 2, 16),
        description="Inscrite au programme municipal 2020-2026 du maire, pour "
        "rechercher des délinquants comme pour retrouver des personnes perdues; "
        "aucune mise en service connue.",
        citations=_cite((sources["tweet"], "")),
    )
