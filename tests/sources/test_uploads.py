import hashlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
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


# Decompression bombs: a few bytes whose header claims a huge image. The
# headers are written by hand, as an attacker would, not by Pillow.


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width x height RGB pixels and holds none."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"tEXt", b"Comment\x00" + b"x" * 20)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + _png_chunk(b"IEND", b"")
    )


def gif_header(width: int, height: int) -> bytes:
    """A GIF whose screen and only frame claim width x height pixels."""
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
        + b"\x00\x00\x00\xff\xff\xff"  # a two-colour palette
        + b","
        + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x00;"
    )


def jpeg_header(width: int, height: int) -> bytes:
    """A JPEG start-of-frame that claims width x height grey pixels."""
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame + b"\xff\xd9"


def webp_header(width: int, height: int) -> bytes:
    """An extended WebP whose canvas claims width x height pixels."""
    canvas = b"\x00" * 4 + (width - 1).to_bytes(3, "little")
    canvas += (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(canvas)) + canvas
    return b"RIFF" + struct.pack("<I", len(body)) + body


def post_upload(client, data: bytes, *, name: str = "photo.png", **fields):
    return client.post(
        reverse("source-add"),
        {
            "mode": "upload",
            "upload-file": SimpleUploadedFile(name, data),
            "upload-title": "Caméra place d'Erlon",
            "upload-kind": "photo",
            "upload-key": "camera-erlon",
            "upload-description": "Vue depuis la rue",
            **fields,
        },
    )


def assert_refused_as_too_large(response, media) -> None:
    assert response.status_code == 400
    body = response.content.decode()
    assert "image est trop grande : 40 mégapixels au plus." in body
    # The rest of the form comes back as typed; nothing was kept.
    assert 'value="Caméra place d&#x27;Erlon"' in body
    assert 'value="camera-erlon"' in body
    assert "Vue depuis la rue</textarea>" in body
    assert not Source.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # The two files of the report: 103 and 29 bytes in the attack.
        pytest.param("bomb.png", png_header(20_000, 20_000), id="bomb.png"),
        pytest.param("bomb.gif", gif_header(65_535, 65_535), id="bomb.gif"),
        pytest.param("bomb.jpg", jpeg_header(65_000, 65_000), id="bomb.jpg"),
        pytest.param("bomb.webp", webp_header(16_383, 16_383), id="bomb.webp"),
        # Over our limit but under twice it: Pillow only warns about these.
        pytest.param("big.png", png_header(7_000, 7_000), id="big.png"),
        pytest.param("big.gif", gif_header(7_000, 7_000), id="big.gif"),
        pytest.param("big.jpg", jpeg_header(7_000, 7_000), id="big.jpg"),
        # Just over the limit, in a shape a panorama could have.
        pytest.param("wide.png", png_header(40_001, 1_000), id="wide.png"),
    ],
)
def test_upload_form_refuses_images_claiming_too_many_pixels(
    client, contributor, media, name, data
):
    assert len(data) < 200
    client.force_login(contributor)
    assert_refused_as_too_large(post_upload(client, data, name=name), media)


def test_upload_form_refuses_a_real_image_over_the_limit(client, contributor, media):
    # A whole, decodable picture (black and white, so the file stays small).
    output = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(output, "PNG")
    client.force_login(contributor)
    response = post_upload(client, output.getvalue())
    assert_refused_as_too_large(response, media)


def test_upload_form_still_accepts_an_image_at_the_limit(client, contributor, media):
    output = io.BytesIO()
    Image.new("1", (8_000, 5_000)).save(output, "PNG")
    client.force_login(contributor)
    response = post_upload(client, output.getvalue())
    assert response.status_code == 302
    source = Source.objects.get()
    with source.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (8_000, 5_000)


def test_upload_parses_only_the_accepted_image_formats(media, contributor):
    # A TIFF is an image Pillow can read; it is refused without being decoded.
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, "TIFF")
    upload = SimpleUploadedFile("scan.tif", output.getvalue())
    with pytest.raises(ValidationError) as refused:
        services.add_source_by_upload(upload=upload, added_by=contributor, title="x")
    assert refused.value.message_dict["file"] == [
        "Seuls les images JPEG, PNG, WebP ou GIF et les documents PDF sont acceptés."
    ]


PDF_WITH_METADATA = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /Author (Camille Exemple) /Producer (LibreOffice) >> endobj\n"
    b"4 0 obj << /Type /Metadata /Subtype /XML >> stream\n"
    b"<x:xmpmeta><dc:creator>Camille Exemple</dc:creator></x:xmpmeta>\n"
    b"endstream endobj\n"
    b"trailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF\n"
)


def test_upload_form_says_before_sending_that_pdf_metadata_stays(client, contributor):
    client.force_login(contributor)
    body = client.get(reverse("source-add")).content.decode()
    assert (
        "Un PDF est conservé tel quel, avec ses propriétés (auteur, logiciel, "
        "dates, métadonnées XMP)" in body
    )
    client.cookies["django_language"] = "en"
    body = client.get(reverse("source-add")).content.decode()
    assert "A PDF is kept exactly as sent, with its properties" in body
    assert "JPEG, PNG, WebP or GIF image, or PDF, 10 MB at most." in body


def test_uploaded_pdf_is_kept_byte_for_byte_as_the_form_says(media, contributor):
    upload = SimpleUploadedFile("rapport.pdf", PDF_WITH_METADATA)
    source = services.add_source_by_upload(
        upload=upload, added_by=contributor, title="Rapport"
    )
    with source.file.open("rb") as stored:
        assert stored.read() == PDF_WITH_METADATA
    assert source.snapshot_sha256 == hashlib.sha256(PDF_WITH_METADATA).hexdigest()
