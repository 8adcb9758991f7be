"""Facts: figures, events, actors, deployments, the map (facts/urls.py)."""


def build(world):
    from facts import services

    world.figure = services.add_figure(
        dossier=world.dossier,
        by=world.author,
        subject="Caméras de vidéoprotection",
        value=245,
        unit="caméras",
    )


ROUTES = {
    "map": {},
    "technology-list": {},
    "facts-panel": {"kwargs": {"slug": "dossier.slug"}},
    "fact-add": {
        "kwargs": lambda world: {"slug": world.dossier.slug, "kind": "figure"}
    },
    "fact-edit": {"kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk}},
    "fact-history": {"kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk}},
    "fact-revert": {
        "kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk, "number": 1}
    },
    "fact-remove": {"kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk}},
    "fact-restore": {"kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk}},
    "fact-lock": {"kwargs": lambda world: {"kind": "figure", "pk": world.figure.pk}},
    "dossier-provenance": {"kwargs": {"slug": "dossier.slug"}},
    "post-promote": {"kwargs": {"pk": "post.pk"}},
}
