"""Browser journey: the accountant closes a month, reads its voucher summary and
reopens it with a reason."""

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e


def test_accountant_closes_a_month_and_reopens_it(page, live_server, demo_school):  # noqa: F811
    from playwright.sync_api import expect

    from assets.models import DepreciationMonth

    login(page, live_server, "accountant")
    page.goto(f"{live_server.url}/assets/")
    page.get_by_role("link", name="月末结账", exact=True).click()
    expect(page.get_by_role("heading", name="月末结账", level=1)).to_be_visible()
    page.get_by_role("button", name="结账并计提本月折旧").click()

    expect(page.get_by_role("heading", name="计提折旧汇总表")).to_be_visible()
    voucher = page.get_by_test_id("voucher")
    expect(voucher).to_contain_text("固定资产累计折旧")
    expect(voucher).to_contain_text("业务活动费用")
    period = DepreciationMonth.objects.get()
    assert period.assets > 0 and period.total > 0

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_label("原因").fill("本月有卡片原值录错")
    page.get_by_role("button", name="反结账").click()
    expect(page.get_by_text("已反结账").first).to_be_visible()
    expect(page.get_by_text("本月有卡片原值录错").first).to_be_visible()
    period.refresh_from_db()
    assert period.status == "reopened"
