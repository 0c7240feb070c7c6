import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from logistics.registry import registry
from logistics.roles import Role
from tests.factories import LocationFactory, make_user

from .factories import seasons, zone


@pytest.fixture(autouse=True)
def english(request):
    """Messages and pages in the source language; the browser journey keeps the
    school's Chinese."""
    from django.utils import translation

    if "page" in request.fixturenames:
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def keeper(school):
    return make_user(school, Role.STAFF, Role.ZONE_KEEPER, real_name="李园丁")


@pytest.fixture
def head(school):
    return make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, real_name="王主任")


@pytest.fixture
def staff(school):
    return make_user(school, Role.STAFF, real_name="赵老师")


@pytest.fixture
def place(school):
    return LocationFactory(school=school, building__campus__school=school)


@pytest.fixture
def garden(school, keeper, place):
    seasons(school)
    return zone(school, keepers=[keeper], name="教学楼前花坛", location=place)


def photo_upload(name="photo.jpg", colour="green"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def warehouse(monkeypatch):
    """A stand-in for the supplies app's "supplies.issue": records what it issued
    and refuses unknown items, as the contract says."""
    from django.core.exceptions import ValidationError

    issued = []

    def issue(
        *,
        by,
        school_id,
        item_code,
        quantity,
        purpose,
        source_label,
        source_url="",
        department_id=None,
    ):
        if item_code != "NY-001":
            raise ValidationError("未知物品")
        issued.append(
            {
                "by": by,
                "school_id": school_id,
                "item_code": item_code,
                "quantity": quantity,
                "source_url": source_url,
            }
        )
        return {
            "item_code": item_code,
            "item_name": "吡虫啉",
            "quantity": quantity,
            "unit": "瓶",
            "unit_cost": 12,
            "movement_id": 900 + len(issued),
        }

    monkeypatch.setitem(registry.services, "supplies.issue", issue)
    return issued


@pytest.fixture
def no_warehouse(monkeypatch):
    monkeypatch.delitem(registry.services, "supplies.issue", raising=False)


@pytest.fixture
def no_repairs(monkeypatch):
    monkeypatch.delitem(registry.services, "repairs.file", raising=False)
