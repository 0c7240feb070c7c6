"""A class's page (the warehouse's) lists the assets the class is responsible for,
through the core registry; its head teacher (班主任) may open them."""

from django.urls import reverse

import pytest

from assets.choices import AssetStatus
from logistics.models import SchoolClass

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(school, people):
    return SchoolClass.objects.create(
        school=school, grade=7, number=3, head_teacher=people["staff"]
    )


@pytest.fixture
def class_assets(school, classroom):
    desks = AssetFactory(
        school=school, name="课桌椅", responsible_class=classroom, quantity=48
    )
    projector = AssetFactory(school=school, name="投影仪", responsible_class=classroom)
    gone = AssetFactory(
        school=school,
        name="旧讲台",
        responsible_class=classroom,
        status=AssetStatus.DISPOSED,
    )
    elsewhere = AssetFactory(school=school, name="钢琴")
    return desks, projector, gone, elsewhere


def test_the_class_page_lists_what_the_class_is_responsible_for(
    client_for, people, classroom, class_assets
):
    desks, projector, gone, elsewhere = class_assets
    url = reverse("supplies:class-supplies", args=[classroom.pk])
    for role in ("staff", "logistics_head"):
        page = client_for(people[role]).get(url).content.decode()
        assert desks.number in page and "课桌椅 × 48" in page, role
        assert projector.get_absolute_url() in page, role
        assert gone.number not in page and elsewhere.number not in page, role


def test_the_head_teacher_opens_the_class_assets_and_no_other_teacher_does(
    client_for, school, people, classroom, class_assets
):
    from logistics.roles import Role
    from tests.factories import make_user

    desks, _projector, _gone, elsewhere = class_assets
    head_teacher = client_for(people["staff"])
    assert head_teacher.get(desks.get_absolute_url()).status_code == 200
    assert head_teacher.get(elsewhere.get_absolute_url()).status_code == 404
    other = make_user(school, Role.STAFF, username="other_teacher")
    client = client_for(other)
    assert client.get(desks.get_absolute_url()).status_code == 404
    page = client.get(reverse("supplies:class-supplies", args=[classroom.pk]))
    assert desks.number not in page.content.decode()
