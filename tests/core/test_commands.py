from django.core.management import CommandError, call_command

import pytest

from logistics.models import Location, Profile, School
from logistics.roles import Role, user_roles

from ..factories import LocationFactory, make_user

pytestmark = pytest.mark.django_db


def test_add_school_gives_a_new_superuser_a_school_to_administer(
    django_user_model, client
):
    root = django_user_model.objects.create_superuser(
        "root", "root@example.cn", "pw-12345-x"
    )
    call_command("add_school", code="BSZX", name="北山中学", admin="root", verbosity=0)
    school = School.objects.get(code="BSZX")
    assert Profile.objects.get(user=root).school == school
    assert Role.ADMINISTRATOR.value in user_roles(root)
    client.force_login(root)
    assert "root" in client.get("/admin/auth/user/").content.decode()


def test_add_school_refuses_a_user_of_another_school(school, other_school):
    make_user(school, Role.STAFF, username="teacher")
    with pytest.raises(CommandError):
        call_command("add_school", code=other_school.code, admin="teacher", verbosity=0)


def test_add_school_needs_a_name_for_a_new_school(django_user_model):
    django_user_model.objects.create_user("someone")
    with pytest.raises(CommandError):
        call_command("add_school", code="NEW", admin="someone", verbosity=0)
    assert not School.objects.filter(code="NEW").exists()


def test_core_ledger_models_keep_history_with_the_user(school, client_for):
    location = LocationFactory(
        school=school, building__campus__school=school, name="旧名"
    )
    admin = make_user(school, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get(f"/admin/logistics/location/{location.pk}/change/")
    form = page.context["adminform"].form
    data = {
        k: ("" if v is None else getattr(v, "pk", v))
        for k, v in form.initial.items()
        if k in form.fields
    }
    data.update(name="新名", is_active="on")
    response = client.post(f"/admin/logistics/location/{location.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    history = Location.history.filter(id=location.pk).order_by("history_date")
    assert [h.name for h in history] == ["旧名", "新名"]
    assert history.last().history_user == admin
