"""Browser journey on a phone: the head proposes a disposal, the director finds it
on the home page and approves it from the inbox in one tap."""

import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_head_proposes_a_disposal_and_the_director_approves_it_from_the_inbox(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
):
    from playwright.sync_api import expect

    from assets.models import Asset, Disposal
    from logistics.approvals.models import Approval

    asset = (
        Asset.objects.filter(school=demo_school, status="in_use", disposals=None)
        .order_by("number")
        .first()
    )
    page.set_viewport_size(PHONE)

    # The head proposes it from the asset's page.
    login(page, live_server, "head")
    page.goto(asset.get_absolute_url())
    proposal = page.locator("section[aria-labelledby='dispose-heading']")
    proposal.get_by_label("处置方式").select_option("scrap")
    proposal.get_by_label("原因").fill("屏幕碎裂无法修复（浏览器测试）")
    proposal.get_by_role("button", name="申请处置").click()
    expect(page.get_by_role("status").filter(has_text="等待审批")).to_be_visible()
    disposal = Disposal.objects.get(asset=asset, status="proposed")
    approval = Approval.objects.get(kind="assets.disposal", object_id=disposal.pk)
    page.context.clear_cookies()

    # The director sees it waiting on the home page and opens the inbox.
    login(page, live_server, "director")
    page.goto("/")
    page.get_by_role("link", name=re.compile("待我审批")).click()
    expect(page).to_have_url(re.compile(r"/approvals/$"))
    item = page.locator(f"#approval-{approval.pk}")
    expect(item).to_contain_text(asset.number)
    expect(item).to_contain_text("陈志强")
    item.get_by_label("审批意见（驳回时必填）").fill("同意报废")
    item.get_by_role("button", name=f"批准 {approval.title}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"已批准：{approval.title}")
    ).to_be_visible()
    expect(page.locator(f"#approval-{approval.pk}")).to_have_count(0)

    # The disposal's page shows the decision, and the head may carry it out.
    page.goto(disposal.get_absolute_url())
    expect(page.get_by_test_id("approval-steps")).to_contain_text("赵明远")
    disposal.refresh_from_db()
    assert disposal.status == "approved"
