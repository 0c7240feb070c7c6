"""Uploaded photos: accepted by their content, stored upright, small and without EXIF.

A file is a photo when Pillow can read and verify it, whatever its name or the
browser claims, and it is a JPEG, PNG, WebP or GIF. Stored copies are made from
the pixels alone, so no GPS position, camera serial or comment leaves the phone.
Every app that takes photos (repairs, assets, greening…) uses these two functions.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

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


def _not_an_image(upload):
    return ValidationError(
        _("“%(name)s” is not a photo that can be read: choose a JPEG or PNG image.")
        % {"name": upload.name},
        code="not_an_image",
    )


def check_image(upload, *, max_bytes):
    """Refuse a file that is too big, not an image, or not an accepted kind of image."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; at most %(limit)s can be uploaded.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
            code="photo_too_big",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely logged.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
    except READ_ERRORS as error:
        raise _not_an_image(upload) from error
    finally:
        upload.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP or GIF photos can be uploaded."),
            code="not_an_image",
        )
    return upload


def _encode(image, stem):
    if image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        image, kind, extension = image.convert("RGBA"), "PNG", "png"
        options = {"optimize": True}
    else:
        image, kind, extension = image.convert("RGB"), "JPEG", "jpg"
        options = {"quality": 85, "optimize": True}
    bare = Image.new(image.mode, image.size)  # the pixels, nothing of the metadata
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, format=kind, **options)
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


def clean_image(upload, *, max_side, thumbnail_side=None):
    """The photo upright, at most ``max_side`` pixels, re-encoded without metadata;
    and a thumbnail when ``thumbnail_side`` is given (else None)."""
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except READ_ERRORS as error:
        raise _not_an_image(upload) from error
    finally:
        upload.seek(0)
    stem = uuid.uuid4().hex
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    full = _encode(image, stem)
    thumb = None
    if thumbnail_side:
        small = image.copy()
        small.thumbnail((thumbnail_side, thumbnail_side), Image.Resampling.LANCZOS)
        thumb = _encode(small, f"{stem}_thumb")
    return full, thumb
