"""Factories for the warehouse's tests."""

from decimal import Decimal

import factory

from supplies.models import Item


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"物品{n}")
    specification = "标准"
    unit = "个"
    reorder_level = Decimal("0")


def stocked(school, keeper, *, quantity, unit_cost="2.50", **kwargs):
    """An item with ``quantity`` received at ``unit_cost``."""
    from supplies import ledger
    from supplies.choices import MovementKind

    item = ItemFactory(school=school, **kwargs)
    if quantity:
        ledger.post(
            item=item,
            kind=MovementKind.RECEIPT,
            quantity=Decimal(quantity),
            unit_cost=Decimal(unit_cost),
            by=keeper,
            source_label="期初",
        )
        item.refresh_from_db()
    return item
