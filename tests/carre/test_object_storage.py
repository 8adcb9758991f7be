"""Uploads in an S3-compatible store, against a real S3 server on loopback.

moto's standalone server answers the S3 HTTP API on a free port; boto3 and
django-storages talk to it over HTTP exactly as to a provider. Nothing of
Carré's is patched.
"""

import io
import logging
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from moto.server import ThreadedMotoServer
from PIL import Image

from carre.object_storage import describe, presigned_origin, storage_settings
from sources import services
from sources.models import Source

KEYS = {"access_key": "carre-test-key", "secret_key": "carre-test-secret"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_config(endpoint: str, bucket: str) -> dict[str, str]:
    return {
        "bucket": bucket,
        "endpoint_url": endpoint,
        "region": "eu-west-3",
        "addressing_style": "path",
        **KEYS,
    }


def use_store(settings, config: dict[str, str]) -> None:
    settings.CARRE_MEDIA_S3 = config
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_settings(config, url_expiry=60),
    }


@pytest.fixture
def client_s3(s3_endpoint):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-3",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


@pytest.fixture
def bucket(settings, s3_endpoint, client_s3):
    name = f"carre-{uuid.uuid4().hex[:12]}"
    client_s3.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    use_store(settings, s3_config(s3_endpoint, name))
    settings.MEDIA_INTERNAL_PREFIX = ""
    return name


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (49.0, 15.0, 30.0)}  # GPS position, Reims
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def upload(contributor, data: bytes, name: str) -> Source:
    return services.add_source_by_upload(
        upload=SimpleUploadedFile(name, data), added_by=contributor, title=name
    )


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
        return answer.read(), answer.headers


def test_upload_lands_in_the_bucket_without_exif(contributor, bucket, client_s3):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo has some

    source = upload(contributor, original, "camera.jpg")

    stored = client_s3.get_object(Bucket=bucket, Key=source.file.name)["Body"].read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"PhoneMaker" not in stored


def test_uploaded_object_has_no_public_grant(contributor, bucket, client_s3):
    source = upload(contributor, jpeg_with_gps(), "camera.jpg")

    grants = client_s3.get_object_acl(Bucket=bucket, Key=source.file.name)["Grants"]

    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers


def test_page_links_the_site_not_the_bucket(client, contributor, bucket, s3_endpoint):
    source = upload(contributor, jpeg_with_gps(), "camera.jpg")

    page = client.get(source.get_absolute_url())

    assert source.file.url == f"/media/{source.file.name}"
    assert f'src="{source.file.url}"'.encode() in page.content
    assert s3_endpoint.encode() not in page.content


def test_reader_is_redirected_to_a_presigned_link_that_works(
    client, contributor, bucket, s3_endpoint, settings
):
    source = upload(contributor, jpeg_with_gps(), "camera.jpg")

    response = client.get(source.file.url)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_endpoint}/{bucket}/{source.file.name}?")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=60" in location
    assert response["Cache-Control"] == "private, no-store"
    # The origin the CSP's img-src allows (carre/settings.py) is this one.
    assert location.startswith(presigned_origin(settings.CARRE_MEDIA_S3) + "/")
    content, headers = fetch(location)
    assert content == source.file.open().read()
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Content-Disposition"].startswith("inline")


def test_pdf_link_downloads_it(client, contributor, bucket):
    source = upload(contributor, PDF, "rapport.pdf")

    location = client.get(source.file.url)["Location"]
    content, headers = fetch(location)

    assert content == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment")


def test_object_is_refused_to_a_reader_without_the_signed_link(
    client, contributor, bucket, s3_endpoint
):
    source = upload(contributor, PDF, "rapport.pdf")

    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{s3_endpoint}/{bucket}/{source.file.name}")

    assert refused.value.code == 403


def test_file_of_a_removed_source_gets_no_presigned_link(client, contributor, bucket):
    source = upload(contributor, PDF, "rapport.pdf")
    url = source.file.url
    Source.objects.filter(pk=source.pk).delete()

    response = client.get(url)

    assert response.status_code == 404
    assert "Location" not in response
    assert b"X-Amz-Signature" not in response.content


def test_object_missing_from_the_bucket_is_not_found(
    client, contributor, bucket, client_s3
):
    source = upload(contributor, PDF, "rapport.pdf")
    client_s3.delete_object(Bucket=bucket, Key=source.file.name)

    assert client.get(source.file.url).status_code == 404


@pytest.mark.parametrize(
    ("changes", "logged"),
    [
        ({"endpoint_url": "http://127.0.0.1:{closed}"}, "unreachable"),
        ({"bucket": "no-such-bucket"}, "the bucket does not exist"),
    ],
)
def test_upload_to_a_failing_store_says_so_and_saves_nothing(
    client, contributor, bucket, settings, s3_endpoint, changes, logged, caplog
):
    if "endpoint_url" in changes:
        changes = {"endpoint_url": changes["endpoint_url"].format(closed=free_port())}
    use_store(settings, {**s3_config(s3_endpoint, bucket), **changes})
    client.force_login(contributor)

    with caplog.at_level(logging.ERROR, logger="carre.object_storage"):
        response = client.post(
            "/sources/add/",
            {
                "mode": "upload",
                "upload-title": "Caméra du boulevard",
                "upload-kind": "photo",
                "upload-file": SimpleUploadedFile("camera.jpg", jpeg_with_gps()),
            },
        )

    page = response.content.decode()
    assert response.status_code == 503
    assert "Rien n\u2019a été enregistré" in page
    assert 'value="Caméra du boulevard"' in page
    assert not Source.objects.exists()
    assert logged in caplog.text


def test_reading_from_an_unreachable_store_is_a_503_page(
    client, contributor, bucket, settings, s3_endpoint
):
    source = upload(contributor, PDF, "rapport.pdf")
    closed = f"http://127.0.0.1:{free_port()}"
    use_store(settings, {**s3_config(s3_endpoint, bucket), "endpoint_url": closed})

    response = client.get(source.file.url)

    assert response.status_code == 503
    assert "Location" not in response
    assert "Fichier momentanément indisponible" in response.content.decode()


@pytest.mark.parametrize(
    ("config", "error"),
    [
        ({"access_key": "k", "secret_key": "s"}, "carre.E002"),
        ({"bucket": "b", "access_key": "k"}, "carre.E003"),
        ({"bucket": "b", "secret_key": "s"}, "carre.E003"),
        ({"bucket": "b", **KEYS, "addressing_style": "sideways"}, "carre.E004"),
        ({"bucket": "b", **KEYS, "endpoint_url": "minio:9000"}, "carre.E005"),
    ],
)
def test_incomplete_s3_configuration_stops_the_checks(settings, config, error):
    names = ("bucket", "endpoint_url", "region", "access_key", "secret_key")
    settings.CARRE_MEDIA_S3 = {
        **dict.fromkeys((*names, "addressing_style"), ""),
        **config,
    }

    with pytest.raises(SystemCheckError, match=error):
        call_command("check")


def test_complete_s3_configuration_passes_the_checks(settings, s3_endpoint):
    settings.CARRE_MEDIA_S3 = s3_config(s3_endpoint, "carre-media")

    call_command("check")


def test_backup_with_media_refuses_and_names_the_bucket_tools(bucket, tmp_path):
    with pytest.raises(CommandError, match="own tools") as refused:
        call_command("backup", str(tmp_path / "carre.dump"), media=True)

    assert "MediaS3Storage" in str(refused.value)
    assert not (tmp_path / "carre.dump").exists()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("InvalidAccessKeyId", "the access key is unknown to the store"),
        ("SignatureDoesNotMatch", "the secret key is wrong"),
        ("AccessDenied", "the credentials may not use this bucket"),
    ],
)
def test_refused_credentials_are_named_in_the_log_line(code, reason):
    # moto accepts any key, so a store's refusal is built as botocore reports it.
    error = ClientError({"Error": {"Code": code}}, "PutObject")

    line = describe(error, bucket="carre-media", endpoint="https://s3.example")

    assert line == (
        "Object storage refused the request for bucket 'carre-media' at "
        f"https://s3.example: {reason}."
    )


def test_settings_let_images_load_from_the_bucket_origin():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carre.settings",
        "CARRE_MEDIA_S3_BUCKET": "carre-media",
        "CARRE_MEDIA_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
        "CARRE_MEDIA_S3_REGION": "fr-par",
        "CARRE_MEDIA_S3_ADDRESSING_STYLE": "virtual",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND']); "
        "print(' '.join(map(str, settings.SECURE_CSP['img-src'])))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    backend, img_src = result.stdout.splitlines()
    assert backend == "carre.object_storage.MediaS3Storage"
    assert img_src.split() == [
        "'self'",
        "data:",
        "https://carre-media.s3.fr-par.scw.cloud",
    ]
