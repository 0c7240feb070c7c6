import pytest

from logistics.roles import Role

from ..factories import make_user


@pytest.fixture
def head(people):
    return people["logistics_head"]


@pytest.fixture
def walker(people):
    return people["on_duty"]


@pytest.fixture
def gate(school):
    return make_user(school, Role.GATE, username="gatekeeper")


@pytest.fixture
def technician(people):
    return people["technician"]


@pytest.fixture
def staff(people):
    return people["staff"]
