"""Importing the catalogue and opening stock: preview with row errors, all or none."""

from decimal import Decimal

import pytest
import tablib

from supplies.models import Item, StockMovement
from supplies.resources import ItemResource, OpeningStockResource

from .factories import ItemFactory

pytestmark = pytest.mark.django_db


def dataset(headers, *rows):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def test_catalogue_import_creates_items_in_the_users_school(keeper, school):
    data = dataset(
        ["code", "name", "specification", "unit", "divisible", "category code"],
        ["BG-001", "中性笔", "0.5mm 黑", "支", "0", "0102"],
        ["BG-002", "电线", "2.5平方", "米", "1", ""],
    )
    result = ItemResource(user=keeper).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    pen = Item.objects.get(school=school, code="BG-001")
    assert pen.category.code == "0102" and pen.on_hand == 0
    assert Item.objects.get(code="BG-002").divisible


def test_opening_stock_posts_receipts(keeper, school):
    item = ItemFactory(school=school, code="BG-001")
    data = dataset(["code", "quantity", "unit_cost"], ["BG-001", "30", "1.20"])
    result = OpeningStockResource(user=keeper).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    item.refresh_from_db()
    assert item.on_hand == 30 and item.on_hand_value == Decimal("36.00")
    assert StockMovement.objects.get(item=item).kind == "receipt"


def test_unknown_code_or_bad_quantity_is_a_row_error_and_nothing_is_posted(
    keeper, school
):
    ItemFactory(school=school, code="BG-001")
    data = dataset(
        ["code", "quantity", "unit_cost"],
        ["BG-001", "5", "1.00"],
        ["NOPE-9", "5", "1.00"],
        ["BG-001", "0.5", "1.00"],
        ["BG-001", "-3", "1.00"],
    )
    result = OpeningStockResource(user=keeper).import_data(data, dry_run=True)
    assert result.has_validation_errors()
    messages = " ".join(
        str(m) for row in result.invalid_rows for m in row.error_dict.values()
    )
    assert "NOPE-9" in messages
    assert len(result.invalid_rows) == 3
    assert not StockMovement.objects.exists()
