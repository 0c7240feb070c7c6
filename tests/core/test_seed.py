from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

import pytest

from logistics.models import (
    Building,
    Department,
    Location,
    Profile,
    School,
    SchoolClass,
)
from logistics.roles import Role, user_roles

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = [
    "admin",
    "staff",
    "worker",
    "head",
    "keeper",
    "director",
    "accountant",
    "gate",
]


def _counts():
    return [
        m.objects.count()
        for m in (School, Building, Location, Department, SchoolClass, Profile, User)
    ]


def test_seed_demo_builds_a_believable_school_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    school = School.objects.get()
    assert 50 <= Location.objects.filter(school=school).count() <= 80
    assert SchoolClass.objects.filter(school=school).count() == 18
    assert Building.objects.filter(school=school).count() >= 6
    assert all(c.home_room_id and c.head_teacher_id for c in SchoolClass.objects.all())
    call_command("seed_demo", verbosity=0)
    assert _counts() == first


def test_demo_accounts_log_in_with_the_demo_password_and_hold_their_roles():
    call_command("seed_demo", verbosity=0)
    request = RequestFactory().post("/accounts/login/")
    for username in DEMO_ACCOUNTS:
        user = authenticate(request, username=username, password="demo12345")
        assert user is not None, username
        assert user.profile.real_name and user.profile.school.code == "NSSY"
    assert Role.TECHNICIAN.value in user_roles(User.objects.get(username="worker"))
    assert Role.LOGISTICS_HEAD.value in user_roles(User.objects.get(username="head"))
    assert Role.DIRECTOR.value in user_roles(User.objects.get(username="director"))
    assert Role.ACCOUNTANT.value in user_roles(User.objects.get(username="accountant"))
    assert Role.STOREKEEPER.value in user_roles(User.objects.get(username="keeper"))
    assert User.objects.get(username="admin").is_superuser


def test_if_new_leaves_an_existing_database_alone():
    School.objects.create(code="X", name="已有学校")
    call_command("seed_demo", "--if-new", verbosity=0)
    assert not User.objects.filter(username="staff").exists()


def test_scale_adds_volumes_once():
    call_command("seed_demo", "--scale", "30", verbosity=0)
    call_command("seed_demo", "--scale", "30", verbosity=0)
    assert Location.objects.filter(code__startswith="BENCH-").count() == 30


def test_role_groups_exist_on_a_fresh_database_with_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names
    head = Group.objects.get(name=Role.LOGISTICS_HEAD.value)
    assert head.permissions.filter(codename="change_location").exists()
    staff = Group.objects.get(name=Role.STAFF.value)
    assert not staff.permissions.filter(codename="change_location").exists()
