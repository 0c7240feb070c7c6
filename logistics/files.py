"""Uploaded files, served only to those who may see the document they belong to.

No uploaded file has a public address. A page links a photo (or any file) by
``file_url(fieldfile)`` (in templates ``{{ photo.image|file_url }}`` after
``{% load files %}``): ``/files/<app.model>/<pk>/<field>/<name>``. The view below
finds the row through the visibility rule its app declared in the registry
(``registry.add_files``), so another school's file, or one whose document the user
may not open, is a 404 like the document's page.

In development Django streams the bytes. Behind nginx, with ``X_ACCEL_PREFIX``
set (e.g. ``/protected-media/``), the view only answers ``X-Accel-Redirect`` and
nginx sends the file from an ``internal`` location (see the README).

Files that wait between two steps of a form (an import between its preview and
its confirmation, photos on a filing form that comes back) are kept through the
default storage under ``private/`` by ``kept_file_name`` and friends, never in a
server's own /tmp: any web server behind a load balancer finds them.
"""

import mimetypes
import posixpath
import re
import secrets
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.storage import default_storage
from django.forms import ClearableFileInput
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .registry import registry

# Shown in the browser; anything else is downloaded, so an uploaded file never
# runs as a page of this site.
INLINE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}
)
# The URL names the file, so a replaced photo gets a new address: the browser may
# keep a file for a while, but only for this user (``private``).
CACHE_SECONDS = 3600


def file_url(fieldfile):
    """The checked address of an uploaded file ("" when the field is empty)."""
    if not fieldfile:
        return ""
    instance = fieldfile.instance
    kind = registry.files_of(type(instance))
    name = fieldfile.field.name
    if name not in kind.fields:
        raise KeyError(f"{kind.key}.{name} is not a declared file field")
    return reverse(
        "file",
        kwargs={
            "kind": kind.key,
            "pk": instance.pk,
            "field": name,
            "name": posixpath.basename(fieldfile.name),
        },
    )


@require_safe
def serve_file(request, kind, pk, field, name):
    """The file, if the user may open the document it belongs to; else 404."""
    declared = registry.files.get(kind)
    if declared is None or field not in declared.fields:
        raise Http404
    if declared.permission and not request.user.has_perm(declared.permission):
        raise Http404
    row = get_object_or_404(declared.visible_to(request.user), pk=pk)
    fieldfile = getattr(row, field)
    if not fieldfile or posixpath.basename(fieldfile.name) != name:
        raise Http404  # an old address of a file since replaced
    return file_response(fieldfile)


def file_response(fieldfile):
    """The file's bytes (or nginx's X-Accel-Redirect to them), with a safe type,
    its name, and private caching."""
    name = fieldfile.name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = getattr(settings, "X_ACCEL_PREFIX", "")
    # nginx's internal location serves MEDIA_ROOT: files kept elsewhere (meeting
    # minutes in PRIVATE_MEDIA_ROOT) are sent by Django itself.
    if prefix and fieldfile.storage is default_storage:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = fieldfile.storage.open(name, "rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        content_type not in INLINE_TYPES, posixpath.basename(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    return response


class _CheckedFile:
    """What a file input shows for the current file: its name, the checked link."""

    def __init__(self, fieldfile):
        self.fieldfile = fieldfile
        self.url = file_url(fieldfile)

    def __str__(self):
        return posixpath.basename(self.fieldfile.name)


class CheckedFileInput(ClearableFileInput):
    """A file input whose "currently" link is the checked address, not /media/."""

    def format_value(self, value):
        if self.is_initial(value) and hasattr(value, "instance"):
            return _CheckedFile(value)
        return super().format_value(value)


class AdminCheckedFileWidget(CheckedFileInput, AdminFileWidget):
    """The admin's file input, with the checked link."""


# -- files waiting between two steps of a form ---------------------------------------

PRIVATE_PREFIX = "private"
_WAITING = re.compile(
    r"^(?P<stamp>\d+)-(?P<owner>[\w-]+)-(?P<token>[0-9a-f]{32})(?:\.\w+)?$"
)


def new_token():
    return secrets.token_hex(16)


def waiting_name(folder, *, owner, token, suffix=""):
    """The storage name for a waiting file: under ``private/<folder>/``, stamped
    with the time it is kept (for sweeping) and its owner (e.g. "s3-u42", school and
    user), so that only the same owner's request is given it back (``is_waiting``).
    ``suffix``: an extension such as ".xlsx"."""
    if not re.fullmatch(r"[\w-]+", owner) or not re.fullmatch(r"[0-9a-f]{32}", token):
        raise ValueError("bad owner or token")
    stamp = int(time.time())
    return f"{PRIVATE_PREFIX}/{folder}/{stamp}-{owner}-{token}{suffix}"


def is_waiting(name, folder, *, owner, token):
    """Whether ``name`` (e.g. read back from the session) is ``owner``'s waiting
    file ``token`` in ``folder``: a name made for someone else is refused."""
    head = f"{PRIVATE_PREFIX}/{folder}/"
    if not name or not token or not name.startswith(head):
        return False
    match = _WAITING.match(name[len(head) :])
    return bool(match and match["owner"] == owner and match["token"] == token)


def sweep_waiting(folder, *, older_than):
    """Delete the waiting files of ``folder`` kept more than ``older_than`` seconds
    ago (an import previewed and never confirmed, a form never sent)."""
    too_old = time.time() - older_than
    try:
        _dirs, names = default_storage.listdir(f"{PRIVATE_PREFIX}/{folder}")
    except FileNotFoundError:
        return 0
    swept = 0
    for name in names:
        match = _WAITING.match(name)
        if match and int(match["stamp"]) < too_old:
            default_storage.delete(f"{PRIVATE_PREFIX}/{folder}/{name}")
            swept += 1
    return swept
