"""Other apps (a patrol round, a zone inspection) file repairs through the registry."""

from django.core.exceptions import ValidationError

import pytest

from logistics.models import TransitionLog
from logistics.registry import registry
from repairs.choices import RepairStatus

from ..factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_a_repair_filed_through_the_registry_is_submitted_with_its_source_noted(
    staff, location
):
    file_repair = registry.service("repairs.file")
    repair = file_repair(
        by=staff,
        location=location,
        description="路灯不亮",
        category="lighting",
        source="夜间巡查 XC2026000001",
    )
    assert repair.status == RepairStatus.SUBMITTED
    assert repair.number and repair.get_absolute_url().startswith("/repairs/")
    comments = TransitionLog.objects.filter(object_id=repair.pk).values_list(
        "comment", flat=True
    )
    assert "夜间巡查 XC2026000001" in list(comments)


def test_a_repair_for_another_schools_place_is_refused_and_nothing_is_filed(staff):
    from repairs.models import RepairRequest

    elsewhere = LocationFactory()  # a place in another school
    with pytest.raises(ValidationError):
        registry.service("repairs.file")(
            by=staff, location=elsewhere, description="漏水", category="water"
        )
    assert not RepairRequest.objects.exists()
