"""Which rounds were due when, and how each went: pure functions of the roster,
the rounds' schedules, the holidays and the rounds walked (no database)."""

import datetime
from dataclasses import dataclass

from .choices import SHIFT_ORDER, DayKind

DONE, LATE, MISSED, WALKING, DUE, UPCOMING = (
    "done",
    "late",
    "missed",
    "walking",
    "due",
    "upcoming",
)


def is_holiday(day, days_off):
    """``days_off``: {date: is_workday}. A listed day off, or a weekend day that is
    not a make-up school day."""
    if day in days_off:
        return not days_off[day]
    return day.weekday() >= 5


def walked_on(schedule_days, day, days_off):
    if schedule_days == DayKind.EVERY_DAY:
        return True
    holiday = is_holiday(day, days_off)
    return holiday if schedule_days == DayKind.HOLIDAY else not holiday


def window(schedule, day, tz):
    """(start, end) as aware datetimes; an end before the start is on the next day."""
    start = datetime.datetime.combine(day, schedule.starts_at, tzinfo=tz)
    end = datetime.datetime.combine(day, schedule.ends_at, tzinfo=tz)
    if end <= start:
        end += datetime.timedelta(days=1)
    return start, end


@dataclass
class ExpectedRound:
    day: datetime.date
    schedule: object
    person_id: int | None  # None: nobody on the roster for the shift
    start: datetime.datetime
    end: datetime.datetime
    walked: object = None  # the PatrolRound, if begun
    state: str = ""


def expected_rounds(*, first, last, schedules, roster, days_off, tz):
    """Every round due from ``first`` to ``last`` (dates, inclusive), in order.

    ``schedules``: objects with ``shift``, ``days``, ``starts_at``, ``ends_at``;
    ``roster``: {(day, shift): person id}; ``days_off``: {date: is_workday}.
    """
    rows = []
    day = first
    ordered = sorted(schedules, key=lambda s: (s.starts_at, SHIFT_ORDER[s.shift]))
    while day <= last:
        for schedule in ordered:
            if not walked_on(schedule.days, day, days_off):
                continue
            start, end = window(schedule, day, tz)
            rows.append(
                ExpectedRound(
                    day=day,
                    schedule=schedule,
                    person_id=roster.get((day, schedule.shift)),
                    start=start,
                    end=end,
                )
            )
        day += datetime.timedelta(days=1)
    return rows


def round_state(*, start, end, walked, now, late_minutes):
    """How a due round went: done in its window, late, missed, being walked, due
    now or still to come. ``walked``: (started_at, finished_at) or None."""
    grace = end + datetime.timedelta(minutes=late_minutes)
    finished = walked[1] if walked else None
    if finished is not None:
        return DONE if finished <= end else LATE
    if now > grace:
        return MISSED
    if walked:
        return WALKING
    return DUE if now >= start else UPCOMING


def with_states(rows, *, walked, now, late_minutes):
    """Fill each row's ``walked`` and ``state``; ``walked``: {(day, schedule id):
    PatrolRound}."""
    for row in rows:
        patrol = walked.get((row.day, row.schedule.pk))
        row.walked = patrol
        row.state = round_state(
            start=row.start,
            end=row.end,
            walked=(patrol.started_at, patrol.finished_at) if patrol else None,
            now=now,
            late_minutes=late_minutes,
        )
    return rows
