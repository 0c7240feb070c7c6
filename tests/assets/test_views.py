"""The ledger pages: lists find things, totals come from the database, scoping holds."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

import pytest

from assets.models import Asset

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db
LIST = reverse("assets:list")


def numbers(response):
    return [a.number for a in response.context["page_obj"].object_list]


def test_list_shows_totals_for_what_is_filtered(client_for, head, ledger, school):
    response = client_for(head).get(LIST, {"category_id": category(school).pk})
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["count"] == 2
    assert totals["original"] == Decimal("14400.00")
    pc = ledger["assets"]["pc1"]
    from assets import depreciation

    today = datetime.date.today()
    assert totals["accumulated"] == 2 * depreciation.accumulated(pc, today)
    assert totals["net"] == Decimal("14400.00") - totals["accumulated"]
    assert "14400.00" in response.content.decode().replace(",", "")


def test_category_filter_includes_the_levels_below(client_for, head, ledger, school):
    response = client_for(head).get(LIST, {"category_id": category(school, "2").pk})
    assert response.context["totals"]["count"] == 3  # two computers and the projector


def test_every_drop_down_in_use_costs_no_query_of_its_own(
    client_for, head, ledger, school, django_assert_max_num_queries
):
    # The chosen options are checked against the options the page read, and the
    # category's branch comes from them too: not a query each, as Django's
    # ModelChoiceField and a tree query would make it.
    client = client_for(head)
    held = [ledger["assets"][key].pk for key in ("pc1", "pc2", "projector")]
    Asset.objects.filter(pk__in=held).update(custodian=head)
    params = {
        "category_id": category(school, "2").pk,
        "department_id": ledger["office"].pk,
        "building_id": ledger["room"].building_id,
        "custodian_id": head.pk,
    }
    client.get(LIST)  # the list's tokens, content types, the school count
    # The page read in full (the same page again would come from the cache).
    with django_assert_max_num_queries(8):
        response = client.get(LIST, params)
    assert not response.context["filter"].form.errors
    assert set(numbers(response)) == {
        ledger["assets"][key].number for key in ("pc1", "pc2")
    }


@pytest.mark.parametrize("value", ["other school", "999999", "abc", " 1", "1.0"])
def test_a_category_not_offered_is_refused_with_the_usual_error(
    client_for, head, ledger, school, other_school, value
):
    if value == "other school":
        value = str(category(other_school, "2").pk)
    elif value == " 1":
        value = f" {category(school, '2').pk}"  # not a key as loaded: Django decides
    response = client_for(head).get(LIST, {"category_id": value})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    if value.strip() == str(category(school, "2").pk):
        assert not errors  # Django's own check accepts the padded key
        assert response.context["totals"]["count"] == 3
    else:
        assert "category_id" in errors


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "SN-7788"}, {"pc2"}),
        ({"q": "投影"}, {"projector"}),
        ({"value_min": "5000"}, {"pc1", "pc2", "desks", "books"}),
        ({"value_max": "5000"}, {"projector"}),
        ({"acquired_from": "2022-01-01", "acquired_to": "2023-12-31"}, {"projector"}),
    ],
)
def test_filters(client_for, head, ledger, params, expected):
    response = client_for(head).get(LIST, params)
    want = {ledger["assets"][key].number for key in expected}
    assert set(numbers(response)) == want


def test_location_building_and_department_filters(client_for, head, ledger):
    client = client_for(head)
    by_room = client.get(LIST, {"location": ledger["room"].code})
    assert len(numbers(by_room)) == 2
    by_department = client.get(LIST, {"department_id": ledger["teaching"].pk})
    assert len(numbers(by_department)) == 2
    by_building = client.get(LIST, {"building_id": ledger["room"].building_id})
    assert len(numbers(by_building)) == 5


def test_disposed_assets_are_hidden_unless_asked_for(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    Asset.objects.filter(pk=pc.pk).update(status="disposed")
    client = client_for(head)
    assert pc.number not in numbers(client.get(LIST))
    assert numbers(client.get(LIST, {"status": "disposed"})) == [pc.number]


@pytest.mark.parametrize("params", [{}, {"page": "last"}, {"q": "无此资产"}])
def test_list_stays_within_eight_queries_whatever_the_rows(
    client_for, head, school, location, django_assert_max_num_queries, params
):
    # Session, user with the profile and the bell, permissions with roles; the tokens of
    # the cached content (each new card replaces one: the page is read in full);
    # the page's rows, its count and totals in one aggregate, its drop-downs in
    # one query.
    client = client_for(head)
    client.get(LIST)  # warm caches (content types, the school count)
    for rows in (3, 120):
        AssetFactory.create_batch(
            rows - Asset.objects.count(), school=school, location=location
        )
        # Seven for the page, and one for the school's rules (its page size).
        with django_assert_max_num_queries(8):
            response = client.get(LIST, params)
        assert response.status_code == 200
        assert response.context["totals"]["count"] == (0 if params.get("q") else rows)


def test_staff_see_only_the_assets_they_hold(client_for, people, school):
    staff = people["staff"]
    mine = AssetFactory(school=school, custodian=staff)
    theirs = AssetFactory(school=school, custodian=people["accountant"])
    client = client_for(staff)
    assert numbers(client.get(LIST)) == [mine.number]
    assert client.get(reverse("assets:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assets:detail", args=[theirs.pk])).status_code == 404


def test_another_schools_asset_is_not_found(client_for, head, other_school):
    foreign = AssetFactory(school=other_school)
    client = client_for(head)
    assert client.get(reverse("assets:detail", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("assets:update", args=[foreign.pk])).status_code == 404


def test_asset_page_shows_card_depreciation_and_fault_link(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    response = client_for(head).get(reverse("assets:detail", args=[pc.pk]))
    text = response.content.decode()
    assert pc.number in text and "2024" in text
    assert f"/repairs/report/{pc.location.code}/?asset={pc.number}" in text


def test_head_creates_an_asset_with_a_generated_number(
    client_for, head, school, location
):
    response = client_for(head).post(
        reverse("assets:create"),
        {
            "name": "笔记本电脑",
            "category": category(school).pk,
            "quantity": 1,
            "unit": "台",
            "unit_price": "6500.00",
            "acquired_on": "2025-09-01",
            "acquisition_method": "purchase",
            "funding_source": "budget",
            "location": location.pk,
            "usage_direction": "own_use",
            "status": "in_use",
            "condition": "good",
        },
    )
    asset = Asset.objects.get(name="笔记本电脑")
    assert response.status_code == 302
    assert re.fullmatch(r"HOME-2025-\d{5}", asset.number)
    assert asset.original_value == Decimal("6500.00")
    assert asset.asset_class == "fixed"
    assert asset.depreciation_months == 72
    assert asset.created_by == head


def test_cheap_item_becomes_a_low_value_item(school, head):
    from assets.services import asset_create

    chair = asset_create(
        school=school,
        by=head,
        name="椅子",
        category=category(school, "6010000"),
        unit_price=Decimal("200"),
        acquired_on=datetime.date(2025, 1, 1),
    )
    assert chair.asset_class == "low_value" and chair.depreciation_months == 0


def test_numbers_are_never_reused(school, head):
    from assets.services import asset_numbers_allocate

    first = asset_numbers_allocate(school=school, count=2, year=2025)
    AssetFactory(school=school, number="HOME-2025-00003")  # imported earlier
    second = asset_numbers_allocate(school=school, count=2, year=2025)
    assert first == ["HOME-2025-00001", "HOME-2025-00002"]
    assert second == ["HOME-2025-00004", "HOME-2025-00005"]


def test_edit_keeps_history(client_for, accountant, ledger):
    pc = ledger["assets"]["pc1"]
    form = client_for(accountant).get(reverse("assets:update", args=[pc.pk]))
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data.update(
        {
            "name": "台式计算机（教师机）",
            "category": pc.category_id,
            "location": pc.location_id,
            "department": pc.department_id,
            "acquired_on": "2024-01-15",
            "photo": "",
        }
    )
    data.pop("custodian", None)
    data.pop("responsible_class", None)
    data.pop("warranty_until", None)
    data.pop("depreciation_years_override", None)
    response = client_for(accountant).post(reverse("assets:update", args=[pc.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    pc.refresh_from_db()
    assert pc.name == "台式计算机（教师机）"
    latest = pc.history.first()
    assert latest.history_user == accountant
    page = client_for(accountant).get(reverse("assets:detail", args=[pc.pk]))
    assert "台式计算机（教师机）" in page.content.decode()


def test_status_set_by_workflows_cannot_be_set_by_hand(head, ledger):
    from django.core.exceptions import ValidationError

    from assets.services import asset_update

    with pytest.raises(ValidationError):
        asset_update(asset=ledger["assets"]["pc1"], by=head, status="disposed")


def test_asset_resolver_names_the_schools_live_assets_only(school, other_school):
    from logistics.registry import registry
    from logistics.roles import Role
    from tests.factories import make_user

    from .factories import AssetFactory

    mine = AssetFactory(school=school)
    theirs = AssetFactory(school=other_school)
    user = make_user(school, Role.STAFF)
    label, url = registry.resolve("asset", user, mine.number)
    assert mine.number in label and url == mine.get_absolute_url()
    assert registry.resolve("asset", user, theirs.number) is None
    mine.status = "disposed"
    mine.save()
    assert registry.resolve("asset", user, mine.number) is None
