"""Which rounds are due across school days, weekends, holidays and make-up days,
and how each went: the pure functions of safety/schedule.py."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from safety.schedule import (
    DONE,
    DUE,
    LATE,
    MISSED,
    UPCOMING,
    WALKING,
    expected_rounds,
    is_holiday,
    round_state,
    window,
)

TZ = ZoneInfo("Asia/Shanghai")
MON = datetime.date(2026, 9, 28)  # a Monday
SAT, SUN = MON + datetime.timedelta(days=5), MON + datetime.timedelta(days=6)
NATIONAL_DAY = datetime.date(2026, 10, 1)  # a Thursday


@dataclass
class Sched:
    pk: int
    shift: str
    days: str
    starts_at: datetime.time
    ends_at: datetime.time


MORNING = Sched(1, "morning", "school_day", datetime.time(7), datetime.time(7, 40))
NIGHT = Sched(2, "night", "every_day", datetime.time(21, 30), datetime.time(23))
HOLIDAY = Sched(3, "morning", "holiday", datetime.time(9), datetime.time(11))
LATE_NIGHT = Sched(4, "night", "every_day", datetime.time(23), datetime.time(1))


def due(first, last, days_off=None, roster=None, schedules=(MORNING, NIGHT, HOLIDAY)):
    return expected_rounds(
        first=first,
        last=last,
        schedules=schedules,
        roster=roster or {},
        days_off=days_off or {},
        tz=TZ,
    )


def test_weekends_are_holidays_unless_made_up():
    assert not is_holiday(MON, {})
    assert is_holiday(SAT, {}) and is_holiday(SUN, {})
    assert not is_holiday(SUN, {SUN: True})  # 调休: a school day
    assert is_holiday(NATIONAL_DAY, {NATIONAL_DAY: False})


def test_school_day_rounds_on_weekdays_holiday_rounds_at_weekends_night_every_day():
    rows = due(MON, SUN)
    by_day = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row.schedule.pk)
    for n in range(5):
        assert by_day[MON + datetime.timedelta(days=n)] == [1, 2]
    assert by_day[SAT] == [3, 2] and by_day[SUN] == [3, 2]
    assert len(rows) == 14


def test_a_public_holiday_on_a_weekday_gets_the_holiday_round():
    rows = due(NATIONAL_DAY, NATIONAL_DAY, {NATIONAL_DAY: False})
    assert [r.schedule.pk for r in rows] == [3, 2]


def test_a_make_up_sunday_gets_the_school_day_round():
    rows = due(SUN, SUN, {SUN: True})
    assert [r.schedule.pk for r in rows] == [1, 2]


def test_the_roster_names_who_walks_each_round():
    rows = due(MON, MON, roster={(MON, "night"): 7})
    assert {r.schedule.pk: r.person_id for r in rows} == {1: None, 2: 7}


def test_a_night_window_past_midnight_ends_the_next_day():
    start, end = window(LATE_NIGHT, MON, TZ)
    assert start == datetime.datetime(2026, 9, 28, 23, tzinfo=TZ)
    assert end == datetime.datetime(2026, 9, 29, 1, tzinfo=TZ)


def at(hour, minute=0, day=MON):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


START, END = at(21, 30), at(23)


def state(now, walked=None, late=120):
    return round_state(start=START, end=END, walked=walked, now=now, late_minutes=late)


def test_round_states_through_the_night():
    assert state(at(20)) == UPCOMING
    assert state(at(22)) == DUE
    assert state(at(22), walked=(at(21, 40), None)) == WALKING
    assert state(at(23, 30), walked=(at(21, 40), at(22, 10))) == DONE
    assert state(at(23, 30), walked=(at(21, 40), at(23, 20))) == LATE
    # Within the grace time a round not done yet is still due, after it missed.
    assert state(at(23, 59)) == DUE
    assert (
        state(
            at(1, day=MON + datetime.timedelta(days=1)) + datetime.timedelta(minutes=1)
        )
        == MISSED
    )
    # Begun but never finished: missed as well.
    assert (
        state(at(2, day=MON + datetime.timedelta(days=1)), walked=(at(21, 40), None))
        == MISSED
    )


@given(
    first=st.dates(
        min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 1, 1)
    ),
    length=st.integers(min_value=0, max_value=40),
    off=st.sets(st.integers(min_value=0, max_value=40), max_size=10),
)
def test_every_day_gets_exactly_one_of_the_day_rounds_and_one_night_round(
    first, length, off
):
    last = first + datetime.timedelta(days=length)
    days_off = {first + datetime.timedelta(days=n): False for n in off}
    rows = due(first, last, days_off)
    per_day = {}
    for row in rows:
        per_day.setdefault(row.day, []).append(row.schedule.pk)
        assert row.start < row.end
    assert len(per_day) == length + 1
    for day, pks in per_day.items():
        assert sorted(pks) == ([2, 3] if is_holiday(day, days_off) else [1, 2])
