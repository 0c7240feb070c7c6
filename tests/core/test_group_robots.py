"""WeCom, DingTalk and Feishu group robots: each one's message layout and
signature as a local server receives them, who gets what, and secrets kept."""

import base64
import hashlib
import hmac
import time

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.notices.delivery import outbox_deliver
from logistics.notices.models import Channel, OutboxMessage, Robot, RobotKind
from logistics.notifications import notify
from logistics.roles import Role

from ..factories import DepartmentFactory, make_user

pytestmark = pytest.mark.django_db


def robot(school, endpoint, kind=RobotKind.WECOM, **fields):
    return Robot.objects.create(
        school=school,
        name=fields.pop("name", kind),
        kind=kind,
        webhook=fields.pop("webhook", endpoint.url()),
        **fields,
    )


def send(**notice):
    notify(**notice)
    outbox_deliver(now=timezone.now())


def test_wecom_gets_markdown_with_title_text_and_link(school, endpoint):
    robot(school, endpoint, RobotKind.WECOM)
    send(
        recipients=[make_user(school)],
        title="报修 BX2025000042 已派单",
        body="张师傅今天下午上门",
        url="/repairs/42/",
    )
    (got,) = endpoint.received
    assert got.path == "/robot/send" and got.query == {"access_token": "abc123def456"}
    assert got.headers["Content-Type"].startswith("application/json")
    assert got.json == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**报修 BX2025000042 已派单**\n> 张师傅今天下午上门\n"
            "[打开](https://hq.school.cn/repairs/42/)"
        },
    }


def test_dingtalk_gets_markdown_signed_with_the_secret(school, endpoint):
    secret = "SEC0123456789abcdef"
    robot(school, endpoint, RobotKind.DINGTALK, secret=secret)
    before = int(time.time() * 1000)
    send(
        recipients=[make_user(school)],
        title="隐患：消防通道堵塞",
        body="3号楼东侧",
        url="/safety/9/",
        urgent=True,
    )
    (got,) = endpoint.received
    timestamp = got.query["timestamp"]
    assert before <= int(timestamp) <= int(time.time() * 1000)
    expected = base64.b64encode(
        hmac.new(
            secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert got.query["sign"] == expected
    assert got.query["access_token"] == "abc123def456"
    assert got.json == {
        "msgtype": "markdown",
        "markdown": {
            "title": "【紧急】隐患：消防通道堵塞",
            "text": "#### 【紧急】隐患：消防通道堵塞\n\n3号楼东侧\n\n"
            "[打开](https://hq.school.cn/safety/9/)",
        },
    }


def test_feishu_gets_a_post_signed_with_the_secret(school, endpoint):
    secret = "feishu-secret"
    robot(school, endpoint, RobotKind.FEISHU, secret=secret)
    endpoint.default = (200, {"code": 0, "msg": "success"})
    send(recipients=[make_user(school)], title="资产报废待审批", url="/assets/7/")
    (got,) = endpoint.received
    timestamp = got.json.pop("timestamp")
    key = f"{timestamp}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert got.json.pop("sign") == expected
    assert got.json == {
        "msg_type": "post",
        "content": {
            "post": {
                "zh_cn": {
                    "title": "资产报废待审批",
                    "content": [
                        [
                            {
                                "tag": "a",
                                "text": "打开",
                                "href": "https://hq.school.cn/assets/7/",
                            }
                        ]
                    ],
                }
            }
        },
    }
    assert OutboxMessage.objects.get(channel=Channel.ROBOT).status == "sent"


def test_a_refused_signature_is_a_failure_to_retry(school, endpoint):
    robot(school, endpoint, RobotKind.DINGTALK, secret="SECwrong")
    endpoint.default = (200, {"errcode": 310000, "errmsg": "sign not match"})
    send(recipients=[make_user(school)], title="x")
    row = OutboxMessage.objects.get(channel=Channel.ROBOT)
    assert row.status == "waiting" and "sign not match" in row.last_error


def test_a_department_group_gets_its_peoples_notices_the_school_group_all(
    school, other_school, endpoint
):
    maths, physics = DepartmentFactory(school=school), DepartmentFactory(school=school)
    robot(school, endpoint, name="全校群", webhook=endpoint.url("/school"))
    robot(school, endpoint, name="数学组", department=maths, webhook=endpoint.url("/m"))
    robot(
        school, endpoint, name="物理组", department=physics, webhook=endpoint.url("/p")
    )
    robot(school, endpoint, name="紧急群", urgent_only=True, webhook=endpoint.url("/u"))
    robot(other_school, endpoint, name="别校", webhook=endpoint.url("/other"))
    teacher = make_user(school)
    teacher.profile.department = maths
    teacher.profile.save()

    send(recipients=[teacher], title="您的报修已完成", url="/repairs/1/")
    assert sorted(r.path for r in endpoint.received) == ["/m", "/school"]
    endpoint.received.clear()

    # The caller may name the document's department instead of the recipients'.
    send(recipients=[teacher], title="物理实验室", department=physics, urgent=True)
    assert sorted(r.path for r in endpoint.received) == ["/p", "/school", "/u"]
    endpoint.received.clear()

    # A person's own download goes to no group.
    send(recipients=[teacher], title="导出完成", url="/jobs/1/", private=True)
    assert endpoint.received == []


def test_a_robot_reaches_only_the_allowed_hosts(school, settings):
    settings.LOGISTICS = {**settings.LOGISTICS, "ROBOT_HOSTS": ("oapi.dingtalk.com",)}
    bot = Robot(
        school=school,
        name="内网",
        kind=RobotKind.DINGTALK,
        webhook="http://10.0.0.5:8080/admin",
    )
    with pytest.raises(ValidationError) as error:
        bot.full_clean()
    assert "webhook" in error.value.message_dict
    bot.webhook = "https://oapi.dingtalk.com/robot/send?access_token=x"
    bot.full_clean()


def test_the_admin_never_shows_a_robots_webhook_or_secret_back(
    school, client_for, settings
):
    settings.LOGISTICS = {**settings.LOGISTICS, "ROBOT_HOSTS": ("oapi.dingtalk.com",)}
    admin = make_user(school, Role.ADMINISTRATOR, is_staff=True)
    client = client_for(admin)
    webhook = "https://oapi.dingtalk.com/robot/send?access_token=TOKEN1234567890abcd"
    response = client.post(
        reverse("admin:logistics_robot_add"),
        {
            "name": "后勤群",
            "kind": "dingtalk",
            "webhook": webhook,
            "secret": "SECsupersecretvalue9876",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bot = Robot.objects.get()
    assert bot.school == school and bot.secret == "SECsupersecretvalue9876"
    change = reverse("admin:logistics_robot_change", args=[bot.pk])
    page = client.get(change).content.decode()
    assert "TOKEN1234567890" not in page and "supersecret" not in page
    assert "…9876" in page and "…abcd" in page
    listing = client.get(reverse("admin:logistics_robot_changelist")).content.decode()
    assert "TOKEN1234567890" not in listing
    # Saved again with both left empty: both kept.
    client.post(change, {"name": "后勤组群", "kind": "dingtalk", "is_active": "on"})
    bot.refresh_from_db()
    assert (bot.name, bot.webhook, bot.secret) == (
        "后勤组群",
        webhook,
        "SECsupersecretvalue9876",
    )
