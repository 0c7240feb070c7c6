import pytest

from logistics.approvals.models import Approval, ApprovalDecision
from logistics.approvals.selectors import waiting_for
from logistics.seed import seed_core
from procurement.choices import PurchaseStatus
from procurement.models import BudgetLine, PurchaseLine, PurchaseRequest
from procurement.seed import DEMO_COUNT, seed_procurement

pytestmark = pytest.mark.django_db


def test_demo_year_has_every_status_overrides_a_meeting_and_no_future(school):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from logistics.models import TransitionLog

    seed_core(school)
    seed_procurement(school)
    purchases = PurchaseRequest.objects.filter(school=school)
    assert purchases.count() == DEMO_COUNT
    assert set(purchases.values_list("status", flat=True)) == set(PurchaseStatus.values)
    assert purchases.exclude(override_reason="").count() >= 1
    assert ApprovalDecision.objects.filter(meeting_date__isnull=False).exists()
    assert not TransitionLog.objects.filter(at__gt=timezone.now()).exists()
    assert not ApprovalDecision.objects.filter(decided_at__gt=timezone.now()).exists()
    closed = purchases.filter(status=PurchaseStatus.CLOSED).first()
    assert closed.number.startswith("CG") and len(closed.timeline()) == 6
    lines = BudgetLine.objects.with_figures().filter(
        school=school, fiscal_year__year=timezone.localdate().year
    )
    assert lines.count() == 6 and any(line.spent > 0 for line in lines)
    head = User.objects.get(username="head")
    assert any(
        item.approval.kind == "procurement.purchase" for item in waiting_for(head)
    )
    seed_procurement(school)
    assert purchases.count() == DEMO_COUNT


def test_scale_adds_a_fifth_of_n_requests_with_five_lines(school):
    seed_core(school)
    seed_procurement(school, scale=100)
    assert PurchaseRequest.objects.filter(school=school).count() == DEMO_COUNT + 20
    seed_procurement(school, scale=100)
    assert PurchaseRequest.objects.filter(school=school).count() == DEMO_COUNT + 20
    assert PurchaseLine.objects.filter(request__school=school).count() >= 100
    assert Approval.objects.filter(kind="procurement.purchase").exists()
