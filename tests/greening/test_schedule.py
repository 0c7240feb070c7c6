"""The recurrence of care tasks: seasons, their boundaries, holidays, overdue."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from greening.schedule import (
    DUE,
    OVERDUE,
    Schedule,
    Season,
    in_holidays,
    is_due_on,
    occurrences,
    season_of,
    task_state,
)

D = datetime.date
SEASONS = [
    Season("spring", (3, 1), (5, 31)),
    Season("summer", (6, 1), (8, 31)),
    Season("autumn", (9, 1), (11, 30)),
    Season("winter", (12, 1), (2, 28)),
]
# Daily at 05:00 in summer, weekly in spring and autumn, none in winter.
PLAN = Schedule(
    every_days={"summer": 1, "spring": 7, "autumn": 7},
    at=datetime.time(5, 0),
    starts_on=D(2026, 3, 2),  # a Monday
    skip_holidays=True,
)


def test_season_boundaries_are_inclusive():
    assert season_of(D(2026, 5, 31), SEASONS) == "spring"
    assert season_of(D(2026, 6, 1), SEASONS) == "summer"
    assert season_of(D(2026, 8, 31), SEASONS) == "summer"
    assert season_of(D(2026, 9, 1), SEASONS) == "autumn"


def test_winter_runs_across_the_new_year():
    assert season_of(D(2026, 12, 1), SEASONS) == "winter"
    assert season_of(D(2027, 1, 15), SEASONS) == "winter"
    assert season_of(D(2027, 2, 28), SEASONS) == "winter"
    assert season_of(D(2027, 3, 1), SEASONS) == "spring"


def test_leap_day_falls_in_the_season_of_the_28th():
    assert season_of(D(2028, 2, 29), SEASONS) == "winter"


def test_a_day_in_no_season_has_no_task():
    gap = [Season("summer", (6, 1), (8, 31))]
    assert season_of(D(2026, 4, 1), gap) is None
    assert not is_due_on(D(2026, 4, 1), PLAN, gap, [])


def test_weekly_in_spring_turns_daily_on_the_first_day_of_summer():
    days = occurrences(PLAN, SEASONS, [], D(2026, 5, 20), D(2026, 6, 3))
    # Spring: Mondays from 2026-03-02 (05-25); summer: every day from 06-01.
    assert days == [D(2026, 5, 25), D(2026, 6, 1), D(2026, 6, 2), D(2026, 6, 3)]


def test_daily_in_summer_turns_weekly_on_the_first_day_of_autumn():
    days = occurrences(PLAN, SEASONS, [], D(2026, 8, 30), D(2026, 9, 14))
    assert days == [D(2026, 8, 30), D(2026, 8, 31), D(2026, 9, 7), D(2026, 9, 14)]


def test_no_task_in_winter():
    assert occurrences(PLAN, SEASONS, [], D(2026, 12, 1), D(2027, 2, 28)) == []


def test_holidays_rest_the_plan():
    holidays = [(D(2026, 7, 10), D(2026, 8, 31))]
    days = occurrences(PLAN, SEASONS, holidays, D(2026, 7, 8), D(2026, 7, 12))
    assert days == [D(2026, 7, 8), D(2026, 7, 9)]
    assert in_holidays(D(2026, 8, 31), holidays)
    assert not in_holidays(D(2026, 9, 1), holidays)


def test_a_plan_that_works_through_the_holidays_keeps_them():
    keeps = Schedule(
        every_days={"summer": 1}, starts_on=D(2026, 1, 1), skip_holidays=False
    )
    holidays = [(D(2026, 7, 10), D(2026, 8, 31))]
    assert is_due_on(D(2026, 7, 20), keeps, SEASONS, holidays)


def test_nothing_before_the_plan_starts():
    assert occurrences(PLAN, SEASONS, [], D(2026, 2, 1), D(2026, 3, 1)) == []


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def test_todays_watering_is_due_until_its_time_and_grace_pass():
    day = D(2026, 7, 1)
    assert task_state(PLAN, SEASONS, [], now=_at(day, 4)) == (day, DUE)
    assert task_state(PLAN, SEASONS, [], now=_at(day, 6, 59)) == (day, DUE)
    assert task_state(PLAN, SEASONS, [], now=_at(day, 7, 1)) == (day, OVERDUE)


def test_done_today_closes_the_task():
    day = D(2026, 7, 1)
    assert task_state(PLAN, SEASONS, [], now=_at(day, 9), last_done=day) is None


def test_done_yesterday_does_not_close_today():
    day = D(2026, 7, 1)
    state = task_state(
        PLAN, SEASONS, [], now=_at(day, 4), last_done=day - datetime.timedelta(days=1)
    )
    assert state == (day, DUE)


def test_a_missed_weekly_task_stays_overdue_until_done():
    # Spring, Mondays: 2026-04-06 missed; on Thursday it is overdue.
    state = task_state(PLAN, SEASONS, [], now=_at(D(2026, 4, 9), 10))
    assert state == (D(2026, 4, 6), OVERDUE)
    done = task_state(
        PLAN, SEASONS, [], now=_at(D(2026, 4, 9), 10), last_done=D(2026, 4, 8)
    )
    assert done is None


def test_a_missed_daily_task_shows_once_as_today():
    state = task_state(
        PLAN, SEASONS, [], now=_at(D(2026, 7, 5), 4), last_done=D(2026, 7, 1)
    )
    assert state == (D(2026, 7, 5), DUE)


def test_a_task_missed_before_the_holidays_is_still_overdue_in_them_within_lookback():
    holidays = [(D(2026, 7, 10), D(2026, 8, 31))]
    state = task_state(PLAN, SEASONS, holidays, now=_at(D(2026, 7, 12), 9))
    assert state == (D(2026, 7, 9), OVERDUE)
    # Long into the holidays the old one has lapsed.
    assert task_state(PLAN, SEASONS, holidays, now=_at(D(2026, 8, 20), 9)) is None


def test_nothing_open_in_winter():
    assert task_state(PLAN, SEASONS, [], now=_at(D(2027, 1, 20), 9)) is None


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)))
def test_every_day_of_the_year_is_in_exactly_one_season(day):
    matching = [s for s in SEASONS if s.holds((day.month, day.day))]
    assert len(matching) <= 1
    assert season_of(day, SEASONS) is not None


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=1, max_value=30),
)
def test_occurrences_are_exactly_the_days_it_is_due(first, length):
    last = first + datetime.timedelta(days=length)
    days = occurrences(PLAN, SEASONS, [], first, last)
    assert all(is_due_on(d, PLAN, SEASONS, []) for d in days)
    assert days == sorted(set(days))
