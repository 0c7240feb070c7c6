import pytest


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
