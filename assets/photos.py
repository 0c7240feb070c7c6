"""The asset card's photo, through the core's image handling with the ledger's limits.

A file is a photo when Pillow can read and verify it (whatever its name or the
browser says) and it is a JPEG, PNG, WebP or GIF no larger than
``MAX_PHOTO_BYTES``. It is stored upright, at most ``PHOTO_MAX_SIDE`` pixels
on its longer side, re-encoded from its pixels alone: no EXIF (GPS position,
camera serial, owner) leaves the phone that took it.
"""

from logistics import images

from .conf import assets_rule, assets_setting


def check_photo(upload, *, school=None):
    """Refuse a file that is larger than ``school`` allows (None: the installation's
    default), not an image, or not an accepted kind of image."""
    return images.check_image(upload, max_bytes=assets_rule(school, "MAX_PHOTO_BYTES"))


def clean_photo(upload):
    """The photo upright, small enough, without metadata, as a ContentFile."""
    photo, _thumbnail = images.clean_image(
        upload, max_side=assets_setting("PHOTO_MAX_SIDE")
    )
    return photo
