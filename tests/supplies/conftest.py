import pytest

from .factories import stocked


@pytest.fixture
def keeper(people):
    return people["storekeeper"]


@pytest.fixture
def staff(people):
    return people["staff"]


@pytest.fixture
def head(people):
    return people["logistics_head"]


@pytest.fixture
def printer(people):
    return people["print_room"]


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def a4(school, keeper):
    """A4 paper in stock, for print jobs to use."""
    return stocked(
        school,
        keeper,
        quantity=5000,
        unit_cost="0.046",
        name="A4复印纸",
        unit="张",
        paper_size="A4",
    )
