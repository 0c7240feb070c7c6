"""Repairs' photos through the core's image handling, with repairs' own limits."""

from logistics import images

from .conf import repairs_setting

MAX_SIDE = 1600  # pixels; enough to read a serial plate, small enough to store


def check_image(upload):
    """Refuse anything that is not a real image of an accepted kind or is too big."""
    return images.check_image(upload, max_bytes=repairs_setting("MAX_PHOTO_BYTES"))


def clean_copies(upload):
    """The photo re-encoded without metadata, and its thumbnail, as ContentFiles."""
    return images.clean_image(
        upload,
        max_side=MAX_SIDE,
        thumbnail_side=repairs_setting("THUMBNAIL_SIZE")[0],
    )
