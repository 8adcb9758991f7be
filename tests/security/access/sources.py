"""Sources: the shared library of sources (sources/urls.py)."""


def build(world):
    from sources import services

    world.source = services.add_source_manually(
        added_by=world.author,
        title="Rapport parlementaire sur la vidéoprotection",
        kind="report",
        publisher="Assemblée nationale",
    )


SOURCE = {"key": "source.key"}

ROUTES = {
    "source-list": {},
    "source-add": {},
    "source-picker": {},
    "source-detail": {"kwargs": SOURCE},
    "source-edit": {"kwargs": SOURCE},
    "source-refetch": {"kwargs": SOURCE},
}
