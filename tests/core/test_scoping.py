from django.urls import reverse

import pytest

from logistics.models import Location
from logistics.roles import Role

from ..factories import LocationFactory, make_user

pytestmark = pytest.mark.django_db


def test_for_user_returns_only_the_users_school(school, other_school):
    mine = LocationFactory(school=school, building__campus__school=school)
    LocationFactory(school=other_school, building__campus__school=other_school)
    user = make_user(school, Role.STAFF)
    assert list(Location.objects.for_user(user)) == [mine]


def test_user_without_profile_sees_nothing(school, django_user_model):
    LocationFactory(school=school, building__campus__school=school)
    nobody = django_user_model.objects.create_user("noprofile", password="x")
    assert Location.objects.for_user(nobody).count() == 0


def test_other_schools_location_by_id_is_404(school, other_school, client_for):
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    client = client_for(make_user(school, Role.STAFF))
    response = client.get(reverse("location-detail", args=[foreign.pk]))
    assert response.status_code == 404


def test_list_and_export_never_show_other_schools_rows(
    school, other_school, client_for
):
    LocationFactory(school=school, building__campus__school=school, code="MINE-1")
    LocationFactory(
        school=other_school, building__campus__school=other_school, code="THEIRS-1"
    )
    client = client_for(make_user(school, Role.ACCOUNTANT))
    page = client.get(reverse("location-list")).content.decode()
    assert "MINE-1" in page and "THEIRS-1" not in page
    export = b"".join(client.get(reverse("location-export")).streaming_content)
    assert b"THEIRS-1" not in export


def test_filter_choices_are_limited_to_the_school(school, other_school, client_for):
    LocationFactory(
        school=school, building__campus__school=school, building__name="本校楼"
    )
    LocationFactory(
        school=other_school,
        building__campus__school=other_school,
        building__name="外校楼",
    )
    page = (
        client_for(make_user(school, Role.STAFF)).get(reverse("location-list")).content
    )
    assert "本校楼" in page.decode() and "外校楼" not in page.decode()


def test_single_school_installation_shows_no_school_name(school, client_for):
    page = (
        client_for(make_user(school, Role.STAFF)).get(reverse("home")).content.decode()
    )
    assert school.name not in page


def test_many_schools_show_the_users_school_in_the_header(
    school, other_school, client_for
):
    page = (
        client_for(make_user(school, Role.STAFF)).get(reverse("home")).content.decode()
    )
    assert school.name in page and other_school.name not in page


def test_admin_lists_only_the_admins_school(school, other_school, client_for):
    LocationFactory(school=school, building__campus__school=school, code="MINE-2")
    LocationFactory(
        school=other_school, building__campus__school=other_school, code="THEIRS-2"
    )
    # The school's administrator; a superuser is the installation's and sees all.
    admin = make_user(school, Role.ADMINISTRATOR, is_staff=True)
    page = client_for(admin).get("/admin/logistics/location/").content.decode()
    assert "MINE-2" in page and "THEIRS-2" not in page
    foreign = Location.objects.get(code="THEIRS-2")
    response = client_for(admin).get(f"/admin/logistics/location/{foreign.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_superuser_sees_every_schools_locations_with_their_school(
    school, other_school, client_for
):
    LocationFactory(school=school, building__campus__school=school, code="MINE-3")
    LocationFactory(
        school=other_school, building__campus__school=other_school, code="THEIRS-3"
    )
    superuser = make_user(school, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page = client_for(superuser).get("/admin/logistics/location/").content.decode()
    assert "MINE-3" in page and "THEIRS-3" in page
    assert other_school.name in page  # the school column and filter


def test_school_admin_cannot_make_anyone_a_superuser(school, client_for):
    admin = make_user(school, Role.ADMINISTRATOR, is_staff=True)
    colleague = make_user(school, Role.STAFF)
    page = client_for(admin).get(f"/admin/auth/user/{colleague.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
