"""Browser journey: staff reports → head assigns → technician fixes → staff confirms."""

import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e


def test_repair_from_report_to_confirmation(page, live_server, demo_school):  # noqa: F811
    from playwright.sync_api import expect

    from logistics.models import Location
    from repairs.models import RepairRequest

    room = Location.objects.get(school=demo_school, code="D101")

    # Staff scans the door's QR code: after login the form opens with the room.
    page.goto(f"/repairs/report/{room.code}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    from tests.e2e.conftest import fill_login_form

    fill_login_form(page, "staff")
    expect(page.get_by_role("heading", name="我要报修")).to_be_visible()
    expect(page.get_by_label("地点")).to_have_value(str(room.pk))
    page.get_by_label("类别").select_option("heating")
    page.get_by_label("故障描述").fill("后勤处暖气片不热（浏览器测试）")
    page.wait_for_load_state("networkidle")  # the open requests for room and kind
    if page.get_by_label(re.compile("仍然提交新的报修")).is_visible():
        page.get_by_label(re.compile("仍然提交新的报修")).check()
    page.get_by_role("button", name="提交报修").click()
    expect(page.get_by_role("heading", name=re.compile("报修单 BX"))).to_be_visible()
    repair = RepairRequest.objects.get(description="后勤处暖气片不热（浏览器测试）")
    page.context.clear_cookies()

    # The head assigns it from the queue.
    login(page, live_server, "head")
    page.goto("/repairs/queue/?q=" + repair.number)
    page.get_by_label(f"{repair.number} 的维修工").select_option(label="张建国")
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_role("status").filter(has_text="已派单")).to_be_visible()
    page.context.clear_cookies()

    # The technician starts and finishes it.
    login(page, live_server, "worker")
    page.goto("/repairs/jobs/")
    page.get_by_role("button", name=f"开始维修 {repair.number}").click()
    page.goto(f"/repairs/{repair.pk}/")
    page.get_by_label("维修内容").fill("排气、清洗阀门，暖气恢复")
    page.get_by_label("工时").fill("1.5")
    page.get_by_role("button", name="标记为已完成").click()
    expect(page.get_by_role("status").filter(has_text="已标记完成")).to_be_visible()
    page.context.clear_cookies()

    # The staff member confirms with a rating.
    login(page, live_server, "staff")
    page.goto(f"/repairs/{repair.pk}/")
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="确认修好").click()
    expect(page.get_by_text("已确认").first).to_be_visible()
    repair.refresh_from_db()
    assert repair.status == "confirmed" and repair.rating == 5


def test_open_requests_show_while_filing_and_photos_are_not_lost(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
    tmp_path,
):
    """Choosing a room and a kind shows what is already reported there; a different
    problem is filed at once, and photos chosen before a refused form stay."""
    from django.contrib.auth import get_user_model

    from playwright.sync_api import expect

    from logistics.models import Location
    from repairs import services
    from repairs.models import RepairCategory, RepairPhoto, RepairRequest
    from tests.repairs.factories import image_upload

    room = Location.objects.get(school=demo_school, code="D101")
    reported = services.repair_request_create(
        location=room,
        category=RepairCategory.objects.get(school=demo_school, code="lighting"),
        urgency="normal",
        description="教室日光灯闪烁（已报）",
        contact_phone="",
        asset_number="",
        photos=(),
        by=get_user_model().objects.get(username="director"),
    )
    photo = tmp_path / "灯.jpg"
    photo.write_bytes(image_upload().read())

    login(page, live_server, "staff")
    page.goto(f"/repairs/new/?location={room.pk}")
    anyway = page.get_by_label(re.compile("仍然提交新的报修"))
    expect(anyway).to_be_hidden()
    page.get_by_label("类别").select_option("lighting")
    panel = page.locator("#similar")
    expect(panel).to_contain_text(reported.number)
    expect(panel.get_by_role("button", name=f"关注 {reported.number}")).to_be_visible()
    expect(anyway).to_be_visible()

    # A different problem: the description is forgotten first, the photo is not.
    page.get_by_label("照片").set_input_files(photo)
    anyway.check()
    page.get_by_role("button", name="提交报修").click()
    expect(page.get_by_test_id("kept-photos")).to_contain_text("1 张照片已保留")
    page.get_by_label("故障描述").fill("讲台上方的灯不亮（浏览器测试）")
    page.get_by_role("button", name="提交报修").click()
    expect(page.get_by_role("heading", name=re.compile("报修单 BX"))).to_be_visible()
    filed = RepairRequest.objects.get(description="讲台上方的灯不亮（浏览器测试）")
    assert RepairPhoto.objects.filter(repair=filed).count() == 1
