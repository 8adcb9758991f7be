"""The tip form: nothing about the sender is kept, files are checked and
stripped, floods are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from tests.tips.conftest import (
    FORWARDED_ADDRESS,
    SENDER_ADDRESS,
    USER_AGENT,
    gps_jpeg,
)
from tips.models import Tip, TipFile

pytestmark = pytest.mark.django_db


def _every_text_value() -> str:
    """Every text, varchar and JSON value of every table, as one string."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb', 'inet', 'cidr')"
        )
        columns = cursor.fetchall()
        values = []
        for table, column in columns:
            cursor.execute(
                f'SELECT "{column}"::text FROM "{table}" WHERE "{column}" IS NOT NULL'  # noqa: S608
            )
            values.extend(row[0] for row in cursor.fetchall())
    return "\n".join(values)


def test_tip_with_a_gps_photo_is_stored_without_exif_or_sender(send_tip):
    sent = gps_jpeg()
    assert Image.open(sent).getexif().get_ifd(0x8825)[1] == "N"  # GPS, as sent
    sent.seek(0)

    response = send_tip(
        "Caméra posée rue de Vesle.",
        links="https://example.org/vesle",
        files=[sent],
    )

    assert response.status_code == 302
    assert response["Location"] == "/tips/sent/"
    tip = Tip.objects.get()
    assert tip.text == "Caméra posée rue de Vesle."
    assert tip.link_list == ["https://example.org/vesle"]
    stored = TipFile.objects.get(tip=tip)
    with stored.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"SecretPhone" not in data and b"PhoneMaker" not in data
    dump = _every_text_value()
    assert "Caméra posée rue de Vesle." in dump  # the dump does read the tip
    for trace in (SENDER_ADDRESS, FORWARDED_ADDRESS, USER_AGENT, "CarreTipTest"):
        assert trace not in dump


def test_disguised_file_is_refused_with_a_message(send_tip):
    html = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"
    )

    response = send_tip("Voici la photo.", files=[html])

    assert response.status_code == 400
    page = response.content.decode()
    assert "photo.jpg" in page
    assert "Seuls les images JPEG, PNG, WebP ou GIF" in page
    assert "Voici la photo." in page  # what was typed is kept
    assert not Tip.objects.exists()


def test_huge_file_is_refused_with_a_message(send_tip):
    huge = SimpleUploadedFile("grand.jpg", b"\xff" * (10 * 1024 * 1024 + 1))

    response = send_tip("Un gros fichier.", files=[huge])

    assert response.status_code == 400
    assert "10" in response.content.decode()
    assert not Tip.objects.exists()
    assert not TipFile.objects.exists()


def test_wrong_answer_is_refused_and_a_new_question_asked(client):
    response = client.post(
        "/tips/", {"text": "Bonjour", "question": 0, "answer": "mauvais"}
    )

    assert response.status_code == 400
    assert "pas la réponse attendue" in response.content.decode() or (
        "not the expected answer" in response.content.decode()
    )
    assert not Tip.objects.exists()


def test_flood_from_one_sender_is_rate_limited(send_tip, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # behind the site's proxy
    settings.CARRE_TIPS_PER_SENDER = 2
    assert send_tip("Un").status_code == 302
    assert send_tip("Deux").status_code == 302

    response = send_tip("Trois")

    assert response.status_code == 429
    assert "Retry-After" in response
    page = response.content.decode()
    assert "plusieurs informations en peu de temps" in page
    assert "Trois" in page
    assert Tip.objects.count() == 2


def test_flood_from_everyone_pauses_the_form(send_tip, settings):
    settings.CARRE_TIPS_PER_WINDOW = 1
    assert send_tip("Un").status_code == 302

    response = send_tip("Deux", REMOTE_ADDR="192.0.2.9")

    assert response.status_code == 429
    assert "le formulaire est en pause" in response.content.decode()
    assert Tip.objects.count() == 1


def test_tip_form_is_linked_from_every_page(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'href="/tips/"' in page
    assert "Transmettre une information" in page


def test_inbox_shows_a_hostile_tip_as_text(client, moderator):
    from tips import services

    tip = services.submit_tip(
        text='<script>alert(1)</script><img src=x onerror="alert(2)">',
        links="https://example.org/a",
    )
    client.force_login(moderator)

    page = client.get(f"/tips/inbox/{tip.pk}/").content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_a_refused_decision_shows_the_form_again(client, moderator):
    from tips import services

    tip = services.submit_tip(text="Une information.")
    client.force_login(moderator)

    response = client.post(f"/tips/inbox/{tip.pk}/source/", {"title": ""})

    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert Tip.objects.get().is_new
