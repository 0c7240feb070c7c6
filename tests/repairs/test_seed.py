import pytest

from logistics.seed import seed_core
from repairs.choices import RepairStatus
from repairs.models import PriceItem, RepairPart, RepairRequest
from repairs.seed import seed_repairs

pytestmark = pytest.mark.django_db


def test_demo_year_of_repairs_is_believable_and_idempotent(school):
    seed_core(school)
    seed_repairs(school)
    count = RepairRequest.objects.filter(school=school).count()
    assert count == 320
    statuses = set(RepairRequest.objects.values_list("status", flat=True))
    assert {RepairStatus.CONFIRMED, RepairStatus.SUBMITTED} <= statuses
    assert (
        RepairPart.objects.exists()
        and PriceItem.objects.filter(school=school).count() == 8
    )
    repair = RepairRequest.objects.filter(status=RepairStatus.CONFIRMED).first()
    assert repair.number.startswith("BX") and len(repair.timeline()) == 5
    seed_repairs(school)
    assert RepairRequest.objects.filter(school=school).count() == count


def test_scale_adds_about_half_n_requests(school):
    seed_core(school)
    seed_repairs(school, scale=200)
    assert RepairRequest.objects.filter(school=school).count() == 420
    seed_repairs(school, scale=200)
    assert RepairRequest.objects.filter(school=school).count() == 420
