"""The ledger's totals are cached until a card of the school changes: a repeat of the
page does not rescan the ledger, and every kind of write shows at once.

The page's whole content is cached too (test_ledger_content_cached.py): it is off
here, so that what is tested is the totals' own cache (the first view after a
place, a person or a rule changed reads the totals from it)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from assets import services
from assets.models import Asset
from logistics.models import ListVersion

from .factories import AssetFactory
from .test_import import row, run

pytestmark = pytest.mark.django_db
LIST = reverse("assets:list")


@pytest.fixture(autouse=True)
def content_not_cached(settings):
    settings.LOGISTICS = {**settings.LOGISTICS, "LIST_CONTENT_CACHE": False}


def totals(client, params=None):
    return client.get(LIST, params or {}).context["totals"]


def scans(client, params=None):
    """How many of the page's queries sum the ledger."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params or {}).status_code == 200
    return sum('SUM("assets_asset"."original_value")' in q["sql"] for q in captured)


def test_a_repeated_page_does_not_sum_the_ledger_again(client_for, head, ledger):
    client = client_for(head)
    assert scans(client) == 1
    assert scans(client) == 0
    assert scans(client, {"status": "in_use"}) == 1  # other filters, other totals
    assert scans(client, {"status": "in_use"}) == 0


def test_filters_through_another_table_are_summed_every_time(client_for, head, ledger):
    # A room moved to another building changes what the filter selects without
    # touching a card: nothing to invalidate the totals, so they are not cached.
    client = client_for(head)
    params = {"building_id": ledger["room"].building_id}
    assert scans(client, params) == 1
    assert scans(client, params) == 1


def test_an_edit_shows_in_the_totals(client_for, head, accountant, ledger):
    client = client_for(head)
    before = totals(client)
    pc = ledger["assets"]["pc1"]
    services.asset_update(asset=pc, by=accountant, name="台式计算机（教师机）")
    assert scans(client) == 1  # the name changed: summed again
    Asset.objects.filter(pk=pc.pk).update(original_value=pc.original_value + 100)
    assert totals(client)["original"] == before["original"] + 100


def test_a_new_card_an_import_and_bulk_writes_show_in_the_totals(
    client_for, head, accountant, school, location, ledger
):
    client = client_for(head)
    count = totals(client)["count"]
    AssetFactory(school=school, location=location)
    assert totals(client)["count"] == count + 1
    report = run(school, accountant, [row("JX-0001"), row("JX-0002", price="100")])
    assert report.committed
    after_import = totals(client)
    assert after_import["count"] == count + 3
    cards = list(Asset.objects.filter(number__in=["JX-0001", "JX-0002"]))
    for card in cards:
        card.original_value = Decimal("1.00")
    Asset.objects.bulk_update(cards, ["original_value"])
    assert totals(client)["original"] == after_import["original"] - Decimal("5298.00")
    Asset.objects.filter(number="JX-0001").delete()
    assert totals(client)["count"] == count + 2


def test_a_disposal_shows_in_the_totals(client_for, head, director, ledger):
    client = client_for(head)
    before = totals(client)
    pc = ledger["assets"]["pc1"]
    disposal = services.disposal_propose(
        asset=pc, by=head, method="scrap", reason="主板损坏"
    )
    services.disposal_approve(disposal=disposal, by=director, comment="同意")
    services.disposal_complete(
        disposal=disposal, by=head, disposed_on=datetime.date.today()
    )
    after = totals(client)
    assert after["count"] == before["count"] - 1
    assert after["original"] == before["original"] - pc.original_value


def test_another_schools_change_leaves_this_schools_totals_cached(
    client_for, head, ledger, other_school
):
    client = client_for(head)
    totals(client)
    AssetFactory(school=other_school)
    assert scans(client) == 0
    assert ListVersion.objects.filter(school=other_school, kind="assets").exists()
