"""When a care plan's task falls due: a pure computation, no database.

A school divides its year into seasons (each from a month-day to a month-day,
possibly across the new year) and has holidays (date ranges). A plan says, per
season, every how many days its task comes round (0: not in that season), at
what time of day, counted from the day the plan starts, and whether it rests in
the holidays. ``occurrences`` lists the days a task is due; ``task_state`` says
whether today's (or the last missed) occurrence is still open, due or overdue.
"""

import datetime
from dataclasses import dataclass, field

DUE = "due"
OVERDUE = "overdue"


@dataclass(frozen=True)
class Season:
    code: str
    start: tuple[int, int]  # (month, day), inclusive
    end: tuple[int, int]  # (month, day), inclusive

    def holds(self, month_day):
        if self.start <= self.end:
            return self.start <= month_day <= self.end
        # Across the new year (winter: 12-01 … 02-28).
        return month_day >= self.start or month_day <= self.end


@dataclass(frozen=True)
class Schedule:
    """A plan's rhythm: ``every_days`` by season code (0 or missing: none)."""

    every_days: dict = field(default_factory=dict)
    at: datetime.time = datetime.time(7, 0)
    starts_on: datetime.date = datetime.date(2000, 1, 1)
    skip_holidays: bool = True


def season_of(day, seasons):
    """The code of the first season holding ``day``, or None. 29 February falls in
    the season of the 28th when no season names it (a season ending on 02-28 holds
    the leap day too)."""
    month_day = (day.month, day.day)
    for season in seasons:
        if season.holds(month_day):
            return season.code
    if month_day == (2, 29):
        return season_of(datetime.date(day.year, 2, 28), seasons)
    return None


def in_holidays(day, holidays):
    """Whether ``day`` lies in one of ``holidays``: (first, last) date pairs."""
    return any(first <= day <= last for first, last in holidays)


def is_due_on(day, schedule, seasons, holidays):
    """Whether the task comes round on ``day``."""
    if day < schedule.starts_on:
        return False
    every = schedule.every_days.get(season_of(day, seasons) or "", 0) or 0
    if every <= 0:
        return False
    if schedule.skip_holidays and in_holidays(day, holidays):
        return False
    return (day - schedule.starts_on).days % every == 0


def occurrences(schedule, seasons, holidays, first, last):
    """The days from ``first`` to ``last`` (inclusive) on which the task is due."""
    days, day = [], first
    while day <= last:
        if is_due_on(day, schedule, seasons, holidays):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def task_state(
    schedule,
    seasons,
    holidays,
    *,
    now,
    last_done=None,
    lookback_days=14,
    grace=datetime.timedelta(hours=2),
):
    """(day, DUE or OVERDUE) for the plan's open occurrence at ``now`` (a naive
    local datetime), or None when nothing is open.

    The open occurrence is the latest one on or before today within
    ``lookback_days``, unless work was logged on or after its day (``last_done``,
    a date). It is overdue once its time plus ``grace`` has passed; an older
    missed one is superseded by a newer one, so a daily task missed yesterday
    shows once, as today's.
    """
    today = now.date()
    days = occurrences(
        schedule,
        seasons,
        holidays,
        today - datetime.timedelta(days=lookback_days),
        today,
    )
    if not days:
        return None
    day = days[-1]
    if last_done is not None and last_done >= day:
        return None
    deadline = datetime.datetime.combine(day, schedule.at) + grace
    return day, (OVERDUE if now > deadline else DUE)


def first_missed(
    schedule, seasons, holidays, *, today, last_done=None, lookback_days=14
):
    """The first day the task came round after it was last done (``last_done``, a
    date), looking back ``lookback_days`` at most: since when an overdue task has
    been waiting. None when nothing came round since."""
    first = today - datetime.timedelta(days=lookback_days)
    if last_done is not None:
        first = max(first, last_done + datetime.timedelta(days=1))
    days = occurrences(schedule, seasons, holidays, first, today)
    return days[0] if days else None
