"""Uploaded files are served through the source's permission, never raw."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sources import services
from sources.models import Source

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_INTERNAL_PREFIX = ""
    return tmp_path


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(output, "PNG")
    return output.getvalue()


def upload(contributor, data: bytes, name: str, title: str) -> Source:
    return services.add_source_by_upload(
        upload=SimpleUploadedFile(name, data), added_by=contributor, title=title
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_source_page_links_a_file_a_visitor_can_open(client, media, contributor):
    source = upload(contributor, png(), "camera.png", "Caméra rue de Vesle")
    page = client.get(source.get_absolute_url())
    assert source.file.url.encode() in page.content

    response = client.get(source.file.url)

    assert response.status_code == 200
    assert body(response) == source.file.read()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_source_file_is_sandboxed_and_not_sniffed(client, media, contributor):
    source = upload(contributor, png(), "camera.png", "Caméra")

    response = client.get(source.file.url)

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_pdf_is_downloaded_not_shown_on_the_site(client, media, contributor):
    source = upload(contributor, PDF, "rapport.pdf", "Rapport")

    response = client.get(source.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert body(response) == PDF


def test_file_of_a_removed_source_is_not_served(client, media, contributor):
    source = upload(contributor, png(), "camera.png", "Caméra")
    url, path = source.file.url, source.file.path
    Source.objects.filter(pk=source.pk).delete()

    response = client.get(url)

    assert Path(path).read_bytes()  # still on disk
    assert response.status_code == 404


def test_file_on_disk_that_no_source_holds_is_not_served(client, media, db):
    (media / "sources").mkdir()
    (media / "sources" / "stray.html").write_text("<script>alert(1)</script>")

    assert client.get("/media/sources/stray.html").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/sources/../secret_key",
        "/media/sources/%2e%2e/secret_key",
        "/media/sources/..%2fsecret_key",
        "/media/sources/%2e%2e%2f%2e%2e%2fsettings.py",
        "/media/secret_key",
        "/media/sources/",
        "/media/sources//etc/passwd",
    ],
)
def test_path_traversal_is_not_found(client, media, contributor, path):
    upload(contributor, png(), "camera.png", "Caméra")
    (media / "secret_key").write_text("do-not-serve")

    response = client.get(path)

    assert response.status_code == 404
    assert b"do-not-serve" not in response.content


def test_behind_a_proxy_the_file_is_handed_over_by_internal_redirect(
    client, media, contributor, settings
):
    settings.MEDIA_INTERNAL_PREFIX = "/internal-media/"
    source = upload(contributor, png(), "camera.png", "Caméra")

    response = client.get(source.file.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-media/" + source.file.name
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_behind_a_proxy_a_removed_source_gets_no_internal_redirect(
    client, media, contributor, settings
):
    settings.MEDIA_INTERNAL_PREFIX = "/internal-media/"
    source = upload(contributor, png(), "camera.png", "Caméra")
    url = source.file.url
    Source.objects.filter(pk=source.pk).delete()

    response = client.get(url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_file_whose_row_lost_its_file_on_disk_is_not_found(client, media, contributor):
    source = upload(contributor, png(), "camera.png", "Caméra")
    (media / source.file.name).unlink()

    assert client.get(source.file.url).status_code == 404
