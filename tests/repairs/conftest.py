import pytest

from repairs import services

from ..factories import make_user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(people):
    return people["staff"]


@pytest.fixture
def head(people):
    return people["logistics_head"]


@pytest.fixture
def technician(people):
    return people["technician"]


@pytest.fixture
def accountant(people):
    return people["accountant"]


@pytest.fixture
def other_technician(school):
    from logistics.roles import Role

    return make_user(school, Role.STAFF, Role.TECHNICIAN, username="tech2")


@pytest.fixture
def filed(staff, location):
    """A request filed by the staff member."""
    return services.repair_request_create(
        location=location,
        category="lighting",
        description="后排两根灯管不亮",
        urgency="urgent",
        contact_phone="13900000000",
        by=staff,
    )


@pytest.fixture
def assigned(filed, head, technician):
    return services.repair_request_assign(repair=filed, technician=technician, by=head)


@pytest.fixture
def in_progress(assigned, technician):
    return services.repair_request_start(repair=assigned, by=technician)


@pytest.fixture
def done(in_progress, technician):
    return services.repair_request_done(
        repair=in_progress,
        work_done="更换灯管两根",
        labour_hours="1.5",
        cost="30.00",
        by=technician,
    )


@pytest.fixture(autouse=True)
def english():
    """Service tests read messages in the source language."""
    from django.utils import translation

    with translation.override("en"):
        yield
