"""A role's permissions are declared by name; a name that does not exist fails loudly."""

from collections import defaultdict

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

import pytest

from logistics import roles
from logistics.roles import Role


@pytest.fixture
def misspelt(monkeypatch):
    """The declared grants plus one misspelt permission for the storekeeper."""
    grants = defaultdict(set, {role: set(p) for role, p in roles._grants.items()})
    monkeypatch.setattr(roles, "_grants", grants)
    roles.grant([Role.STOREKEEPER], ["assets.aprove_disposal"])
    return "assets.aprove_disposal"


def test_every_declared_grant_names_an_existing_permission():
    assert roles.unknown_grants() == {}
    assert roles.check_grants() == []


def test_a_misspelt_grant_is_a_system_check_error(misspelt):
    errors = roles.check_grants()
    assert [error.id for error in errors] == ["logistics.E001"]
    assert misspelt in errors[0].msg and "storekeeper" in errors[0].msg


def test_manage_py_check_refuses_a_misspelt_grant(misspelt):
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="logistics.E001"):
        call_command("check")


@pytest.mark.django_db
def test_syncing_roles_after_migrate_refuses_a_misspelt_grant(misspelt):
    with pytest.raises(ImproperlyConfigured, match=misspelt):
        roles.sync_role_permissions()


@pytest.mark.django_db
def test_syncing_roles_gives_each_group_its_declared_permissions():
    from django.contrib.auth.models import Group

    roles.sync_role_permissions()
    head = Group.objects.get(name=Role.LOGISTICS_HEAD.value)
    held = {
        f"{app}.{codename}"
        for app, codename in head.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert held == roles.declared_grants()[Role.LOGISTICS_HEAD.value]
