"""A hazard from its finding to its closing: who may do each step, what the
timeline keeps, and what happens when it is late."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from logistics.models import Notification
from logistics.registry import registry
from safety import services
from safety.choices import HazardStatus as S

from ..factories import LocationFactory
from ..repairs.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(staff, location, head):
    return services.hazard_report(
        by=staff,
        location=location,
        description="三楼楼梯扶手松动",
        level="serious",
        photos=[image_upload()],
    )


def test_anyone_reports_a_hazard_with_a_number_a_photo_and_the_head_is_told(
    found, head
):
    assert found.number.startswith("YH")
    assert found.status == S.REPORTED
    assert found.photos.get().stage == "found"
    assert Notification.objects.filter(
        recipient=head, url=found.get_absolute_url()
    ).exists()
    assert [e.to_state for e in found.timeline()] == [S.REPORTED]


def test_a_hazard_needs_a_place(staff):
    with pytest.raises(ValidationError):
        services.hazard_report(by=staff, description="某处", level="general")


def test_another_schools_place_is_refused(staff, other_school):
    far = LocationFactory(school=other_school, building__campus__school=other_school)
    with pytest.raises(ValidationError):
        services.hazard_report(by=staff, location=far, description="x", level="general")


def loop_until_rectified(found, head, technician):
    services.hazard_assign(
        hazard=found,
        by=head,
        rectifier=technician,
        rectify_by=timezone.localdate() + datetime.timedelta(days=3),
    )
    return services.hazard_rectify(
        hazard=found, by=technician, note="已加固扶手", photo=image_upload()
    )


def test_the_whole_loop_with_a_failed_reinspection(found, head, technician):
    hazard = loop_until_rectified(found, head, technician)
    assert hazard.status == S.RECTIFIED
    hazard = services.hazard_reopen(hazard=hazard, by=head, reason="仍有晃动")
    assert hazard.status == S.RECTIFYING
    hazard = services.hazard_rectify(
        hazard=hazard, by=technician, note="更换固定螺栓", photo=image_upload()
    )
    hazard = services.hazard_close(hazard=hazard, by=head, note="复查合格")
    assert hazard.status == S.CLOSED and hazard.reinspected_by == head
    states = [e.to_state for e in hazard.timeline()]
    assert states == [
        S.REPORTED,
        S.RECTIFYING,
        S.RECTIFIED,
        S.RECTIFYING,
        S.RECTIFIED,
        S.CLOSED,
    ]
    assert hazard.photos.filter(stage="rectified").count() == 2


def test_whoever_rectified_cannot_close_or_reopen(found, head):
    services.hazard_assign(hazard=found, by=head, rectifier=head)
    hazard = services.hazard_rectify(
        hazard=found, by=head, note="自己修好", photo=image_upload()
    )
    with pytest.raises(ValidationError) as refused:
        services.hazard_close(hazard=hazard, by=head)
    assert refused.value.code == "own_rectification"
    with pytest.raises(ValidationError):
        services.hazard_reopen(hazard=hazard, by=head, reason="x")
    assert type(hazard).objects.get(pk=hazard.pk).status == S.RECTIFIED


def test_rectifying_needs_a_photo_and_the_named_person(found, head, technician, staff):
    services.hazard_assign(hazard=found, by=head, rectifier=technician)
    with pytest.raises(ValidationError):
        services.hazard_rectify(hazard=found, by=staff, note="x", photo=image_upload())
    with pytest.raises(ValidationError):
        services.hazard_rectify(hazard=found, by=technician, note="x", photo=None)


def test_only_the_head_assigns_and_closes(found, staff, technician):
    with pytest.raises(ValidationError):
        services.hazard_assign(hazard=found, by=staff, rectifier=technician)


def test_a_closed_hazard_cannot_move_again(found, head, technician, people):
    hazard = loop_until_rectified(found, head, technician)
    hazard = services.hazard_close(hazard=hazard, by=head)
    with pytest.raises(ValidationError):
        services.hazard_assign(hazard=hazard, by=head, rectifier=technician)


def test_overdue_hazards_are_reminded_and_shown_red(
    found, head, technician, client_for
):
    services.hazard_assign(hazard=found, by=head, rectifier=technician)
    type(found).objects.filter(pk=found.pk).update(
        rectify_by=timezone.localdate() - datetime.timedelta(days=2)
    )
    source = registry.reminder_sources["safety.hazard_overdue"]
    waiting = list(source(school_id=found.school_id, now=timezone.now()))
    assert [w.person for w in waiting] == [technician]
    assert waiting[0].document.pk == found.pk
    page = client_for(head).get("/safety/hazards/?overdue=true")
    assert page.status_code == 200
    assert b'data-overdue="1"' in page.content
    assert found.number.encode() in page.content
    detail = client_for(head).get(found.get_absolute_url())
    assert b"text-danger" in detail.content


def test_a_rectified_hazard_is_not_overdue_any_more(found, head, technician):
    hazard = loop_until_rectified(found, head, technician)
    type(hazard).objects.filter(pk=hazard.pk).update(
        rectify_by=timezone.localdate() - datetime.timedelta(days=2)
    )
    source = registry.reminder_sources["safety.hazard_overdue"]
    assert list(source(school_id=hazard.school_id, now=timezone.now())) == []


def test_the_register_filters_and_a_reporter_sees_only_their_own(
    found, head, staff, technician, client_for, location
):
    other = services.hazard_report(
        by=head, location=location, description="配电室门未锁", level="major"
    )
    mine = client_for(staff).get("/safety/hazards/")
    assert (
        found.number in mine.content.decode()
        and other.number not in mine.content.decode()
    )
    major = client_for(head).get("/safety/hazards/?level=major").content.decode()
    assert other.number in major and found.number not in major
    assert client_for(staff).get(other.get_absolute_url()).status_code == 404


def test_the_register_page_costs_the_same_queries_for_many_hazards(
    school, staff, head, client_for, django_assert_max_num_queries
):
    from ..factories import LocationFactory

    for _n in range(30):
        place = LocationFactory(school=school, building__campus__school=school)
        services.hazard_report(
            by=staff, location=place, description="x", level="general"
        )
    client = client_for(head)
    client.get("/safety/hazards/")
    with django_assert_max_num_queries(12):
        response = client.get("/safety/hazards/?status=open")
    assert len(response.context["page_obj"].object_list) == 30
