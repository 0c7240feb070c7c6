"""Random sequences of receipts, issues, returns and corrections: the shelf always
equals the sum of the ledger, and nothing goes below zero."""

import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplies import ledger
from supplies.choices import MovementKind
from supplies.models import Item, StockMovement

from ..factories import make_user
from .factories import ItemFactory

# Every example runs in the same test transaction: a username must never come
# back (``id(ops)`` did, once the list it named was collected).
KEEPERS = itertools.count()

operation = st.one_of(
    st.tuples(st.just("receipt"), st.integers(1, 50), st.integers(0, 1000)),
    st.tuples(st.just("issue"), st.integers(1, 60), st.just(0)),
    st.tuples(st.just("return"), st.integers(1, 10), st.just(0)),
    st.tuples(st.just("correct"), st.integers(-20, 20).filter(bool), st.just(0)),
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(operation, max_size=25))
def test_on_hand_always_equals_the_sum_of_movements(school, ops):
    from logistics.roles import Role

    keeper = make_user(school, Role.STOREKEEPER, username=f"k{next(KEEPERS)}")
    item = ItemFactory(school=school)
    issues = []
    for kind, quantity, cents in ops:
        try:
            if kind == "receipt":
                ledger.post(
                    item=item,
                    kind=MovementKind.RECEIPT,
                    quantity=Decimal(quantity),
                    unit_cost=Decimal(cents) / 100,
                    by=keeper,
                )
            elif kind == "issue":
                issues.append(
                    ledger.post(
                        item=item,
                        kind=MovementKind.ISSUE,
                        quantity=Decimal(-quantity),
                        by=keeper,
                    )
                )
            elif kind == "return" and issues:
                ledger.movement_return(
                    movement=issues[-1],
                    quantity=Decimal(quantity),
                    by=keeper,
                    reason="",
                )
            elif kind == "correct":
                ledger.post(
                    item=item,
                    kind=MovementKind.STOCKTAKE,
                    quantity=Decimal(quantity),
                    by=keeper,
                )
        except ValidationError:
            pass  # refused: changes nothing
        item.refresh_from_db()
        assert item.on_hand == ledger.on_hand_from_ledger(item)
        assert item.on_hand >= 0 and item.on_hand_value >= 0
        if item.on_hand == 0:
            assert item.on_hand_value == 0
    values = sum(
        StockMovement.objects.filter(item=item).values_list("value", flat=True)
    )
    assert Item.objects.get(pk=item.pk).on_hand_value == (values or 0)
