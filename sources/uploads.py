"""Checking and cleaning uploaded files before they are stored.

The type is read from the content, never from the name or the browser's
claim. Images are decoded and re-encoded by Pillow, which drops every
metadata block (EXIF with GPS position, XMP, comments); an image whose header
claims more than MAX_IMAGE_PIXELS is refused before a pixel is decoded.
PDFs are recognised by their magic bytes and kept byte for byte, metadata
included: the upload form says so (see PDF_NOTICE in sources.forms). Files
are stored under generated names.
"""

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 40 megapixels: more than a phone photo (12-24 MP) or an A4 scan at 600 dpi
# (35 MP), while one decoded copy stays under 160 MB (4 bytes a pixel) even
# for a file of a few bytes that claims to be huge (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
# Pillow's own guard is set to the same limit, for every image this process
# opens: it warns above the limit (which clean_upload refuses from the header
# alone) and raises DecompressionBombError above twice the limit, before
# anything is decoded. Its default (89 MP, error at 179 MP) is too generous.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
# WebP and GIF are accepted and stored as PNG (no animation in a source).
CONVERTED_FORMATS = {"WEBP", "GIF"}
# Pillow parses only these: no other image parser sees an uploaded file.
ACCEPTED_FORMATS = [*IMAGE_FORMATS, *CONVERTED_FORMATS]


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str

    @property
    def name(self) -> str:
        return self.content.name


def _generated_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def clean_upload(upload) -> CleanFile:
    """Return a safe copy of an uploaded image or PDF; raise ValidationError."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too big (%(size)s MB at most).")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too big."), code="too_big")
    if data.startswith(b"%PDF-"):
        return CleanFile(
            ContentFile(data, name=_generated_name("pdf")), "application/pdf"
        )
    return _clean_image(data)


def _image_too_large() -> ValidationError:
    return ValidationError(
        _(
            "The image is too large: %(limit)s megapixels at most. "
            "Reduce its size and send it again."
        )
        % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_big",
    )


def _clean_image(data: bytes) -> CleanFile:
    refused = ValidationError(
        _("Only JPEG, PNG, WebP or GIF images and PDF documents are accepted."),
        code="bad_type",
    )
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            image_format = probe.format
            width, height = probe.size
            # Checked from the header, before verify() reads any image data.
            if width * height > MAX_IMAGE_PIXELS:
                raise _image_too_large()
            probe.verify()
    except Image.DecompressionBombError as error:
        # Pillow refuses at open() when the header claims over twice the limit.
        raise _image_too_large() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise refused from error
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
            # Apply the EXIF orientation before the EXIF block is dropped.
            image = ImageOps.exif_transpose(image)
            extension, content_type = IMAGE_FORMATS.get(
                image_format, IMAGE_FORMATS["PNG"]
            )
            if extension == "jpg":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            # Pillow carries comments and profiles along in .info: drop them all.
            image.info = {}
            output = io.BytesIO()
            if extension == "jpg":
                image.save(output, "JPEG", quality=90)
            else:
                image.save(output, "PNG")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    return CleanFile(
        ContentFile(output.getvalue(), name=_generated_name(extension)), content_type
    )
