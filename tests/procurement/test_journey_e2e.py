"""Browser journey: a teacher asks for a printer and toner, the head approves on
the request's page, the director approves on a phone from the inbox, the
storekeeper orders and accepts with the head as witness, the accountant pays and
exports the ledger."""

import io
import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_request_head_director_on_a_phone_acceptance_payment_and_export(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from logistics.approvals.models import Approval
    from procurement.models import BudgetLine, PurchaseRequest

    equipment = BudgetLine.objects.get(
        school=demo_school, code="303", fiscal_year__is_closed=False
    )

    # The teacher drafts and submits.
    login(page, live_server, "staff")
    page.goto("/procurement/new/")
    page.get_by_label("标题").fill("语文组打印机（浏览器测试）")
    page.locator("[name=reason]").fill("原打印机卡纸严重，无法修复")
    page.locator("[name=budget_line]").select_option(str(equipment.pk))
    page.locator("[name=lines-0-name]").fill("激光打印机")
    page.locator("[name=lines-0-specification]").fill("HP M405dn")
    page.locator("[name=lines-0-quantity]").fill("1")
    page.locator("[name=lines-0-unit]").fill("台")
    page.locator("[name=lines-0-estimated_unit_price]").fill("2300")
    page.locator("[name=lines-0-kind]").select_option("asset")
    page.get_by_role("button", name="添加一行").click()
    page.locator("[name=lines-1-name]").fill("硒鼓")
    page.locator("[name=lines-1-quantity]").fill("2")
    page.locator("[name=lines-1-unit]").fill("个")
    page.locator("[name=lines-1-estimated_unit_price]").fill("350")
    page.get_by_role("button", name="保存并提交").click()
    expect(page.get_by_test_id("estimated-total")).to_contain_text("3,000.00")
    purchase = PurchaseRequest.objects.get(title="语文组打印机（浏览器测试）")
    assert purchase.status == "submitted"
    page.context.clear_cookies()

    # The head approves the first step on the request's page.
    login(page, live_server, "head")
    page.goto(purchase.get_absolute_url())
    step = page.locator("section[aria-labelledby='approve-heading']")
    step.get_by_role("button", name="批准").click()
    expect(page.get_by_role("status").filter(has_text="转下一步")).to_be_visible()
    page.context.clear_cookies()

    # The director approves on a phone, in one tap from the inbox.
    page.set_viewport_size(PHONE)
    login(page, live_server, "director")
    approval = Approval.objects.get(
        kind="procurement.purchase", object_id=purchase.pk, status="pending"
    )
    page.goto("/approvals/")
    item = page.locator(f"#approval-{approval.pk}")
    expect(item).to_contain_text("3,000")
    item.get_by_role("button", name=f"批准 {approval.title}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"已批准：{approval.title}")
    ).to_be_visible()
    purchase.refresh_from_db()
    assert purchase.status == "approved"
    page.context.clear_cookies()

    # The storekeeper orders and accepts, the head witnessing.
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "keeper")
    page.goto(purchase.get_absolute_url())
    order = page.locator("section[aria-labelledby='order-heading']")
    order.get_by_label("供应商").select_option(label="博雅教育装备有限公司")
    order.get_by_role("button", name="登记订购").click()
    accept = page.locator("section[aria-labelledby='accept-heading']")
    accept.get_by_label("见证人").select_option(label="陈志强")
    accept.get_by_label("发票号").fill("FP-E2E-0001")
    accept.get_by_role("button", name="验收").click()
    expect(page.get_by_test_id("acceptance")).to_contain_text("资产卡片")
    purchase.refresh_from_db()
    assert purchase.status == "received"
    page.context.clear_cookies()

    # The accountant pays and exports.
    login(page, live_server, "accountant")
    page.goto(purchase.get_absolute_url())
    pay = page.locator("section[aria-labelledby='pay-heading']")
    pay.get_by_label("凭证号").fill("记-E2E-7")
    pay.get_by_role("button", name="登记付款").click()
    expect(page.get_by_text("已付款结案").first).to_be_visible()
    page.goto("/procurement/all/?status=closed&q=浏览器测试")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    numbers = {row[0] for row in rows}
    assert purchase.number in numbers
    ours = [row for row in rows if row[0] == purchase.number]
    assert {row[8] for row in ours} == {"激光打印机", "硒鼓"}
    assert all(row[23] == "记-E2E-7" for row in ours)
    assert re.search("赵明远", ours[0][18])
