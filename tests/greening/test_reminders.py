"""Overdue care reminds the zone's keepers on the school's schedule (the core's
clock and the "greening.overdue" reminder source), noted on the zone's page."""

import datetime

from django.utils import timezone

import pytest

from greening import services
from greening.schedule import Schedule, first_missed
from logistics.models import Notification, TransitionLog
from logistics.notices.delivery import run_clock
from logistics.registry import registry
from logistics.roles import Role
from logistics.rules import school_rules_set
from tests.factories import make_user

from .factories import daily_watering, zone

pytestmark = pytest.mark.django_db


def at(month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(2026, month, day, hour, minute))


@pytest.fixture
def watering(garden, keeper):
    """Daily at 05:00 in summer (overdue two hours later), last done on 30 June:
    1 July's watering is missed."""
    plan = daily_watering(garden)
    services.care_task_done(plan=plan, by=keeper, now=at(6, 30, 5, 10))
    return plan


def reminders_to(person):
    return Notification.objects.filter(recipient=person, url__startswith="/greening/")


def notes_on(zone_):
    return TransitionLog.objects.for_object(zone_)


def test_the_reminder_source_is_declared():
    assert "greening.overdue" in registry.reminder_sources


def test_missed_watering_reminds_the_keeper_a_day_after_it_fell_overdue(
    client_for, garden, keeper, watering
):
    run_clock(now=at(7, 1, 9))  # overdue since 07:00, two hours
    run_clock(now=at(7, 2, 6))  # today's is due, not overdue yet: nothing waits
    assert not reminders_to(keeper).exists()
    # 2 July 07:30: overdue again, waiting since 1 July 07:00 (the first missed),
    # not since this morning: the school's 24 hours have passed.
    run_clock(now=at(7, 2, 7, 30))
    (reminder,) = reminders_to(keeper)
    assert "教学楼前花坛" in reminder.title
    assert reminder.url == garden.get_absolute_url()
    assert "Water at 05:00, overdue since 07-01 07:00" in reminder.body
    (note,) = notes_on(garden)
    assert note.by is None and "李园丁" in note.comment
    page = client_for(keeper).get(garden.get_absolute_url()).content.decode()
    assert 'data-testid="reminders"' in page and "李园丁" in page

    run_clock(now=at(7, 2, 12))  # within the repeat interval: nothing more
    assert reminders_to(keeper).count() == 1
    run_clock(now=at(7, 3, 8))  # still not watered a day later: again
    assert reminders_to(keeper).count() == 2 and notes_on(garden).count() == 2


def test_watering_done_reminds_nobody(garden, keeper, watering):
    services.care_task_done(plan=watering, by=keeper, now=at(7, 2, 5, 20))
    run_clock(now=at(7, 2, 9))
    assert not reminders_to(keeper).exists() and not notes_on(garden).exists()


def test_a_zones_overdue_tasks_are_one_reminder_to_each_keeper(
    school, garden, keeper, watering, head
):
    from greening.models import CarePlan

    CarePlan.objects.create(
        school=school,
        zone=garden,
        task="weed",
        at=datetime.time(16, 0),
        every_days={"summer": 7},
        starts_on=datetime.date(2026, 6, 29),  # Mondays
        skip_holidays=False,
    )
    second = make_user(school, Role.ZONE_KEEPER, real_name="周园丁")
    garden.keepers.add(second, head)
    run_clock(now=at(7, 2, 8))
    for person in (keeper, second, head):
        (reminder,) = reminders_to(person)
        assert "Weed at 16:00, overdue since 06-29 18:00" in reminder.body
        assert "Water at 05:00, overdue since 07-01 07:00" in reminder.body


def test_only_keepers_who_log_care_are_reminded(school, place, watering, garden):
    staff = make_user(school, Role.STAFF)  # named as a keeper, not a zone keeper
    garden.keepers.add(staff)
    stranger = make_user(school, Role.ZONE_KEEPER)
    zone(school, keepers=[stranger], name="篮球场", location=place)
    run_clock(now=at(7, 2, 9))
    assert not reminders_to(staff).exists() and not reminders_to(stranger).exists()


def test_a_zone_out_of_use_reminds_nobody(garden, keeper, watering):
    garden.is_active = False
    garden.save()
    run_clock(now=at(7, 3, 9))
    assert not reminders_to(keeper).exists()


def test_the_school_sets_the_reminder_hours(school, head, garden, keeper, watering):
    school_rules_set(
        school=school,
        values={"logistics.REMINDER_AFTER_HOURS": {"normal": 2, "urgent": 1}},
        by=make_user(school, Role.ADMINISTRATOR),
    )
    run_clock(now=at(7, 1, 9))
    assert reminders_to(keeper).count() == 1


def test_the_first_missed_day_is_counted_from_the_last_done():
    weekly = Schedule(every_days={"summer": 7}, starts_on=datetime.date(2026, 6, 1))
    seasons = [_summer()]
    today = datetime.date(2026, 7, 2)
    assert first_missed(
        weekly, seasons, [], today=today, last_done=datetime.date(2026, 6, 16)
    ) == datetime.date(2026, 6, 22)
    # Never done: no further back than the look-back.
    assert first_missed(weekly, seasons, [], today=today) == datetime.date(2026, 6, 22)
    assert (
        first_missed(
            weekly, seasons, [], today=today, last_done=datetime.date(2026, 6, 29)
        )
        is None
    )


def _summer():
    from greening.schedule import Season

    return Season("summer", (6, 1), (8, 31))
