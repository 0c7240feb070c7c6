"""Procurement and the warehouse installed together: acceptance goes through the
real "supplies.receive" (no stand-in), and low stock drafts a real purchase."""

from decimal import Decimal

import pytest

from logistics.registry import registry
from procurement import services
from procurement.choices import PurchaseStatus
from procurement.models import PurchaseRequest
from supplies.models import Item, StockMovement

from .factories import TODAY, line, reload, submitted, supplier

pytestmark = pytest.mark.django_db


def test_accepted_consumables_are_on_the_warehouse_shelf_with_the_purchase_as_source(
    school, staff, head, storekeeper
):
    purchase = submitted(
        staff,
        lines=[line(name="白板笔", specification="黑色", quantity="20", price="3")],
    )
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    [pens] = purchase.lines.all()
    services.purchase_accept(
        purchase=purchase,
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        invoice_number="FP-1",
        received={pens.pk: (Decimal("20"), Decimal("2.50"))},
    )
    assert reload(purchase).status == PurchaseStatus.RECEIVED
    item = Item.objects.get(school=school, name="白板笔", specification="黑色")
    assert item.on_hand == Decimal("20")
    [receipt] = StockMovement.objects.filter(item=item)
    assert receipt.unit_cost == Decimal("2.50")
    assert receipt.by == storekeeper
    assert purchase.number in receipt.source_label


def test_the_low_stock_selection_drafts_a_real_purchase_request(school, storekeeper):
    draft_purchase = registry.service("procurement.draft_purchase")
    draft = draft_purchase(
        by=storekeeper,
        title="补充库存",
        reason="低于库存下限",
        lines=[
            {
                "item_code": "BG0001",
                "name": "A4复印纸",
                "specification": "70g",
                "unit": "包",
                "quantity": Decimal("30"),
                "estimated_unit_price": Decimal("25"),
                "kind": "consumable",
            }
        ],
    )
    draft = PurchaseRequest.objects.get(pk=draft.pk)
    assert draft.status == PurchaseStatus.DRAFT and draft.requester == storekeeper
    [only] = draft.lines.all()
    assert (only.item_code, only.quantity) == ("BG0001", Decimal("30"))
