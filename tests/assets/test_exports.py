"""Excel exports read back cell by cell: title, headers, rows, totals, filters."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from assets import depreciation

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_ledger_export_has_title_headers_rows_and_totals(
    client_for, accountant, ledger, school
):
    response = client_for(accountant).get(
        reverse("assets:export"), {"category_id": category(school).pk}
    )
    sheet = workbook(response).active
    assert sheet["A1"].value == "固定资产台账"
    assert school.name in sheet["A2"].value
    assert datetime.date.today().isoformat() in sheet["A2"].value
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["资产编号", "名称", "分类代码", "分类"]
    assert "原值" in headers and "累计折旧" in headers and "净值" in headers
    pc1, pc2 = ledger["assets"]["pc1"], ledger["assets"]["pc2"]
    today = datetime.date.today()
    accumulated = depreciation.accumulated(pc1, today)
    row = dict(zip(headers, (cell.value for cell in sheet[4]), strict=True))
    assert row["资产编号"] == pc1.number and row["名称"] == "台式计算机"
    assert row["分类代码"] == "2010000" and row["资产类别"] == "固定资产"
    assert row["数量"] == 1 and row["单位"] == "台"
    assert Decimal(str(row["原值"])) == Decimal("7200.00")
    assert Decimal(str(row["累计折旧"])).quantize(Decimal("0.01")) == accumulated
    assert (
        Decimal(str(row["净值"])).quantize(Decimal("0.01"))
        == Decimal("7200.00") - accumulated
    )
    assert row["取得日期"].date() == datetime.date(2024, 1, 15)
    assert row["取得方式"] == "购置" and row["使用状况"] == "在用"
    assert sheet["L4"].number_format == "#,##0.00"
    assert sheet.cell(row=5, column=1).value == pc2.number
    totals = [cell.value for cell in sheet[6]]
    assert totals[0] == "合计"
    assert Decimal(str(totals[11])) == Decimal("14400.00")
    assert Decimal(str(totals[12])).quantize(Decimal("0.01")) == 2 * accumulated
    assert sheet.max_row == 6


def test_ledger_export_has_brand_model_serial_number_and_notes(
    client_for, accountant, school
):
    AssetFactory(
        school=school,
        brand="联想",
        specification="ThinkCentre M920t",
        serial_number="=SN-1",
        notes="三楼机房\r\n备用",
    )
    sheet = workbook(client_for(accountant).get(reverse("assets:export"))).active
    headers = [cell.value for cell in sheet[3]]
    row = dict(zip(headers, (cell.value for cell in sheet[4]), strict=True))
    assert row["品牌"] == "联想"
    assert row["规格型号"] == "ThinkCentre M920t"
    assert row["序列号"] == "=SN-1"
    assert row["备注"] == "三楼机房\n备用"
    assert headers.index("品牌") < headers.index("规格型号") < headers.index("序列号")
    assert headers[-1] == "备注"


def test_totals_row_adds_up_the_rows_written(client_for, accountant, ledger):
    sheet = workbook(client_for(accountant).get(reverse("assets:export"))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    *assets, totals = rows
    assert len(assets) == 5 and totals[0] == "合计" and "5" in totals[1]
    for column in (11, 12, 13):  # original value, accumulated, net
        written = sum(Decimal(str(row[column])) for row in assets)
        assert Decimal(str(totals[column])) == written.quantize(Decimal("0.01"))
    assert sheet["L4"].number_format == "#,##0.00"
    assert sheet["O4"].number_format == "yyyy-mm-dd"


def test_export_cells_cannot_become_formulas(client_for, accountant, school):
    AssetFactory(school=school, name='=HYPERLINK("http://evil")')
    sheet = workbook(client_for(accountant).get(reverse("assets:export"))).active
    # The text as typed, kept a text by the cell's quote-prefix style.
    assert sheet["B4"].value == '=HYPERLINK("http://evil")'
    assert sheet["B4"].data_type == "s" and sheet["B4"].quotePrefix


def test_export_queries_do_not_grow_with_rows(
    client_for, accountant, school, django_assert_max_num_queries
):
    client = client_for(accountant)
    AssetFactory.create_batch(2, school=school)
    with django_assert_max_num_queries(30) as few:
        b"".join(client.get(reverse("assets:export")).streaming_content)
    AssetFactory.create_batch(30, school=school)
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get(reverse("assets:export")).streaming_content)


def test_depreciation_ledger_by_category_for_a_year(client_for, accountant, ledger):
    response = client_for(accountant).get(
        reverse("assets:depreciation"), {"year": "2024"}
    )
    rows = {row["category__code"]: row for row in response.context["rows"]}
    # Two computers bought in January 2024: under 政府会计制度 January counts,
    # 12 months × 100.00 each.
    assert rows["2010000"]["charge"] == Decimal("2400.00")
    assert rows["2010000"]["count"] == 2
    # The projector: 4,800 over 6 years = 66.67 a month, all of 2024.
    assert rows["2020000"]["charge"] == Decimal("800.04")
    # Books are on the ledger but not depreciated.
    assert rows["5010000"]["charge"] == Decimal("0.00")


def test_depreciation_ledger_for_a_month_by_department_exports(
    client_for, accountant, ledger
):
    response = client_for(accountant).get(
        reverse("assets:depreciation-export"),
        {"year": "2024", "month": "3", "group": "department"},
    )
    sheet = workbook(response).active
    assert sheet["A1"].value == "折旧明细账 2024-03"
    assert [c.value for c in sheet[3]][:2] == ["部门", "资产"]
    by_department = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    info = by_department["信息中心"]
    assert Decimal(str(info[3].value)) == Decimal("200.00")
    total = by_department["合计"]
    assert total[1].value == 5
