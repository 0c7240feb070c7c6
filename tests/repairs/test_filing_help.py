"""The filing form's help: open requests while choosing, photos kept when it comes back."""

from django.urls import reverse

import pytest

from repairs.models import RepairPhoto, RepairRequest

from ..factories import LocationFactory, make_user
from .factories import RepairRequestFactory, image_upload
from .test_views import form_data

pytestmark = pytest.mark.django_db


def similar(client, **params):
    return client.get(reverse("repairs:similar"), params)


def test_open_requests_for_the_place_and_category_being_chosen(
    client_for, people, staff, location, other_school
):
    open_one = RepairRequestFactory(
        location=location, requester=people["director"], category="water"
    )
    RepairRequestFactory(
        location=location,
        requester=people["director"],
        category="water",
        status="confirmed",
    )
    client = client_for(staff)
    response = similar(client, location=location.pk, category="water")
    assert response.context["duplicates"] == [open_one]
    page = response.content.decode()
    assert open_one.number in page and "data-similar-count" in page
    assert reverse("repairs:follow", args=[open_one.pk]) in page  # a button, not a form
    assert "<form" not in page
    assert (
        similar(client, location=location.pk, category="lighting").content.strip()
        == b""
    )
    assert similar(client, location="x", category="water").context["duplicates"] == []
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    RepairRequestFactory(
        location=foreign, category="water", requester=make_user(other_school)
    )
    assert (
        similar(client, location=foreign.pk, category="water").context["duplicates"]
        == []
    )


def test_photos_survive_the_duplicate_warning(client_for, people, staff, location):
    RepairRequestFactory(
        location=location, requester=people["director"], category="water"
    )
    client = client_for(staff)
    warned = client.post(
        reverse("repairs:new"),
        {
            **form_data(location),
            "photos": [image_upload("a.jpg"), image_upload("b.png", fmt="PNG")],
        },
    )
    assert warned.context["kept_photos"] == 2
    token = warned.context["kept_token"]
    assert "已选的 2 张照片已保留" in warned.content.decode()
    filed = client.post(
        reverse("repairs:new"),
        {**form_data(location), "file_anyway": "on", "kept_photos": token},
    )
    assert filed.status_code == 302
    repair = RepairRequest.objects.get(requester=staff)
    assert RepairPhoto.objects.filter(repair=repair).count() == 2
    # Used once: the same token attaches nothing to a later request.
    client.post(
        reverse("repairs:new"),
        {**form_data(location, category="lighting"), "kept_photos": token},
    )
    later = RepairRequest.objects.filter(requester=staff).exclude(pk=repair.pk).get()
    assert not RepairPhoto.objects.filter(repair=later).exists()


def test_photos_survive_a_field_to_correct_but_not_another_session(
    client_for, people, staff, location
):
    client = client_for(staff)
    refused = client.post(
        reverse("repairs:new"),
        {**form_data(location, description=""), "photos": [image_upload()]},
    )
    assert "description" in refused.context["form"].errors
    token = refused.context["kept_token"]
    # Somebody else's session cannot pick these photos up.
    other = client_for(people["director"])
    other.post(
        reverse("repairs:new"),
        {**form_data(location, category="lighting"), "kept_photos": token},
    )
    assert not RepairPhoto.objects.exists()
    client.post(reverse("repairs:new"), {**form_data(location), "kept_photos": token})
    mine = RepairRequest.objects.get(requester=staff)
    assert RepairPhoto.objects.filter(repair=mine).count() == 1


def test_new_photos_replace_kept_ones(client_for, staff, location):
    client = client_for(staff)
    refused = client.post(
        reverse("repairs:new"),
        {**form_data(location, description=""), "photos": [image_upload()]},
    )
    client.post(
        reverse("repairs:new"),
        {
            **form_data(location),
            "kept_photos": refused.context["kept_token"],
            "photos": [image_upload("x.jpg"), image_upload("y.jpg")],
        },
    )
    assert RepairPhoto.objects.count() == 2
