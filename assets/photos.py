"""The asset card's photo: accepted by its content, kept small, stored without EXIF.

A file is a photo when Pillow can read it and verify it, whatever its name or
the browser says it is, and when it is a JPEG, PNG, WebP or GIF. It is then
turned the right way up (the camera's EXIF rotation applied), shrunk to
``PHOTO_MAX_SIDE`` pixels on its longer side and saved afresh from its pixels
alone, so no EXIF (GPS position, camera serial, owner) or comment leaves the
phone that took it.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

from .conf import assets_setting

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
READ_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def check_photo(upload):
    """Refuse a file that is too big, not an image, or not an accepted kind of image."""
    limit = assets_setting("MAX_PHOTO_BYTES")
    if upload.size > limit:
        raise ValidationError(
            _("The photo is %(size)s; at most %(limit)s can be uploaded.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="photo_too_big",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb warning is a refusal here, not a log line.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
    except READ_ERRORS as error:
        raise ValidationError(
            _("This file is not a photo that can be read: choose a JPEG or PNG image."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP or GIF photos can be uploaded."),
            code="not_an_image",
        )
    return upload


def clean_photo(upload):
    """The photo upright, at most PHOTO_MAX_SIDE pixels, re-encoded without metadata."""
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except READ_ERRORS as error:
        # verify() passed but the pixels do not decode: a broken file after all.
        raise ValidationError(
            _("This file is not a photo that can be read: choose a JPEG or PNG image."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    side = assets_setting("PHOTO_MAX_SIDE")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    keeps_alpha = image.mode in ("RGBA", "LA", "P") and "transparency" in image.info
    if keeps_alpha or image.mode in ("RGBA", "LA"):
        image = image.convert("RGBA")
        kind, extension, options = "PNG", "png", {"optimize": True}
    else:
        image = image.convert("RGB")
        kind, extension, options = "JPEG", "jpg", {"quality": 85, "optimize": True}
    # A new image holding only the pixels: nothing of the original's metadata.
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, format=kind, **options)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
