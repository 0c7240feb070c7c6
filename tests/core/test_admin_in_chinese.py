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


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    target = response["Location"]
    assert target.endswith("img/favicon.ico")
    path = finders.find("img/favicon.ico")
    assert path and open(path, "rb").read(4) == b"\0\0\1\0"  # an icon file
