"""Dates people type are checked against the range of their meaning, in one place."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest

from logistics import dates
from logistics.filtersets import DateFilter, SchoolFilterSet
from logistics.models import Location

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI)


def refusal(value, meaning, **context):
    with pytest.raises(ValidationError) as caught:
        dates.check_date(value, meaning, now=NOW, **context)
    return caught.value


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1, 1, 1),
        datetime.date(1900, 1, 1),
        datetime.date(1949, 12, 31),
        datetime.date(2026, 3, 11),
        datetime.date(9999, 12, 31),
    ],
)
def test_a_past_date_is_refused_before_1950_and_after_today(value):
    assert refusal(value, dates.PAST).code in {"date_too_early", "date_too_late"}


def test_a_past_date_from_1950_to_today_passes():
    dates.check_date(datetime.date(1950, 1, 1), dates.PAST, now=NOW)
    dates.check_date(datetime.date(2026, 3, 10), dates.PAST, now=NOW)


def test_the_refusal_names_the_limit():
    with translation.override("en"):
        late = refusal(datetime.date(9999, 12, 31), dates.PAST)
        early = refusal(datetime.date(1, 1, 1), dates.PAST)
    assert "2026-03-10" in late.messages[0] and "future" in late.messages[0]
    assert "1950-01-01" in early.messages[0]


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(1, 1, 1, tzinfo=SHANGHAI),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=SHANGHAI),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    ],
)
def test_extreme_datetimes_are_refused_without_overflowing(value):
    # Year 1 in Asia/Shanghai (+08:05:43 then) is 1 BC in UTC: compared, never
    # converted.
    refusal(value, dates.DUE, start=NOW)
    refusal(value, dates.ANY)


def test_a_due_time_lies_after_its_start_and_within_its_days():
    start = NOW - datetime.timedelta(days=2)
    dates.check_date(NOW, dates.DUE, start=start, within_days=30, now=NOW)
    with translation.override("en"):
        early = refusal(start - datetime.timedelta(minutes=1), dates.DUE, start=start)
        late = refusal(
            start + datetime.timedelta(days=31), dates.DUE, start=start, within_days=30
        )
    assert early.code == "date_too_early" and "2026-03-08 09:30" in early.messages[0]
    assert late.code == "date_too_late" and "30 days" in late.messages[0]


def test_an_acquisition_may_not_precede_the_schools_founding(school):
    school.founded_year = 1998
    school.save()
    dates.check_date(datetime.date(1998, 1, 1), dates.ACQUIRED, school=school, now=NOW)
    with translation.override("en"):
        error = refusal(datetime.date(1997, 12, 31), dates.ACQUIRED, school=school.pk)
    assert "1998-01-01" in error.messages[0] and "founded in 1998" in error.messages[0]


def test_without_a_founding_year_acquisitions_start_in_1950(school):
    dates.check_date(datetime.date(1950, 1, 1), dates.ACQUIRED, school=school, now=NOW)
    refusal(datetime.date(1949, 12, 31), dates.ACQUIRED, school=school)


def test_an_old_school_may_record_acquisitions_before_1950(school):
    school.founded_year = 1902
    school.save()
    dates.check_date(datetime.date(1930, 5, 1), dates.ACQUIRED, school=school, now=NOW)


@pytest.mark.parametrize(
    "typed", ["0001-01-01", "9999-12-31", "1900-01-01", "2024-02-30", "not a date"]
)
def test_the_date_field_refuses_the_absurd_and_the_malformed(typed):
    field = dates.DateField(meaning=dates.PAST)
    with pytest.raises(ValidationError):
        field.clean(typed)


@pytest.mark.parametrize(
    "typed", ["0001-01-01T00:00", "9999-12-31T23:59", "1900-01-01T00:00"]
)
def test_the_datetime_field_refuses_extreme_years(typed):
    field = dates.DateTimeField(meaning=dates.DUE, start=timezone.now())
    with pytest.raises(ValidationError):
        field.clean(typed)


def test_the_date_picker_offers_only_the_range():
    class Form(dates.forms.Form):
        day = dates.DateField(meaning=dates.PAST)

    html = str(Form()["day"])
    today = timezone.localdate().isoformat()
    assert 'type="date"' in html and 'min="1950-01-01"' in html
    assert f'max="{today}"' in html


def test_a_model_validator_refuses_what_no_form_checked():
    validator = dates.DateRangeValidator(dates.DUE)
    with pytest.raises(ValidationError):
        validator(datetime.datetime(1, 1, 1, tzinfo=SHANGHAI))
    validator(timezone.now() + datetime.timedelta(days=3))


class LocationDates(SchoolFilterSet):
    since = DateFilter(field_name="id", lookup_expr="gte")

    class Meta:
        model = Location
        fields = ["since"]


@pytest.mark.django_db
def test_a_date_filter_out_of_range_is_a_form_error(people):
    filterset = LocationDates(
        data={"since": "0001-01-01"},
        queryset=Location.objects.all(),
        user=people["staff"],
    )
    assert not filterset.is_valid()
    assert "since" in filterset.form.errors


@pytest.mark.parametrize(
    "value", [None, "", "abc", "2026-02-30", "0001-01-01", "1949-12-31", "9999-12-31"]
)
def test_a_link_date_missing_malformed_or_out_of_range_gives_the_default(value):
    default = datetime.date(2026, 9, 7)

    assert dates.query_date(value, default) == default


def test_a_link_date_in_range_is_read():
    assert dates.query_date("2026-09-14", None) == datetime.date(2026, 9, 14)
    assert dates.query_date("1950-01-01", None) == datetime.date(1950, 1, 1)
