"""The admin in Chinese shows no English of its own or of django-axes, where the
README sends administrators to unlock an account; /favicon.ico exists."""

import re

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Model name",
    "Add link",
    "Change or view list link",
    "Tasks Database Backend",
    "Task Results",
]


@pytest.fixture
def admin_client(client, school):
    admin = User.objects.create_superuser("root", "root@example.cn", "x")
    client.force_login(admin)
    client.cookies["django_language"] = "zh-hans"
    return client


def visible_text(html):
    """The text a person reads or a screen reader speaks: no tags, scripts or URLs."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_chinese_admin_index_names_axes_and_its_tables_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "登录锁定" in text and "登录尝试" in text and "登录日志" in text
    assert [word for word in ENGLISH if word in text] == []


def test_the_chinese_axes_pages_show_no_english_names(admin_client):
    AccessAttempt.objects.create(
        username="staff",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    for name in ("accessattempt", "accessfailurelog", "accesslog"):
        page = admin_client.get(
            reverse(f"admin:axes_{name}_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        assert page.status_code == 200, name
        text = visible_text(page.content.decode())
        assert [word for word in ENGLISH if word in text] == [], name
    attempt = AccessAttempt.objects.get()
    page = admin_client.get(
        reverse("admin:axes_accessattempt_change", args=[attempt.pk])
    )
    text = visible_text(page.content.decode())
    for english in ("Form Data", "Meta Data", "User Agent", "Failed Logins"):
        assert english not in text


def test_the_task_queue_is_named_in_chinese(admin_client):
    page = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "后台任务队列" in text and "任务结果" in text
    assert "以 priority" not in text and "以 queue name" not in text
    assert [word for word in ENGLISH if word in text] == []


def test_status_changes_and_approvals_show_their_names_not_their_codes(
    admin_client, school
):
    """The history of status changes shows "已提交 → 已批准", not "submitted →
    approved"; approvals name their document type as the inbox does."""
    from logistics.roles import Role
    from procurement import services

    from ..factories import make_user
    from ..procurement.factories import budget_line, draft

    staff = make_user(school, Role.STAFF)
    purchase = draft(staff, line_of=budget_line(school))
    services.purchase_submit(purchase=purchase, by=staff)

    logs = visible_text(
        admin_client.get(
            reverse("admin:logistics_transitionlog_changelist")
        ).content.decode()
    )
    assert "草稿" in logs and "submitted" not in logs
    assert "historical" not in logs
    approvals = visible_text(
        admin_client.get(
            reverse("admin:logistics_approval_changelist")
        ).content.decode()
    )
    assert "procurement.purchase" not in approvals
    assert "采购" in approvals


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    target = response["Location"]
    assert target.endswith("img/favicon.ico")
    path = finders.find("img/favicon.ico")
    assert path and open(path, "rb").read(4) == b"\0\0\1\0"  # an icon file
