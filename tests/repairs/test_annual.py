"""The repairs' section of the annual logistics report: the requests filed in a
year, how many were completed, how fast and at what cost, for one school, in one
or two queries however many requests there are."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from logistics.annual import COUNT, HOURS, MONEY, PERCENT
from logistics.registry import registry
from logistics.roles import Role
from repairs.annual import annual_section
from repairs.choices import RepairStatus as S

from ..factories import LocationFactory, make_user
from .factories import RepairRequestFactory

pytestmark = pytest.mark.django_db

M = Decimal


def at(*args):
    """A local (Beijing) time."""
    return timezone.make_aware(datetime.datetime(*args))


def values(section):
    return {str(figure.label): figure.value for figure in section.figures}


def request(location, requester, created, *, due="default", done=None, **fields):
    if due == "default":
        due = created + datetime.timedelta(hours=72)
    return RepairRequestFactory(
        location=location,
        requester=requester,
        created_at=created,
        due_at=due,
        done_at=done,
        **fields,
    )


@pytest.fixture
def year_2025(location, staff, other_school):
    """Seven requests filed in 2025 (four completed, three with a due time, two of
    them on time), and requests just outside the year and at another school."""
    file = lambda *args, **kwargs: request(location, staff, *args, **kwargs)  # noqa: E731
    file(  # 26 h, on time
        at(2025, 3, 1, 8),
        due=at(2025, 3, 4, 8),
        done=at(2025, 3, 2, 10),
        status=S.CONFIRMED,
        labour_hours=M("1.5"),
        cost=M("30.00"),
        rating=5,
    )
    file(  # 48 h, a day late
        at(2025, 6, 10, 9),
        due=at(2025, 6, 11, 9),
        done=at(2025, 6, 12, 9),
        status=S.DONE,
        labour_hours=M("2.0"),
        cost=M("120.50"),
    )
    file(  # filed on New Year's Eve, done in 2026 after 2.25 h, no due time
        at(2025, 12, 31, 23, 30),
        due=None,
        done=at(2026, 1, 1, 1, 45),
        status=S.CONFIRMED,
        labour_hours=M("0.5"),
        cost=M("0.25"),
        rating=4,
    )
    file(  # 24 h, done at the very due time: on time
        at(2025, 10, 1, 10),
        due=at(2025, 10, 2, 10),
        done=at(2025, 10, 2, 10),
        status=S.CONFIRMED,
        labour_hours=M("1.0"),
        cost=M("10.00"),
        rating=4,
    )
    file(at(2025, 7, 1, 9), status=S.IN_PROGRESS)
    # Sent back: the first attempt's hours and cost are not a completed repair's.
    file(
        at(2025, 8, 1, 9),
        status=S.REOPENED,
        labour_hours=M("3.0"),
        cost=M("50.00"),
    )
    file(at(2025, 9, 1, 9), status=S.CANCELLED)
    # Just outside the year, in local time.
    file(
        at(2024, 12, 31, 23, 59),
        done=at(2025, 1, 1, 8),
        status=S.CONFIRMED,
        labour_hours=M("9.0"),
        cost=M("900.00"),
        rating=1,
    )
    file(at(2026, 1, 1, 0, 10), status=S.SUBMITTED)
    # Another school's year.
    elsewhere = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    request(
        elsewhere,
        make_user(other_school, Role.STAFF),
        at(2025, 5, 5, 9),
        done=at(2025, 5, 5, 10),
        status=S.CONFIRMED,
        labour_hours=M("7.0"),
        cost=M("700.00"),
        rating=1,
    )


def test_the_year_is_counted_exactly(school, year_2025):
    section = annual_section(school.pk, 2025)

    assert str(section.title) == "Repairs"
    assert section.order == 20
    assert section.url == reverse("repairs:queue")
    assert values(section) == {
        "Requests filed": 7,
        "Completed, of those filed": 4,
        "Completion rate": M("57.1"),  # 4 of 7
        "Completed on time": M("66.7"),  # 2 of the 3 with a due time
        "Average hours from filing to done": M("25.1"),  # (26+48+2.25+24) / 4
        "Labour hours": M("5.0"),
        "Repair cost": M("160.75"),
        "Average rating": M("4.3"),  # (5+4+4) / 3
    }
    kinds = {str(figure.label): figure.kind for figure in section.figures}
    assert kinds["Requests filed"] == COUNT
    assert kinds["Completion rate"] == kinds["Completed on time"] == PERCENT
    assert kinds["Average hours from filing to done"] == kinds["Labour hours"] == HOURS
    assert kinds["Repair cost"] == MONEY


def test_the_years_around_count_only_their_own_requests(school, year_2025):
    before = values(annual_section(school.pk, 2024))
    after = values(annual_section(school.pk, 2026))

    assert before["Requests filed"] == 1
    assert before["Repair cost"] == M("900.00")
    assert before["Average rating"] == M("1.0")
    assert after["Requests filed"] == 1
    assert after["Completed, of those filed"] == 0


def test_another_school_counts_only_its_own(other_school, year_2025):
    found = values(annual_section(other_school.pk, 2025))

    assert found["Requests filed"] == 1
    assert found["Labour hours"] == M("7.0")
    assert found["Repair cost"] == M("700.00")
    assert found["Average hours from filing to done"] == M("1.0")


def test_an_empty_year_gives_zeros_and_dashes(school, year_2025):
    assert values(annual_section(school.pk, 2019)) == {
        "Requests filed": 0,
        "Completed, of those filed": 0,
        "Completion rate": None,
        "Completed on time": None,
        "Average hours from filing to done": None,
        "Labour hours": M("0.0"),
        "Repair cost": M("0.00"),
        "Average rating": None,
    }


def test_a_school_that_never_filed_a_request_has_no_section(school):
    assert annual_section(school.pk, 2025) is None


def test_a_request_through_the_services_counts_this_year(school, done):
    found = values(annual_section(school.pk, timezone.localdate().year))

    assert found["Requests filed"] == 1
    assert found["Completed, of those filed"] == 1
    assert found["Labour hours"] == M("1.5")
    assert found["Repair cost"] == M("30.00")


def test_the_queries_do_not_grow_with_the_requests(school, location, staff):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            annual_section(school.pk, 2025)
        return len(captured)

    for day in (1, 2):
        request(location, staff, at(2025, 4, day, 9), done=at(2025, 4, day, 15))
    few = queries()
    for day in range(3, 13):
        request(location, staff, at(2025, 4, day, 9), done=at(2025, 4, day, 15))
        request(location, staff, at(2025, 5, day, 9), status=S.CANCELLED)

    assert queries() == few == 1


def test_the_annual_report_page_shows_the_section(
    school, year_2025, client_for, monkeypatch
):
    # Registered by the app; the page is read with this section alone, so that
    # another app's section cannot fail this test.
    assert annual_section in registry.annual_sections
    monkeypatch.setattr(registry, "annual_sections", [annual_section])
    head = make_user(school, Role.LOGISTICS_HEAD)

    with translation.override("zh-hans"):
        page = client_for(head).get(reverse("annual-report"), {"year": "2025"})

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<a href="{reverse("repairs:queue")}">维修</a>' in html
    assert "按时完成率" in html and "66.7%" in html
    assert "¥160.75" in html


def test_the_statistics_page_is_listed_for_those_who_may_open_it(school):
    from logistics.registry import may_open

    item = next(i for i in registry.reports if i.url_name == "repairs:stats")
    assert item.permission == "repairs.view_repair_statistics"
    assert may_open(make_user(school, Role.LOGISTICS_HEAD), item.permission)
    assert not may_open(make_user(school, Role.STAFF), item.permission)
