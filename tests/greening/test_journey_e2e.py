"""Browser journey at phone width: a zone keeper ticks off this morning's watering
with a photo; the head scores a zone and files a repair from the problem found."""

import datetime
import io
import re

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def label(text):
    """A field's label, with or without the required mark."""
    return re.compile(rf"^\s*{text}[\s*]*$")


def test_keeper_waters_and_head_scores_on_a_phone(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
    tmp_path,
):
    from django.contrib.auth.models import User

    from PIL import Image
    from playwright.sync_api import expect

    from greening.models import CareLog, CarePlan, Inspection, Zone

    page.set_viewport_size(PHONE)
    staff = User.objects.get(username="staff")
    garden = Zone.objects.get(school=demo_school, name="中心花园")
    lawn = Zone.objects.create(
        school=demo_school,
        name="篮球场东侧草坪",
        campus=garden.campus,
        kind="green_area",
    )
    lawn.keepers.add(staff)
    lawn.locations.set(garden.locations.all())
    plan = CarePlan.objects.create(
        school=demo_school,
        zone=lawn,
        task="water",
        at=datetime.time(5, 0),
        every_days={"spring": 1, "summer": 1, "autumn": 1, "winter": 1},
        starts_on=datetime.date(2020, 1, 1),
        skip_holidays=False,
    )
    photo = tmp_path / "watered.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, format="JPEG")
    photo.write_bytes(out.getvalue())

    # The zone keeper opens today's tasks on a phone and ticks off the watering.
    login(page, live_server, "staff")
    page.goto("/greening/today/")
    expect(page.get_by_role("heading", name="我的养护任务")).to_be_visible()
    page.get_by_label("篮球场东侧草坪浇水照片（可选）").set_input_files(str(photo))
    page.get_by_role("button", name="完成：篮球场东侧草坪浇水").click()
    expect(page.get_by_role("status").filter(has_text="已完成")).to_be_visible()
    expect(page.get_by_role("button", name="完成：篮球场东侧草坪浇水")).to_have_count(0)
    log = CareLog.objects.get(plan=plan)
    assert log.by == staff and log.photo
    page.context.clear_cookies()

    # The head scores the central garden and files a repair from the problem found.
    login(page, live_server, "head")
    page.goto(garden.get_absolute_url())
    page.get_by_label(label("绿化")).fill("9")
    page.get_by_label(label("美化")).fill("8")
    page.get_by_label(label("净化")).fill("6")
    page.get_by_label(label("香化")).fill("9")
    page.get_by_label("发现的问题").fill("喷灌头漏水，草坪积水（浏览器测试）")
    page.get_by_label("照片").last.set_input_files(str(photo))
    page.get_by_label("为此问题提交报修").check()
    page.get_by_label("报修类别").select_option("water")
    page.get_by_role("button", name="保存评分").click()
    expect(
        page.get_by_role("status").filter(has_text=re.compile("已提交报修单"))
    ).to_be_visible()
    inspection = Inspection.objects.get(zone=garden, problem__contains="浏览器测试")
    assert inspection.total == 32 and inspection.repair_number
    expect(page.get_by_role("link", name=inspection.repair_number)).to_be_visible()
