import datetime
from decimal import Decimal

import pytest

from tests.factories import DepartmentFactory, LocationFactory

from .factories import AssetFactory, category


@pytest.fixture
def head(people):
    return people["logistics_head"]


@pytest.fixture
def accountant(people):
    return people["accountant"]


@pytest.fixture
def director(people):
    return people["director"]


@pytest.fixture
def ledger(school, location):
    """A small ledger: three computers, a desk batch and library books."""
    other_room = LocationFactory(
        school=school, building=location.building, campus=location.campus
    )
    office = DepartmentFactory(school=school, name="信息中心")
    teaching = DepartmentFactory(school=school, name="教务处")
    assets = {
        "pc1": AssetFactory(
            school=school,
            name="台式计算机",
            location=location,
            department=office,
            acquired_on=datetime.date(2024, 1, 15),
        ),
        "pc2": AssetFactory(
            school=school,
            name="台式计算机",
            location=location,
            department=office,
            serial_number="SN-778899",
            acquired_on=datetime.date(2024, 1, 15),
        ),
        "projector": AssetFactory(
            school=school,
            name="投影仪",
            category=category(school, "2020000"),
            unit_price=Decimal("4800.00"),
            location=other_room,
            department=teaching,
            acquired_on=datetime.date(2022, 9, 1),
        ),
        "desks": AssetFactory(
            school=school,
            name="学生课桌椅",
            category=category(school, "6010000"),
            unit="套",
            quantity=50,
            unit_price=Decimal("360.00"),
            location=other_room,
            department=teaching,
            acquired_on=datetime.date(2020, 8, 20),
        ),
        "books": AssetFactory(
            school=school,
            name="图书",
            category=category(school, "5010000"),
            unit="册",
            quantity=1000,
            unit_price=Decimal("30.00"),
            location=other_room,
            acquired_on=datetime.date(2015, 3, 1),
        ),
    }
    return {
        "assets": assets,
        "room": location,
        "other_room": other_room,
        "office": office,
        "teaching": teaching,
    }
