"""The purchase workflow, status × person × action: shown ⇔ allowed ⇔ the POST works."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from procurement import services
from procurement.choices import PurchaseStatus
from procurement.models import PurchaseRequest
from procurement.workflows import PURCHASE_WORKFLOW

from ..factories import make_user
from ..workflow_matrix import Cast, Matrix
from .factories import budget_line, line, supplier

pytestmark = pytest.mark.django_db

S = PurchaseStatus
TODAY = datetime.date.today()


@pytest.fixture
def cast(school, other_school, client_for):
    people = {
        "requester": make_user(school, Role.STAFF, username="m_requester"),
        "colleague": make_user(school, Role.STAFF, username="m_colleague"),
        "head": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head"),
        "director": make_user(school, Role.STAFF, Role.DIRECTOR, username="m_dir"),
        "accountant": make_user(
            school, Role.STAFF, Role.ACCOUNTANT, username="m_accountant"
        ),
        "storekeeper": make_user(
            school, Role.STAFF, Role.STOREKEEPER, username="m_store"
        ),
        "other_school_head": make_user(
            other_school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head_far"
        ),
    }
    return Cast(people, {name: client_for(user) for name, user in people.items()})


def matrix(cast, school):
    people = cast.people
    # ¥250 on a line of ¥200: over budget until an approver allows it.
    small = budget_line(school, amount="200.00", code="301", name="办公费")
    shop = supplier(school)

    def make(status):
        purchase = services.purchase_create(
            by=people["requester"],
            title="办公用品",
            reason="教学需要",
            budget_line=small,
            lines=[line(quantity="10", price="25")],
        )
        if status == S.DRAFT:
            return purchase
        PurchaseRequest.objects.filter(pk=purchase.pk).update(
            override_reason="急需",
            override_total=Decimal("250.00"),
            override_by=people["director"],
            override_at=timezone.now(),
        )
        if status in {S.REJECTED, S.WITHDRAWN}:
            PurchaseRequest.objects.filter(pk=purchase.pk).update(status=status)
            return PurchaseRequest.objects.get(pk=purchase.pk)
        services.purchase_submit(purchase=purchase, by=people["requester"])
        if status == S.SUBMITTED:
            return PurchaseRequest.objects.get(pk=purchase.pk)
        services.purchase_approve(purchase=purchase, by=people["head"])
        fields = {"status": status}
        if status != S.APPROVED:
            fields.update(supplier=shop, ordered_on=TODAY)
        if status == S.CLOSED:
            fields.update(paid_on=TODAY, voucher_number="记-1")
        PurchaseRequest.objects.filter(pk=purchase.pk).update(**fields)
        return PurchaseRequest.objects.get(pk=purchase.pk)

    def data(action, purchase, cast):
        if action == "accept":
            values = {
                "accept-accepted_on": TODAY.isoformat(),
                "accept-witness": cast.people["accountant"].pk,
            }
            for item in purchase.lines.all():
                values[f"accept-q{item.pk}"] = str(item.quantity)
                values[f"accept-p{item.pk}"] = "24.00"
            return values
        return {
            "attach": {
                "attach-kind": "quote",
                "attach-file": SimpleUploadedFile("报价.pdf", b"%PDF-1.4 q"),
            },
            "override": {"override-reason": "开学急需"},
            "reject": {"reject-comment": "价格偏高"},
            "order": {
                "order-supplier": shop.pk,
                "order-ordered_on": TODAY.isoformat(),
            },
            "pay": {"pay-paid_on": TODAY.isoformat(), "pay-voucher_number": "记-9"},
        }.get(action, {})

    def snapshot(purchase):
        return {
            "status": purchase.status,
            "override": purchase.override_reason,
            "attachments": purchase.attachments.count(),
            "supplier": purchase.supplier_id,
            "acceptances": purchase.acceptances.count(),
            "paid": purchase.paid_on,
            "timeline": TransitionLog.objects.for_object(purchase).count(),
        }

    effects = {
        "attach": lambda b, a, u: a["attachments"] == b["attachments"] + 1,
        "override": lambda b, a, u: a["override"] == "开学急需",
        "accept": lambda b, a, u: a["acceptances"] == b["acceptances"] + 1,
        "pay": lambda b, a, u: a["paid"] == TODAY,
    }
    return Matrix(
        workflow=PURCHASE_WORKFLOW,
        make=make,
        data=data,
        effects=effects,
        snapshot=snapshot,
    )


@pytest.fixture(autouse=True)
def no_warehouse():
    from logistics.registry import registry

    before = registry.services.pop("supplies.receive", None)
    yield
    if before is not None:
        registry.services["supplies.receive"] = before


@pytest.mark.parametrize("status", list(S), ids=str)
def test_every_action_is_shown_exactly_when_allowed_and_then_works(
    status, cast, school
):
    seen = matrix(cast, school).walk(status, cast)
    assert len(seen) == len(cast.people) * len(PURCHASE_WORKFLOW.actions)


def test_the_walk_covers_every_action_somewhere(cast, school):
    allowed = set()
    m = matrix(cast, school)
    for status in S:
        purchase = m.make(status)
        for user in cast.people.values():
            allowed |= {a.name for a in PURCHASE_WORKFLOW.available(purchase, user)}
    assert allowed == {a.name for a in PURCHASE_WORKFLOW.actions}
