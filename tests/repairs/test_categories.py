"""Repair categories: a table per school, seeded, editable, shown in the user's language."""

import io

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import pytest
from openpyxl import load_workbook

from repairs import services
from repairs.categories import STANDARD_CATEGORIES, seed_categories
from repairs.models import RepairCategory, RepairRequest

from ..factories import SchoolFactory
from .factories import RepairRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aircon(school):
    """A category the school added itself, with no English name."""
    return RepairCategory.objects.create(school=school, name_zh="空调", order=5)


def test_a_new_school_starts_with_the_nine_standard_categories():
    school = SchoolFactory(code="NEW1")
    rows = list(
        RepairCategory.objects.filter(school=school).values_list(
            "code", "name_zh", "name_en"
        )
    )
    assert rows == STANDARD_CATEGORIES
    assert [name for _c, name, _e in rows] == [
        "水路",
        "电路",
        "门窗",
        "桌椅",
        "照明",
        "网络与多媒体",
        "墙面地面",
        "供暖",
        "其他",
    ]
    # Seeding again adds nothing, and keeps what the school renamed.
    RepairCategory.objects.filter(school=school, code="water").update(name_zh="给排水")
    seed_categories(school.pk)
    assert RepairCategory.objects.filter(school=school).count() == 9
    assert RepairCategory.objects.get(school=school, code="water").name_zh == "给排水"


def test_names_follow_the_active_language_and_fall_back_to_chinese(school, aircon):
    lighting = RepairCategory.objects.get(school=school, code="lighting")
    with translation.override("zh-hans"):
        assert str(lighting) == "照明" and str(aircon) == "空调"
    with translation.override("en"):
        assert str(lighting) == "Lighting"
        assert str(aircon) == "空调"  # no English name given


def test_own_category_gets_a_free_code(school):
    first = RepairCategory.objects.create(
        school=school, name_zh="电梯", name_en="Lift & escalator"
    )
    second = RepairCategory.objects.create(
        school=school, name_zh="扶梯", name_en="Lift & escalator"
    )
    third = RepairCategory.objects.create(school=school, name_zh="杂项")
    assert first.code == "lift_escalator" and second.code == "lift_escalator_2"
    assert third.code == "category"


def test_own_category_is_offered_filed_filtered_exported_and_counted(
    client_for, staff, head, location, aircon
):
    client = client_for(staff)
    form = client.get(reverse("repairs:new")).context["form"]
    offered = list(form.fields["category"].queryset)
    assert offered[0] == aircon and len(offered) == 10  # ordered by "order"
    response = client.post(
        reverse("repairs:new"),
        {
            "location": location.pk,
            "category": aircon.code,
            "description": "空调不制冷",
            "urgency": "normal",
            "contact_phone": "13800000000",
        },
    )
    assert response.status_code == 302
    repair = RepairRequest.objects.get()
    assert repair.category == aircon
    RepairRequestFactory(location=location, requester=staff, category="water")

    head_client = client_for(head)
    queue = head_client.get(reverse("repairs:queue") + f"?category={aircon.code}")
    assert list(queue.context["page_obj"].object_list) == [repair]
    assert "空调" in queue.content.decode()

    response = head_client.get(reverse("repairs:export") + f"?category={aircon.code}")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1 and rows[0][5] == "空调"

    stats = head_client.get(reverse("repairs:stats")).context["stats"]
    assert ("空调", 1) in stats["by_category"] and ("水路", 1) in stats["by_category"]


def test_categories_show_in_english_for_english_users(client_for, head, location):
    repair = RepairRequestFactory(location=location, requester=head, category="water")
    client = client_for(head)
    client.cookies["django_language"] = "en"
    assert "Water" in client.get(repair.get_absolute_url()).content.decode()
    stats = client.get(reverse("repairs:stats")).context["stats"]
    assert stats["by_category"] == [("Water", 1)]


def test_retired_category_is_not_offered_but_old_requests_keep_it(
    client_for, staff, head, location
):
    heating = RepairCategory.objects.get(school=location.school, code="heating")
    old = RepairRequestFactory(location=location, requester=staff, category=heating)
    heating.is_active = False
    heating.save()
    form = client_for(staff).get(reverse("repairs:new")).context["form"]
    assert heating not in form.fields["category"].queryset
    with pytest.raises(ValidationError) as refused:
        services.repair_request_create(
            location=location, category=heating, description="x", by=staff
        )
    assert refused.value.code == "category_not_in_use"
    queue = client_for(head).get(reverse("repairs:queue") + "?category=heating")
    assert list(queue.context["page_obj"].object_list) == [old]


def test_another_schools_category_is_refused(staff, location, other_school):
    foreign = RepairCategory.objects.get(school=other_school, code="water")
    with pytest.raises(ValidationError) as refused:
        services.repair_request_create(
            location=location, category=foreign, description="x", by=staff
        )
    assert refused.value.code == "other_school"
    with pytest.raises(ValidationError) as refused:
        services.repair_request_create(
            location=location, category="no-such-code", description="x", by=staff
        )
    assert refused.value.code == "unknown_category"
    assert not RepairRequest.objects.exists()


def test_the_form_offers_only_the_users_school(client_for, staff, other_school):
    form = client_for(staff).get(reverse("repairs:new")).context["form"]
    schools = {c.school_id for c in form.fields["category"].queryset}
    assert schools == {staff.profile.school_id}


@pytest.fixture
def admin_head(head):
    head.is_staff = True
    head.save()
    return head


def test_admin_lists_searches_and_adds_the_schools_categories(
    client_for, admin_head, school, other_school
):
    client = client_for(admin_head)
    url = reverse("admin:repairs_repaircategory_changelist")
    response = client.get(url)
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert len(shown) == 9 and {c.school_id for c in shown} == {school.pk}
    response = client.get(url + "?q=照明")
    assert [c.code for c in response.context["cl"].result_list] == ["lighting"]

    add = reverse("admin:repairs_repaircategory_add")
    data = {"name_zh": "电梯", "name_en": "Lift", "code": "", "order": 95}
    response = client.post(add, {**data, "is_active": "on"})
    assert response.status_code == 302
    lift = RepairCategory.objects.get(school=school, name_zh="电梯")
    assert lift.code == "lift" and lift.is_active
    # The same name or code again is refused with a message, not an error page.
    response = client.post(add, {**data, "code": "lift"})
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"name_zh", "code"}


def test_admin_request_list_filters_by_the_schools_categories(
    client_for, admin_head, staff, location
):
    water = RepairRequestFactory(location=location, requester=staff, category="water")
    RepairRequestFactory(location=location, requester=staff, category="lighting")
    client = client_for(admin_head)
    url = reverse("admin:repairs_repairrequest_changelist")
    response = client.get(url + f"?category={water.category_id}")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [water]


def test_a_used_category_cannot_be_deleted_in_the_admin(
    client_for, admin_head, staff, location
):
    repair = RepairRequestFactory(location=location, requester=staff)
    url = reverse("admin:repairs_repaircategory_delete", args=[repair.category_id])
    assert client_for(admin_head).get(url).status_code == 403
