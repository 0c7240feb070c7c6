"""Closing months on the pages: the accountant closes, reads the voucher summary
(page, Excel, PDF) and reopens; the import numbers blank rows, takes opening
balances and leaves closed months alone; the ledger page's queries stay constant."""

import datetime
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from assets import depreciation as dep
from assets import posting
from assets.choices import MonthStatus
from assets.models import Asset, DepreciationEntry, DepreciationMonth

from .factories import AssetFactory
from .test_import import row, run
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date
M = Decimal


def month(year, number):
    return dep.month_index(D(year, number, 1))


def test_the_accountant_closes_a_month_from_the_page(client_for, accountant, school):
    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    client = client_for(accountant)
    page = client.get(reverse("assets:months"))
    assert page.status_code == 200
    response = client.post(reverse("assets:month-close"), {"month": "2024-01"})
    period = DepreciationMonth.objects.get()
    assert response.status_code == 302
    assert response["Location"] == period.get_absolute_url()
    assert (period.month, period.assets, period.total) == (
        month(2024, 1),
        1,
        M("100.00"),
    )
    again = client.post(
        reverse("assets:month-close"), {"month": "2024-01"}, follow=True
    )
    assert "2024-01 已经结账。" in again.content.decode()
    assert DepreciationMonth.objects.count() == 1


def test_the_logistics_head_may_not_close(client_for, head, school):
    response = client_for(head).post(
        reverse("assets:month-close"), {"month": "2024-01"}
    )
    assert response.status_code == 403
    assert not DepreciationMonth.objects.exists()


def test_the_summary_page_excel_and_pdf_agree(client_for, accountant, school):
    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    AssetFactory(
        school=school,
        unit_price=M("1000.00"),
        acquired_on=D(2023, 6, 1),
        expense_use="administration",
    )
    period = posting.month_close(school=school, by=accountant, month=month(2024, 3))
    client = client_for(accountant)
    page = client.get(period.get_absolute_url()).content.decode()
    assert "113.89" in page and "100.00" in page and "13.89" in page
    sheet = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    reverse("assets:month-summary-xlsx", args=[period.pk])
                ).streaming_content
            )
        )
    ).active
    cells = [[cell for cell in line] for line in sheet.iter_rows(values_only=True)]
    credit = [line for line in cells if line[1] and "固定资产累计折旧" in str(line[1])]
    assert credit and Decimal(str(credit[0][4])) == M("113.89")
    debits = sum(
        Decimal(str(line[3]))
        for line in cells
        if line[0] in ("借方", "Debit") and line[3] is not None
    )
    assert debits == M("113.89")
    pdf = client.get(reverse("assets:month-summary-pdf", args=[period.pk]))
    text = pdf_text(pdf.content)
    assert "计提折旧汇总表" in text and "113.89" in text


def test_reopening_from_the_page_needs_a_reason_and_the_accountant(
    client_for, accountant, head, school
):
    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    period = posting.month_close(school=school, by=accountant, month=month(2024, 1))
    url = reverse("assets:month-reopen", args=[period.pk])
    assert client_for(head).post(url, {"reason": "x"}).status_code == 403
    client = client_for(accountant)
    client.post(url, {})
    period.refresh_from_db()
    assert period.status == MonthStatus.CLOSED
    client.post(url, {"reason": "原值录错"})
    period.refresh_from_db()
    assert period.status == MonthStatus.REOPENED and period.reason == "原值录错"
    page = client.get(period.get_absolute_url()).content.decode()
    assert "原值录错" in page


def test_the_depreciation_ledger_page_keeps_its_queries_when_months_are_posted(
    client_for, accountant, school
):
    client = client_for(accountant)
    url = reverse("assets:depreciation") + "?year=2024&month=3"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    posting.month_close(school=school, by=accountant, month=month(2024, 3))
    few = queries()
    for _ in range(20):
        AssetFactory(school=school, acquired_on=D(2023, 1, 15))
    assert queries() == few


# -- the import -------------------------------------------------------------------------


def blank_number_row(**kwargs):
    return row("", **kwargs)


def test_rows_without_a_number_get_numbers_from_the_school_pattern(school, accountant):
    report = run(school, accountant, [blank_number_row(), blank_number_row()])
    assert report.ok, report.problems()
    numbers = sorted(
        Asset.objects.filter(school=school).values_list("number", flat=True)
    )
    assert numbers == ["HOME-2023-00001", "HOME-2023-00002"]


def test_the_import_takes_the_opening_accumulated_depreciation(school, accountant):
    from assets.resources import template_headers

    headers = template_headers()
    line = row("JX-0001", price="7200", date="2023-03-01")
    line[headers.index("期初累计折旧")] = "2500"
    report = run(school, accountant, [line])
    assert report.ok, report.problems()
    asset = Asset.objects.get(number="JX-0001")
    assert asset.opening_accumulated == M("2500.00")
    opening = posting.ledger_open(school=school, by=accountant, month=month(2025, 7))
    assert opening.imported == 1
    asset.refresh_from_db()
    assert asset.monthly_depreciation == M("106.82")


def test_after_the_opening_the_import_refuses_an_opening_accumulated_depreciation(
    school, accountant
):
    """Once the ledger is opened the column would be stored and never read, so a
    changed or new figure is refused and nothing is written; the same figure (an
    exported ledger read back) passes."""
    from assets.resources import template_headers

    headers = template_headers()
    column = headers.index("期初累计折旧")
    first = row("JX-0001", price="7200", date="2023-03-01")
    first[column] = "2500"
    assert run(school, accountant, [first]).ok
    posting.ledger_open(school=school, by=accountant, month=month(2025, 7))
    asset = Asset.objects.get(number="JX-0001")

    changed = row("JX-0001", price="7200", date="2023-03-01")
    changed[column] = "3000"
    new = row("JX-0002", price="7200", date="2023-03-01")
    new[column] = "100"
    report = run(school, accountant, [changed, new])
    assert not report.ok
    messages = [m for r in report.rows for _a, m in r.errors]
    assert len(messages) == 2
    assert all("已经建账" in m for m in messages), messages
    assert Asset.objects.get(number="JX-0001").opening_accumulated == M("2500.00")
    assert not Asset.objects.filter(number="JX-0002").exists()

    same = row("JX-0001", name="教师用计算机", price="7200", date="2023-03-01")
    same[column] = "2500"
    later = row("JX-0003", price="7200", date="2025-08-01")
    report = run(school, accountant, [same, later])
    assert report.ok, report.problems()
    asset.refresh_from_db()
    assert (asset.name, asset.opening_accumulated) == ("教师用计算机", M("2500.00"))


def test_a_closed_month_without_an_opening_also_ends_opening_balances(
    school, accountant
):
    AssetFactory(school=school, number="JX-0001", acquired_on=D(2024, 1, 15))
    posting.month_close(school=school, by=accountant, month=month(2024, 1))
    from assets.resources import template_headers

    line = row("JX-0002", date="2024-03-01")
    line[template_headers().index("期初累计折旧")] = "10"
    report = run(school, accountant, [line])
    assert not report.ok
    assert not Asset.objects.filter(number="JX-0002").exists()


def test_the_import_leaves_closed_months_alone(school, accountant):
    AssetFactory(school=school, number="JX-0001", acquired_on=D(2024, 1, 15))
    posting.month_close(school=school, by=accountant, month=month(2024, 1))
    posting.month_close(school=school, by=accountant, month=month(2024, 2))
    report = run(
        school,
        accountant,
        [
            row("JX-0001", price="9000", date="2024-01-15"),
            row("JX-0002", date="2024-02-03"),
        ],
    )
    assert not report.ok
    assert all("2024-0" in " ".join(m for _a, m in r.errors) for r in report.rows)
    assert Asset.objects.get(number="JX-0001").unit_price == M("7200.00")
    assert not Asset.objects.filter(number="JX-0002").exists()
    assert DepreciationEntry.objects.count() == 2


def test_closing_and_reopening_a_month_renew_the_ledgers_cached_totals(
    accountant, school
):
    """The ledger's totals read posted months, so a close or a reopen must make the
    cached totals stale (a new list token), as a card's change does."""
    from logistics.models import ListVersion

    def token():
        row = ListVersion.objects.filter(school=school, kind="assets").first()
        return row and row.token

    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    before = token()
    period = posting.month_close(school=school, by=accountant, month=month(2024, 1))
    after_close = token()
    assert after_close != before
    posting.month_reopen(period=period, by=accountant, reason="更正原值")
    assert token() != after_close
