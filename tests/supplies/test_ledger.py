"""The stock ledger: on-hand quantity and value move with the movements, atomically."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from supplies import ledger
from supplies.choices import MovementKind
from supplies.models import Item, StockMovement

from .factories import ItemFactory, stocked

D = Decimal


def test_receipt_raises_on_hand_value_and_last_cost(school, keeper):
    item = stocked(school, keeper, quantity=10, unit_cost="2.00")
    ledger.post(
        item=item,
        kind=MovementKind.RECEIPT,
        quantity=D(10),
        unit_cost=D("4.00"),
        by=keeper,
    )
    item.refresh_from_db()
    assert item.on_hand == 20
    assert item.on_hand_value == D("60.00")
    assert item.average_cost == D("3.0000")
    assert item.last_unit_cost == D("4.0000")


def test_issue_takes_the_moving_average_cost(school, keeper):
    item = stocked(school, keeper, quantity=3, unit_cost="1.00")
    move = ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-1), by=keeper)
    item.refresh_from_db()
    assert move.value == D("-1.00") and move.on_hand_after == 2
    ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-2), by=keeper)
    item.refresh_from_db()
    assert item.on_hand == 0 and item.on_hand_value == 0


def test_issue_beyond_stock_is_refused_and_changes_nothing(school, keeper):
    item = stocked(school, keeper, quantity=2)
    with pytest.raises(ValidationError) as error:
        ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-3), by=keeper)
    assert "Not enough" in error.value.messages[0]
    item.refresh_from_db()
    assert item.on_hand == 2
    assert StockMovement.objects.filter(item=item).count() == 1


def test_fraction_of_an_indivisible_unit_is_refused(school, keeper):
    item = stocked(school, keeper, quantity=5)
    with pytest.raises(ValidationError) as error:
        ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D("-0.5"), by=keeper)
    assert error.value.code == "not_whole"


def test_divisible_unit_takes_fractions(school, keeper):
    item = stocked(school, keeper, quantity=5, divisible=True, unit="米")
    ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D("-1.5"), by=keeper)
    item.refresh_from_db()
    assert item.on_hand == D("3.5")


def test_database_refuses_negative_stock(school):
    item = ItemFactory(school=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(on_hand=D(-1))


def test_return_gives_back_at_the_issue_cost_and_not_more(school, keeper):
    item = stocked(school, keeper, quantity=4, unit_cost="5.00")
    issue = ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-3), by=keeper)
    ledger.movement_return(movement=issue, quantity=D(2), by=keeper, reason="多领")
    item.refresh_from_db()
    assert item.on_hand == 3 and item.on_hand_value == D("15.00")
    with pytest.raises(ValidationError) as error:
        ledger.movement_return(movement=issue, quantity=D(2), by=keeper, reason="x")
    assert error.value.code == "return_too_much"


def test_stocktake_correction_either_way(school, keeper):
    item = stocked(school, keeper, quantity=4, unit_cost="1.00")
    ledger.post(item=item, kind=MovementKind.STOCKTAKE, quantity=D(-1), by=keeper)
    ledger.post(item=item, kind=MovementKind.STOCKTAKE, quantity=D(3), by=keeper)
    item.refresh_from_db()
    assert item.on_hand == 6 == ledger.on_hand_from_ledger(item)


def test_falling_below_reorder_level_tells_the_storekeeper(
    school, keeper, django_capture_on_commit_callbacks
):
    from logistics.models import Notification

    item = stocked(school, keeper, quantity=5, reorder_level=D(3))
    with django_capture_on_commit_callbacks(execute=True):
        ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-1), by=keeper)
    assert not Notification.objects.filter(recipient=keeper).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ledger.post(item=item, kind=MovementKind.ISSUE, quantity=D(-1), by=keeper)
    notice = Notification.objects.get(recipient=keeper)
    assert item.get_absolute_url() == notice.url
