"""Greening's section of the annual logistics report: every figure exact, only the
school's own rows of the year, a fixed number of queries."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from greening import services
from greening.annual import annual_section
from greening.models import CareLog, Inspection, PlantingEvent, Zone
from logistics.roles import Role
from tests.factories import make_user

from .factories import species, zone

pytestmark = pytest.mark.django_db

# Last year: every day of it is in the past, so the services take its dates.
YEAR = timezone.localdate().year - 1
SCORES = {"green": 9, "beautiful": 8, "clean_score": 10, "fragrant": 7}  # 34


def at(month, day, hour=9, minute=0, year=YEAR):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def figures(section):
    return {str(figure.label): figure.value for figure in section.figures}


def scores(total_of_four):
    """Scores adding up to ``total_of_four`` (at most 40)."""
    first = min(total_of_four, 10)
    rest = total_of_four - first
    return {
        "green": first,
        "beautiful": min(rest, 10),
        "clean_score": min(max(rest - 10, 0), 10),
        "fragrant": max(rest - 20, 0),
    }


@pytest.fixture
def year_of_work(school, garden, keeper, head):
    """Two zones in use with an area, one without, one no longer in use; care,
    scores and plantings of ``YEAR`` and of the years around it."""
    Zone.objects.filter(pk=garden.pk).update(area=Decimal("120.50"))
    lawn = zone(school, keepers=[keeper], name="操场草坪", area=Decimal("800.25"))
    zone(school, name="走廊", kind="corridor")  # in use, no area recorded
    zone(school, name="旧花坛", area=Decimal("50"), is_active=False)

    for task, when in (
        ("water", at(1, 1, 0, 0)),  # the first minute of the year, Beijing time
        ("water", at(6, 1)),
        ("weed", at(12, 31, 23, 59)),  # the last minute
    ):
        services.care_log_create(zone=garden, by=keeper, task=task, done_at=when)
    services.care_log_create(
        zone=lawn,
        by=keeper,
        task="spray",
        product="吡虫啉",
        amount=Decimal("0.5"),
        amount_unit="L",
        safety_note="喷药后 24 小时内勿入",
        done_at=at(7, 3),
    )
    services.care_log_create(zone=lawn, by=keeper, task="mow", done_at=at(8, 3))
    for when in (at(12, 30), at(12, 31)):  # moved out of the year below
        services.care_log_create(zone=lawn, by=keeper, task="water", done_at=when)
    CareLog.objects.filter(done_at__date=datetime.date(YEAR, 12, 30)).update(
        done_at=at(1, 1, 0, 0, year=YEAR + 1)
    )
    CareLog.objects.filter(zone=lawn, done_at=at(12, 31)).update(
        done_at=at(12, 31, 23, 59, year=YEAR - 1)
    )

    # Weeks of the year: totals 31 and 34, an average of 32.5.
    services.inspection_record(
        zone=garden,
        by=head,
        scores=scores(31),
        week=datetime.date(YEAR, 3, 2),
        at=at(3, 6),
    )
    services.inspection_record(
        zone=lawn, by=head, scores=SCORES, week=datetime.date(YEAR, 9, 7), at=at(9, 8)
    )
    low, _warning = services.inspection_record(
        zone=lawn,
        by=head,
        scores=scores(0),
        week=datetime.date(YEAR, 5, 4),
        at=at(5, 5),
    )
    Inspection.objects.filter(pk=low.pk).update(week=datetime.date(YEAR - 1, 12, 28))

    rose = species(school)
    for held_on, count, kind in (
        (datetime.date(YEAR, 3, 12), 40, rose),
        (datetime.date(YEAR, 4, 1), 0, None),  # a planting with no count given
        (datetime.date(YEAR, 11, 20), 15, rose),
        (datetime.date(YEAR, 10, 1), 99, rose),  # moved to the next year below
    ):
        services.planting_record(
            planting=PlantingEvent(
                zone=garden, held_on=held_on, species=kind, count=count
            ),
            by=head,
        )
    PlantingEvent.objects.filter(count=99).update(held_on=datetime.date(YEAR + 1, 1, 1))
    return garden, lawn


@pytest.fixture
def elsewhere(other_school):
    """The same kinds of rows, in the year, at another school."""
    far = zone(other_school, name="北山花坛", area=Decimal("999"))
    person = make_user(other_school, Role.STAFF, Role.LOGISTICS_HEAD)
    CareLog.objects.create(
        school=other_school, zone=far, task="spray", by=person, done_at=at(6, 1)
    )
    Inspection.objects.create(
        school=other_school,
        zone=far,
        week=datetime.date(YEAR, 6, 1),
        inspected_at=at(6, 2),
        by=person,
        **scores(2),
    )
    PlantingEvent.objects.create(
        school=other_school,
        zone=far,
        held_on=datetime.date(YEAR, 6, 1),
        count=500,
        recorded_by=person,
    )
    return far


def test_every_figure_of_the_year_is_exact(school, year_of_work, elsewhere):
    section = annual_section(school.pk, YEAR)
    assert section.title == "Grounds and greening"
    assert section.order == 50 and section.url == reverse("greening:zones")
    assert figures(section) == {
        "Zones in use today": 3,
        "Recorded area of the zones in use": Decimal("920.75"),
        "Care work logged": 5,
        "Pesticide sprays": 1,
        "四化 inspections": 2,
        "Average score (of 40)": Decimal("32.5"),
        "Plantings held": 3,
        "Plants planted": 55,
    }
    shown = {str(f.label): f.shown for f in section.figures}
    assert shown["Recorded area of the zones in use"] == "920.75 m²"
    assert shown["Care work logged"] == "5 times"


def test_the_average_score_is_rounded_half_up(school, garden, head):
    # 121 / 4 = 30.25: half up gives 30.3 (half even would give 30.2).
    for week, total in ((1, 30), (2, 30), (3, 30), (4, 31)):
        services.inspection_record(
            zone=garden,
            by=head,
            scores=scores(total),
            week=datetime.date(YEAR, 6, 1) + datetime.timedelta(weeks=week),
            at=at(8, 1),
        )
    assert figures(annual_section(school.pk, YEAR))["Average score (of 40)"] == (
        Decimal("30.3")
    )


def test_the_years_around_count_only_their_own_rows(school, year_of_work):
    before = figures(annual_section(school.pk, YEAR - 1))
    after = figures(annual_section(school.pk, YEAR + 1))
    assert before["Care work logged"] == 1
    assert before["四化 inspections"] == 1
    assert before["Average score (of 40)"] == Decimal("0.0")
    assert before["Plantings held"] == 0
    assert after["Care work logged"] == 1
    assert after["Plantings held"] == 1 and after["Plants planted"] == 99


def test_an_empty_year_gives_zeros_and_dashes(other_school):
    section = annual_section(other_school.pk, YEAR)
    assert figures(section) == {
        "Zones in use today": 0,
        "Recorded area of the zones in use": None,
        "Care work logged": 0,
        "Pesticide sprays": 0,
        "四化 inspections": 0,
        "Average score (of 40)": None,
        "Plantings held": 0,
        "Plants planted": 0,
    }
    assert [f.shown for f in section.figures][1] == "—"


def test_the_section_costs_the_same_queries_however_many_rows(
    school, garden, keeper, head
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            annual_section(school.pk, YEAR)
        return len(captured)

    def add_rows(n):
        for _n in range(n):
            extra = zone(school, keepers=[keeper], area=Decimal("10"))
            CareLog.objects.create(
                school=school, zone=extra, task="water", by=keeper, done_at=at(4, 1)
            )
            Inspection.objects.create(
                school=school,
                zone=extra,
                week=datetime.date(YEAR, 4, 6),
                inspected_at=at(4, 7),
                by=head,
                **SCORES,
            )
            PlantingEvent.objects.create(
                school=school,
                zone=extra,
                held_on=datetime.date(YEAR, 4, 1),
                count=3,
                recorded_by=head,
            )

    add_rows(2)
    few = queries()
    add_rows(8)
    assert queries() == few == 4
    assert figures(annual_section(school.pk, YEAR))["Care work logged"] == 10


def test_the_annual_report_page_shows_the_section(
    client_for, school, year_of_work, settings
):
    head = make_user(school, Role.LOGISTICS_HEAD)
    response = client_for(head).get(f"/reports/annual/?year={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Grounds and greening" in page
    assert "Care work logged" in page and "5 times" in page


def test_the_reports_page_lists_the_rankings(client_for, school):
    head = make_user(school, Role.LOGISTICS_HEAD)
    page = client_for(head).get("/reports/").content.decode()
    assert reverse("greening:rankings") in page and "四化 rankings" in page
