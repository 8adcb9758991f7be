"""Sources: the shared library of sources (sources/urls.py)."""

from tests.security.access import everyone, signed_in

# A stored photo, under a fixed name so that every run writes the same file.
MATRIX_FILE = "sources/permission-matrix.png"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
    b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f"
    b"\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def build(world):
    from pathlib import Path

    from django.conf import settings

    from sources import services
    from sources.models import Source

    world.source = services.add_source_manually(
        added_by=world.author,
        title="Rapport parlementaire sur la vidéoprotection",
        kind="report",
        publisher="Assemblée nationale",
    )
    path = Path(settings.MEDIA_ROOT) / MATRIX_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)
    world.photo = services.add_source_manually(
        added_by=world.author, title="Caméra rue de Vesle", kind="photo"
    )
    Source.objects.filter(pk=world.photo.pk).update(
        file=MATRIX_FILE, file_type="image/png"
    )
    world.photo_name = MATRIX_FILE.removeprefix("sources/")


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
    # An uploaded file: whoever may see the source may open it (the library
    # is public); the file is served, never changed.
    "source-file": {"kwargs": {"name": "photo_name"}, **READ},
    # world.source has no URL: there is nothing to fetch, for anyone.
    "source-refetch": {
        "kwargs": SOURCE,
        "GET": signed_in("refused"),
        "POST": signed_in("denied"),
    },
}
