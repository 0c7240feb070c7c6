"""The asset number on a request: checked and linked through the core's registry.

Repairs never imports the assets app; it asks ``registry.resolve("asset", …)``.
With the assets app absent the kind is unknown (KeyError) and the number stays text.
"""

from django.apps import apps
from django.urls import reverse

import pytest

from logistics.registry import registry
from logistics.roles import Role
from repairs.models import RepairRequest

from ..factories import LocationFactory, make_user
from .test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_assets(monkeypatch, school):
    """An assets app that knows one asset, ZC-000001, at the home school."""

    def resolve(user, number):
        if number == "ZC-000001" and user.profile.school_id == school.pk:
            return "ZC-000001 投影仪", "/assets/7/"
        return None

    monkeypatch.setitem(registry.resolvers, "asset", resolve)


@pytest.fixture
def no_assets(monkeypatch):
    """As if the assets app were not installed: nobody registered the kind."""
    monkeypatch.delitem(registry.resolvers, "asset", raising=False)


def test_a_known_asset_is_accepted_and_linked(client_for, staff, location, fake_assets):
    client = client_for(staff)
    response = client.post(
        reverse("repairs:new"), form_data(location, asset_number=" ZC-000001 ")
    )
    repair = RepairRequest.objects.get()
    assert response["Location"] == repair.get_absolute_url()
    assert repair.asset_number == "ZC-000001"
    page = client.get(repair.get_absolute_url())
    assert page.context["asset_link"] == ("ZC-000001 投影仪", "/assets/7/")
    assert '<a href="/assets/7/">ZC-000001 投影仪</a>' in page.content.decode()


def test_an_unknown_asset_is_refused_and_the_form_kept(
    client_for, staff, location, fake_assets
):
    response = client_for(staff).post(
        reverse("repairs:new"), form_data(location, asset_number="ZC-999999")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.as_data()["asset_number"][0].code == "unknown_asset"
    assert "本校没有编号为 ZC-999999 的资产" in response.content.decode()
    assert form["description"].value() == "洗手池水龙头漏水"
    assert form["location"].value() == str(location.pk)
    assert not RepairRequest.objects.exists()


def test_another_schools_asset_is_refused(
    client_for, location, other_school, fake_assets
):
    foreigner = make_user(other_school, Role.STAFF, username="foreigner")
    place = LocationFactory(school=other_school, building__campus__school=other_school)
    response = client_for(foreigner).post(
        reverse("repairs:new"), form_data(place, asset_number="ZC-000001")
    )
    assert "asset_number" in response.context["form"].errors


def test_without_the_assets_app_the_number_is_kept_as_text(
    client_for, staff, location, no_assets
):
    client = client_for(staff)
    response = client.post(
        reverse("repairs:new"), form_data(location, asset_number="旧标签-17")
    )
    assert response.status_code == 302
    repair = RepairRequest.objects.get()
    assert repair.asset_number == "旧标签-17"
    page = client.get(repair.get_absolute_url())
    assert page.context["asset_link"] is None
    assert "旧标签-17" in page.content.decode()


def test_an_empty_asset_number_asks_nobody(client_for, staff, location, monkeypatch):
    def resolve(user, number):
        raise AssertionError("not asked for an empty number")

    monkeypatch.setitem(registry.resolvers, "asset", resolve)
    response = client_for(staff).post(reverse("repairs:new"), form_data(location))
    assert response.status_code == 302


def test_with_the_real_assets_app(client_for, staff, location):
    if not apps.is_installed("assets"):
        pytest.skip("the assets app is not installed")
    from tests.assets.factories import AssetFactory

    asset = AssetFactory(school=location.school, number="ZC-123456", name="投影仪")
    client = client_for(staff)
    refused = client.post(
        reverse("repairs:new"), form_data(location, asset_number="ZC-654321")
    )
    assert "asset_number" in refused.context["form"].errors
    response = client.post(
        reverse("repairs:new"), form_data(location, asset_number="ZC-123456")
    )
    repair = RepairRequest.objects.get()
    assert response["Location"] == repair.get_absolute_url()
    page = client.get(repair.get_absolute_url()).content.decode()
    assert f'href="{asset.get_absolute_url()}"' in page
