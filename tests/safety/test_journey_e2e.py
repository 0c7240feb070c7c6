"""Browser journey at phone width: a night round finds a broken lamp, loses the
network half-way (nothing is lost), files a repair and records a hazard; the
rectifier fixes it and the head closes it after re-inspection."""

import datetime
import io
import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def png(tmp_path, name):
    from PIL import Image

    path = tmp_path / name
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 30, 30)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def test_a_night_round_finds_a_broken_lamp_and_the_hazard_is_closed(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
    tmp_path,
):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from playwright.sync_api import expect

    from safety.models import DutyAssignment, Hazard, RoundAnswer, RoundSchedule

    users = get_user_model().objects
    staff = users.get(username="staff")
    night = RoundSchedule.objects.get(school=demo_school, shift="night")
    DutyAssignment.objects.update_or_create(
        school=demo_school,
        day=timezone.localdate(),
        shift="night",
        defaults={"person": staff},
    )
    # Tonight's round not walked yet (the demo's history stops before now).
    from safety.models import PatrolRound

    PatrolRound.objects.filter(schedule=night, day=timezone.localdate()).delete()
    tonight = RoundAnswer.objects.filter(patrol__day=timezone.localdate())
    checkpoints = list(night.route.checkpoints.select_related("location", "kind"))
    first, second = checkpoints[0], checkpoints[1]

    page.set_viewport_size(PHONE)
    login(page, live_server, "staff")
    # The home page says there are rounds to walk today.
    page.goto("/")
    page.get_by_role("link", name=re.compile("今日巡查")).first.click()
    page.locator(f'a[href="/safety/rounds/walk/{night.pk}/"]').click()
    expect(page.get_by_role("heading", name=re.compile("夜班巡查"))).to_be_visible()

    # The first stop: the label's code confirms the place; the lamp is broken.
    card = page.get_by_test_id("checkpoint-1")
    card.get_by_label("或输入标签上的编号").fill(first.location.code)
    card.get_by_role("button", name="核对编号").click()
    expect(card.get_by_text("已确认")).to_be_visible()
    lamp_item = next(i for i in first.kind.items if "照明" in i)
    lamp = card.locator("fieldset", has_text=lamp_item)
    lamp.get_by_role("button", name="有问题").click()
    lamp.get_by_label("问题描述").fill("楼道灯不亮")
    lamp.get_by_label("照片").set_input_files(str(png(tmp_path, "lamp.png")))
    lamp.get_by_role("button", name="保存问题").click()
    for item in first.kind.items:
        if item != lamp_item:
            card.locator("fieldset", has_text=item).get_by_role(
                "button", name="正常"
            ).click()
    status = page.get_by_test_id("round-status")
    expect(status).to_have_text("全部已发送。")
    assert RoundAnswer.objects.filter(note="楼道灯不亮").exclude(photo="").exists()

    # The network drops at the second stop: the answers wait on the phone.
    page.context.set_offline(True)
    card = page.get_by_test_id("checkpoint-2")
    card.get_by_role("button", name="我已到位（勾选）").click()
    for item in second.kind.items:
        card.locator("fieldset", has_text=item).get_by_role(
            "button", name="正常"
        ).click()
    expect(status).to_contain_text("离线")
    expect(status).to_have_attribute("data-queued", str(1 + len(second.kind.items)))
    assert not tonight.filter(checkpoint=second).exists()
    # Even a closed page keeps them (here: the server cannot be reached).
    page.context.set_offline(False)
    page.route("**/safety/rounds/sync/", lambda route: route.abort())
    page.reload()
    card = page.get_by_test_id("checkpoint-2")
    expect(
        card.locator("fieldset").first.get_by_role("button", name="正常")
    ).to_have_attribute("aria-pressed", "true")
    assert not tonight.filter(checkpoint=second).exists()
    page.unroute("**/safety/rounds/sync/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("全部已发送。")
    assert tonight.filter(checkpoint=second).count() == len(second.kind.items)

    page.get_by_role("button", name="结束巡查").click()
    page.get_by_role("link", name="查看本次巡查").click()

    # The broken lamp becomes a repair request and a hazard, each in one step.
    problem = page.get_by_test_id("problem").first
    problem.get_by_label("类别").select_option("lighting")
    problem.get_by_role("button", name="报修").click()
    expect(page.get_by_text(re.compile(r"已报修 BX"))).to_be_visible()
    problem = page.get_by_test_id("problem").first
    problem.get_by_label("隐患等级").select_option("serious")
    problem.get_by_role("button", name="登记隐患").click()
    expect(page.get_by_text(re.compile(r"已登记隐患 YH"))).to_be_visible()
    hazard = Hazard.objects.get(description__contains="楼道灯不亮")
    assert hazard.repair_number.startswith("BX")
    assert hazard.photos.count() == 1
    page.context.clear_cookies()

    # The head names who rectifies it; the technician does; the head re-inspects.
    login(page, live_server, "head")
    page.goto(hazard.get_absolute_url())
    page.get_by_role("combobox", name=re.compile("^整改责任人")).select_option(
        label="张建国"
    )
    page.get_by_label("整改期限").fill(
        (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_role("button", name="安排整改").click()
    expect(page.get_by_text("已安排整改。")).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "worker")
    page.goto(hazard.get_absolute_url())
    page.get_by_role("textbox", name=re.compile("^整改情况")).fill("更换楼道灯泡，已亮")
    page.get_by_label("整改后照片").set_input_files(str(png(tmp_path, "fixed.png")))
    page.get_by_role("button", name="整改完成").click()
    expect(page.get_by_text("整改情况已登记，等待复查。")).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "head")
    page.goto(hazard.get_absolute_url())
    page.get_by_label("复查意见").fill("复查：灯已亮")
    page.get_by_role("button", name="复查合格：销号").click()
    expect(page.get_by_text("隐患已销号。")).to_be_visible()
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    assert hazard.reinspected_by.username == "head"
    assert hazard.rectified_by.username == "worker"
