"""settings.REPAIRS: each number a school may change, and what it changes."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse

import pytest

from repairs import services
from repairs.choices import RepairStatus
from repairs.conf import megabytes, repairs_setting
from repairs.models import RepairRequest

from .factories import image_upload
from .test_views import form_data

pytestmark = pytest.mark.django_db


def test_defaults(settings):
    del settings.REPAIRS  # the project sets none
    assert repairs_setting("DUE_HOURS") == {"normal": 72, "urgent": 24, "emergency": 4}
    assert repairs_setting("AUTO_CONFIRM_DAYS") == 7
    assert repairs_setting("MAX_PHOTOS") == 4
    assert repairs_setting("MAX_PHOTO_BYTES") == 5 * 1024 * 1024


def test_due_hours_may_name_only_some_urgencies(settings, staff, location):
    settings.REPAIRS = {"DUE_HOURS": {"emergency": 2}}
    assert repairs_setting("DUE_HOURS") == {"normal": 72, "urgent": 24, "emergency": 2}
    for urgency, hours in [("emergency", 2), ("urgent", 24), ("normal", 72)]:
        repair = services.repair_request_create(
            location=location,
            category="water",
            description="漏水",
            urgency=urgency,
            by=staff,
        )
        assert repair.due_at - repair.created_at == datetime.timedelta(hours=hours)


def test_auto_confirm_days_is_the_commands_default(settings, done):
    settings.REPAIRS = {"AUTO_CONFIRM_DAYS": 3}
    RepairRequest.objects.filter(pk=done.pk).update(
        done_at=done.done_at - datetime.timedelta(days=4)
    )
    out = io.StringIO()
    call_command("repairs_auto_confirm", stdout=out)
    done.refresh_from_db()
    assert done.status == RepairStatus.CONFIRMED and done.auto_confirmed
    assert "1" in out.getvalue()


def test_photo_limits(settings, client_for, staff, location):
    settings.REPAIRS = {"MAX_PHOTOS": 2, "MAX_PHOTO_BYTES": 2 * 1024 * 1024 + 512}
    client = client_for(staff)
    form = client.get(reverse("repairs:new")).context["form"]
    assert form.fields["photos"].max_files == 2
    assert "最多 2 张照片" in form.fields["photos"].help_text
    assert "每张不超过 2 MB" in form.fields["photos"].help_text
    photos = [image_upload(f"{n}.jpg") for n in range(3)]
    response = client.post(
        reverse("repairs:new"), {**form_data(location), "photos": photos}
    )
    assert "photos" in response.context["form"].errors
    settings.REPAIRS = {"MAX_PHOTO_BYTES": 100}
    response = client.post(
        reverse("repairs:new"), {**form_data(location), "photos": [image_upload()]}
    )
    page = response.content.decode()
    assert "超过 0.1 MB" in page  # the help text follows the setting
    assert "最大只能上传 100\xa0字节" in page  # and so does the refusal
    assert not RepairRequest.objects.exists()


def test_megabytes_reads_like_people_write():
    assert megabytes(5 * 1024 * 1024) == "5"
    assert megabytes(2.5 * 1024 * 1024) == "2.5"
    assert megabytes(100) == "0.1"
