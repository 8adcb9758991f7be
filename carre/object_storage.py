"""Uploaded files in an S3-compatible object store (optional).

With CARRE_MEDIA_S3_BUCKET set, STORAGES["default"] is `MediaS3Storage`:
uploads go to a private bucket, and nothing else changes for the apps. The
Django view that checks the viewer's permission stays the only public address
of a file: `url()` answers that address (/media/<name>), never the bucket's,
and carre/media.py's `file_response` redirects an allowed viewer to a
presigned URL valid for CARRE_MEDIA_S3_URL_EXPIRY seconds. Objects are
written with no ACL, so they inherit the bucket's (keep it private).

Errors of the store (unreachable endpoint, refused credentials, missing
bucket) become `StorageUnavailable` with a one-line message naming the
cause, logged for the administrator; the pages that met it answer 503 with a
short message for the user, never a 500.
"""

import logging
from urllib.parse import urljoin, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

ADDRESSING_STYLES = ("auto", "path", "virtual")
# A store that does not answer fails the request in seconds, not minutes.
CLIENT_TIMEOUTS = {
    "connect_timeout": 5,
    "read_timeout": 30,
    "retries": {"max_attempts": 2, "mode": "standard"},
}


class StorageUnavailable(OSError):
    """The object store could not be reached or refused the request."""


def storage_settings(config: dict[str, str], *, url_expiry: int) -> dict:
    """The STORAGES["default"] entry for the CARRE_MEDIA_S3_* values."""
    options = {
        "bucket_name": config["bucket"],
        "endpoint_url": config["endpoint_url"] or None,
        "region_name": config["region"] or None,
        "access_key": config["access_key"] or None,
        "secret_key": config["secret_key"] or None,
        "addressing_style": config["addressing_style"] or None,
        "querystring_expire": url_expiry,
        # Generated names never collide; a second upload never replaces a file.
        "file_overwrite": False,
        "default_acl": None,
        "signature_version": "s3v4",
    }
    return {"BACKEND": "carre.object_storage.MediaS3Storage", "OPTIONS": options}


def presigned_origin(config: dict[str, str]) -> str | None:
    """The scheme://host of the presigned links, for the site's CSP img-src.

    A source's image is an <img> whose address redirects to the bucket, and
    the CSP is checked after the redirect. The origin is read from a link
    signed offline with the same settings (path or virtual-host style, AWS
    region names), with placeholder keys: no request is made. None for a
    configuration the checks refuse (carre.E004, E005).
    """
    if config["addressing_style"] not in ("", *ADDRESSING_STYLES) or (
        config["endpoint_url"]
        and not config["endpoint_url"].startswith(("https://", "http://"))
    ):
        return None
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=config["endpoint_url"] or None,
        region_name=config["region"] or None,
        aws_access_key_id="placeholder",
        aws_secret_access_key="placeholder",  # noqa: S106 - signs nothing real
        config=Config(
            s3={"addressing_style": config["addressing_style"] or None},
            signature_version="s3v4",
        ),
    )
    link = client.generate_presigned_url(
        "get_object", Params={"Bucket": config["bucket"], "Key": "origin"}
    )
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}"


def describe(error: Exception, *, bucket: str, endpoint: str | None) -> str:
    """One line for the log: which store, which bucket, what went wrong."""
    where = f"bucket {bucket!r} at {endpoint or 'the AWS default endpoint'}"
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        reason = {
            "InvalidAccessKeyId": "the access key is unknown to the store",
            "SignatureDoesNotMatch": "the secret key is wrong",
            "AccessDenied": "the credentials may not use this bucket",
            "NoSuchBucket": "the bucket does not exist",
        }.get(code, f"the store answered {code or 'an error'}")
        return f"Object storage refused the request for {where}: {reason}."
    return f"Object storage unreachable for {where}: {error}."


class MediaS3Storage(S3Storage):
    """django-storages' S3Storage, private, with errors that say what is wrong."""

    def __init__(self, **options):
        options.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": options.get("addressing_style")},
                signature_version=options.get("signature_version", "s3v4"),
                **CLIENT_TIMEOUTS,
            ),
        )
        super().__init__(**options)

    def _unavailable(self, error: Exception) -> StorageUnavailable:
        message = describe(error, bucket=self.bucket_name, endpoint=self.endpoint_url)
        logger.error(message)
        return StorageUnavailable(message)

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable(error) from error

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable(error) from error

    def exists(self, name):
        try:
            return super().exists(name)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable(error) from error

    def delete(self, name):
        try:
            super().delete(name)
        except (BotoCoreError, ClientError) as error:
            raise self._unavailable(error) from error

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The permission-checked address on this site, as FileSystemStorage's."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))

    def presigned_url(self, name: str, *, content_type: str, disposition: str) -> str:
        """A GET URL for the bucket, valid for a short time; computed offline.

        The response headers are forced by the signature: the object is
        answered with the type and disposition Carré chose, whatever it was
        stored with.
        """
        return super().url(
            name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
        )
