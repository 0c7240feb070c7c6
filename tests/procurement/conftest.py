import pytest

from logistics.registry import registry
from logistics.roles import Role
from tests.factories import make_user


@pytest.fixture
def staff(school):
    return make_user(school, Role.STAFF, username="p_staff", real_name="王老师")


@pytest.fixture
def colleague(school):
    return make_user(school, Role.STAFF, username="p_colleague", real_name="李老师")


@pytest.fixture
def head(school):
    return make_user(
        school, Role.STAFF, Role.LOGISTICS_HEAD, username="p_head", real_name="陈主任"
    )


@pytest.fixture
def second_head(school):
    return make_user(
        school, Role.STAFF, Role.LOGISTICS_HEAD, username="p_head2", real_name="周主任"
    )


@pytest.fixture
def director(school):
    return make_user(
        school, Role.STAFF, Role.DIRECTOR, username="p_director", real_name="赵校长"
    )


@pytest.fixture
def accountant(school):
    return make_user(
        school, Role.STAFF, Role.ACCOUNTANT, username="p_accountant", real_name="孙会计"
    )


@pytest.fixture
def storekeeper(school):
    return make_user(
        school, Role.STAFF, Role.STOREKEEPER, username="p_store", real_name="钱库管"
    )


class Warehouse:
    """A stand-in for the supplies app's "supplies.receive": it records the calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, *, by, school_id, lines, source_label, source_url=""):
        self.calls.append(
            {"by": by, "school_id": school_id, "lines": lines, "label": source_label}
        )
        return [
            {
                "ref": line["ref"],
                "item_code": line["item_code"] or f"HC{n:04d}",
                "item_name": line["name"],
                "movement_id": n,
                "url": f"/supplies/movements/{n}/",
            }
            for n, line in enumerate(lines, start=1)
        ]


@pytest.fixture
def warehouse():
    """ "supplies.receive" registered for the test, the registry restored after."""
    before = registry.services.get("supplies.receive")
    stand_in = Warehouse()
    registry.add_service("supplies.receive", stand_in)
    yield stand_in
    if before is None:
        registry.services.pop("supplies.receive", None)
    else:
        registry.services["supplies.receive"] = before


@pytest.fixture
def no_warehouse():
    before = registry.services.pop("supplies.receive", None)
    yield
    if before is not None:
        registry.services["supplies.receive"] = before
