"""People of this school who may do X: one answer, as has_perm gives it for one
person (a role, a direct grant, a superuser), used by every form and notice."""

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from logistics.people import PersonChoiceField, people_who_may
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db

ASSIGN = "repairs.triage_repairrequest"


def permission(perm):
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def cast(school, other_school):
    by_role = make_user(school, Role.LOGISTICS_HEAD, real_name="乙 主任")
    direct = make_user(school, Role.STAFF, real_name="甲 老师")
    direct.user_permissions.add(permission(ASSIGN))
    superuser = make_user(school, is_superuser=True, real_name="丙 管理员")
    left = make_user(school, Role.LOGISTICS_HEAD, real_name="丁 离职", is_active=False)
    plain = make_user(school, Role.STAFF, real_name="戊 老师")
    elsewhere = make_user(other_school, Role.LOGISTICS_HEAD, real_name="己 外校")
    return locals()


def test_people_who_may_counts_roles_direct_grants_and_superusers(cast, school):
    found = set(people_who_may(school, ASSIGN))
    assert found == {cast["by_role"], cast["direct"], cast["superuser"]}
    for person in found:
        assert person.has_perm(ASSIGN)


def test_people_who_may_leaves_out_who_left_other_schools_and_the_rest(cast, school):
    found = set(people_who_may(school.pk, ASSIGN))
    assert not found & {cast["left"], cast["plain"], cast["elsewhere"]}
    assert cast["left"] in set(people_who_may(school, ASSIGN, include_inactive=True))


def test_without_a_permission_everyone_active_at_the_school(cast, school):
    found = set(people_who_may(school))
    assert found == {cast[k] for k in ("by_role", "direct", "superuser", "plain")}


def test_a_person_appears_once_however_many_ways_they_hold_it(cast, school):
    cast["by_role"].user_permissions.add(permission(ASSIGN))
    people = list(people_who_may(school, ASSIGN))
    assert len(people) == len(set(people)) == 3


def test_a_permission_must_name_its_app():
    with pytest.raises(ValueError):
        people_who_may(1, "triage_repairrequest")


def test_person_field_offers_the_schools_people_by_real_name(cast, school):
    field = PersonChoiceField(perm=ASSIGN).limit_to(school)
    labels = {label for _value, label in field.choices if _value}
    assert labels == {"丙 管理员", "乙 主任", "甲 老师"}
    assert field.queryset.filter(pk=cast["elsewhere"].pk).count() == 0


def test_a_directly_granted_technician_is_offered_for_assignment(
    school, client_for, location
):
    """The repair queue's assign form and filter ask the core, not the groups only."""
    from repairs.forms import AssignForm

    direct = make_user(school, Role.STAFF, real_name="临时维修工")
    direct.user_permissions.add(permission("repairs.work_repairrequest"))
    head = make_user(school, Role.LOGISTICS_HEAD)
    form = AssignForm(user=head)
    assert direct in form.fields["technician"].queryset
    page = client_for(head).get(reverse("repairs:queue")).content.decode()
    assert "临时维修工" in page
