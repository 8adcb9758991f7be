"""The sources of the Reims thread, for the demo (no network: nothing is fetched).

The metadata is written by hand from the thread's facts. Sources whose
address the thread does not give are entered without one, as paper or
broadcast sources would be.
"""

import datetime
import re

from django.db import transaction

from sources import services
from sources.models import Source

D = datetime.date

REIMS_SOURCES = [
    {
        "key": "develey-2020-02-16",
        "url": "https://twitter.com/BenjaminDeveley/status/1229067285706498049",
        "kind": Source.Kind.SOCIAL,
        "title": "Photos du programme municipal 2020-2026 d'Arnaud Robinet",
        # A post is credited to its author; the platform is not a publisher.
        "author": "Benjamin Develey",
        "published_on": D(2020, 2, 16),
        "language": "fr",
        "description": (
            "Photos du tract de campagne du maire sortant ; parmi les promesses "
            "de sécurité, la reconnaissance faciale pour retrouver délinquants et "
            "personnes disparues."
        ),
    },
    {
        "key": "lunion-2020-02-13",
        "url": "https://www.lunion.fr/id131184/article/2020-02-13/"
        "municipales-reims-le-plan-securite-darnaud-robinet",
        "kind": Source.Kind.ARTICLE,
        "title": "Municipales à Reims : le plan sécurité d'Arnaud Robinet",
        "publisher": "L'Union",
        "published_on": D(2020, 2, 13),
        "language": "fr",
        "description": (
            "Le quotidien résume le volet sécurité du programme du maire, sans "
            "relever la reconnaissance faciale."
        ),
    },
    {
        "key": "france3-2020-02-01",
        "url": "https://france3-regions.francetvinfo.fr/grand-est/marne/reims/"
        "violences-quartiers-reims-jour-il-y-aura-mort-je-ne-veux-pas-que-ce-soit"
        "-mon-fils-1782253.html",
        "kind": Source.Kind.ARTICLE,
        "title": "Violences dans les quartiers de Reims : des parents inquiets",
        "publisher": "France 3 Grand Est",
        "published_on": D(2020, 2, 1),
        "language": "fr",
        "description": (
            "Des parents du quartier Orgeval, inquiets des rixes entre bandes, "
            "jugent les caméras de peu d'utilité."
        ),
    },
    {
        "key": "lunion-2021-02-28",
        "url": "",
        "kind": Source.Kind.ARTICLE,
        "title": "L'Union, édition de Reims du 28 février 2021",
        "publisher": "L'Union",
        "published_on": D(2021, 2, 28),
        "language": "fr",
        "description": (
            "Édition papier. En page 3, le préfet réagit à l'agression d'un "
            "photographe du journal : une caméra à cet endroit aurait, selon "
            "lui, facilité l'enquête."
        ),
    },
    {
        "key": "lunion-2021-03-04",
        "url": "https://www.lunion.fr/id237759/article/2021-03-04/"
        "agression-de-notre-journaliste-reims-57secondes-de-violence-extreme",
        "kind": Source.Kind.ARTICLE,
        "title": "Agression d'un photographe de L'Union à Reims",
        "publisher": "L'Union",
        "published_on": D(2021, 3, 4),
        "language": "fr",
        "description": (
            "Un photographe du journal est violemment frappé ; le préfet regrette "
            "l'absence de caméra à cet endroit."
        ),
    },
    {
        "key": "streetpress-2023-01-26",
        "url": "",
        "kind": Source.Kind.ARTICLE,
        "title": (
            "Reims expérimente une intelligence artificielle de Thales pour "
            "surveiller ses habitants, et personne n'est au courant"
        ),
        "publisher": "StreetPress",
        "published_on": D(2023, 1, 26),
        "language": "fr",
        "description": (
            "L'enquête qui révèle que la police municipale a testé le logiciel "
            "d'analyse vidéo Savari de Thales sur les caméras de la ville dès 2021."
        ),
    },
    {
        "key": "france3-2023-01-28",
        "url": "",
        "kind": Source.Kind.ARTICLE,
        "title": "Vidéo-surveillance : la mairie de Reims dément les informations "
        "de StreetPress",
        "publisher": "France 3 Champagne-Ardenne",
        "published_on": D(2023, 1, 28),
        "language": "fr",
        "description": (
            "Réponse écrite du maire : quelques semaines d'essai d'un outil "
            "d'aide à la relecture des vidéos sur réquisition judiciaire, arrêté "
            "depuis."
        ),
    },
    {
        "key": "conseil-reims-2023-01-30",
        "url": "https://www.videliostreaming.com/Reims/ville-de-reims/2023-01-30_18/",
        "kind": Source.Kind.VIDEO,
        "title": "Conseil municipal de Reims du 30 janvier 2023 (vidéo)",
        "publisher": "Ville de Reims",
        "published_on": D(2023, 1, 30),
        "language": "fr",
        "description": (
            "Enregistrement de la séance : déclaration du maire sur Savari (à "
            "15:40), question de l'opposition (22:50), réponse du maire sur le "
            "coût (26:00)."
        ),
    },
    {
        "key": "lunion-2023-01-30",
        "url": "https://www.lunion.fr/id451463/article/2023-01-30/"
        "reims-le-maire-defend-lusage-dun-logiciel-dintelligence-artificielle",
        "kind": Source.Kind.ARTICLE,
        "title": "À Reims, le maire défend l'usage d'un logiciel d'intelligence "
        "artificielle pour la vidéosurveillance",
        "publisher": "L'Union",
        "published_on": D(2023, 1, 30),
        "language": "fr",
        "paywalled": True,
    },
    {
        "key": "streetpress-2023-01-31",
        "url": "https://www.streetpress.com/sujet/1675183815-maire-reims-arnaud"
        "-robinet-confirme-videosurveillance-thales-intelligence-artificielle",
        "kind": Source.Kind.ARTICLE,
        "title": "Le maire de Reims confirme l'usage d'une vidéosurveillance "
        "dopée à l'intelligence artificielle",
        "publisher": "StreetPress",
        "published_on": D(2023, 1, 31),
        "language": "fr",
        "description": (
            "Suite après le conseil municipal : le maire reconnaît l'essai sur "
            "les 225 caméras de la ville, sans en avoir informé les habitants."
        ),
    },
    {
        "key": "ville-reims-2022-06-15",
        "url": "",
        "kind": Source.Kind.SOCIAL,
        "title": "Bilan du centre de supervision urbain",
        "author": "Ville de Reims",
        "published_on": D(2022, 6, 15),
        "language": "fr",
        "description": (
            "Tweet de la ville : 245 caméras, 647 enregistrements remis aux "
            "enquêteurs de la police et de la gendarmerie."
        ),
    },
    {
        "key": "nextinpact-2023-04-12",
        "url": "https://www.nextinpact.com/article/71456/"
        "apres-video-surveillance-algorithmique-deputes-vont-vers-reconnaissance"
        "-faciale",
        "kind": Source.Kind.ARTICLE,
        "title": "Après la vidéosurveillance algorithmique, des députés vont vers "
        "la reconnaissance faciale",
        "publisher": "Next INpact",
        "published_on": D(2023, 4, 12),
        "language": "fr",
        "paywalled": True,
        "description": (
            "Donne accès à un rapport parlementaire pas encore publié, qui "
            "évoque l'essai de Thales à Reims."
        ),
    },
    {
        "key": "assemblee-nationale-rapport-2023",
        "kind": Source.Kind.REPORT,
        "title": "Rapport d'information sur les enjeux de l'utilisation "
        "d'images de sécurité dans le domaine public",
        "url": "https://www.assemblee-nationale.fr/dyn/16/rapports/cion_lois/"
        "l16b1089_rapport-information",
        "publisher": "Assemblée nationale",
        "author": "Philippe Gosselin, Philippe Latombe",
        # Made public on that day through Next INpact, before its publication.
        "published_on": D(2023, 4, 12),
        "language": "fr",
        "description": (
            "Pages 66-67 : le retour d'expérience de Thales sur l'essai rémois "
            "de 2020-2021, audition du 1er février 2023 ; temps d'analyse divisé "
            "par 30, essai arrêté début 2022."
        ),
    },
]


# Where the Reims dossier's sections cite these sources: (section title,
# [(text as the dossiers demo wrote it, the same text with its cite)]).
# A passage that has since changed is left alone.
REIMS_CITES = [
    (
        "Programme 2020",
        [
            ("le 16 février 2020.", "le 16 février 2020 [@develey-2020-02-16]."),
            (
                "sans mentionner\nla reconnaissance faciale.",
                "sans mentionner\nla reconnaissance faciale [@lunion-2020-02-13].",
            ),
            (
                "lu sur les mêmes photos :",
                "lu sur les mêmes photos [@develey-2020-02-16] :",
            ),
        ],
    ),
    (
        "Une efficacité en question",
        [
            (
                "n'y changeaient pas grand-chose.",
                "n'y changeaient pas grand-chose [@france3-2020-02-01].",
            ),
            (
                "son agresseur a été\narrêté.",
                "son agresseur a été\narrêté [@lunion-2021-03-04].",
            ),
            (
                "aurait selon lui facilité l'enquête.",
                "aurait selon lui facilité l'enquête [@lunion-2021-02-28, p. 3].",
            ),
        ],
    ),
    (
        "Expérimentation Savari (Thales)",
        [
            (
                "rémoise en 2020-2021.",
                "rémoise en 2020-2021 [@assemblee-nationale-rapport-2023, p. 66].",
            ),
            (
                "n'en avaient été informés.",
                "n'en avaient été informés [@streetpress-2023-01-26].",
            ),
            (
                "de réquisitions judiciaires.",
                "de réquisitions judiciaires [@france3-2023-01-28].",
            ),
            (
                "échelle industrielle.",
                "échelle industrielle [@assemblee-nationale-rapport-2023, p. 67].",
            ),
        ],
    ),
    (
        "Conseil municipal du 30 janvier 2023",
        [
            (
                "de la vidéo).",
                "de la vidéo) [@conseil-reims-2023-01-30, 15:40].",
            ),
            (
                "(vers 22 min 50) ;",
                "(vers 22 min 50) [@conseil-reims-2023-01-30, 22:50] ;",
            ),
            (
                "(vers 26 min).",
                "(vers 26 min) [@conseil-reims-2023-01-30, 26:00; @lunion-2023-01-30].",
            ),
        ],
    ),
    (
        "Rapport parlementaire d'avril 2023",
        [
            (
                "par la presse spécialisée.",
                "par la presse spécialisée [@nextinpact-2023-04-12].",
            ),
            (
                "l'expérimentation de Reims.",
                "l'expérimentation de Reims "
                "[@assemblee-nationale-rapport-2023, p. 66-67].",
            ),
            (
                "(recommandation n° 18).",
                "(recommandation n° 18) [@assemblee-nationale-rapport-2023, p. 66-67].",
            ),
            (
                "une note\nécrite sur l'essai :",
                "une note\nécrite sur l'essai "
                "[@assemblee-nationale-rapport-2023, p. 66-67] :",
            ),
            (
                "sereine de ces dispositifs.",
                "sereine de ces dispositifs "
                "[@assemblee-nationale-rapport-2023, p. 66-67].",
            ),
        ],
    ),
    (
        "Vidéoprotection en chiffres",
        [
            ("en 2021 ;", "en 2021 [@streetpress-2023-01-31] ;"),
            ("d'après la mairie ;", "d'après la mairie [@ville-reims-2022-06-15] ;"),
            ("en 2022.", "en 2022 [@conseil-reims-2023-01-30, 15:40]."),
        ],
    ),
]


# Who adds the sources to each section, so that the history (and the home
# page's recent changes) shows several people at work.
CITE_EDITORS = {
    "Programme 2020": "kanopai",
    "Une efficacité en question": "css",
    "Rapport parlementaire d'avril 2023": "alouette",
}


def _credit(key: str) -> str:
    entry = next((entry for entry in REIMS_SOURCES if entry["key"] == key), {})
    return entry.get("publisher") or entry.get("author") or key


def _cite_in_reims_dossier(users: dict, editor) -> None:
    """Add the cites to the demo dossier's sections, as one more revision each."""
    try:
        from dossiers import services as dossier_services
        from dossiers.models import Section
    except ImportError:
        return
    sections = {
        section.title: section
        for section in Section.objects.filter(
            dossier__slug="reims", removed=False
        ).select_related("current_revision")
    }
    for title, passages in REIMS_CITES:
        section = sections.get(title)
        if section is None:
            continue
        text = section.text
        credits = []
        for plain, cited in passages:
            if plain in text and cited not in text:
                text = text.replace(plain, cited, 1)
                for key in re.findall(r"@([\w-]+)", cited):
                    if _credit(key) not in credits:
                        credits.append(_credit(key))
        if text != section.text:
            dossier_services.save_section(
                section,
                editor=users.get(CITE_EDITORS.get(title, ""), editor),
                title=section.title,
                text=text,
                base_revision=section.current_revision,
                summary="Sources citées : " + ", ".join(credits),
            )


# The offline demo fetches nothing: each source gets a text copy made at load
# time from what is stored here, and says so. A real fetch replaces it.
DEMO_COPY_NOTICE = (
    "Copie de démonstration, enregistrée hors ligne au chargement de la démo : "
    "ce résumé a été rédigé pour Carré, il ne reproduit pas le document."
)


def demo_copy(entry: dict) -> str:
    """The stored text kept as a source's copy in the offline demo."""
    lines = [DEMO_COPY_NOTICE, "", entry["title"]]
    credit = ", ".join(
        part for part in (entry.get("author"), entry.get("publisher")) if part
    )
    if entry.get("published_on"):
        credit = ", ".join(filter(None, [credit, entry["published_on"].isoformat()]))
    if credit:
        lines.append(credit)
    if entry.get("description"):
        lines += ["", entry["description"]]
    return "\n".join(lines)


@transaction.atomic
def load(users: dict) -> dict[str, Source]:
    """Create the Reims sources (once) and cite them; return them by key."""
    author = users.get("kanopai") or next(iter(users.values()))
    sources = {}
    existing = Source.objects.in_bulk(
        [entry["key"] for entry in REIMS_SOURCES], field_name="key"
    )
    for entry in REIMS_SOURCES:
        fields = dict(entry)
        key = fields.pop("key")
        if key in existing:
            sources[key] = existing[key]
            continue
        sources[key] = services.add_source_manually(added_by=author, key=key, **fields)
    for entry in REIMS_SOURCES:
        source = sources[entry["key"]]
        if not source.snapshot_text and not source.archive_url:
            sources[entry["key"]] = services.keep_text_copy(
                source, text=demo_copy(entry), by=author
            )
    _cite_in_reims_dossier(users, users.get("felix") or author)
    return sources
