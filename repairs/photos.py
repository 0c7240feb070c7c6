"""Photo handling: accept images by content only, drop EXIF (location), make thumbnails."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

from .conf import megabytes, repairs_setting

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def check_image(upload):
    """Refuse anything that is not a real image of an accepted format or is too big."""
    limit = repairs_setting("MAX_PHOTO_BYTES")
    if upload.size > limit:
        raise ValidationError(
            _("The photo “%(name)s” is larger than %(mb)s MB.")
            % {"name": upload.name, "mb": megabytes(limit)},
            code="photo_too_big",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The file “%(name)s” is not an image.") % {"name": upload.name},
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("The file “%(name)s” is not a JPEG, PNG, WebP or GIF image.")
            % {"name": upload.name},
            code="not_an_image",
        )
    return upload


def clean_copies(upload):
    """The photo re-encoded without metadata, and its thumbnail, as ContentFiles."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        # Apply the camera's rotation before the EXIF that carries it is dropped.
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
            image_format = "JPEG" if image_format != "PNG" else "PNG"
        if image_format not in ("PNG",):
            image_format = "JPEG"
        extension = "png" if image_format == "PNG" else "jpg"
        stem = uuid.uuid4().hex
        full = io.BytesIO()
        # A fresh image with only the pixels: no EXIF, no GPS, no comments.
        bare = image.copy()
        bare.info = {}
        bare.save(full, format=image_format, quality=85)
        bare.thumbnail(repairs_setting("THUMBNAIL_SIZE"))
        thumb = io.BytesIO()
        bare.save(thumb, format=image_format, quality=80)
    return (
        ContentFile(full.getvalue(), name=f"{stem}.{extension}"),
        ContentFile(thumb.getvalue(), name=f"{stem}_thumb.{extension}"),
    )
