"""The demo warehouse: about 300 items whose shelves agree with their ledger, a
distribution to every class, and paper use falling against last year."""

from django.db.models import Sum
from django.utils import timezone

import pytest

from logistics.approvals.services import chains_create_defaults
from logistics.models import SchoolClass
from logistics.seed import seed_core
from supplies.models import Item, PrintJob, Requisition, StockMovement
from supplies.seed import seed_supplies
from supplies.selectors import paper_use

pytestmark = pytest.mark.django_db


def test_demo_warehouse_is_consistent_and_idempotent(school):
    seed_core(school)
    chains_create_defaults(school=school)
    seed_supplies(school)
    items = Item.objects.filter(school=school)
    assert 290 <= items.count() <= 320
    sums = dict(
        StockMovement.objects.filter(school=school)
        .values_list("item")
        .annotate(s=Sum("quantity"))
        .values_list("item", "s")
    )
    values = dict(
        StockMovement.objects.filter(school=school)
        .values_list("item")
        .annotate(v=Sum("value"))
        .values_list("item", "v")
    )
    for item in items:
        assert item.on_hand == round(sums.get(item.pk, 0), 2), item
        assert item.on_hand_value == round(values.get(item.pk, 0), 2), item
    assert not StockMovement.objects.filter(at__gt=timezone.now()).exists()
    classes = SchoolClass.objects.filter(school=school).count()
    assert (
        Requisition.objects.filter(distribution__isnull=False).count() == classes == 18
    )
    year = timezone.localdate().year
    from django.contrib.auth.models import User

    use = paper_use(User.objects.get(username="head"), year)
    this_year = sum(
        v for per in use.values() for (y, _m), v in per.items() if y == year
    )
    last_year = sum(
        v for per in use.values() for (y, _m), v in per.items() if y == year - 1
    )
    assert PrintJob.objects.filter(school=school).count() > 100
    months = timezone.localdate().month
    # Same months compared: this year's use is lower.
    same_months_last = sum(
        v
        for per in use.values()
        for (y, m), v in per.items()
        if y == year - 1 and m <= months
    )
    assert this_year < same_months_last, (this_year, same_months_last, last_year)
    count = StockMovement.objects.count()
    seed_supplies(school)
    assert StockMovement.objects.count() == count


def test_scale_adds_items_and_movements_in_step(school):
    seed_core(school)
    chains_create_defaults(school=school)
    seed_supplies(school, scale=400)
    bench = Item.objects.filter(school=school, code__startswith="BENCH-")
    assert bench.count() == 20
    moves = StockMovement.objects.filter(item__in=bench).count()
    assert 2000 <= moves <= 8000
    for item in bench:
        total = item.movements.aggregate(s=Sum("quantity"))["s"]
        assert item.on_hand == total
