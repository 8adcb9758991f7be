"""Facts: figures, events, actors, deployments, the map (facts/urls.py)."""

from tests.security.access import everyone, moderators, signed_in


def build(world):
    from facts import services

    world.figure = services.add_figure(
        dossier=world.dossier,
        by=world.author,
        subject="Caméras de vidéoprotection",
        value=245,
        unit="caméras",
    )


READ = {"GET": everyone("ok"), "POST": everyone("refused")}


def figure(world):
    return {"kind": "figure", "pk": world.figure.pk}


ROUTES = {
    "map": READ,
    "technology-list": READ,
    # The panel's own URL sends a browser to the dossier page.
    "facts-panel": {
        "kwargs": {"slug": "dossier.slug"},
        "GET": everyone("redirect"),
        "POST": everyone("refused"),
    },
    "fact-add": {
        "kwargs": lambda world: {"slug": world.dossier.slug, "kind": "figure"},
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "fact-edit": {
        "kwargs": figure,
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "fact-history": {"kwargs": figure, **READ},
    "fact-revert": {
        "kwargs": lambda world: {**figure(world), "number": 1},
        "GET": signed_in("refused"),
        "POST": signed_in("allowed"),
    },
    "fact-remove": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": signed_in("allowed"),
    },
    "fact-restore": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": moderators("allowed"),
    },
    "fact-lock": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": moderators("allowed"),
    },
    "dossier-provenance": {"kwargs": {"slug": "dossier.slug"}, **READ},
}
