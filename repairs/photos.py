"""Repairs' photos through the core's image handling, with repairs' own limits."""

import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from logistics import images

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
# are kept on the server instead, under a token that is both in the user's session
# and in the form, so they go only with that form; a day later they are swept.

KEEP_DIR = Path(tempfile.gettempdir()) / "logistics-repair-photos"
KEEP_SESSION_KEY = "repairs_kept_photos"
KEEP_SECONDS = 24 * 3600


def keep(request, uploads):
    """Keep these (already checked) photos for the form; returns the token."""
    drop(request)
    _sweep()
    token = secrets.token_hex(16)
    # Only this server's user may read them, in a folder that is really ours.
    KEEP_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    if KEEP_DIR.is_symlink() or KEEP_DIR.stat().st_uid != os.getuid():
        raise PermissionError(f"{KEEP_DIR} is not this server's own folder")
    folder = KEEP_DIR / token
    folder.mkdir(mode=0o700)
    for index, upload in enumerate(uploads):
        upload.seek(0)
        (folder / str(index)).write_bytes(upload.read())
        upload.seek(0)
    request.session[KEEP_SESSION_KEY] = {
        "token": token,
        "names": [Path(upload.name).name for upload in uploads],
    }
    return token


def kept(request, token):
    """The photos kept under ``token`` for this user, as uploads ([] if none)."""
    entry = request.session.get(KEEP_SESSION_KEY) or {}
    if not token or token != entry.get("token"):
        return []
    folder = KEEP_DIR / token
    try:
        return [
            SimpleUploadedFile(name, (folder / str(index)).read_bytes())
            for index, name in enumerate(entry["names"])
        ]
    except OSError:
        return []


def drop(request):
    entry = request.session.pop(KEEP_SESSION_KEY, None)
    if entry:
        shutil.rmtree(KEEP_DIR / entry["token"], ignore_errors=True)


def _sweep():
    if not KEEP_DIR.exists():
        return
    too_old = time.time() - KEEP_SECONDS
    for folder in KEEP_DIR.iterdir():
        try:
            if folder.stat().st_mtime < too_old:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
