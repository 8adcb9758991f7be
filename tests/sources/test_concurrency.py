"""Two people take the same citation key or address at the same moment.

The forms check that a key is free, but both requests can pass that check
before either saves: the database decides, and the one that saves second gets
the form back with an error on the field and what it typed, never a 500.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from sources import services
from sources.models import Source
from tests.factories import make_user
from tests.races import held_insert
from tests.sources.test_uploads import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)

KEY_TAKEN = "Une autre source utilise déjà cette clé."


def someone_adds(key: str = "", **fields):
    """Another contributor's source, saved on another connection."""
    return lambda: services.add_source_manually(
        added_by=make_user(), key=key, title="Déjà là", **fields
    )


def test_add_source_manually_with_one_key_at_once_keeps_one(contributor):
    workers = 6
    barrier = threading.Barrier(workers)
    created, refused, errors = [], [], []

    def add(index):
        try:
            barrier.wait(timeout=10)
            source = services.add_source_manually(
                added_by=contributor, key="conseil-2023-01-30", title=f"n°{index}"
            )
            created.append(source.pk)
        except ValidationError as error:
            refused.append(error.message_dict)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(created) == 1
    assert refused == [{"key": [KEY_TAKEN]}] * (workers - 1)
    assert Source.objects.get().key == "conseil-2023-01-30"


def test_manual_form_that_loses_the_key_race_keeps_what_was_typed(client, contributor):
    client.force_login(contributor)
    with held_insert(someone_adds("conseil-2023-01-30")):
        response = client.post(
            reverse("source-add"),
            {
                "mode": "manual",
                "manual-key": "conseil-2023-01-30",
                "manual-title": "Séance du conseil municipal",
                "manual-kind": "video",
                "manual-description": "À 22 min 50, le coût du logiciel.",
            },
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert KEY_TAKEN in body
    assert 'value="Séance du conseil municipal"' in body
    assert "À 22 min 50, le coût du logiciel.</textarea>" in body
    assert Source.objects.get().title == "Déjà là"


def test_manual_form_that_loses_the_address_race_says_so(client, contributor):
    url = "https://www.lunion.fr/id123/article/reims-videoprotection"
    client.force_login(contributor)
    with held_insert(someone_adds(url=url)):
        response = client.post(
            reverse("source-add"),
            {
                "mode": "manual",
                "manual-url": url,
                "manual-title": "Mon titre",
                "manual-kind": "article",
            },
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cette adresse est déjà dans la bibliothèque." in body
    assert 'value="Mon titre"' in body
    assert Source.objects.count() == 1


def test_a_generated_key_taken_meanwhile_is_replaced_silently(client, contributor):
    # Nobody chose a generated key: losing it is no reason to refuse the form.
    client.force_login(contributor)
    with held_insert(someone_adds("lunion-2023-01-26", publisher="L'Union")):
        response = client.post(
            reverse("source-add"),
            {
                "mode": "manual",
                "manual-publisher": "L'Union",
                "manual-published_on": "2023-01-26",
                "manual-title": "Un autre article",
                "manual-kind": "article",
            },
        )
    assert response.status_code == 302
    keys = set(Source.objects.values_list("key", flat=True))
    assert keys == {"lunion-2023-01-26", "lunion-2023-01-26-b"}


def test_upload_form_that_loses_the_key_race_stores_no_file(
    client, contributor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contributor)
    with held_insert(someone_adds("camera-erlon")):
        response = client.post(
            reverse("source-add"),
            {
                "mode": "upload",
                "upload-file": SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps()),
                "upload-title": "Caméra place d'Erlon",
                "upload-kind": "photo",
                "upload-key": "camera-erlon",
            },
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert KEY_TAKEN in body
    assert 'value="camera-erlon"' in body
    assert Source.objects.get().title == "Déjà là"
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_edit_form_that_loses_the_key_race_keeps_what_was_typed(client, contributor):
    source = services.add_source_manually(
        added_by=contributor, key="brouillon", title="Rapport"
    )
    client.force_login(contributor)
    with held_insert(someone_adds("rapport-2023-04-12")):
        response = client.post(
            reverse("source-edit", kwargs={"key": source.key}),
            {"key": "rapport-2023-04-12", "title": "Rapport corrigé", "kind": "report"},
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert KEY_TAKEN in body
    assert 'value="Rapport corrigé"' in body
    source.refresh_from_db()
    assert (source.key, source.title) == ("brouillon", "Rapport")


def test_fetch_result_racing_for_a_canonical_address_keeps_the_source(contributor):
    # Two pages of one article fetched at once: both name the same canonical
    # address. The second to save keeps its own address instead of failing,
    # which would have left it "fetching" forever.
    canonical = "https://journal.example/conseil-video"
    source, _created = services.add_source_by_url(
        url="https://journal.example/conseil-video?amp=1", added_by=contributor
    )

    def other_fetch_done():
        Source.objects.create(
            key="journal-a", url="https://journal.example/a", canonical_url=canonical
        )

    class Metadata:
        title = "Le conseil municipal débat de la vidéoprotection"
        publisher = author = description = language = text = ""
        published_on = kind = None
        canonical_url = canonical

    with held_insert(other_fetch_done):
        services.record_fetch_success(
            source.pk, final_url=source.url, metadata=Metadata()
        )
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.DONE
    assert source.title == Metadata.title
    assert source.canonical_url == ""
