"""Where meeting minutes are kept: outside ``MEDIA_ROOT``, so no public URL
serves them; a view that checks who asks reads them (``MinutesView``)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root():
    """``settings.PRIVATE_MEDIA_ROOT``, else the environment's, else ``private/``
    beside the project."""
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or os.environ.get(
        "PRIVATE_MEDIA_ROOT"
    )
    return Path(root) if root else Path(settings.BASE_DIR) / "private"


class PrivateStorage(FileSystemStorage):
    """Files on disk with no URL; the root is read from the settings each time
    (tests point it at a temporary folder)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a view")


_storage = PrivateStorage()


def private_storage():
    return _storage
