"""The shell in a real browser: Chinese by default, the language switch, log out, lockout."""

import re

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, LOGIN_PATH, fill_login_form, login

pytestmark = pytest.mark.e2e


def test_staff_logs_in_in_chinese_switches_to_english_and_logs_out(
    page, live_server, demo_school
):
    page.goto(LOGIN_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="登录", exact=True)).to_be_visible()

    login(page, live_server, "staff")

    # The home page, in Chinese.
    with translation.override("zh-hans"):
        greeting = gettext("Hello, %(name)s") % {"name": "李娜"}
    assert greeting != "Hello, 李娜", "zh_Hans catalogue lacks the home page greeting"
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_title(re.compile("学校后勤管理"))
    navigation = page.get_by_role("navigation", name="主导航")
    expect(navigation.get_by_role("link", name="首页", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(greeting)
    user_menu = page.get_by_role("button", name="李娜", exact=True)
    expect(user_menu).to_be_visible()

    page.get_by_role("button", name="English", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title(re.compile("School Logistics"))
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="Home", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Hello, 李娜")
    )
    expect(page.get_by_role("button", name="中文", exact=True)).to_be_visible()

    user_menu.click()
    log_out = page.get_by_role("button", name="Log out", exact=True)
    expect(log_out).to_be_visible()
    log_out.click()

    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + "$"))
    expect(page.get_by_role("heading", name="Log in", exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Username", exact=True)).to_be_visible()
    # Logged out for real: the home page sends us back to the login page.
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + r"\?next=/$"))


def test_five_wrong_passwords_lock_the_account(
    page, live_server, demo_school, settings
):
    # The texts the pages should show, from the same catalogues the server uses.
    with translation.override("zh-hans"):
        username = capfirst(User._meta.get_field("username").verbose_name)
        wrong = AuthenticationForm.error_messages["invalid_login"] % {
            "username": username
        }
        locked_out = gettext("Too many failed logins")

    page.goto(LOGIN_PATH)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        fill_login_form(page, "staff", "wrong-password")
        expect(page.get_by_text(wrong)).to_be_visible()
        expect(page.get_by_role("heading", name="登录", exact=True)).to_be_visible()

    # The last allowed failure locks the user name out from this address...
    fill_login_form(page, "staff", "wrong-password")
    expect(
        page.get_by_role("alert").get_by_role("heading", name=locked_out)
    ).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    # ...so that even the right password is refused now.
    page.goto(LOGIN_PATH)
    fill_login_form(page, "staff", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=locked_out)).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
