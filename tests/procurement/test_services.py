"""Purchase requests through the core approval chain: routing by amount, who may
decide, budgets, withdrawal and resubmission, acceptance and payment."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from assets.models import Asset
from logistics.approvals.models import Approval
from logistics.approvals.selectors import waiting_for
from logistics.approvals.services import approval_decide_many
from logistics.registry import registry
from procurement import services
from procurement.choices import PurchaseStatus
from procurement.models import BudgetLine, PurchaseVersion

from .factories import (
    TODAY,
    budget_line,
    draft,
    line,
    quotes,
    reload,
    submitted,
    supplier,
)

pytestmark = pytest.mark.django_db
S = PurchaseStatus


def approval_of(purchase):
    return Approval.objects.filter(
        kind="procurement.purchase", object_id=purchase.pk
    ).latest("id")


def steps(purchase):
    return [
        (stage.role, stage.collective)
        for stage in approval_of(purchase).stages.order_by("order")
    ]


def minutes():
    return SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes")


@pytest.mark.parametrize(
    "total, expected",
    [
        ("2999.99", [("logistics_head", False)]),
        ("3000.00", [("logistics_head", False), ("director", False)]),
        ("49999.99", [("logistics_head", False), ("director", False)]),
        (
            "50000.00",
            [("logistics_head", False), ("director", False), ("director", True)],
        ),
    ],
)
def test_the_chain_follows_the_total_at_each_amount_boundary(
    school, staff, head, director, total, expected
):
    purchase = submitted(staff, total=total)
    assert steps(purchase) == expected
    assert approval_of(purchase).amount == Decimal(total)
    assert [i.approval for i in waiting_for(head)] == [approval_of(purchase)]
    assert waiting_for(director) == []


def test_a_small_purchase_is_approved_by_the_head_alone(school, staff, head):
    purchase = submitted(staff, total="500")
    services.purchase_approve(purchase=purchase, by=head, comment="同意")
    assert reload(purchase).status == S.APPROVED


def test_a_large_purchase_goes_head_director_then_the_meeting_with_its_minutes(
    school, staff, head, director
):
    purchase = submitted(staff, total="60000")
    services.purchase_approve(purchase=purchase, by=head)
    assert reload(purchase).status == S.SUBMITTED
    services.purchase_approve(purchase=reload(purchase), by=director)
    with pytest.raises(ValidationError):
        services.purchase_approve(purchase=reload(purchase), by=director)
    services.purchase_approve(
        purchase=reload(purchase),
        by=director,
        meeting_date=TODAY,
        minutes=minutes(),
        comment="校务会研究同意",
    )
    purchase = reload(purchase)
    assert purchase.status == S.APPROVED
    assert purchase.approved_at is not None


def test_nobody_approves_their_own_request(school, head, second_head):
    purchase = submitted(head, total="800")
    # The head's own step goes to another head (the last step never skips).
    assert steps(purchase) == [("logistics_head", False)]
    with pytest.raises(ValidationError):
        services.purchase_approve(purchase=purchase, by=head)
    assert not services.PURCHASE_WORKFLOW.allows(purchase, head, "approve")
    assert waiting_for(head) == []
    services.purchase_approve(purchase=purchase, by=second_head)
    assert reload(purchase).status == S.APPROVED


def test_the_heads_own_larger_request_skips_to_the_director(school, head, director):
    purchase = submitted(head, total="5000")
    stages = list(approval_of(purchase).stages.order_by("order"))
    assert stages[0].status == "skipped"
    assert [i.approval for i in waiting_for(director)] == [approval_of(purchase)]
    services.purchase_approve(purchase=purchase, by=director)
    assert reload(purchase).status == S.APPROVED


def test_a_request_over_the_budget_line_is_stopped_then_overridden_by_an_approver(
    school, staff, head
):
    small = budget_line(school, amount="1000.00", code="301", name="办公费")
    purchase = draft(staff, total="1200", line_of=small)
    with pytest.raises(ValidationError) as refused:
        services.purchase_submit(purchase=purchase, by=staff)
    assert refused.value.code == "over_budget"
    assert "200.00" in refused.value.messages[0]
    assert reload(purchase).status == S.DRAFT
    # The requester may not let their own request over budget.
    with pytest.raises(ValidationError):
        services.purchase_override(purchase=purchase, by=staff, reason="急需")
    services.purchase_override(
        purchase=purchase, by=head, reason="开学急需，下季度追加"
    )
    purchase = reload(purchase)
    assert purchase.override_total == Decimal("1200.00")
    assert purchase.override_by == head
    services.purchase_submit(purchase=purchase, by=staff)
    assert reload(purchase).status == S.SUBMITTED
    # The override stands on the timeline too.
    assert any("开学急需" in entry.comment for entry in purchase.timeline())


def test_an_override_covers_only_the_amount_it_was_given_for(school, staff, head):
    small = budget_line(school, amount="1000.00", code="301", name="办公费")
    purchase = draft(staff, total="1200", line_of=small)
    services.purchase_override(purchase=purchase, by=head, reason="急需")
    services.purchase_update(
        purchase=purchase,
        by=staff,
        title=purchase.title,
        reason=purchase.reason,
        budget_line=small,
        wanted_by=None,
        lines=[line(quantity="1", price="1500")],
    )
    with pytest.raises(ValidationError):
        services.purchase_submit(purchase=reload(purchase), by=staff)


def test_withdraw_before_the_first_decision_but_not_after(
    school, staff, head, director
):
    first = submitted(staff, total="5000")
    services.purchase_withdraw(purchase=first, by=staff)
    assert reload(first).status == S.WITHDRAWN
    assert approval_of(first).status == "cancelled"
    assert waiting_for(head) == []

    second = submitted(staff, total="5000")
    services.purchase_approve(purchase=second, by=head)
    with pytest.raises(ValidationError):
        services.purchase_withdraw(purchase=reload(second), by=staff)
    assert reload(second).status == S.SUBMITTED


def test_only_the_requester_withdraws(school, staff, colleague):
    purchase = submitted(staff, total="100")
    with pytest.raises(ValidationError):
        services.purchase_withdraw(purchase=purchase, by=colleague)


def test_edit_and_resubmit_after_a_rejection_keeps_both_versions(
    school, staff, head, director
):
    purchase = submitted(staff, total="5000")
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_reject(purchase=reload(purchase), by=director, comment="价格偏高")
    purchase = reload(purchase)
    assert purchase.status == S.REJECTED
    services.purchase_update(
        purchase=purchase,
        by=staff,
        title="办公用品采购（调整）",
        reason="按校长意见压缩",
        budget_line=purchase.budget_line,
        wanted_by=None,
        lines=[line(quantity="1", price="2800")],
    )
    services.purchase_submit(purchase=reload(purchase), by=staff)
    purchase = reload(purchase)
    assert purchase.status == S.SUBMITTED and purchase.version == 2
    versions = list(PurchaseVersion.objects.filter(request=purchase))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].data["estimated_total"] == "5000.00"
    assert versions[1].data["estimated_total"] == "2800.00"
    # Below ¥3,000 now: the head alone decides the new version.
    assert steps(purchase) == [("logistics_head", False)]
    assert (
        Approval.objects.filter(
            object_id=purchase.pk, kind="procurement.purchase"
        ).count()
        == 2
    )


def test_an_approved_request_cannot_be_edited(school, staff, head):
    purchase = submitted(staff, total="100")
    services.purchase_approve(purchase=purchase, by=head)
    with pytest.raises(ValidationError):
        services.purchase_update(
            purchase=reload(purchase),
            by=staff,
            title="x",
            reason="",
            budget_line=purchase.budget_line,
            wanted_by=None,
            lines=[line()],
        )


def test_lines_without_quantity_or_price_are_refused_with_the_line_named(staff, school):
    with pytest.raises(ValidationError) as refused:
        draft(
            staff,
            lines=[
                line(),
                {"name": "订书机", "quantity": "", "estimated_unit_price": "5"},
            ],
        )
    assert "2" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        draft(staff, lines=[line(price="-1")])
    with pytest.raises(ValidationError):
        draft(staff, lines=[line(kind="asset", quantity="1.5")])


def test_totals_are_computed_from_the_lines(staff, school):
    purchase = draft(
        staff,
        lines=[
            line(quantity="3", price="25.50"),
            line(name="订书机", quantity="2", price="18"),
        ],
    )
    assert purchase.estimated_total == Decimal("112.50")
    assert [item.estimated_amount for item in purchase.lines.all()] == [
        Decimal("76.50"),
        Decimal("36.00"),
    ]


def test_three_quotes_are_needed_from_the_schools_amount(staff, school):
    purchase = draft(staff, total="12000")
    with pytest.raises(ValidationError) as refused:
        services.purchase_submit(purchase=purchase, by=staff)
    assert refused.value.code == "quotes_needed"
    quotes(purchase, staff, count=3)
    services.purchase_submit(purchase=reload(purchase), by=staff)


def test_several_purchases_are_approved_at_once_from_the_inbox(school, staff, head):
    purchases = [submitted(staff, total="100") for _ in range(3)]
    items = waiting_for(head)
    decided, refused = approval_decide_many(
        approvals=[item.approval for item in items], by=head
    )
    assert len(decided) == 3 and not refused
    assert {reload(p).status for p in purchases} == {S.APPROVED}


def test_budget_figures_follow_the_purchases(
    school, staff, head, accountant, storekeeper, warehouse
):
    budget = budget_line(school, amount="10000.00")
    services.budget_adjust(
        by=accountant, budget_line=budget, amount=Decimal("500"), reason="追加"
    )
    pending = submitted(staff, total="1000", line_of=budget)
    approved = submitted(staff, total="2000", line_of=budget)
    services.purchase_approve(purchase=approved, by=head)
    paid = submitted(staff, total="700", line_of=budget)
    services.purchase_approve(purchase=paid, by=head)
    order_accept_pay(paid, storekeeper, head, accountant, price="650")
    figures = BudgetLine.objects.with_figures().get(pk=budget.pk)
    assert figures.adjusted == Decimal("10500.00")
    assert figures.committed == Decimal("2000.00")
    assert figures.spent == Decimal("650.00")
    assert figures.remaining == Decimal("7850.00")
    assert pending.status == S.SUBMITTED
    with pytest.raises(ValidationError):
        services.budget_adjust(
            by=staff, budget_line=budget, amount=Decimal("1"), reason="x"
        )


def order_accept_pay(purchase, storekeeper, witness, accountant, *, price):
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(purchase.school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    services.purchase_accept(
        purchase=purchase,
        by=storekeeper,
        witness=witness,
        accepted_on=TODAY,
        invoice_number="FP-001",
        received={
            item.pk: (item.quantity, Decimal(price)) for item in purchase.lines.all()
        },
    )
    services.purchase_pay(
        purchase=reload(purchase),
        by=accountant,
        paid_on=TODAY,
        voucher_number="记-0042",
    )
    return reload(purchase)


def test_acceptance_sends_consumables_to_the_warehouse_and_assets_to_the_ledger(
    school, staff, head, storekeeper, warehouse
):
    purchase = submitted(
        staff,
        lines=[
            line(name="A4复印纸", quantity="10", price="25", item_code="HC0007"),
            line(
                name="投影仪",
                specification="EB-X51",
                quantity="2",
                price="1200",
                kind="asset",
                unit="台",
            ),
        ],
    )
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    paper, projector = purchase.lines.all()
    acceptance = services.purchase_accept(
        purchase=purchase,
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        invoice_number="FP-2025-88",
        delivery_note=SimpleUploadedFile("note.png", _png()),
        received={
            paper.pk: (Decimal("10"), Decimal("24.50")),
            projector.pk: (Decimal("2"), Decimal("1150")),
        },
    )
    # One call to the warehouse with the consumable line only.
    [call] = warehouse.calls
    assert call["lines"] == [
        {
            "ref": f"line-{paper.pk}",
            "item_code": "HC0007",
            "name": "A4复印纸",
            "specification": "70g 500张",
            "unit": "包",
            "quantity": Decimal("10"),
            "unit_cost": Decimal("24.50"),
        }
    ]
    assert call["school_id"] == school.pk and call["by"] == storekeeper
    # Two asset cards, one per unit, with price, date, supplier and invoice.
    cards = list(Asset.objects.filter(school=school, name="投影仪"))
    assert len(cards) == 2
    for card in cards:
        assert card.unit_price == Decimal("1150.00")
        assert card.acquired_on == TODAY
        assert card.supplier == "文华办公用品公司"
        assert card.invoice_number == "FP-2025-88"
        assert purchase.number in card.notes
    kinds = [r["kind"] for r in acceptance.results]
    assert kinds == ["stock", "asset", "asset"]
    purchase = reload(purchase)
    assert purchase.status == S.RECEIVED
    assert purchase.actual_total == Decimal("2545.00")
    assert acceptance.delivery_note


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(out, format="PNG")
    return out.getvalue()


def test_without_the_warehouse_app_acceptance_says_so_and_still_makes_the_cards(
    school, staff, head, storekeeper, no_warehouse
):
    assert registry.service("supplies.receive") is None
    purchase = submitted(
        staff,
        lines=[
            line(),
            line(name="打印机", quantity="1", price="1800", kind="asset", unit="台"),
        ],
    )
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    acceptance = services.purchase_accept(
        purchase=purchase,
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        received={
            item.pk: (item.quantity, item.estimated_unit_price)
            for item in purchase.lines.all()
        },
    )
    missing = [r for r in acceptance.results if r["kind"] == "missing"]
    assert (
        len(missing) == 1
        and "warehouse" in missing[0]["text"].lower()
        or "仓库" in missing[0]["text"]
    )
    assert Asset.objects.filter(school=school, name="打印机").count() == 1
    assert reload(purchase).status == S.RECEIVED


def test_a_partial_delivery_keeps_the_order_open(
    school, staff, head, storekeeper, warehouse
):
    purchase = submitted(staff, lines=[line(quantity="10", price="25")])
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    [paper] = purchase.lines.all()
    services.purchase_accept(
        purchase=purchase,
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        received={paper.pk: (Decimal("4"), Decimal("25"))},
    )
    assert reload(purchase).status == S.ORDERED
    with pytest.raises(ValidationError):
        services.purchase_accept(
            purchase=reload(purchase),
            by=storekeeper,
            witness=head,
            accepted_on=TODAY,
            received={paper.pk: (Decimal("7"), Decimal("25"))},
        )
    services.purchase_accept(
        purchase=reload(purchase),
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        received={paper.pk: (Decimal("6"), Decimal("25"))},
    )
    assert reload(purchase).status == S.RECEIVED
    assert len(warehouse.calls) == 2


def test_the_acceptor_cannot_be_their_own_witness(
    school, staff, head, storekeeper, warehouse
):
    purchase = submitted(staff, total="100")
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_order(
        purchase=reload(purchase),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    purchase = reload(purchase)
    with pytest.raises(ValidationError):
        services.purchase_accept(
            purchase=purchase,
            by=storekeeper,
            witness=storekeeper,
            accepted_on=TODAY,
            received={
                item.pk: (item.quantity, item.estimated_unit_price)
                for item in purchase.lines.all()
            },
        )


def test_payment_closes_the_request(
    school, staff, head, storekeeper, accountant, warehouse
):
    purchase = submitted(staff, total="300")
    services.purchase_approve(purchase=purchase, by=head)
    with pytest.raises(ValidationError):
        services.purchase_pay(
            purchase=reload(purchase), by=accountant, paid_on=TODAY, voucher_number="1"
        )
    closed = order_accept_pay(purchase, storekeeper, head, accountant, price="290")
    assert closed.status == S.CLOSED
    assert closed.voucher_number == "记-0042" and closed.paid_by == accountant


def test_draft_purchase_service_makes_a_draft_for_the_person(school, staff):
    draft_purchase = registry.service("procurement.draft_purchase")
    purchase = draft_purchase(
        by=staff,
        title="补充库存",
        reason="低于安全库存",
        lines=[
            {
                "item_code": "HC0001",
                "name": "A4复印纸",
                "specification": "70g",
                "unit": "包",
                "quantity": Decimal("20"),
                "estimated_unit_price": Decimal("24"),
                "kind": "consumable",
            }
        ],
    )
    assert purchase.status == S.DRAFT and purchase.requester == staff
    assert purchase.estimated_total == Decimal("480.00")
    assert purchase.get_absolute_url().endswith(f"/{purchase.pk}/")
    assert purchase.number


def test_a_new_year_copies_last_years_lines(school, accountant):
    budget = budget_line(school, amount="8000")
    services.budget_adjust(
        by=accountant, budget_line=budget, amount=Decimal("-1000"), reason="调减"
    )
    year = services.fiscal_year_create(
        by=accountant, year=TODAY.year + 1, copy_from=budget.fiscal_year
    )
    [copied] = year.lines.all()
    assert copied.code == budget.code and copied.amount == Decimal("7000.00")
