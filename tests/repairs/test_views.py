"""The pages from the browser's side: filing, lists, actions, refusals, 404s."""

from django.urls import reverse

import pytest

from logistics.models import Notification
from repairs.choices import RepairStatus
from repairs.models import RepairPhoto, RepairRequest

from ..factories import LocationFactory
from .factories import RepairRequestFactory, image_upload

pytestmark = pytest.mark.django_db
S = RepairStatus


def form_data(location, **extra):
    return {
        "location": location.pk,
        "category": "water",
        "description": "洗手池水龙头漏水",
        "urgency": "normal",
        "asset_number": "",
        "contact_phone": "13800000000",
        **extra,
    }


def test_filing_form_prefills_phone_and_place_from_qr(client_for, staff, location):
    staff.profile.phone = "13912345678"
    staff.profile.save()
    client = client_for(staff)
    response = client.get(
        reverse("repairs:report", args=[location.code]) + "?asset=A-1"
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["location"] == location.pk
    assert form.initial["asset_number"] == "A-1"
    assert form.initial["contact_phone"] == "13912345678"


def test_qr_link_sends_anonymous_user_to_login_and_back(client, location):
    url = reverse("repairs:report", args=[location.code])
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"] and location.code in response["Location"]


def test_qr_link_of_another_school_is_404(client_for, staff, other_school):
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    response = client_for(staff).get(reverse("repairs:report", args=[foreign.code]))
    assert response.status_code == 404


def test_filing_creates_the_request_with_photos(client_for, staff, location):
    response = client_for(staff).post(
        reverse("repairs:new"),
        {
            **form_data(location),
            "photos": [image_upload("a.jpg"), image_upload("b.png", fmt="PNG")],
        },
    )
    repair = RepairRequest.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == repair.get_absolute_url()
    )
    assert repair.requester == staff and repair.status == S.SUBMITTED
    assert RepairPhoto.objects.filter(repair=repair).count() == 2


def test_other_schools_location_is_not_a_choice(client_for, staff, other_school):
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    response = client_for(staff).post(reverse("repairs:new"), form_data(foreign))
    assert response.status_code == 200
    assert "location" in response.context["form"].errors
    assert not RepairRequest.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_the_form_kept(
    client_for, staff, location
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("lamp.jpg", b"%PDF-1.4 not an image", "image/jpeg")
    response = client_for(staff).post(
        reverse("repairs:new"), {**form_data(location), "photos": [fake]}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "photos" in form.errors
    assert form["description"].value() == "洗手池水龙头漏水"
    assert not RepairRequest.objects.exists()


def test_too_many_photos_are_refused(client_for, staff, location):
    photos = [image_upload(f"{n}.jpg") for n in range(5)]
    response = client_for(staff).post(
        reverse("repairs:new"), {**form_data(location), "photos": photos}
    )
    assert "photos" in response.context["form"].errors


def test_duplicate_warning_then_follow(client_for, people, staff, location):
    first = RepairRequestFactory(
        location=location, requester=people["director"], category="water"
    )
    client = client_for(staff)
    response = client.post(reverse("repairs:new"), form_data(location))
    assert response.status_code == 200
    assert response.context["duplicates"] == [first]
    assert not RepairRequest.objects.exclude(pk=first.pk).exists()
    response = client.post(reverse("repairs:follow", args=[first.pk]))
    assert response.status_code == 302
    assert first.followers.filter(pk=staff.pk).exists()
    # The followed request now shows in "my requests" and can be opened.
    assert first in client.get(reverse("repairs:mine")).context["page_obj"].object_list
    assert client.get(first.get_absolute_url()).status_code == 200


def test_file_anyway_despite_duplicate(client_for, people, staff, location):
    RepairRequestFactory(
        location=location, requester=people["director"], category="water"
    )
    response = client_for(staff).post(
        reverse("repairs:new"), {**form_data(location), "file_anyway": "on"}
    )
    assert response.status_code == 302
    assert RepairRequest.objects.count() == 2


def test_staff_cannot_open_someone_elses_request(client_for, people, staff, location):
    repair = RepairRequestFactory(location=location, requester=people["director"])
    assert client_for(staff).get(repair.get_absolute_url()).status_code == 404
    assert (
        client_for(people["logistics_head"]).get(repair.get_absolute_url()).status_code
        == 200
    )


def test_technician_sees_assigned_requests_only(
    client_for, technician, staff, location
):
    mine = RepairRequestFactory(
        location=location, requester=staff, technician=technician, status=S.ASSIGNED
    )
    other = RepairRequestFactory(location=location, requester=staff, status=S.SUBMITTED)
    client = client_for(technician)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    jobs = client.get(reverse("repairs:jobs")).context["page_obj"].object_list
    assert list(jobs) == [mine]


def test_queue_is_most_urgent_then_oldest_and_filters(
    client_for, head, staff, location
):
    from django.utils import timezone

    now = timezone.now()
    old_normal = RepairRequestFactory(
        location=location, requester=staff, created_at=now - timezone.timedelta(days=2)
    )
    new_emergency = RepairRequestFactory(
        location=location, requester=staff, urgency="emergency", created_at=now
    )
    overdue = RepairRequestFactory(
        location=location,
        requester=staff,
        created_at=now - timezone.timedelta(days=9),
        due_at=now - timezone.timedelta(days=1),
    )
    RepairRequestFactory(location=location, requester=staff, status=S.CONFIRMED)
    client = client_for(head)
    rows = list(client.get(reverse("repairs:queue")).context["page_obj"].object_list)
    assert rows == [new_emergency, overdue, old_normal]
    rows = client.get(reverse("repairs:queue") + "?overdue=true").context["page_obj"]
    assert list(rows.object_list) == [overdue]
    rows = client.get(reverse("repairs:queue") + "?urgency=emergency&q=灯管")
    assert list(rows.context["page_obj"].object_list) == [new_emergency]


@pytest.mark.parametrize("params", ["", "?status=", "?status=&page=last"])
def test_queue_stays_within_ten_queries_whatever_the_rows(
    client_for, head, staff, location, django_assert_max_num_queries, params
):
    # Session, user, profile, two for permissions, roles, the bell; the count,
    # the page's rows, and its drop-downs (the technicians too) in one query.
    client = client_for(head)
    client.get(reverse("repairs:queue"))  # warm caches (content types, sessions)
    for more in (3, 60):
        for _ in range(more):
            RepairRequestFactory(location=location, requester=staff, technician=head)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("repairs:queue") + params)
        assert response.status_code == 200 and response.context["page_obj"]


def test_head_assigns_from_the_queue_and_technician_starts_and_finishes(
    client_for, head, technician, staff, location, django_capture_on_commit_callbacks
):
    repair = RepairRequestFactory(location=location, requester=staff)
    queue = reverse("repairs:queue")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            reverse("repairs:assign", args=[repair.pk]),
            {"technician": technician.pk, "next": queue},
        )
    assert response.status_code == 302 and response["Location"] == queue
    assert RepairRequest.objects.get(pk=repair.pk).status == S.ASSIGNED
    assert Notification.objects.filter(recipient=technician).exists()
    tech = client_for(technician)
    tech.post(reverse("repairs:start", args=[repair.pk]))
    tech.post(
        reverse("repairs:part-add", args=[repair.pk]),
        {"name": "水龙头", "quantity": "1", "unit": "个"},
    )
    tech.post(
        reverse("repairs:done", args=[repair.pk]),
        {"work_done": "更换水龙头", "labour_hours": "0.5", "cost": "25"},
    )
    repair.refresh_from_db()
    assert repair.status == S.DONE and repair.parts.count() == 1
    response = client_for(staff).post(
        reverse("repairs:confirm", args=[repair.pk]), {"rating": "4", "comment": "好"}
    )
    repair.refresh_from_db()
    assert repair.status == S.CONFIRMED and repair.rating == 4


def test_refused_move_changes_nothing_and_says_why(client_for, staff, head, location):
    repair = RepairRequestFactory(location=location, requester=staff, status=S.ASSIGNED)
    client = client_for(staff)
    response = client.post(reverse("repairs:cancel", args=[repair.pk]), follow=True)
    repair.refresh_from_db()
    assert repair.status == S.ASSIGNED
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert errors


def test_invalid_form_on_action_comes_back_with_its_errors(client_for, staff, location):
    repair = RepairRequestFactory(location=location, requester=staff, status=S.DONE)
    response = client_for(staff).post(
        reverse("repairs:confirm", args=[repair.pk]),
        {"rating": "9", "comment": "还行"},
    )
    repair.refresh_from_db()
    assert repair.status == S.DONE
    assert response.status_code == 200
    [confirm] = [a for a in response.context["actions"] if a.name == "confirm"]
    assert confirm.form.errors["rating"]
    assert confirm.form["comment"].value() == "还行"


def test_technician_cannot_start_someone_elses_job(
    client_for, technician, other_technician, staff, location
):
    repair = RepairRequestFactory(
        location=location,
        requester=staff,
        technician=other_technician,
        status=S.ASSIGNED,
    )
    response = client_for(technician).post(reverse("repairs:start", args=[repair.pk]))
    assert response.status_code == 404
    repair.refresh_from_db()
    assert repair.status == S.ASSIGNED


def test_detail_shows_timeline_and_the_right_buttons(client_for, staff, filed):
    response = client_for(staff).get(filed.get_absolute_url())
    content = response.content.decode()
    offered = [action.name for action in response.context["actions"]]
    assert "cancel" in offered and "assign" not in offered
    assert filed.number in content and 'class="timeline' in content


def test_auto_confirm_command(done, staff):
    import datetime

    from django.core.management import call_command

    RepairRequest.objects.filter(pk=done.pk).update(
        done_at=done.done_at - datetime.timedelta(days=30)
    )
    call_command("repairs_auto_confirm", days=7)
    done.refresh_from_db()
    assert done.status == S.CONFIRMED and done.auto_confirmed


def test_statistics_page(client_for, head, done, staff):
    from repairs import services

    services.repair_request_confirm(repair=done, rating=4, by=staff)
    response = client_for(head).get(reverse("repairs:stats"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["totals"]["count"] == 1
    assert stats["items"] == [] or stats["items"][0]["name"]
    assert any(n == 1 for _label, n in stats["by_category"])


def test_damage_then_paid_through_pages(
    client_for, head, accountant, staff, location, school
):
    from .factories import PriceItemFactory

    glass = PriceItemFactory(school=school, price="50")
    repair = RepairRequestFactory(location=location, requester=staff, status=S.DONE)
    client_for(head).post(
        reverse("repairs:damage", args=[repair.pk]),
        {
            "responsible_name": "初一(2)班 李同学",
            "price_item": glass.pk,
            "quantity": "2",
        },
    )
    repair.refresh_from_db()
    assert repair.is_damage and str(repair.compensation_amount) == "100.00"
    client_for(accountant).post(reverse("repairs:compensation-paid", args=[repair.pk]))
    repair.refresh_from_db()
    assert repair.compensation_paid
