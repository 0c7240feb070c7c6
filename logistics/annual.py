"""The annual logistics report (年度后勤工作总结): a year's figures from every
installed app, gathered through the registry.

Each app registers ``annual_section(school_id, year) -> Section | None`` with
``registry.add_annual_section`` and counts its own year: the core never imports
an app, and an app removed from ``INSTALLED_APPS`` leaves the report without its
section. The figures are read when asked for (a handful of aggregate queries per
app), so the report of a year that is still running is the year so far.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import EARLIEST_YEAR
from .registry import registry

# What a figure is, and so how the page and the workbook show it.
COUNT, MONEY, PERCENT, HOURS, DAYS = "count", "money", "percent", "hours", "days"
UNITS = {
    COUNT: "",
    MONEY: _("yuan"),
    PERCENT: "%",
    HOURS: _("hours"),
    DAYS: _("days"),
}


@dataclass(frozen=True)
class Figure:
    """One line of a section: "维修申报 · 320 件". ``value`` None: nothing to
    measure this year (an average of no requests), shown as a dash."""

    label: str
    value: object
    kind: str = COUNT
    # A count's unit (件, 张, 次), or (singular, plural) for a language that has
    # both ("1 card", "2 cards"); other kinds have theirs.
    unit: str | tuple = ""

    def __post_init__(self):
        if self.kind not in UNITS:
            raise ValueError(f"unknown figure kind {self.kind!r}")

    @property
    def shown_unit(self):
        if self.kind != COUNT:
            return str(UNITS[self.kind])
        if isinstance(self.unit, tuple):
            singular, plural = self.unit
            return str(singular if self.value == 1 else plural)
        return str(self.unit)

    @property
    def shown(self):
        """The value as the page prints it: 1,234 件, ¥12,345.00, 96.5%, —."""
        if self.value is None:
            return "—"
        if self.kind == MONEY:
            return f"¥{self.value:,.2f}"
        if self.kind == PERCENT:
            return f"{self.value}%"
        number = (
            f"{self.value:,}"
            if isinstance(self.value, (int, Decimal))
            else f"{self.value}"
        )
        unit = self.shown_unit
        return f"{number} {unit}" if unit else number


@dataclass(frozen=True)
class Section:
    """One app's part of the report: a title, its figures, where the details are."""

    title: str
    figures: list = field(default_factory=list)
    order: int = 100
    url: str = ""
    # What opening ``url`` takes (logistics.registry.may_open): the title is a
    # link only for those it would not refuse.
    url_permission: str | tuple = ""


def year_bounds(year):
    """(first day, last day) of ``year`` as dates."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def year_moments(year):
    """[start of the year, start of the next) as aware datetimes, local time:
    the range of a year's timestamps, usable by an index."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def percent(part, whole):
    """``part`` of ``whole`` in percent with one place, None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def rounded(value, step=CENT):
    """A database sum back to ``step``, rounded half up (SQLite sums decimals in
    floating point: 39599.99999…); None stays None."""
    if value is None:
        return None
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def average(total, count, step=TENTH):
    """``total`` ÷ ``count`` to ``step``, rounded half up; None when there is
    nothing to average."""
    if not count or total is None:
        return None
    return (Decimal(total) / Decimal(count)).quantize(step, rounding=ROUND_HALF_UP)


def report_years():
    """The years a report may be asked for: from the earliest a record may carry
    to this one, latest first."""
    return range(timezone.localdate().year, EARLIEST_YEAR - 1, -1)


def chosen_year(value):
    """The year in a link (``?year=2025``), or this year for anything else."""
    this_year = timezone.localdate().year
    if (
        isinstance(value, str)
        and len(value) == 4
        and value.isascii()
        and value.isdecimal()
    ):
        year = int(value)
        if EARLIEST_YEAR <= year <= this_year:
            return year
    return this_year


def annual_sections(school_id, year):
    """Every installed app's section of ``year``, in their order."""
    sections = [
        section
        for build in registry.annual_sections
        if (section := build(school_id, year)) is not None
    ]
    return sorted(sections, key=lambda section: section.order)
