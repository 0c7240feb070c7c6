"""Notices in both languages, damage kept on refusal, Enter,
kept photos, the jobs filter's older word, and redirects that stay on the site."""

from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

import pytest

from logistics.models import Notification
from logistics.views import local_url
from repairs import services
from repairs.models import RepairPhoto, RepairRequest

from .factories import RepairRequestFactory, image_upload
from .test_views import form_data

pytestmark = pytest.mark.django_db


def test_the_assignment_notice_is_in_each_language_whoever_assigns(
    filed, head, technician, staff, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.repair_request_assign(
            repair=filed, technician=technician, due_at=None, comment="", by=head
        )
    notice = Notification.objects.get(recipient=staff, title__contains=filed.number)
    assert "派" in notice.body and "Assigned to" in notice.body_en


def test_a_compensation_to_collect_is_not_settled_by_the_confirmation(
    done, head, staff, accountant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_request_assess_damage(
            repair=done,
            responsible_person=staff,
            responsible_class=None,
            responsible_name="",
            price_item=None,
            quantity=1,
            amount="50.00",
            by=head,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_request_confirm(repair=done, rating=5, comment="", by=staff)
    due = Notification.objects.get(recipient=accountant)
    assert due.read_at is None and not due.pending


def test_a_damage_refused_by_the_service_comes_back_as_typed(client_for, head, done):
    response = client_for(head).post(
        reverse("repairs:damage", args=[done.pk]), {"quantity": 1, "amount": "12.50"}
    )
    assert response.status_code == 200
    [damage] = [a for a in response.context["actions"] if a.name == "damage"]
    form = damage.form
    assert form.non_field_errors() == ["请填写责任人或责任班级。"]
    assert form["amount"].value() == "12.50"
    done.refresh_from_db()
    assert not done.compensation_amount


def test_enter_in_a_field_submits_the_request_not_a_follow_button(
    client_for, people, staff, location
):
    RepairRequestFactory(
        location=location, requester=people["director"], category="water"
    )
    page = client_for(staff).post(reverse("repairs:new"), form_data(location))
    html = page.content.decode()
    form = html[html.index('enctype="multipart/form-data"') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert "formaction" not in first_button and 'type="submit"' in first_button


def test_kept_photos_stay_when_newly_chosen_ones_are_refused(
    client_for, staff, location
):
    client = client_for(staff)
    first = client.post(
        reverse("repairs:new"),
        {**form_data(location, description=""), "photos": [image_upload()]},
    )
    token = first.context["kept_token"]
    bad = client.post(
        reverse("repairs:new"),
        {
            **form_data(location),
            "kept_photos": token,
            "photos": [image_upload("x.jpg", fmt="BMP")],
        },
    )
    assert bad.context["form"].has_error("photos")
    assert bad.context["kept_photos"] == 1
    client.post(
        reverse("repairs:new"),
        {**form_data(location), "kept_photos": bad.context["kept_token"]},
    )
    repair = RepairRequest.objects.get(requester=staff)
    assert RepairPhoto.objects.filter(repair=repair).count() == 1


def test_jobs_read_the_older_word_for_unfinished(client_for, technician, assigned):
    page = client_for(technician).get(reverse("repairs:jobs"), {"status": "open"})
    assert assigned in page.context["object_list"]


@pytest.mark.parametrize(
    "url,kept",
    [
        ("/repairs/1/", True),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("https://evil.example/", False),
        ("", False),
    ],
)
def test_only_paths_on_this_site_are_followed(url, kept):
    request = RequestFactory().get("/")
    assert local_url(request, url) == (url if kept else "")
