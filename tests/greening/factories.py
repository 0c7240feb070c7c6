"""Builders for greening's tests."""

import datetime

from greening.models import CarePlan, Season, Species, Zone
from tests.factories import LocationFactory


def seasons(school):
    """Spring 03-01…05-31, summer 06-01…08-31, autumn 09-01…11-30, winter 12-01…02-28."""
    rows = [
        ("spring", "春季", 3, 1, 5, 31),
        ("summer", "夏季", 6, 1, 8, 31),
        ("autumn", "秋季", 9, 1, 11, 30),
        ("winter", "冬季", 12, 1, 2, 28),
    ]
    return [
        Season.objects.get_or_create(
            school=school,
            code=code,
            defaults=dict(
                name=name, start_month=sm, start_day=sd, end_month=em, end_day=ed
            ),
        )[0]
        for code, name, sm, sd, em, ed in rows
    ]


def zone(school, *, keepers=(), name=None, location=None, **extra):
    location = location or LocationFactory(
        school=school, building__campus__school=school
    )
    built = Zone.objects.create(
        school=school,
        name=name or f"片区{Zone.objects.count() + 1}",
        campus=location.campus,
        **extra,
    )
    built.locations.add(location)
    built.keepers.set(keepers)
    return built


def species(school, name="月季"):
    return Species.objects.get_or_create(school=school, name_zh=name)[0]


def daily_watering(zone_, *, at=datetime.time(5, 0), starts_on=None):
    seasons(zone_.school)
    return CarePlan.objects.create(
        school=zone_.school,
        zone=zone_,
        task="water",
        at=at,
        every_days={"spring": 7, "summer": 1, "autumn": 7, "winter": 1},
        starts_on=starts_on or datetime.date(2020, 1, 6),
        skip_holidays=False,
    )
