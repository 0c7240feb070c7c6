"""Depreciation on worked examples: month boundaries, full depreciation, overrides.

These examples keep the enterprise month rule (企业会计准则: from the month after
acquisition, still in the month of disposal); the government rule, the default,
has its own worked examples in test_depreciation_posting.py.
"""

import datetime
from decimal import Decimal

from django.test import override_settings

import pytest

from assets import depreciation
from assets.conf import ENTERPRISE, GOVERNMENT
from assets.models import Asset
from assets.selectors import ledger_totals

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enterprise_books(settings):
    settings.ASSETS = {"ACCOUNTING_SYSTEM": ENTERPRISE}


D = datetime.date


def sql_accumulated(asset, as_of):
    return (
        Asset.objects.filter(pk=asset.pk)
        .annotate(acc=depreciation.accumulated_expression(as_of))
        .values_list("acc", flat=True)
        .get()
    )


def test_computer_7200_over_6_years_is_100_a_month_from_the_next_month(school):
    # 7,200 yuan over 6 years = 72 months = 100.00 a month; bought 15 Jan 2024.
    asset = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    assert asset.depreciation_months == 72
    assert asset.monthly_depreciation == Decimal("100.00")
    # The month of acquisition is not depreciated (企业会计准则).
    assert depreciation.accumulated(asset, D(2024, 1, 31)) == Decimal("0.00")
    assert depreciation.accumulated(asset, D(2024, 2, 1)) == Decimal("100.00")
    assert depreciation.accumulated(asset, D(2024, 12, 31)) == Decimal("1100.00")
    assert depreciation.net_value(asset, D(2024, 12, 31)) == Decimal("6100.00")


def test_acquired_on_the_last_day_of_a_month_starts_the_next_month(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 3, 31))
    assert depreciation.accumulated(asset, D(2024, 3, 31)) == 0
    assert depreciation.accumulated(asset, D(2024, 4, 1)) == Decimal("100.00")


def test_acquired_on_the_first_day_still_waits_for_the_next_month(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 3, 1))
    assert depreciation.accumulated(asset, D(2024, 3, 31)) == 0
    assert depreciation.accumulated(asset, D(2024, 4, 30)) == Decimal("100.00")


def test_year_boundary_december_purchase_starts_in_january(school):
    asset = AssetFactory(school=school, acquired_on=D(2023, 12, 20))
    assert depreciation.accumulated(asset, D(2023, 12, 31)) == 0
    assert depreciation.accumulated(asset, D(2024, 1, 31)) == Decimal("100.00")


@override_settings(ASSETS={"ACCOUNTING_SYSTEM": GOVERNMENT})
def test_government_rule_counts_the_month_of_acquisition(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    assert depreciation.accumulated(asset, D(2024, 1, 31)) == Decimal("100.00")
    assert depreciation.accumulated(asset, D(2024, 12, 31)) == Decimal("1200.00")


def test_fully_depreciated_asset_stops_at_its_original_value(school):
    asset = AssetFactory(school=school, acquired_on=D(2015, 6, 10))
    # July 2015 .. June 2021 is 72 months.
    assert depreciation.accumulated(asset, D(2021, 5, 31)) == Decimal("7100.00")
    assert depreciation.accumulated(asset, D(2021, 6, 30)) == Decimal("7200.00")
    assert depreciation.accumulated(asset, D(2030, 1, 1)) == Decimal("7200.00")
    assert depreciation.net_value(asset, D(2030, 1, 1)) == Decimal("0.00")
    assert depreciation.book_value(asset, D(2030, 1, 1)).fully_depreciated


def test_rounding_remainder_goes_to_the_last_month(school):
    # 1,000 over 6 years: 13.89 a month; 71 months = 986.19, the last month 13.81.
    asset = AssetFactory(
        school=school, unit_price=Decimal("1000.00"), acquired_on=D(2020, 1, 5)
    )
    assert asset.monthly_depreciation == Decimal("13.89")
    assert depreciation.accumulated(asset, D(2025, 12, 31)) == Decimal("986.19")
    assert depreciation.accumulated(asset, D(2026, 1, 31)) == Decimal("1000.00")


def test_books_and_relics_are_not_depreciated(school):
    books = AssetFactory(
        school=school,
        name="图书一批",
        category=category(school, "5010000"),
        unit_price=Decimal("30000.00"),
        acquired_on=D(2010, 1, 1),
    )
    assert books.depreciation_months == 0
    assert depreciation.accumulated(books, D(2025, 1, 1)) == 0
    assert depreciation.net_value(books, D(2025, 1, 1)) == Decimal("30000.00")
    assert sql_accumulated(books, D(2025, 1, 1)) == 0


def test_per_asset_override_of_years(school):
    asset = AssetFactory(
        school=school, depreciation_years_override=3, acquired_on=D(2024, 1, 15)
    )
    assert asset.depreciation_months == 36
    assert asset.monthly_depreciation == Decimal("200.00")
    assert depreciation.accumulated(asset, D(2026, 12, 31)) == Decimal("7000.00")
    assert depreciation.accumulated(asset, D(2027, 1, 31)) == Decimal("7200.00")


def test_furniture_uses_15_years_from_the_category(school):
    desk = AssetFactory(
        school=school,
        category=category(school, "6010000"),
        unit_price=Decimal("1800.00"),
        acquired_on=D(2024, 8, 20),
    )
    assert desk.depreciation_months == 180
    assert desk.monthly_depreciation == Decimal("10.00")


def test_depreciation_stops_after_the_month_of_disposal(school):
    asset = AssetFactory(
        school=school, acquired_on=D(2024, 1, 15), disposed_on=D(2024, 6, 10)
    )
    # Feb..Jun 2024 = 5 months; June (the month of disposal) is still charged.
    assert depreciation.accumulated(asset, D(2024, 6, 30)) == Decimal("500.00")
    assert depreciation.accumulated(asset, D(2025, 6, 30)) == Decimal("500.00")


def test_net_value_as_of_a_date_before_acquisition_is_the_original_value(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    assert depreciation.accumulated(asset, D(2023, 1, 1)) == 0


def test_depreciation_in_a_period(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    y2024 = depreciation.month_index(D(2024, 1, 1))
    assert depreciation.depreciation_in(asset, y2024, y2024 + 11) == Decimal("1100.00")
    assert depreciation.depreciation_in(asset, y2024 + 12, y2024 + 12) == Decimal(
        "100.00"
    )


@pytest.mark.parametrize(
    "as_of",
    [D(2023, 1, 1), D(2024, 1, 31), D(2024, 2, 1), D(2026, 7, 1), D(2035, 1, 1)],
)
def test_sql_and_python_agree(school, as_of):
    assets = [
        AssetFactory(school=school, acquired_on=D(2024, 1, 15)),
        AssetFactory(
            school=school, unit_price=Decimal("1000.00"), acquired_on=D(2020, 1, 5)
        ),
        AssetFactory(
            school=school, acquired_on=D(2024, 1, 15), disposed_on=D(2024, 6, 1)
        ),
        AssetFactory(school=school, depreciation_years_override=3),
        AssetFactory(school=school, category=category(school, "5010000")),
    ]
    for asset in assets:
        assert sql_accumulated(asset, as_of) == depreciation.accumulated(asset, as_of)
    totals = ledger_totals(Asset.objects.for_school(school), as_of)
    expected = sum(depreciation.accumulated(a, as_of) for a in assets)
    assert totals["count"] == 5
    assert totals["accumulated"] == expected
    assert totals["net"] == sum(a.original_value for a in assets) - expected


def test_yearly_table_adds_up(school):
    asset = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    table = depreciation.yearly_table(asset, D(2026, 3, 31))
    assert [(y, c) for y, c, _acc, _net in table] == [
        (2024, Decimal("1100.00")),
        (2025, Decimal("1200.00")),
        (2026, Decimal("300.00")),
    ]
