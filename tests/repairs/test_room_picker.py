"""The room picker of the filing form: each room is named with its building, the
door code still finds it, and a form opened from a QR code keeps the search out of
the way."""

import re

from django.urls import reverse

import pytest

from repairs.forms import RepairRequestForm
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_room_choices_name_the_building(staff, location):
    location.building.name = "明德楼"
    location.building.save()
    location.name = "203室"
    location.save()
    form = RepairRequestForm(user=staff)
    labels = [
        label
        for _group, options in form.fields["location"].choices[1:]
        for _pk, label in options
    ]
    assert "明德楼 203室" in labels
    assert not any(location.code in label for label in labels)


def test_the_options_carry_the_door_code_for_the_search_box(client_for, staff):
    room = LocationFactory(code="B203", name="203室", building__name="明德楼")
    staff.profile.school = room.school
    staff.profile.save()
    html = client_for(staff).get(reverse("repairs:new")).content.decode()
    option = re.search(rf'<option value="{room.pk}"[^>]*>[^<]*</option>', html)
    assert option, html
    assert 'data-code="B203"' in option.group(0)
    assert ">明德楼 203室</option>" in option.group(0)


def test_a_form_opened_from_a_qr_code_folds_the_room_search(
    client_for, staff, location
):
    client = client_for(staff)
    response = client.get(reverse("repairs:report", args=[location.code]), follow=True)
    html = response.content.decode()
    assert response.context["room_from_link"] is True
    assert re.search(r"<details[^>]*data-room-search", html)
    assert 'id="location-search"' in html  # still there to find another room


def test_a_form_opened_without_a_room_shows_the_room_search(client_for, staff):
    response = client_for(staff).get(reverse("repairs:new"))
    html = response.content.decode()
    assert response.context["room_from_link"] is False
    assert re.search(r'<div class="mb-2" data-room-search>', html)
    assert "<details" not in html
