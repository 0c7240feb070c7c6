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
    page.get_by_label("编号、名称或序列号").fill("学生计算机")
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
