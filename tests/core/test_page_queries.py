"""A page pays for the school once: it comes with the profile the request loads."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_page_reads_the_school_only_with_the_profile(
    school, other_school, client_for
):
    client = client_for(make_user(school, Role.STAFF))
    client.get(reverse("notification-list"))  # the session's first read aside
    sql = queries_of(client, reverse("notification-list"))
    reading_school = [q for q in sql if '"logistics_school"' in q]
    assert len(reading_school) == 1, reading_school
    assert '"logistics_profile"' in reading_school[0]


# Session, user, profile (with the school, the number of schools and the bell's
# count), the permissions with the roles, and the page's own list and count: 6.
# It was 10 when the layout asked for the school and the number of schools on
# its own, and 8 while the bell, the roles and the groups' permissions were
# three more queries.
BUDGET = 6


def test_a_simple_page_stays_within_its_query_budget(school, client_for):
    client = client_for(make_user(school, Role.STAFF))
    client.get(reverse("notification-list"))
    assert len(queries_of(client, reverse("notification-list"))) <= BUDGET
