"""Browser journey: the accountant filters the ledger and exports what she sees."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e


def test_accountant_filters_the_ledger_and_exports_it(page, live_server, demo_school):  # noqa: F811
    from playwright.sync_api import expect

    login(page, live_server, "accountant")
    page.get_by_role("link", name="资产", exact=True).click()
    expect(page.get_by_role("heading", name="资产台账")).to_be_visible()

    page.get_by_label("分类", exact=True).select_option(
        label="2010000 计算机设备及软件"
    )
    page.get_by_label("编号、名称、规格型号或序列号").fill("学生计算机")
    page.get_by_role("button", name="筛选").click()

    expect(page).to_have_url(re.compile(r"category_id=\d+"))
    count_text = page.get_by_test_id("total-count").inner_text()
    count = int(count_text.replace(",", ""))
    assert count > 50
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("学生计算机")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    assert sheet["A1"].value == "固定资产台账"
    data = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert data[-1][0] == "合计"
    assert len(data) - 1 == count
    assert all("学生计算机" in row[1] for row in data[:-1])


def test_accountant_imports_a_ledger_from_the_template(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
    tmp_path,
):
    """Template → filled in Excel → a wrong row explained → fixed → imported."""
    from playwright.sync_api import expect

    from assets.models import Asset

    login(page, live_server, "accountant")
    page.goto(f"{live_server.url}/assets/")
    page.get_by_role("link", name="导入", exact=True).click()
    expect(page.get_by_role("heading", name="从 Excel 导入资产台账")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载导入模板").click()
    book = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    sheets = {sheet.title: sheet for sheet in book.worksheets}
    names = [r[0] for r in sheets["人员"].iter_rows(min_row=2, values_only=True)]
    person = next(name for name in names if names.count(name) == 1)
    room = next(sheets["房间"].iter_rows(min_row=2, values_only=True))[0]
    headers = [cell.value for cell in book.worksheets[0][1]]

    def fill(price):
        ledger = book.worksheets[0]
        ledger.delete_rows(2, ledger.max_row)
        for number, name in (("DR-0001", "录播一体机"), ("DR-0002", "教师办公桌")):
            values = dict.fromkeys(headers, None)
            values.update(
                {
                    "资产编号": number,
                    "资产名称": name,
                    "分类代码": "2010000",
                    "计量单位": "台",
                    "单价": price if number == "DR-0001" else "1200",
                    "取得日期": "2025-09-01",
                    "存放地点编码": room,
                    "使用人": person,
                }
            )
            ledger.append([values[h] for h in headers])
        path = tmp_path / f"台账-{price}.xlsx"
        book.save(path)
        return path

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(fill("-8600"))
    page.get_by_role("button", name="预览").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("第 2 行")
    expect(errors).to_contain_text("不能为负")
    expect(page.get_by_role("button", name="导入这些行")).to_have_count(0)

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(fill("8600"))
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text("新增 2 项，修改 0 项，未变 0 项。")).to_be_visible()
    page.get_by_role("button", name="导入这些行").click()
    expect(page.get_by_role("status")).to_contain_text("导入完成：新增 2 项")
    card = Asset.objects.get(number="DR-0001")
    assert card.custodian.profile.real_name == person
    assert card.location.code == room
