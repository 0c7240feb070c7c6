"""Pages found by their keys first: the same rows as Django's paginator, cheaper deep down."""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from logistics.models import Location
from logistics.pagination import DeferredJoinPaginator
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms(school, location):
    for n in range(55):
        LocationFactory(
            school=school,
            building=location.building,
            campus=location.campus,
            code=f"R{(n * 7) % 61:03d}",
        )
    return (
        Location.objects.filter(school=school)
        .select_related("building")
        .annotate(label=Concat(F("code"), Value("·"), F("name")))
        .order_by("-code")
    )


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (5, 2), (10, 3), (50, 0)])
def test_every_page_holds_the_rows_django_would_show(rooms, per_page, orphans):
    plain = Paginator(rooms, per_page, orphans=orphans)
    deferred = DeferredJoinPaginator(rooms, per_page, orphans=orphans)
    assert deferred.num_pages == plain.num_pages
    for number in plain.page_range:
        expected, got = plain.page(number), deferred.page(number)
        assert [r.pk for r in got] == [r.pk for r in expected]
        assert [r.label for r in got] == [r.label for r in expected]
        assert (got.has_next(), got.start_index(), got.end_index()) == (
            expected.has_next(),
            expected.start_index(),
            expected.end_index(),
        )


def test_the_page_is_one_query_whose_offset_reads_keys_only(rooms):
    paginator = DeferredJoinPaginator(rooms, 5)
    paginator.count  # noqa: B018  (counted once, as Django does)

    def page_queries(number):
        with CaptureQueriesContext(connection) as captured:
            list(paginator.page(number))
        return [query["sql"] for query in captured]

    first, last = page_queries(1), page_queries(paginator.num_pages)
    # One query: the rows with their joins, for the keys an inner query finds
    # with the list's filters and order alone.
    assert len(first) == len(last) == 1
    (query,) = last
    inner = query.index("(SELECT")
    assert "JOIN" in query[:inner]
    assert "OFFSET" in query[inner:] and "JOIN" not in query[inner:]


def test_an_empty_list_has_one_empty_page(school):
    page = DeferredJoinPaginator(Location.objects.filter(school=school), 10).page(1)
    assert list(page) == [] and page.paginator.num_pages == 1


def test_the_places_list_pages_through_it(client_for, people, rooms):
    client = client_for(people["logistics_head"])
    codes = []
    for number in (1, 2):
        response = client.get(reverse("location-list"), {"page": number})
        assert response.status_code == 200, response.status_code
        assert isinstance(response.context["paginator"], DeferredJoinPaginator)
        codes += [row.code for row in response.context["page_obj"]]
    assert len(codes) == len(set(codes)) == 56
