"""Browser journeys: staff asks for items → the head approves → the storekeeper
hands over → staff confirms; and a print job from upload to printed."""

import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e


def test_requisition_from_request_to_receipt(page, live_server, demo_school):  # noqa: F811
    from playwright.sync_api import expect

    from supplies.models import Item, Requisition

    page.on("dialog", lambda dialog: dialog.accept())
    item = Item.objects.filter(school=demo_school, code="0102-001").get()
    before = item.on_hand

    # Staff asks for ten pens on the form.
    login(page, live_server, "staff")
    page.goto("/supplies/requisitions/new/")
    page.get_by_label("用途").fill("语文组公开课（浏览器测试）")
    page.get_by_label("物品 1").select_option(str(item.pk))
    page.get_by_label("数量 1").fill("10")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", name=re.compile("领用单 LY"))).to_be_visible()
    requisition = Requisition.objects.get(purpose="语文组公开课（浏览器测试）")
    page.context.clear_cookies()

    # The head grants eight of the ten.
    login(page, live_server, "head")
    page.goto(requisition.get_absolute_url())
    card = page.locator("section[aria-labelledby='approve-heading']")
    card.get_by_label(re.compile("批准数量")).fill("8")
    card.get_by_role("button", name="批准").click()
    expect(page.get_by_role("status").filter(has_text="审批意见已记录")).to_be_visible()
    page.context.clear_cookies()

    # The storekeeper hands them over.
    login(page, live_server, "keeper")
    page.goto(requisition.get_absolute_url())
    page.get_by_role("button", name="发放", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="已发放")).to_be_visible()
    page.context.clear_cookies()

    # Staff confirms receipt.
    login(page, live_server, "staff")
    page.goto(requisition.get_absolute_url())
    page.get_by_role("button", name="确认签收").click()
    expect(page.get_by_role("status").filter(has_text="已确认签收")).to_be_visible()
    requisition.refresh_from_db()
    item.refresh_from_db()
    assert requisition.status == "received"
    assert item.on_hand == before - 8


def test_print_job_from_upload_to_printed(page, live_server, demo_school, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    from supplies.models import Item, PrintJob

    page.on("dialog", lambda dialog: dialog.accept())
    paper = Item.objects.get(school=demo_school, paper_size="A4")
    before = paper.on_hand
    original = tmp_path / "quiz.pdf"
    original.write_bytes(b"%PDF-1.4\n%quiz\n%%EOF\n")

    login(page, live_server, "staff")
    page.goto("/supplies/printing/new/")
    page.get_by_label("标题").fill("单元测验（浏览器测试）")
    page.get_by_label("原稿（PDF 或 Office 文件）").set_input_files(str(original))
    page.get_by_label("页数").fill("3")
    page.get_by_label("份数").fill("45")
    page.get_by_label("单双面").select_option("2")
    page.get_by_label("用途").select_option("exam")
    from django.utils import timezone

    wanted = timezone.localtime() + timezone.timedelta(days=2)
    page.get_by_label("需要时间").fill(wanted.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", name=re.compile("文印单 WY"))).to_be_visible()
    job = PrintJob.objects.get(title="单元测验（浏览器测试）")
    assert job.confidential and job.sheets == 90
    page.context.clear_cookies()

    # The head decides from the inbox: the exam paper itself stays confidential.
    from logistics.approvals.models import Approval

    approval = Approval.objects.get(kind="supplies.print_job", object_id=job.pk)
    login(page, live_server, "head")
    page.goto("/approvals/")
    item = page.locator(f"#approval-{approval.pk}")
    item.get_by_role("button", name=f"批准 {approval.title}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"已批准：{approval.title}")
    ).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "keeper")
    page.goto(job.get_absolute_url())
    page.get_by_role("button", name="标记为已印制").click()
    expect(page.get_by_role("status").filter(has_text="已印制")).to_be_visible()
    paper.refresh_from_db()
    assert paper.on_hand == before - 90
