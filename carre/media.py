"""Answering for an uploaded file once its owner allowed the viewer to see it.

Uploaded files have no public folder. The app that stores a file owns its
address (/media/<upload_to>/<name>) and the view behind it: the view finds
the object that holds the file among those the viewer may see, and only then
calls `file_response` with the stored name. A file whose object is gone or
hidden is a 404, even though it is still on disk.

With a proxy that serves the media folder from an internal location only
(deploy/Caddyfile, or nginx's `internal`), `MEDIA_INTERNAL_PREFIX` is set and
the response is just an `X-Accel-Redirect` header: the proxy streams the
file. Without one, Django streams it. With uploads in an object store
(CARRE_MEDIA_S3_*, carre/object_storage.py), the allowed viewer is redirected
to a presigned URL that expires within a minute; the bucket itself is private.

Every user file is answered as a sandboxed document that may load nothing:
even a file that slipped past the upload checks can never run script on the
site's origin. Only raster images are shown in the browser; anything else
(a PDF) is downloaded.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from carre.object_storage import MediaS3Storage, StorageUnavailable

# Types a browser may display on our origin: images Pillow re-encoded.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# Types sent as they are, as downloads; anything else is a generic download.
DOWNLOAD_TYPES = {"application/pdf"}
USER_FILE_CSP = "default-src 'none'; sandbox"
# Short: the owner may hide the file, and the permission is checked again then.
CACHE_CONTROL = "private, max-age=300"


def file_response(name: str, *, content_type: str = "") -> HttpResponse:
    """The response that serves the stored file `name` (already allowed)."""
    content_type = content_type or mimetypes.guess_type(name)[0] or ""
    inline = content_type in INLINE_TYPES
    if not inline and content_type not in DOWNLOAD_TYPES:
        content_type = "application/octet-stream"
    filename = posixpath.basename(name)
    storage = storages["default"]
    prefix = settings.MEDIA_INTERNAL_PREFIX
    if isinstance(storage, MediaS3Storage):
        return _presigned_redirect(storage, name, content_type, inline, filename)
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix + quote(name)
        response["Content-Disposition"] = content_disposition_header(
            not inline, filename
        )
    else:
        try:
            file = default_storage.open(name)
        except (FileNotFoundError, IsADirectoryError) as error:
            raise Http404 from error
        response = FileResponse(
            file, content_type=content_type, as_attachment=not inline, filename=filename
        )
    response["Content-Security-Policy"] = USER_FILE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _presigned_redirect(
    storage: MediaS3Storage, name: str, content_type: str, inline: bool, filename: str
) -> HttpResponse:
    """Send the allowed viewer to the bucket with a link that soon expires.

    The bucket answers with the type and disposition signed into the link. It
    is another origin than the site's, so even a file that slipped past the
    upload checks runs no script on the site.
    """
    try:
        if not storage.exists(name):
            raise Http404
    except StorageUnavailable:
        return storage_unavailable()
    url = storage.presigned_url(
        name,
        content_type=content_type,
        disposition=content_disposition_header(not inline, filename),
    )
    response = HttpResponseRedirect(url)
    # The link is personal and short-lived: no cache keeps it, no page leaks it.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def storage_unavailable() -> HttpResponse:
    """503 for a request that needed the object store while it fails."""
    page = render_to_string("media_unavailable.html", {"SITE_NAME": settings.SITE_NAME})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
