"""Fifty people issuing at once from a shelf of ten: exactly ten get one."""

import threading
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from supplies import services
from supplies.models import Item, StockMovement

from .factories import stocked

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def test_fifty_concurrent_issues_against_ten_give_exactly_ten(school, people):
    keeper = people["storekeeper"]
    item = stocked(school, keeper, quantity=10)
    barrier = threading.Barrier(50)
    results = []

    def take():
        try:
            barrier.wait()
            services.issue(
                by=keeper,
                school_id=school.pk,
                item_code=item.code,
                quantity=Decimal(1),
                purpose="并发",
                source_label="test",
            )
            results.append("ok")
        except ValidationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [r for r in results if r != "ok"]
    assert results.count("ok") == 10 and len(refused) == 40
    assert all(r.code == "not_enough_stock" for r in refused)
    assert Item.objects.get(pk=item.pk).on_hand == 0
    assert StockMovement.objects.filter(item=item, kind="issue").count() == 10
