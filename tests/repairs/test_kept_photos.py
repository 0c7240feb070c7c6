"""Photos kept while the filing form comes back live in Django's storage, so the
next post may reach another web server; they go once filed, or a day later."""

import time

from django.core.files.storage import default_storage
from django.urls import reverse

import pytest

from repairs import photos
from repairs.models import RepairPhoto

from .factories import image_upload
from .test_views import form_data

pytestmark = pytest.mark.django_db

FOLDER = "private/repair-photos"


def kept_files():
    try:
        return default_storage.listdir(FOLDER)[1]
    except FileNotFoundError:
        return []


def refuse_with_photo(client, location):
    return client.post(
        reverse("repairs:new"),
        {**form_data(location, description=""), "photos": [image_upload()]},
    )


def test_kept_photos_wait_in_the_storage_and_go_once_filed(
    client_for, staff, location, settings
):
    client = client_for(staff)
    refused = refuse_with_photo(client, location)
    token = refused.context["kept_token"]
    kept = kept_files()
    assert len(kept) == 1 and token in kept[0]
    assert (settings.MEDIA_ROOT / FOLDER / kept[0]).exists()

    client.post(reverse("repairs:new"), {**form_data(location), "kept_photos": token})

    assert RepairPhoto.objects.count() == 1
    assert kept_files() == []


def test_kept_photos_are_swept_a_day_later(
    client_for, staff, head, location, monkeypatch
):
    refuse_with_photo(client_for(staff), location)
    forgotten = kept_files()
    later = time.time() + photos.KEEP_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)

    refuse_with_photo(client_for(head), location)

    kept = kept_files()
    assert forgotten[0] not in kept and len(kept) == 1
