"""The forum part of the demo: the Reims thread, retold in our own words.

Facts (names, dates, figures, links) come from a real thread; every sentence
here is ours. Loading is idempotent: if the Reims thread exists, nothing is
created again. Posts are created through the services (without the new-user
queue and the rate limit, which would hold back a scripted conversation).
"""

from django.db import transaction

from forum import services
from forum.models import Category, Post, Thread

CATEGORY = {
    "slug": "villes",
    "name": "Villes",
    "description": "Ce que chaque ville installe, teste ou promet, source par source.",
}
REIMS_TITLE = (
    "Reims : la reconnaissance faciale promise devient un logiciel de relecture"
)
SAVARI_TITLE = "Savari (Thales) : ce que l'on sait du logiciel"


def _reply(thread, author, body):
    return services.post_reply(thread, author=author, body=body, enforce_limits=False)


@transaction.atomic
def load(users) -> dict:
    """Create the category and the two threads; return the notable posts."""
    existing = Thread.objects.filter(title=REIMS_TITLE).first()
    if existing is not None:
        return {"thread": existing}
    category, _created = Category.objects.get_or_create(
        slug=CATEGORY["slug"],
        defaults={"name": CATEGORY["name"], "description": CATEGORY["description"]},
    )
    kanopai, css, felix, alouette = (
        users["kanopai"],
        users["css"],
        users["felix"],
        users["alouette"],
    )

    thread = services.create_thread(
        enforce_limits=False,
        category=category,
        author=kanopai,
        title=REIMS_TITLE,
        body=(
            "En 2020, Arnaud Robinet faisait campagne pour sa réélection avec un "
            "programme sécurité très fourni. Parmi les engagements photographiés "
            "sur ses tracts :\n\n"
            "- couvrir tout le territoire de caméras ;\n"
            "- étendre la vidéo-verbalisation, notamment contre les dépôts "
            "sauvages ;\n"
            "- autoriser la **reconnaissance faciale** pour rechercher des "
            "délinquants, mais aussi des enfants perdus ou des personnes âgées ;\n"
            "- développer une *smart city* avec une gestion centralisée de "
            "l'espace public.\n\n"
            "Les photos du programme circulent dans un tweet du 16 février 2020 : "
            "https://twitter.com/BenjaminDeveley/status/1229067285706498049\n\n"
            "L'Union avait résumé le volet sécurité sans relever la reconnaissance "
            "faciale : https://www.lunion.fr/id131184/article/2020-02-13/"
            "municipales-reims-le-plan-securite-darnaud-robinet"
        ),
    )
    opening = thread.posts.get()
    merci = _reply(thread, felix, "Un grand merci pour ce travail de collecte !")
    css_post = _reply(
        thread,
        css,
        "@kanopai passionnant. Que de dépenses pour une promesse de sécurité "
        "qui reste à démontrer…",
    )
    deleted = _reply(
        thread,
        felix,
        "Je remets ici le lien du tweet, au cas où : "
        "https://twitter.com/BenjaminDeveley/status/1229067285706498049",
    )
    services.delete_post(deleted, by=alouette, reason="Doublon du premier message.")
    _reply(
        thread,
        alouette,
        "@kanopai merci ! La lecture de plaques leur suffirait donc ? J'ai ouvert "
        "un dossier Reims sur le carré : complétez-le librement, on l'ajoutera "
        "ensuite à la technocarte.",
    )
    efficacy = _reply(
        thread,
        kanopai,
        f"[quote={css_post.pk}]\n"
        "Que de dépenses pour une promesse de sécurité qui reste à démontrer…\n"
        "[/quote]\n\n"
        "Toute la question est celle de l'efficacité, que personne ne démontre. "
        "Le 1er février 2020, France 3 racontait des parents du quartier Orgeval "
        "pour qui les caméras n'empêchent pas les rixes ; le 28 février 2021, "
        "l'adjoint à la sécurité mettait en avant la vidéoprotection, alors que "
        "les habitants appellent eux aussi la police.",
    )
    _reply(
        thread,
        kanopai,
        "Les caméras attisent aussi la colère : l'une a été presque détruite dans "
        "le quartier Wilson (elle gênait un trafic, selon la police), une autre "
        "incendiée par un mineur à Maison Blanche.\n\n"
        "Et quand un photographe de L'Union, caché pour photographier une bagarre "
        "qui n'a pas eu lieu, est roué de coups, le préfet regrette surtout qu'il "
        "n'y ait pas eu de caméra à cet endroit pour faciliter l'enquête "
        "(L'Union, édition de Reims du 28/02/2021, p. 3). L'agresseur a pourtant "
        "été arrêté sans elle. Le récit de l'agression : "
        "https://www.lunion.fr/id237759/article/2021-03-04/"
        "agression-de-notre-journaliste-reims-57secondes-de-violence-extreme",
    )
    streetpress = _reply(
        thread,
        kanopai,
        "**26 janvier 2023** : StreetPress révèle que la police municipale a testé "
        "pendant un an, à partir de 2021, **Savari**, un logiciel d'analyse vidéo "
        "de Thales branché sur les caméras de l'agglomération. Il repère les "
        "attroupements et les intrusions, détecte armes et véhicules. Ni les "
        "habitants ni l'opposition n'en avaient été informés.",
    )
    _reply(
        thread,
        kanopai,
        "Le 28 janvier 2023, France 3 publie la réponse écrite de la mairie : il "
        "s'agissait selon elle d'un outil pour *relire* des enregistrements dans "
        "le cadre de réquisitions judiciaires, autorisé par le procureur, arrêté "
        "au bout de quelques semaines par Thales. L'élu écologiste Léo Tyburce "
        "rappelle avoir posé la question dès novembre 2021 et annonce une "
        "intervention au conseil municipal du 30 janvier.",
    )
    question = _reply(
        thread,
        felix,
        f"[quote={streetpress.pk}]\nNi les habitants ni l'opposition n'en avaient "
        "été informés.\n[/quote]\n\n"
        "Est-ce que quelqu'un a des nouvelles du conseil municipal de lundi ?",
    )
    council = _reply(
        thread,
        kanopai,
        "@felix le conseil du **30 janvier 2023** est en ligne : "
        "https://www.videliostreaming.com/Reims/ville-de-reims/2023-01-30_18/\n\n"
        "| moment | qui | ce qui est dit |\n"
        "|---|---|---|\n"
        "| 15 min 40 | Arnaud Robinet, maire | Savari a bien été expérimenté, "
        "pour relire des vidéos sur réquisition ; plus de 1 600 réquisitions "
        "en 2022 |\n"
        "| 22 min 50 | Éric Quenard, opposition | le logiciel aurait coûté "
        "210 000 € |\n"
        "| 26 min | Arnaud Robinet | le coût était de 60 000 €, intégralement "
        "remboursés |\n\n"
        "Deux montants donc, à garder tous les deux. StreetPress parle de 225 "
        "caméras en 2021 ; un tweet de la mairie du 15 juin 2022 en annonce 245.",
    )
    report = _reply(
        thread,
        alouette,
        "@kanopai @felix le 12 avril 2023, NextInpact publie un rapport de "
        "députés sur la vidéosurveillance, pas encore rendu public. Pages 66 et "
        "67 : Thales, auditionné le 1er février 2023, y présente un bilan de "
        "l'expérimentation menée à Reims en 2020-2021, et les rapporteurs "
        "regrettent qu'aucune information n'ait été donnée au public "
        "(recommandation n° 18).\n\n"
        "https://www.nextinpact.com/article/71456/"
        "apres-video-surveillance-algorithmique-deputes-vont-vers-reconnaissance-"
        "faciale",
    )
    for post, fans in [
        (opening, [felix, css, alouette]),
        (council, [felix, alouette]),
        (report, [kanopai]),
        (efficacy, [css]),
    ]:
        for fan in fans:
            services.thank_post(post, user=fan)

    savari = services.create_thread(
        enforce_limits=False,
        category=category,
        author=felix,
        title=SAVARI_TITLE,
        body=(
            "Je lance un fil pour rassembler ce que l'on sait du produit lui-même, "
            "au-delà de Reims. Voici ce qu'en disait kanopai :\n\n"
            f"[quote={streetpress.pk}]\nSavari, un logiciel d'analyse vidéo de "
            "Thales branché sur les caméras de l'agglomération. Il repère les "
            "attroupements et les intrusions, détecte armes et véhicules.\n"
            "[/quote]\n\n"
            "Thales le présente au Salon des maires comme une « vidéosurveillance "
            "intelligente » pour les *smart cities*, avec lecture automatique des "
            "plaques (LAPI)."
        ),
    )
    return {
        "category": category,
        "thread": thread,
        "savari_thread": savari,
        "opening": opening,
        "merci": merci,
        "deleted": deleted,
        "question": question,
        "council": council,
        "report": report,
        "posts": Post.objects.filter(thread=thread),
    }
