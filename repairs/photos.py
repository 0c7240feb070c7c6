"""Repairs' photos through the core's image handling, with repairs' own limits."""

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from logistics import files, images

from .conf import repairs_rule, repairs_setting

MAX_SIDE = 1600  # pixels; enough to read a serial plate, small enough to store


def check_image(upload, *, school=None):
    """Refuse anything that is not a real image of an accepted kind or is larger
    than ``school`` allows (None: the installation's default)."""
    return images.check_image(upload, max_bytes=repairs_rule(school, "MAX_PHOTO_BYTES"))


def clean_copies(upload):
    """The photo re-encoded without metadata, and its thumbnail, as ContentFiles."""
    return images.clean_image(
        upload,
        max_side=MAX_SIDE,
        thumbnail_side=repairs_setting("THUMBNAIL_SIZE")[0],
    )


# -- photos kept while the filing form comes back ------------------------------------
#
# A browser never refills a file input, so photos chosen on a form that comes back
# (a field to correct, or "already reported?") would have to be chosen again. They
# are kept instead, through Django's storage (any web server behind a load balancer
# finds them) under a token that is both in the user's session and in the form, and
# named for the school and the user, so they go only with that user's form; a day
# later they are swept.

KEEP_FOLDER = "repair-photos"
KEEP_SESSION_KEY = "repairs_kept_photos"
KEEP_SECONDS = 24 * 3600


def _owner(request):
    return f"s{request.school_id}-u{request.user.pk}"


def keep(request, uploads):
    """Keep these (already checked) photos for the form; returns the token."""
    drop(request)
    files.sweep_waiting(KEEP_FOLDER, older_than=KEEP_SECONDS)
    token = files.new_token()
    kept_names = []
    for index, upload in enumerate(uploads):
        upload.seek(0)
        name = files.waiting_name(
            KEEP_FOLDER, owner=_owner(request), token=token, suffix=f".{index}"
        )
        kept_names.append(default_storage.save(name, ContentFile(upload.read())))
        upload.seek(0)
    request.session[KEEP_SESSION_KEY] = {
        "token": token,
        "files": kept_names,
        "names": [PurePath(upload.name).name for upload in uploads],
    }
    return token


def kept(request, token):
    """The photos kept under ``token`` for this user, as uploads ([] if none)."""
    entry = request.session.get(KEEP_SESSION_KEY) or {}
    if not token or token != entry.get("token"):
        return []
    uploads = []
    for stored, name in zip(
        entry.get("files", ()), entry.get("names", ()), strict=False
    ):
        if not files.is_waiting(
            stored, KEEP_FOLDER, owner=_owner(request), token=token
        ):
            return []
        try:
            with default_storage.open(stored, "rb") as handle:
                uploads.append(SimpleUploadedFile(name, handle.read()))
        except OSError:
            return []
    return uploads


def drop(request):
    entry = request.session.pop(KEEP_SESSION_KEY, None) or {}
    for stored in entry.get("files", ()):
        if stored.startswith(f"{files.PRIVATE_PREFIX}/{KEEP_FOLDER}/"):
            default_storage.delete(stored)
