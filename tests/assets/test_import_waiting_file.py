"""The file between an import's preview and its confirmation: kept through Django's
storage (any web server finds it), for the user and school that previewed it only."""

import time

from django.core.files.storage import default_storage
from django.urls import reverse

import pytest

from assets import importing
from assets.models import Asset
from logistics.roles import Role
from tests.factories import make_user

from .test_import import preview, row

pytestmark = pytest.mark.django_db

FOLDER = "private/asset-imports"


def waiting_files():
    try:
        return default_storage.listdir(FOLDER)[1]
    except FileNotFoundError:
        return []


def test_the_previewed_file_waits_in_the_storage_until_confirmed(
    client_for, accountant, school, settings
):
    client = client_for(accountant)
    shown = preview(client, [row("WT-0001")])
    kept = waiting_files()
    assert len(kept) == 1 and shown.context["token"] in kept[0]
    assert (settings.MEDIA_ROOT / FOLDER / kept[0]).exists()

    client.post(reverse("assets:import-confirm"), {"token": shown.context["token"]})

    assert Asset.objects.filter(school=school, number="WT-0001").exists()
    assert waiting_files() == []


def test_another_user_cannot_confirm_someone_elses_preview(
    client_for, accountant, head, school
):
    shown = preview(client_for(accountant), [row("WT-0002")])
    token = shown.context["token"]

    response = client_for(head).post(reverse("assets:import-confirm"), {"token": token})

    assert response.status_code == 302
    assert not Asset.objects.filter(school=school, number="WT-0002").exists()
    assert len(waiting_files()) == 1  # still the accountant's to confirm


def test_a_kept_file_is_given_only_to_its_own_user_and_school(
    accountant, school, other_school
):
    from django.core.files.base import ContentFile

    token, name = importing.keep_upload(
        ContentFile(b"xlsx bytes", name="a.xlsx"), school_id=school.pk, user=accountant
    )
    colleague = make_user(school, Role.ACCOUNTANT)

    def given(user, school_id, token=token):
        return importing.kept_upload(name, token=token, school_id=school_id, user=user)

    assert given(accountant, school.pk).read() == b"xlsx bytes"
    assert given(colleague, school.pk) is None
    assert given(accountant, other_school.pk) is None
    assert given(accountant, school.pk, token="0" * 32) is None


def test_a_new_preview_replaces_the_waiting_file_of_the_last_one(
    client_for, accountant
):
    client = client_for(accountant)
    first = preview(client, [row("WT-0003")])
    second = preview(client, [row("WT-0004")])
    kept = waiting_files()
    assert len(kept) == 1 and second.context["token"] in kept[0]
    stale = client.post(
        reverse("assets:import-confirm"), {"token": first.context["token"]}
    )
    assert stale.status_code == 302
    assert not Asset.objects.filter(number="WT-0003").exists()


def test_files_never_confirmed_are_swept_a_day_later(
    client_for, accountant, monkeypatch
):
    preview(client_for(accountant), [row("WT-0005")])
    forgotten = waiting_files()
    later = time.time() + importing.WAITING_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)

    colleague = make_user(accountant.profile.school, Role.ACCOUNTANT)
    fresh = preview(client_for(colleague), [row("WT-0006")])

    kept = waiting_files()
    assert forgotten[0] not in kept
    assert len(kept) == 1 and fresh.context["token"] in kept[0]
