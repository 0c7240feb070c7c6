"""The zone list: every zone's keepers, plants and state (latest score, open
problems, keep off) and the filter's drop-downs in at most 10 queries, the same
for 3 zones as for 30."""

import datetime

from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from greening import services
from greening.models import CareLog, Inspection, Plant, Zone
from greening.views import CountedPagePaginator
from logistics.models import SchoolClass
from logistics.roles import Role
from tests.factories import make_user

from .factories import species, zone

pytestmark = pytest.mark.django_db

SCORES = {"green": 9, "beautiful": 8, "clean_score": 10, "fragrant": 7}
MONDAY = datetime.date(2026, 6, 1)


def furnished(school, place, head, n, start=0):
    """``n`` zones, each with a keeper, a class, two plant rows (one needing
    care), two weeks of scores (the latest with a problem) and a running spray."""
    rose = species(school)
    made = []
    for i in range(start, start + n):
        keeper = make_user(school, Role.ZONE_KEEPER, real_name=f"园丁{i}")
        made.append(
            zone(
                school,
                keepers=[keeper],
                name=f"绿地{i:03d}",
                location=place,
                school_class=SchoolClass.objects.create(
                    school=school, grade=7 + i // 50, number=i % 50 + 1
                ),
            )
        )
    Plant.objects.bulk_create(
        Plant(school=school, zone=z, species=rose, count=3, condition=condition)
        for z in made
        for condition in ("thriving", "needs_care")
    )
    for z in made:
        for week, problem in ((MONDAY, ""), (MONDAY + datetime.timedelta(7), "枯枝")):
            Inspection.objects.create(
                school=school, zone=z, by=head, week=week, problem=problem, **SCORES
            )
        CareLog.objects.create(
            school=school,
            zone=z,
            by=head,
            task="spray",
            keep_off_until=timezone.now() + datetime.timedelta(hours=5),
        )
    return made


def counted(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_zone_list_takes_the_same_queries_for_3_zones_as_for_30(
    client_for, school, place, head
):
    furnished(school, place, head, 3)
    client = client_for(head)
    url = reverse("greening:zones")
    client.get(url)  # the session settles
    few, page = counted(client, url)
    assert page.count("绿地") == 3
    furnished(school, place, head, 27, start=3)
    many, page = counted(client, url)
    assert page.count('href="/greening/zones/') >= 30
    assert many == few <= 10
    # A filter in use costs nothing more.
    assert counted(client, url + "?kind=green_area&q=绿地")[0] == few


def test_each_row_shows_its_keepers_plants_and_latest_state(
    client_for, school, place, head
):
    (first,) = furnished(school, place, head, 1)
    page = client_for(head).get(reverse("greening:zones")).content.decode()
    row = page[page.index("绿地000") :]
    row = row[: row.index("</tr>")]
    assert "园丁0" in row and str(first.school_class) in row
    assert '<td class="text-end">2</td>' in row  # plant rows
    assert "34/40" in row  # the latest week's score
    # The latest inspection's problem and the plant needing care.
    assert "2 open problems" in row
    assert "Recently sprayed, keep off" in row


def test_a_zone_never_scored_says_so_and_has_no_problems(client_for, garden, head):
    page = client_for(head).get(reverse("greening:zones")).content.decode()
    row = page[page.index("教学楼前花坛") :]
    row = row[: row.index("</tr>")]
    assert "Not scored yet" in row
    assert "open problem" not in row and "keep off" not in row


def test_the_filter_offers_the_schools_places_people_and_classes_and_filters(
    client_for, school, other_school, place, head
):
    first, second = furnished(school, place, head, 2)
    elsewhere = make_user(other_school, Role.ZONE_KEEPER, real_name="外校园丁")
    client = client_for(head)
    page = client.get(reverse("greening:zones")).content.decode()
    for option in ("园丁0", "园丁1", str(second.school_class), place.campus.name):
        assert option in page
    assert "外校园丁" not in page
    keeper = second.keepers.get()
    page = client.get(reverse("greening:zones") + f"?keeper_id={keeper.pk}")
    text = page.content.decode()
    assert "绿地001" in text and "绿地000" not in text
    assert f'<option value="{keeper.pk}" selected>园丁1</option>' in text
    # Someone of another school is no choice.
    refused = client.get(reverse("greening:zones") + f"?keeper_id={elsewhere.pk}")
    assert "绿地" not in refused.content.decode().split("<tbody>")[1]


def test_pages_of_the_zone_list_count_the_rows_with_the_page(
    client_for, school, place, head
):
    furnished(school, place, head, 53)
    client = client_for(head)
    first = client.get(reverse("greening:zones")).content.decode()
    assert first.count('href="/greening/zones/') >= 50 and "绿地052" not in first
    second = client.get(reverse("greening:zones") + "?page=2").content.decode()
    assert "绿地052" in second and "绿地000" not in second
    assert client.get(reverse("greening:zones") + "?page=3").status_code == 404
    assert client.get(reverse("greening:zones") + "?page=x").status_code == 404


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (5, 2), (4, 3), (50, 0)])
def test_the_counted_paginator_pages_as_django_does(
    school, place, head, per_page, orphans
):
    furnished(school, place, head, 12)
    zones = Zone.objects.filter(school=school).order_by("name")
    plain = Paginator(zones, per_page, orphans=orphans)
    for number in plain.page_range:
        counted_pages = CountedPagePaginator(zones, per_page, orphans=orphans)
        expected, got = plain.page(number), counted_pages.page(number)
        assert [z.pk for z in got] == [z.pk for z in expected]
        assert counted_pages.count == plain.count
        assert (got.has_next(), got.start_index(), got.end_index()) == (
            expected.has_next(),
            expected.start_index(),
            expected.end_index(),
        )
    with pytest.raises(EmptyPage):
        CountedPagePaginator(zones, per_page, orphans=orphans).page(plain.num_pages + 1)
    empty = CountedPagePaginator(zones.none(), per_page).page(1)
    assert list(empty) == [] and empty.paginator.count == 0


def test_the_campus_plan_colours_zones_by_the_same_states(client_for, garden, head):
    services.inspection_record(zone=garden, by=head, scores=SCORES, problem="枯枝")
    page = client_for(head).get(reverse("greening:plan")).content.decode()
    item = page[page.index("教学楼前花坛</a>") :]
    item = item[: item.index("</li>")]
    assert "34/40" in item and "1 open problem" in item
