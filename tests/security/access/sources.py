"""Sources: the shared library of sources (sources/urls.py)."""

from tests.security.access import everyone, signed_in


def build(world):
    from sources import services

    world.source = services.add_source_manually(
        added_by=world.author,
        title="Rapport parlementaire sur la vidéoprotection",
        kind="report",
        publisher="Assemblée nationale",
    )


SOURCE = {"key": "source.key"}
READ = {"GET": everyone("ok"), "POST": everyone("refused")}

ROUTES = {
    "source-list": READ,
    "source-add": {"GET": signed_in("ok"), "POST": signed_in("allowed")},
    # The picker helps write citations; the library is public anyway.
    "source-picker": READ,
    "source-detail": {"kwargs": SOURCE, **READ},
    # The library is shared: any contributor corrects a source's metadata.
    "source-edit": {
        "kwargs": SOURCE,
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    # world.source has no URL: there is nothing to fetch, for anyone.
    "source-refetch": {
        "kwargs": SOURCE,
        "GET": signed_in("refused"),
        "POST": signed_in("denied"),
    },
}
