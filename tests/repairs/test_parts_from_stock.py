"""A repair's parts taken from the warehouse are issued through its service, so
they appear in the warehouse's ledger; corrections and removals go back to stock.
Without the warehouse app, parts are typed in as before."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from logistics.registry import registry
from repairs import services
from repairs.forms import PartForm

pytestmark = pytest.mark.django_db

warehouse = pytest.mark.skipif(
    registry.service("supplies.issue") is None, reason="the warehouse app is absent"
)


@pytest.fixture
def tubes(people, school):
    """Ten lamp tubes received into the warehouse (through its service)."""
    keeper = people["storekeeper"]
    registry.service("supplies.receive")(
        by=keeper,
        school_id=school.pk,
        lines=[
            {
                "ref": "1",
                "item_code": "DG-01",
                "name": "LED灯管",
                "specification": "T8 1.2米",
                "unit": "根",
                "quantity": Decimal(10),
                "unit_cost": Decimal("18.50"),
            }
        ],
        source_label="期初",
    )
    return "DG-01"


def on_hand(user, code):
    return next(
        r["on_hand"] for r in registry.service("supplies.items")(user=user, q=code)
    )


@warehouse
def test_part_from_stock_is_issued_and_named_after_the_item(
    in_progress, technician, tubes
):
    part = services.repair_part_add(
        repair=in_progress, quantity=2, stock_item=tubes, by=technician
    )
    assert (part.name, part.unit, part.stock_item_code) == ("LED灯管", "根", "DG-01")
    assert part.stock_movement_id
    assert on_hand(technician, tubes) == 8


@warehouse
def test_correcting_and_removing_a_stock_part_returns_it(
    in_progress, technician, tubes
):
    part = services.repair_part_add(
        repair=in_progress, quantity=3, stock_item=tubes, by=technician
    )
    services.repair_part_change(
        repair=in_progress, part=part, name="x", quantity=1, unit="个", by=technician
    )
    assert on_hand(technician, tubes) == 9
    part.refresh_from_db()
    assert part.name == "LED灯管" and part.quantity == 1
    services.repair_part_change(
        repair=in_progress, part=part, name="x", quantity=4, unit="个", by=technician
    )
    assert on_hand(technician, tubes) == 6
    services.repair_part_remove(repair=in_progress, part=part, by=technician)
    assert on_hand(technician, tubes) == 10


@warehouse
def test_more_than_in_stock_is_refused_and_no_part_recorded(
    in_progress, technician, tubes
):
    with pytest.raises(ValidationError) as error:
        services.repair_part_add(
            repair=in_progress, quantity=11, stock_item=tubes, by=technician
        )
    assert "Not enough" in error.value.messages[0]
    assert not in_progress.parts.exists()


@warehouse
def test_the_part_form_offers_stock_items(technician, tubes):
    form = PartForm(user=technician)
    assert any(code == tubes for code, _label in form.fields["stock_item"].choices)
    form = PartForm(
        data={"stock_item": tubes, "quantity": "1", "unit": "个"}, user=technician
    )
    assert form.is_valid(), form.errors


def test_without_the_warehouse_parts_are_typed_in(monkeypatch, in_progress, technician):
    for key in ("supplies.items", "supplies.issue", "supplies.return"):
        monkeypatch.delitem(registry.services, key, raising=False)
    form = PartForm(user=technician)
    assert "stock_item" not in form.fields
    part = services.repair_part_add(
        repair=in_progress, name="水龙头", quantity=1, unit="个", by=technician
    )
    assert part.stock_movement_id is None
    with pytest.raises(ValidationError) as error:
        services.repair_part_add(
            repair=in_progress, quantity=1, stock_item="DG-01", by=technician
        )
    assert error.value.code == "no_warehouse"
