import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sources import services
from sources.models import Source


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    gps = {1: "N", 2: (49.0, 15.0, 30.0), 3: "E", 4: (4.0, 2.0, 1.0)}
    exif[0x8825] = gps  # GPSInfo
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"secret comment")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_upload_strips_exif_and_gps(media, contributor):
    data = jpeg_with_gps()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test file does carry GPS
    upload = SimpleUploadedFile("holiday.png", data, content_type="text/plain")
    source = services.add_source_by_upload(
        upload=upload, added_by=contributor, title="Caméra rue de Vesle"
    )
    assert source.kind == Source.Kind.PHOTO
    assert source.file_type == "image/jpeg"
    assert source.file.name.startswith("sources/")
    assert "holiday" not in source.file.name
    assert source.file.name.endswith(".jpg")
    with source.file.open("rb") as stored, Image.open(stored) as image:
        assert len(image.getexif()) == 0
        assert "comment" not in image.info
        assert image.size == (40, 30)


def test_upload_accepts_pdf_by_magic_bytes(media, contributor):
    upload = SimpleUploadedFile(
        "rapport.jpg", b"%PDF-1.7\n...", content_type="image/jpeg"
    )
    source = services.add_source_by_upload(
        upload=upload, added_by=contributor, title="Rapport"
    )
    assert source.file_type == "application/pdf"
    assert source.file.name.endswith(".pdf")


def test_upload_refuses_other_types_whatever_the_name(media, contributor):
    upload = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>")
    with pytest.raises(ValidationError):
        services.add_source_by_upload(upload=upload, added_by=contributor, title="x")
    assert not Source.objects.exists()


def test_upload_refuses_too_big_files(media, contributor, monkeypatch):
    monkeypatch.setattr("sources.uploads.MAX_UPLOAD_BYTES", 100)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 200)
    with pytest.raises(ValidationError):
        services.add_source_by_upload(upload=upload, added_by=contributor, title="x")
