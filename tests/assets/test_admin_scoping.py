"""The ledger's Django admin through the core's one scoping: a school's administrator
stays inside the school; a superuser sees every school, and moves no row."""

from django.urls import reverse

import pytest

from assets.models import Asset, Category
from logistics.roles import Role
from tests.factories import LocationFactory, make_user

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_admin(school):
    """The school's own administrator in the admin (not the installation's)."""
    return make_user(school, Role.ADMINISTRATOR, Role.LOGISTICS_HEAD, is_staff=True)


@pytest.fixture
def superuser(school):
    return make_user(school, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


def category_form(node, **changes):
    data = {
        "parent": node.parent_id or "",
        "code": node.code,
        "name": node.name,
        "scheme": node.scheme,
        "scheme_version": node.scheme_version,
        "level": node.level,
        "depreciates": "on" if node.depreciates else "",
        "depreciation_years": node.depreciation_years or "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_school_admin_lists_only_their_schools_assets_with_no_school_column(
    school, other_school, school_admin, client_for
):
    AssetFactory(school=school, number="MINE-1")
    AssetFactory(school=other_school, number="THEIRS-1")
    page = client_for(school_admin).get(reverse("admin:assets_asset_changelist"))
    text = page.content.decode()
    assert "MINE-1" in text and "THEIRS-1" not in text
    assert "column-school" not in text and "school__id__exact" not in text


def test_school_admin_cannot_open_another_schools_asset(
    other_school, school_admin, client_for
):
    foreign = AssetFactory(school=other_school)
    response = client_for(school_admin).get(
        reverse("admin:assets_asset_change", args=[foreign.pk])
    )
    assert response.status_code == 302  # the admin's "does not exist" redirect


def autocomplete(client, field, term):
    """The ids the asset form's autocomplete offers for ``field``."""
    answer = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "assets",
            "model_name": "asset",
            "field_name": field,
            "term": term,
        },
    )
    return {int(row["id"]) for row in answer.json()["results"]}


def test_school_admin_is_offered_only_their_schools_rooms_and_people(
    school, other_school, school_admin, client_for
):
    own_room = LocationFactory(
        school=school, building__campus__school=school, name="实验室"
    )
    LocationFactory(
        school=other_school, building__campus__school=other_school, name="实验室"
    )
    colleague = make_user(school, Role.STAFF, real_name="李老师")
    make_user(other_school, Role.STAFF, real_name="李老师")
    client = client_for(school_admin)

    assert autocomplete(client, "location", "实验室") == {own_room.pk}
    assert autocomplete(client, "custodian", "李老师") == {colleague.pk}


def test_school_admin_cannot_pick_another_schools_row_or_move_one(
    school, other_school, school_admin, client_for
):
    node = Category.objects.filter(school=school, parent__isnull=False).first()
    foreign_parent = category(other_school)
    client = client_for(school_admin)
    url = reverse("admin:assets_category_change", args=[node.pk])

    refused = client.post(url, category_form(node, parent=foreign_parent.pk))
    moved = client.post(url, category_form(node, school=other_school.pk, name="改名"))

    assert refused.status_code == 200  # the form again, with its error
    assert "parent" in refused.context["adminform"].form.errors
    node.refresh_from_db()
    assert moved.status_code == 302
    assert node.name == "改名" and node.school_id == school.pk


def test_superuser_sees_every_schools_assets_with_a_school_column_and_filter(
    school, other_school, superuser, client_for
):
    AssetFactory(school=school, number="MINE-2")
    AssetFactory(school=other_school, number="THEIRS-2")
    client = client_for(superuser)
    text = client.get(reverse("admin:assets_asset_changelist")).content.decode()
    assert "MINE-2" in text and "THEIRS-2" in text
    assert "column-school" in text and "school__id__exact" in text
    filtered = client.get(
        reverse("admin:assets_asset_changelist"),
        {"school__id__exact": other_school.pk},
    ).content.decode()
    assert "THEIRS-2" in filtered and "MINE-2" not in filtered


def test_superuser_cannot_move_a_row_or_tie_it_to_another_school(
    school, other_school, superuser, client_for
):
    node = Category.objects.filter(school=other_school, parent__isnull=False).first()
    client = client_for(superuser)
    url = reverse("admin:assets_category_change", args=[node.pk])

    refused = client.post(url, category_form(node, parent=category(school).pk))
    moved = client.post(url, category_form(node, school=school.pk, name="改名"))

    assert "parent" in refused.context["adminform"].form.errors
    node.refresh_from_db()
    assert moved.status_code == 302
    assert node.name == "改名" and node.school_id == other_school.pk


def test_asset_admin_never_deletes_a_card(school, superuser, client_for):
    asset = AssetFactory(school=school)
    client_for(superuser).post(
        reverse("admin:assets_asset_delete", args=[asset.pk]), {"post": "yes"}
    )
    assert Asset.objects.filter(pk=asset.pk).exists()


def test_posted_depreciation_is_shown_in_the_admin_and_changed_by_nobody(
    school, other_school, school_admin, client_for
):
    """Closed months, their entries, adjustments and the opening are records: the
    school's administrator reads its own school's, and no add, change or delete."""
    import datetime

    from assets import depreciation as dep
    from assets import posting

    accountant = make_user(school, Role.ACCOUNTANT)
    mine = AssetFactory(
        school=school, number="MINE-1", acquired_on=datetime.date(2024, 1, 5)
    )
    AssetFactory(school=other_school, number="THEIRS-1")
    month = dep.month_index(datetime.date(2024, 1, 1))
    period = posting.month_close(school=school, by=accountant, month=month)
    client = client_for(school_admin)
    for model in (
        "depreciationmonth",
        "depreciationentry",
        "assetadjustment",
        "ledgeropening",
    ):
        listing = client.get(reverse(f"admin:assets_{model}_changelist"))
        assert listing.status_code == 200, model
        assert client.get(reverse(f"admin:assets_{model}_add")).status_code == 403
    entries = client.get(reverse("admin:assets_depreciationentry_changelist"))
    assert "MINE-1" in entries.content.decode()
    assert "THEIRS-1" not in entries.content.decode()
    change = client.get(
        reverse("admin:assets_depreciationmonth_change", args=[period.pk])
    )
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()  # read only
    response = client.post(
        reverse("admin:assets_depreciationmonth_delete", args=[period.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    assert (
        mine.depreciation_entries.count()
        if hasattr(mine, "depreciation_entries")
        else True
    )
    period.refresh_from_db()
    assert period.total > 0
