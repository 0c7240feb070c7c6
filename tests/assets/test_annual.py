"""The fixed assets' section of the annual logistics report: the ledger at the
year's end, what came and went, the depreciation posted and the stocktakes, to
the fen, for one school and one year, in a few queries however large the ledger."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from assets import depreciation as dep
from assets import posting, services
from assets.annual import annual_section
from assets.choices import AssetStatus
from assets.models import Stocktake
from logistics.annual import COUNT, MONEY
from logistics.registry import registry
from logistics.roles import Role

from ..factories import make_user
from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db

D = datetime.date
M = Decimal


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def figures(section):
    return {str(figure.label): figure for figure in section.figures}


def values(section):
    return {label: figure.value for label, figure in figures(section).items()}


def close_year(school, by, year):
    for number in range(1, 13):
        posting.month_close(
            school=school, by=by, month=dep.month_index(D(year, number, 1))
        )


def closed_stocktake(school, by, name, closed_at):
    stocktake = services.stocktake_open(school=school, by=by, name=name)
    services.stocktake_start(stocktake=stocktake, by=by)
    services.stocktake_close(stocktake=stocktake, by=by)
    Stocktake.objects.filter(pk=stocktake.pk).update(closed_at=closed_at)
    return stocktake


def moment(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def year_2024(school, other_school, accountant, head):
    """Cards of every kind around 2024, the year posted, stocktakes in and out of it.

    Computers (6 years) at 7,200 depreciate 100 a month; the government rule
    depreciates from the month acquired and not in the month disposed of.
    """
    AssetFactory(school=school, unit_price=M("7200.00"), acquired_on=D(2024, 1, 15))
    AssetFactory(  # 50 a month, March to August: 300
        school=school,
        unit_price=M("3600.00"),
        acquired_on=D(2024, 3, 10),
        status=AssetStatus.DISPOSED,
        disposed_on=D(2024, 9, 20),
    )
    AssetFactory(  # 1,200 in 2024, 3,600 by its end
        school=school, unit_price=M("7200.00"), acquired_on=D(2022, 1, 10)
    )
    AssetFactory(  # fully depreciated at the end of 2022: no entry in 2024
        school=school, unit_price=M("1200.00"), acquired_on=D(2017, 1, 1)
    )
    AssetFactory(  # library books are not depreciated
        school=school,
        category=category(school, "5010000"),
        unit="册",
        quantity=1000,
        unit_price=M("30.00"),
        acquired_on=D(2023, 3, 1),
    )
    AssetFactory(  # gone before 2024
        school=school,
        unit_price=M("1000.00"),
        acquired_on=D(2020, 5, 1),
        status=AssetStatus.DISPOSED,
        disposed_on=D(2023, 6, 1),
    )
    AssetFactory(school=school, unit_price=M("999.99"), acquired_on=D(2025, 2, 1))
    close_year(school, accountant, 2024)
    closed_stocktake(school, head, "2024 秋季盘点", moment(2024, 11, 30, 16))
    closed_stocktake(school, head, "2023 盘点", moment(2023, 12, 31, 23, 30))
    services.stocktake_open(school=school, by=head, name="still open")
    # Another school's card, month and stocktake count only there.
    AssetFactory(
        school=other_school, unit_price=M("5000.00"), acquired_on=D(2024, 5, 5)
    )
    other_accountant = make_user(other_school, Role.ACCOUNTANT)
    posting.month_close(
        school=other_school, by=other_accountant, month=dep.month_index(D(2024, 6, 1))
    )
    closed_stocktake(
        other_school,
        make_user(other_school, Role.LOGISTICS_HEAD),
        "x",
        moment(2024, 6, 1),
    )


def test_the_year_is_counted_to_the_fen(school, year_2024):
    section = annual_section(school.pk, 2024)

    assert str(section.title) == "Fixed assets"
    assert section.order == 10
    assert section.url == reverse("assets:list")
    assert values(section) == {
        "On the ledger at year end": 4,
        "Value on the ledger at year end": M("45600.00"),
        "Acquired in the year": 2,
        "Value acquired": M("10800.00"),
        "Disposed of in the year": 1,
        "Value disposed of": M("3600.00"),
        "Depreciation posted": M("2700.00"),
        "Months posted": 12,
        # 45,600 less 1,200 + 3,600 + 1,200 (fully depreciated) + 0 (books)
        "Net book value at year end": M("39600.00"),
        "Stocktakes completed": 1,
    }
    shown = figures(section)
    assert shown["Value acquired"].kind == MONEY
    assert shown["On the ledger at year end"].kind == COUNT
    assert shown["On the ledger at year end"].shown == "4 cards"


def test_the_depreciation_posted_is_the_sum_of_the_years_entries(school, year_2024):
    from assets.models import DepreciationEntry

    entries = DepreciationEntry.objects.filter(
        school=school,
        month__range=(dep.month_index(D(2024, 1, 1)), dep.month_index(D(2024, 12, 1))),
    )
    assert sum(entry.amount for entry in entries) == M("2700.00")


def test_another_year_counts_only_its_own_cards(school, year_2024):
    found = values(annual_section(school.pk, 2023))

    assert found["On the ledger at year end"] == 3  # 2017, 2022 computers, books
    assert found["Value on the ledger at year end"] == M("38400.00")
    assert found["Acquired in the year"] == 1
    assert found["Value acquired"] == M("30000.00")
    assert found["Disposed of in the year"] == 1
    assert found["Value disposed of"] == M("1000.00")
    assert found["Depreciation posted"] == M("0.00")
    assert found["Months posted"] == 0
    assert found["Stocktakes completed"] == 1
    # December 2023 is not posted: no year-end net value rather than a forecast.
    assert "Net book value at year end" not in found


def test_a_reopened_december_takes_its_entries_and_the_net_value_away(
    school, year_2024, accountant
):
    from assets.models import DepreciationMonth

    december = DepreciationMonth.objects.get(
        school=school, month=dep.month_index(D(2024, 12, 1))
    )
    posting.month_reopen(period=december, by=accountant, reason="更正")

    found = values(annual_section(school.pk, 2024))

    # December's 100 + 100 no longer count, nor does a year-end net value.
    assert found["Depreciation posted"] == M("2500.00")
    assert found["Months posted"] == 11
    assert "Net book value at year end" not in found


def test_another_school_sees_only_its_own(other_school, year_2024):
    found = values(annual_section(other_school.pk, 2024))

    assert found["On the ledger at year end"] == 1
    assert found["Value on the ledger at year end"] == M("5000.00")
    assert found["Acquired in the year"] == 1
    assert found["Disposed of in the year"] == 0
    assert found["Months posted"] == 1
    assert found["Stocktakes completed"] == 1


def test_a_year_before_any_card_gives_zeros(school, year_2024):
    found = values(annual_section(school.pk, 2010))

    assert found == {
        "On the ledger at year end": 0,
        "Value on the ledger at year end": M("0.00"),
        "Acquired in the year": 0,
        "Value acquired": M("0.00"),
        "Disposed of in the year": 0,
        "Value disposed of": M("0.00"),
        "Depreciation posted": M("0.00"),
        "Months posted": 0,
        "Stocktakes completed": 0,
    }


def test_a_school_without_cards_has_no_section(school):
    assert annual_section(school.pk, 2024) is None


def test_the_queries_do_not_grow_with_the_ledger(school, accountant):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            annual_section(school.pk, 2024)
        return len(captured)

    AssetFactory(school=school, unit_price=M("7200.00"), acquired_on=D(2024, 1, 15))
    AssetFactory(school=school, unit_price=M("3600.00"), acquired_on=D(2023, 1, 15))
    close_year(school, accountant, 2024)
    few = queries()
    for day in range(1, 11):
        AssetFactory(
            school=school, unit_price=M("1200.00"), acquired_on=D(2024, 2, day)
        )
        AssetFactory(
            school=school,
            unit_price=M("600.00"),
            acquired_on=D(2022, 2, day),
            status=AssetStatus.DISPOSED,
            disposed_on=D(2024, 3, day),
        )

    assert queries() == few <= 3


def test_the_annual_report_page_shows_the_section(
    school, year_2024, client_for, monkeypatch
):
    # Registered by the app; the page is read with this section alone, so that
    # another app's section cannot fail this test.
    assert annual_section in registry.annual_sections
    monkeypatch.setattr(registry, "annual_sections", [annual_section])
    head = make_user(school, Role.LOGISTICS_HEAD)

    with translation.override("zh-hans"):
        page = client_for(head).get(reverse("annual-report"), {"year": "2024"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "固定资产" in html
    assert "¥39,600.00" in html
    assert "4 张" in html


def test_the_ledgers_reports_are_listed_for_those_who_may_open_them(school):
    from logistics.registry import may_open

    reports = {item.url_name: item for item in registry.reports}
    head = make_user(school, Role.LOGISTICS_HEAD)
    teacher = make_user(school, Role.STAFF)
    for name in ("assets:depreciation", "assets:months", "assets:stocktake-list"):
        assert reverse(name)
        assert may_open(head, reports[name].permission)
        assert not may_open(teacher, reports[name].permission)


def test_the_workbook_holds_the_figures_with_their_units(
    school, year_2024, client_for, monkeypatch
):
    import io

    from openpyxl import load_workbook

    monkeypatch.setattr(registry, "annual_sections", [annual_section])
    head = make_user(school, Role.LOGISTICS_HEAD)

    with translation.override("zh-hans"):
        response = client_for(head).get(
            reverse("annual-report-export"), {"year": "2024"}
        )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["年末在账资产"] == ("固定资产", "年末在账资产", 4, "张")
    assert rows["年末资产净值"][2:] == (39600, "元")
