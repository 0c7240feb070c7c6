"""Care logs, pesticide keep-off, materials from the warehouse, and the 四化 rules."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from greening import selectors, services
from greening.models import CareLog, CareMaterial, Inspection, Zone
from logistics.roles import Role
from logistics.rules import school_rules_set
from tests.factories import make_user

from .conftest import photo_upload
from .factories import daily_watering, zone

pytestmark = pytest.mark.django_db

SCORES = {"green": 9, "beautiful": 8, "clean_score": 10, "fragrant": 7}


def test_keeper_logs_watering_with_a_photo(garden, keeper):
    log = services.care_log_create(
        zone=garden, by=keeper, task="water", photo=photo_upload()
    )
    assert log.photo and log.thumbnail and log.by == keeper
    assert log.keep_off_until is None


def test_keeper_cannot_log_care_in_someone_elses_zone(school, garden):
    other = make_user(school, Role.ZONE_KEEPER)
    with pytest.raises(PermissionDenied):
        services.care_log_create(zone=garden, by=other, task="water")


def test_staff_without_the_role_cannot_log_care(garden, staff):
    garden.keepers.add(staff)
    with pytest.raises(PermissionDenied):
        services.care_log_create(zone=garden, by=staff, task="water")


def test_a_spray_needs_product_amount_and_safety_note(garden, keeper):
    with pytest.raises(ValidationError):
        services.care_log_create(zone=garden, by=keeper, task="spray", product="吡虫啉")
    assert not CareLog.objects.exists()


def test_a_spray_keeps_people_off_for_the_hours_the_school_sets(
    school, garden, keeper, head
):
    school_rules_set(school=school, values={"greening.KEEP_OFF_HOURS": 24}, by=head)
    done = timezone.now() - datetime.timedelta(hours=2)
    log = services.care_log_create(
        zone=garden,
        by=keeper,
        task="spray",
        product="吡虫啉",
        amount=Decimal("0.5"),
        amount_unit="升",
        safety_note="喷后24小时内勿入",
        done_at=done,
    )
    assert log.keep_off_until == done + datetime.timedelta(hours=24)
    assert selectors.keep_off_until(garden) == log.keep_off_until
    read = selectors.with_states(Zone.objects.filter(pk=garden.pk)).get()
    states = {garden.pk: selectors.state_of(read)}
    assert states[garden.pk]["keep_off_until"] == log.keep_off_until
    # A day later the zone is open again.
    later = done + datetime.timedelta(hours=25)
    assert selectors.keep_off_until(garden, now=later) is None


def test_materials_are_issued_from_the_warehouse(garden, keeper, warehouse):
    log = services.care_log_create(
        zone=garden,
        by=keeper,
        task="fertilise",
        materials=[{"item_code": "NY-001", "quantity": "2"}],
    )
    material = CareMaterial.objects.get(log=log)
    assert (material.name, material.unit, material.movement_id) == ("吡虫啉", "瓶", 901)
    assert warehouse[0]["quantity"] == Decimal("2.000")
    assert warehouse[0]["by"] == keeper
    assert warehouse[0]["source_url"] == log.get_absolute_url()


def test_a_refused_issue_records_nothing(garden, keeper, warehouse):
    with pytest.raises(ValidationError):
        services.care_log_create(
            zone=garden,
            by=keeper,
            task="fertilise",
            materials=[{"item_code": "UNKNOWN", "quantity": "1"}],
        )
    assert not CareLog.objects.exists()


def test_without_the_supplies_app_a_care_log_still_works(garden, keeper, no_warehouse):
    log = services.care_log_create(
        zone=garden,
        by=keeper,
        task="fertilise",
        materials=[
            {"item_code": "NY-001", "name": "复合肥", "quantity": "1.5", "unit": "袋"}
        ],
    )
    material = log.materials.get()
    assert (material.name, material.movement_id) == ("复合肥", None)


def test_one_tap_marks_todays_watering_done(garden, keeper):
    plan = daily_watering(garden)
    now = timezone.make_aware(datetime.datetime(2026, 7, 1, 5, 30))
    tasks = selectors.open_tasks([plan], school_id=garden.school_id, now=now)
    assert [(t.day, t.state) for t in tasks] == [(datetime.date(2026, 7, 1), "due")]
    services.care_task_done(plan=plan, by=keeper, now=now)
    assert selectors.open_tasks([plan], school_id=garden.school_id, now=now) == []


def test_overdue_watering_shows_for_its_keeper(garden, keeper):
    daily_watering(garden)
    now = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))
    tasks = selectors.tasks_for(keeper, now=now)
    assert [t.state for t in tasks] == ["overdue"]


def test_holidays_of_the_school_rest_the_plans(school, garden, keeper):
    from greening.models import Holiday

    plan = daily_watering(garden)
    plan.skip_holidays = True
    plan.save()
    Holiday.objects.create(
        school=school,
        name="暑假",
        first_day=datetime.date(2026, 7, 1),
        last_day=datetime.date(2026, 8, 31),
    )
    now = timezone.make_aware(datetime.datetime(2026, 7, 20, 9, 0))
    assert selectors.tasks_for(keeper, now=now) == []


# -- 四化 inspections ----------------------------------------------------------------


def test_head_scores_a_zone(garden, head):
    inspection, warning = services.inspection_record(
        zone=garden, by=head, scores=SCORES, remarks="花开得好"
    )
    assert inspection.total == 34 and warning == ""
    assert list(inspection.keepers.all()) == list(garden.keepers.all())


def test_a_keeper_cannot_score_their_own_zone(garden, head):
    garden.keepers.add(head)
    with pytest.raises(ValidationError) as refused:
        services.inspection_record(zone=garden, by=head, scores=SCORES)
    assert "someone else" in str(refused.value)
    assert not Inspection.objects.exists()


def test_a_zone_keeper_without_the_right_cannot_score(garden, school):
    keeper = make_user(school, Role.ZONE_KEEPER)
    with pytest.raises(PermissionDenied):
        services.inspection_record(zone=garden, by=keeper, scores=SCORES)


def test_a_person_the_school_names_may_score(garden, school):
    from django.contrib.auth.models import Permission

    named = make_user(school, Role.STAFF)
    named.user_permissions.add(Permission.objects.get(codename="inspect_zone"))
    named = type(named).objects.get(pk=named.pk)
    inspection, _warning = services.inspection_record(
        zone=garden, by=named, scores=SCORES
    )
    assert inspection.by == named


@pytest.mark.parametrize("bad", [-1, 11, "x", None, 5.5])
def test_scores_are_whole_numbers_from_0_to_10(garden, head, bad):
    with pytest.raises(ValidationError):
        services.inspection_record(
            zone=garden, by=head, scores={**SCORES, "green": bad}
        )


def test_a_zone_is_scored_once_a_week(garden, head):
    services.inspection_record(zone=garden, by=head, scores=SCORES)
    with pytest.raises(ValidationError):
        services.inspection_record(zone=garden, by=head, scores=SCORES)


def test_a_problem_becomes_a_repair_in_one_step(garden, head, place):
    inspection, warning = services.inspection_record(
        zone=garden,
        by=head,
        scores=SCORES,
        problem="喷灌头漏水",
        photo=photo_upload(),
        file_repair=True,
        repair_category="water",
    )
    from repairs.models import RepairRequest

    repair = RepairRequest.objects.get(number=inspection.repair_number)
    assert warning == ""
    assert repair.location == place and repair.description == "喷灌头漏水"
    assert repair.photos.count() == 1
    assert inspection.repair_url == repair.get_absolute_url()


def test_without_the_repairs_app_the_scores_are_kept_and_it_says_so(
    garden, head, no_repairs
):
    inspection, warning = services.inspection_record(
        zone=garden, by=head, scores=SCORES, problem="漏水", file_repair=True
    )
    assert inspection.pk and not inspection.repair_number
    assert "not installed" in warning


def test_a_repair_for_an_earlier_problem(garden, head):
    inspection, _w = services.inspection_record(
        zone=garden, by=head, scores=SCORES, problem="围栏倒了"
    )
    services.inspection_file_repair(inspection=inspection, by=head, category="other")
    inspection.refresh_from_db()
    assert inspection.repair_number
    with pytest.raises(ValidationError):
        services.inspection_file_repair(inspection=inspection, by=head)


def test_rankings_by_class_and_person(school, head, keeper, place):
    from logistics.models import SchoolClass

    seven = SchoolClass.objects.create(school=school, grade=7, number=1)
    eight = SchoolClass.objects.create(school=school, grade=8, number=2)
    other_keeper = make_user(school, Role.ZONE_KEEPER, real_name="周同学")
    a = zone(school, keepers=[keeper], school_class=seven, location=place)
    b = zone(school, keepers=[other_keeper], school_class=eight, location=place)
    week = datetime.date(2026, 3, 2)
    services.inspection_record(zone=a, by=head, scores=SCORES, week=week)
    services.inspection_record(
        zone=b, by=head, scores={k: 5 for k in SCORES}, week=week
    )
    classes, people = selectors.rankings(school.pk, week, week)
    assert [(r.rank, r.average) for r in classes] == [(1, 34), (2, 20)]
    assert [r.name for r in people] == ["李园丁", "周同学"]


def test_outline_is_bounded_and_each_corner_within_the_plan(garden, head):
    services.zone_set_outline(
        zone=garden, by=head, outline=[[0, 0], [0.5, 0.1], [0.3, 0.9]]
    )
    garden.refresh_from_db()
    assert garden.outline == [[0, 0], [0.5, 0.1], [0.3, 0.9]]
    for bad in (
        [[0, 0], [1, 1]],
        [[0, 0], [0.5, 1.5], [1, 1]],
        [[0, 0]] * 41,
        [["a", 0], [0, 0], [1, 1]],
        {"x": 1},
        [[True, 0], [0, 0], [1, 1]],
    ):
        with pytest.raises(ValidationError):
            services.zone_set_outline(zone=garden, by=head, outline=bad)


def test_greening_zones_service_lists_the_users_zones(
    garden, head, other_school, place
):
    from logistics.registry import registry

    zones = registry.service("greening.zones")(user=head)
    assert zones == [
        {
            "id": garden.pk,
            "name": "教学楼前花坛",
            "url": garden.get_absolute_url(),
            "location_ids": [place.pk],
        }
    ]
    stranger = make_user(other_school, Role.LOGISTICS_HEAD)
    assert registry.service("greening.zones")(user=stranger) == []
