"""The lists, the inbox and the ledger export cost the same queries for 2 or 12
requests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from procurement import services

from .factories import line, reload, submitted

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def add(staff, head, n):
    for _ in range(n):
        purchase = submitted(staff, lines=[line(), line(name="订书机")])
        services.purchase_approve(purchase=reload(purchase), by=head, comment="同意")
        submitted(staff, total="120")


@pytest.mark.parametrize(
    "url, who",
    [
        ("procurement:list", "accountant"),
        ("procurement:export", "accountant"),
        ("procurement:mine", "staff"),
        ("approvals:inbox", "head"),
        ("procurement:budget", "accountant"),
    ],
)
def test_queries_do_not_grow_with_the_rows(
    url, who, school, staff, head, accountant, client_for
):
    user = {"staff": staff, "head": head, "accountant": accountant}[who]
    client = client_for(user)
    add(staff, head, 2)
    client.get(reverse(url))  # warm: sessions, content types
    few = count(client, reverse(url))
    add(staff, head, 10)
    assert count(client, reverse(url)) == few
