"""Answering for an uploaded file once its owner allowed the viewer to see it.

Uploaded files have no public folder. The app that stores a file owns its
address (/media/<upload_to>/<name>) and the view behind it: the view finds
the object that holds the file among those the viewer may see, and only then
calls `file_response` with the stored name. A file whose object is gone or
hidden is a 404, even though it is still on disk.

With a proxy that serves the media folder from an internal location only
(deploy/Caddyfile, or nginx's `internal`), `MEDIA_INTERNAL_PREFIX` is set and
the response is just an `X-Accel-Redirect` header: the proxy streams the
file. Without one, Django streams it.

Every user file is answered as a sandboxed document that may load nothing:
even a file that slipped past the upload checks can never run script on the
site's origin. Only raster images are shown in the browser; anything else
(a PDF) is downloaded.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

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
    prefix = settings.MEDIA_INTERNAL_PREFIX
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
