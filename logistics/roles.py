"""The roles of DESIGN.md as Django groups, and which permissions each grants.

Groups are created by a migration; their permissions are (re)granted after every
``migrate`` from the grants that the core and each app declare here, so a fresh
database has them and a new app's permissions follow it in without hand work.
"""

from collections import defaultdict

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    TECHNICIAN = "technician", _("Technician")
    LOGISTICS_HEAD = "logistics_head", _("Logistics head")
    STOREKEEPER = "storekeeper", _("Storekeeper")
    DIRECTOR = "director", _("Director")
    ACCOUNTANT = "accountant", _("Accountant")
    PRINT_ROOM = "print_room", _("Print room")
    ZONE_KEEPER = "zone_keeper", _("Zone keeper")
    ON_DUTY = "on_duty", _("Person on duty")
    GATE = "gate", _("Gate")
    ADMINISTRATOR = "administrator", _("Administrator")


EVERY_ROLE = tuple(Role)

# role -> set of "app_label.codename"
_grants: dict[str, set[str]] = defaultdict(set)


def grant(roles, permissions):
    """Declare that each of ``roles`` holds each of ``permissions`` (``app.codename``)."""
    for role in roles:
        _grants[Role(role).value].update(permissions)


def declared_grants():
    return {role: set(perms) for role, perms in _grants.items()}


def model_permissions():
    """Every "app_label.codename" the installed models declare (what ``migrate``
    creates: the default add/change/delete/view and each ``Meta.permissions``)."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        opts = model._meta
        names.update(
            f"{opts.app_label}.{action}_{opts.model_name}"
            for action in opts.default_permissions
        )
        names.update(
            f"{opts.app_label}.{codename}" for codename, _n in opts.permissions
        )
    return names


def unknown_grants():
    """role -> declared permissions that no installed model declares (misspelt)."""
    known = model_permissions()
    return {
        role: sorted(perms - known)
        for role, perms in declared_grants().items()
        if perms - known
    }


@checks.register("logistics")
def check_grants(app_configs=None, **kwargs):
    """A misspelt permission in a ``grant()`` would leave a role without a right
    it was meant to have, silently: it is an error, named where it was declared."""
    return [
        checks.Error(
            f"Role {role!r} is granted permissions that do not exist: "
            f"{', '.join(perms)}.",
            hint="Correct the name in the grant() that declares it "
            "(app_label.codename, as in Permission).",
            id="logistics.E001",
        )
        for role, perms in sorted(unknown_grants().items())
    ]


def sync_role_permissions(using="default"):
    """Make every role group hold exactly the permissions declared for it.

    A declared permission missing from the database fails the ``migrate`` that
    called this: a role never silently lacks what it was granted.
    """
    from django.contrib.auth.models import Group, Permission

    wanted = declared_grants()
    by_key = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    missing = sorted({key for perms in wanted.values() for key in perms} - set(by_key))
    if missing:
        raise ImproperlyConfigured(
            f"Roles are granted permissions that do not exist: {', '.join(missing)}"
        )
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        group.permissions.set(by_key[key] for key in sorted(wanted.get(role.value, ())))


def user_roles(user):
    """The role values the user holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "_role_cache", None) is None:
        from .backends import read_access  # with the permissions, in one query

        read_access(user)
    return user._role_cache


def has_role(user, *roles):
    return bool(user_roles(user) & {Role(r).value for r in roles})


# The core's own grants. Everyone may look up places and the organisation;
# the logistics head and the administrator keep them.
_CORE_VIEW = [
    "logistics.view_campus",
    "logistics.view_building",
    "logistics.view_location",
    "logistics.view_department",
    "logistics.view_schoolclass",
]
_CORE_EDIT = [
    f"logistics.{action}_{model}"
    for model in ("campus", "building", "location", "department", "schoolclass")
    for action in ("add", "change")
]
grant(EVERY_ROLE, _CORE_VIEW)
grant([Role.LOGISTICS_HEAD, Role.ADMINISTRATOR], _CORE_EDIT)
grant([Role.ACCOUNTANT, Role.LOGISTICS_HEAD], ["logistics.export_location"])
# The annual logistics report (/reports/): those who answer for the year's work
# and money.
grant(
    [Role.LOGISTICS_HEAD, Role.DIRECTOR, Role.ACCOUNTANT, Role.ADMINISTRATOR],
    ["logistics.view_annual_report"],
)
# What the school decides for itself (logistics/rules.py): its own rules page.
grant([Role.ADMINISTRATOR, Role.LOGISTICS_HEAD], ["logistics.edit_school_rules"])
grant(
    [Role.ADMINISTRATOR],
    [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "logistics.view_profile",
        "logistics.add_profile",
        "logistics.change_profile",
        "logistics.view_transitionlog",
    ],
)
