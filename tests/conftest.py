from django.test import Client

import pytest

from logistics.roles import Role

from .factories import LocationFactory, SchoolFactory, make_user


@pytest.fixture
def school(db):
    return SchoolFactory(code="HOME", name="南山实验学校")


@pytest.fixture
def other_school(db):
    return SchoolFactory(code="OTHER", name="北山中学")


@pytest.fixture
def location(school):
    return LocationFactory(school=school, building__campus__school=school)


@pytest.fixture
def people(school):
    """One user per role in the home school, named by role."""
    return {
        role.value: make_user(school, Role.STAFF, role, username=f"u_{role.value}")
        for role in Role
    }


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploads and waiting files of each test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
