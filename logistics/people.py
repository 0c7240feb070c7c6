"""People of a school: who may do something, and the one field to pick a person.

"Who may assign repairs", "who approves disposals", "whom may a form offer as a
custodian" are one question asked with different permissions. It is answered here,
the way ``User.has_perm`` answers it for one person: a permission held through a
role (group), granted directly, or held by a superuser; and never by someone who
has left (an inactive account).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

import django_filters

from .models import display_name


def _holders(perm):
    """Q for the users who hold ``perm`` ("app_label.codename")."""
    app_label, _dot, codename = perm.partition(".")
    if not codename:
        raise ValueError(f"{perm!r} is not an 'app_label.codename' permission")
    User = get_user_model()
    wanted = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).values("pk")
    # Subqueries rather than joins: a person holding the permission twice (a role
    # and directly) is still one row, with no DISTINCT over the whole user row.
    through_role = User.groups.through.objects.filter(
        group__permissions__in=wanted
    ).values("user_id")
    direct = User.user_permissions.through.objects.filter(permission__in=wanted).values(
        "user_id"
    )
    return Q(is_superuser=True) | Q(pk__in=through_role) | Q(pk__in=direct)


def people_who_may(school, perm=None, *, include_inactive=False):
    """The active users of ``school`` (a School or its id) who hold ``perm``, by
    real name; every active person of the school when ``perm`` is None.

    ``include_inactive``: also people who have left, for a filter over old records.
    """
    school_id = getattr(school, "pk", school)
    User = get_user_model()
    if school_id is None:
        return User.objects.none()
    people = User.objects.filter(profile__school_id=school_id)
    if not include_inactive:
        people = people.filter(is_active=True)
    if perm:
        people = people.filter(_holders(perm))
    return people.select_related("profile").order_by("profile__real_name", "pk")


class PersonChoiceField(forms.ModelChoiceField):
    """A person of the school, shown by their real name.

    Declared with an empty choice list (and optionally the permission the chosen
    person must hold); the form calls ``limit_to(school)`` once it knows the school.
    """

    def __init__(self, *, perm=None, queryset=None, include_inactive=False, **kwargs):
        self.perm = perm
        self.include_inactive = include_inactive
        if queryset is None:
            queryset = get_user_model().objects.none()
        super().__init__(queryset=queryset, **kwargs)

    def limit_to(self, school):
        self.queryset = people_who_may(
            school, self.perm, include_inactive=self.include_inactive
        )
        return self

    def label_from_instance(self, obj):
        return display_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A list filter by person, labelled like ``PersonChoiceField``.

    ``SchoolFilterSet`` limits it to the people of the user's school who hold
    ``perm``; people who have left stay, for the records they left behind.
    """

    field_class = PersonChoiceField

    def __init__(self, *args, perm=None, include_inactive=True, **kwargs):
        self.perm = perm
        self.include_inactive = include_inactive
        kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(*args, **kwargs)

    def people_of(self, school):
        return people_who_may(school, self.perm, include_inactive=self.include_inactive)
