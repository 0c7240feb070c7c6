"""Dates and times people type, each checked against the range its meaning allows.

A form field says what its date means (``DateField(meaning=PAST)``) and the
services call ``check_date`` with the same meaning, since a form is not their
only caller. Anything outside the range (year 1, year 9999, a due date before
the request was filed) is refused with a message naming the limit, before it can
reach the database: PostgreSQL stores 0001-01-01 in Asia/Shanghai as a date in
1 BC that Python cannot read back, and every page showing the row then fails.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# What a date means, and so the range it may take.
PAST = "past"  # happened: a disposal, a payment, a count, a transfer
ACQUIRED = "acquired"  # an acquisition: not before the school was founded
DUE = "due"  # a deadline: after the document was filed, within some days
ANY = "any"  # any sensible date: a warranty's end, a search filter
MEANINGS = (PAST, ACQUIRED, DUE, ANY)

# No record of a school's logistics goes back further (unless the school was
# founded earlier), and none looks more than this many years ahead.
EARLIEST_YEAR = 1950
YEARS_AHEAD = 50
# A deadline's latest day, counted from its start, unless a caller says otherwise.
DUE_WITHIN_DAYS = 365

DATE_INPUT_FORMAT = "%Y-%m-%d"
# The only value format <input type="datetime-local"> takes.
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def this_year():
    return timezone.localdate().year


def founded_year(school):
    """The founding year of ``school`` (a School or its id), or None."""
    if school is None:
        return None
    if hasattr(school, "founded_year"):
        return school.founded_year
    from .models import School

    return (
        School.objects.filter(pk=school).values_list("founded_year", flat=True).first()
    )


def _earliest_day(meaning, school):
    if meaning == ACQUIRED:
        year = founded_year(school)
        if year:
            return datetime.date(year, 1, 1)
    return datetime.date(EARLIEST_YEAR, 1, 1)


def date_range(meaning, *, school=None, start=None, within_days=None, now=None):
    """(earliest, latest) that ``meaning`` allows, as aware datetimes.

    ``start`` (a date or datetime) is where a DUE range begins, ``within_days`` how
    long it lasts; ``school`` gives an ACQUIRED range its founding year.
    """
    if meaning not in MEANINGS:
        raise ValueError(f"unknown date meaning {meaning!r}")
    now = now or timezone.now()
    today = timezone.localdate(now)
    if meaning == DUE:
        begin = _as_datetime(start, end_of_day=False) if start is not None else now
        return begin, begin + datetime.timedelta(days=within_days or DUE_WITHIN_DAYS)
    earliest = _as_datetime(_earliest_day(meaning, school), end_of_day=False)
    if meaning in (PAST, ACQUIRED):
        return earliest, _as_datetime(today, end_of_day=True)
    ceiling = datetime.date(today.year + YEARS_AHEAD, 12, 31)
    return earliest, _as_datetime(ceiling, end_of_day=True)


def _as_datetime(value, *, end_of_day):
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    moment = datetime.time.max if end_of_day else datetime.time.min
    return timezone.make_aware(datetime.datetime.combine(value, moment))


def _shown(value, with_time):
    """A limit as the page shows it: 2024-09-01, or 2024-09-01 08:30 local time."""
    if with_time:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return timezone.localtime(value).strftime(DATE_INPUT_FORMAT)


def check_date(value, meaning, *, school=None, start=None, within_days=None, now=None):
    """Refuse (ValidationError) a date or datetime outside the range of ``meaning``.

    ``None`` passes: whether a date is required is the caller's business.
    """
    if value is None:
        return
    with_time = isinstance(value, datetime.datetime)
    earliest, latest = date_range(
        meaning, school=school, start=start, within_days=within_days, now=now
    )
    # Aware datetimes compare without converting either side, so a value in
    # year 1 or year 9999 is compared, not overflowed.
    moment = value if with_time else _as_datetime(value, end_of_day=False)
    if moment < earliest:
        raise ValidationError(
            _too_early(meaning, _shown(earliest, with_time), school),
            code="date_too_early",
        )
    if moment > latest:
        raise ValidationError(
            _too_late(meaning, _shown(latest, with_time), within_days),
            code="date_too_late",
        )


def query_date(value, default, meaning=ANY, *, school=None):
    """A date from a URL's query string (``?week=2026-09-07``): ``default`` when
    it is missing, malformed or outside the range ``meaning`` allows.

    A link's date picks what a page shows; a bad one shows the default rather
    than an error, and year 1 or 9999 never reaches date arithmetic (a week
    before 0001-01-01 overflows)."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default
    try:
        check_date(day, meaning, school=school)
    except ValidationError:
        return default
    return day


def _too_early(meaning, earliest, school):
    if meaning == DUE:
        return _("The due time must be after %(earliest)s, when it was filed.") % {
            "earliest": earliest
        }
    year = founded_year(school) if meaning == ACQUIRED else None
    if year:
        return _(
            "Enter a date on or after %(earliest)s: the school was founded in %(year)s."
        ) % {"earliest": earliest, "year": year}
    return _("Enter a date on or after %(earliest)s.") % {"earliest": earliest}


def _too_late(meaning, latest, within_days):
    if meaning == DUE:
        return _(
            "The due time must be within %(days)s days of filing, by %(latest)s."
        ) % {"days": within_days or DUE_WITHIN_DAYS, "latest": latest}
    if meaning in (PAST, ACQUIRED):
        return _("The date cannot be in the future: enter %(latest)s or earlier.") % {
            "latest": latest
        }
    return _("Enter a date on or before %(latest)s.") % {"latest": latest}


@deconstructible
class DateRangeValidator:
    """A model field's last line of defence (the admin, imports, services): the
    range of a meaning without the context a form knows (school, start)."""

    def __init__(self, meaning):
        if meaning not in MEANINGS:
            raise ValueError(f"unknown date meaning {meaning!r}")
        self.meaning = meaning

    def __call__(self, value):
        # A due date's start is not known here: any sensible date.
        check_date(value, ANY if self.meaning == DUE else self.meaning)

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and other.meaning == self.meaning


class DateRangeFieldMixin:
    """A form field whose value must lie in the range of its ``meaning``.

    A form that knows more sets it after construction: ``field.school = …``
    (ACQUIRED), ``field.start = repair.created_at`` (DUE).
    """

    input_format = DATE_INPUT_FORMAT

    def __init__(self, *, meaning, school=None, start=None, within_days=None, **kwargs):
        if meaning not in MEANINGS:
            raise ValueError(f"unknown date meaning {meaning!r}")
        self.meaning, self.school = meaning, school
        self.start, self.within_days = start, within_days
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        check_date(
            value,
            self.meaning,
            school=self.school,
            start=self.start,
            within_days=self.within_days,
        )

    def get_bound_field(self, form, field_name):
        # The picker offers only the range, as of the moment the page is made
        # (a form class is made once, its pages every day).
        earliest, latest = date_range(
            self.meaning,
            school=self.school,
            start=self.start,
            within_days=self.within_days,
        )
        self.widget.attrs["min"] = timezone.localtime(earliest).strftime(
            self.input_format
        )
        self.widget.attrs["max"] = timezone.localtime(latest).strftime(
            self.input_format
        )
        return super().get_bound_field(form, field_name)


class DateField(DateRangeFieldMixin, forms.DateField):
    """A date picker that accepts only the dates its meaning allows."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        )
        super().__init__(**kwargs)


class DateTimeField(DateRangeFieldMixin, forms.DateTimeField):
    """A date-and-time picker that accepts only the times its meaning allows."""

    input_format = DATETIME_INPUT_FORMAT

    def __init__(self, **kwargs):
        # The ISO form a datetime-local input accepts, whatever the language's
        # own date format ("2026/11/25 05:53" in Chinese leaves the input empty).
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT
            ),
        )
        super().__init__(**kwargs)
