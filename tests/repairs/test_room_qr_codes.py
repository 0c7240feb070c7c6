"""The rooms' QR sheet as a phone reads it: each code is square, decodes to its
room's filing link, and that link opens the form with the room filled in."""

from urllib.parse import urlsplit

from django.urls import reverse

import pytest

from tests.factories import LocationFactory
from tests.qr_codes import is_square, qr_codes_in_pdf

pytestmark = pytest.mark.django_db


def test_each_room_code_is_square_and_opens_the_form_for_that_room(
    client_for, head, staff, location
):
    rooms = [location] + [
        LocationFactory(
            school=location.school, building=location.building, campus=location.campus
        )
        for _ in range(12)
    ]
    response = client_for(head).get(
        reverse("repairs:qr-sheet"), {"building": location.building_id}
    )
    assert response.status_code == 200
    codes = qr_codes_in_pdf(response.content)
    expected = {
        f"http://testserver{reverse('repairs:report', args=[room.code])}"
        for room in rooms
    }
    assert {text for _page, text, _position in codes} == expected
    assert {page for page, _text, _position in codes} == {1, 2}  # 12 a page
    assert all(is_square(position) for _page, _text, position in codes), codes
    client = client_for(staff)
    for room in rooms[:3]:
        url = f"http://testserver{reverse('repairs:report', args=[room.code])}"
        form = client.get(urlsplit(url).path, follow=True)
        assert form.status_code == 200
        assert form.context["form"].initial["location"] == room.pk
