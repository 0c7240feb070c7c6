"""The demo ledger: thousands of believable assets, made once."""

import io

from django.core.management import call_command

import pytest

from assets.models import Asset, Disposal
from logistics.models import School

pytestmark = pytest.mark.django_db


def test_demo_ledger_is_believable_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    school = School.objects.get(code="NSSY")
    assets = Asset.objects.for_school(school)
    count = assets.count()
    assert count > 2500
    names = set(assets.values_list("name", flat=True))
    assert {"学生课桌", "投影仪", "壁挂式空调", "学生计算机", "生物显微镜"} <= names
    assert assets.filter(location__isnull=True).count() == 0
    assert assets.filter(category__depreciates=False).exists()  # library books
    assert Disposal.objects.for_school(school).filter(status="disposed").exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert assets.count() == count
    call_command("seed_demo", scale=300, stdout=io.StringIO())
    assert assets.count() == count + 300
    call_command("seed_demo", scale=300, stdout=io.StringIO())
    assert assets.count() == count + 300
