"""Browser journeys: Playwright's sync API driving Debian's Chromium.

Fixtures for every app's journeys:

- ``browser``: one headless Chromium per test process (per xdist worker);
- ``page``: a fresh browser context per test, Chinese locale, desktop viewport,
  ``base_url`` set to the live server, so ``page.goto("/repairs/")`` works;
- ``demo_school``: the demo school (``seed_demo``) in the live server's database.

And the helper ``login(page, live_server, username)``, imported with
``from tests.e2e.conftest import login``. Journeys elsewhere may import the
fixtures from here too. Every test that uses the browser is marked ``e2e`` and
runs after all the others.

Nothing is downloaded: Playwright launches /usr/bin/chromium (``apt-get install
chromium``). Where it is absent the browser tests are skipped with that command.
"""

import io
import os
import re
from pathlib import Path

from django.core.management import call_command

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_CHROMIUM = "sudo apt-get install -y --no-install-recommends chromium"
DEMO_PASSWORD = "demo12345"
# Wide enough that the navbar does not collapse into its menu button.
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000  # two cores, two xdist workers, each with a browser and a server
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"

LOGIN_PATH = "/accounts/login/"
USERNAME_LABEL = re.compile(r"^\s*(用户名|Username)[\s*]*$")  # "*": required
PASSWORD_LABEL = re.compile(r"^\s*(密码|Password)[\s*]*$")
LOGIN_BUTTON = re.compile(r"^\s*(登录|Log in)\s*$")


def uses_browser(item):
    return "playwright" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after pytest-django has put db tests first
def pytest_collection_modifyitems(items):
    """Mark the browser journeys e2e and run them after every other test.

    While Playwright runs, this thread has a running asyncio event loop (see
    below); running the journeys last keeps that, and the environment variable
    it needs, away from every other test.
    """
    here = Path(__file__).parent
    for item in items:
        if uses_browser(item) or here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=uses_browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class _SharedBrowser:
    """One Playwright and one Chromium per test process (per xdist worker).

    Journeys in other directories import these fixtures, which makes pytest
    define them again there; they all share this one instance (a second
    sync_playwright() in the same thread would fail) and the last to finish
    stops it.

    While Playwright runs, this thread has a running asyncio event loop, and
    Django refuses ORM calls from it (SynchronousOnlyOperation) unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. The tests never share a connection between
    coroutines, so that is safe; it is set only while the browser runs.
    """

    def __init__(self):
        self.users = 0
        self.patch = None
        self.manager = None
        self.playwright = None
        self.browser = None

    def acquire(self):
        if self.users == 0:
            from playwright.sync_api import expect, sync_playwright

            expect.set_options(timeout=TIMEOUT_MS)
            self.patch = pytest.MonkeyPatch()
            self.patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
            try:
                self.manager = sync_playwright()
                self.playwright = self.manager.start()
                self.browser = self.playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
            except BaseException:
                self._stop()
                raise
        self.users += 1
        return self

    def release(self):
        self.users -= 1
        if self.users == 0:
            self._stop()

    def _stop(self):
        try:
            if self.browser is not None:
                self.browser.close()
            if self.playwright is not None:
                self.playwright.stop()
        finally:
            self.patch.undo()
            self.browser = self.playwright = self.manager = self.patch = None


_shared = _SharedBrowser()


@pytest.fixture(scope="session")
def playwright():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"Debian's Chromium is not installed ({CHROMIUM} is missing); "
            f"install it with: {INSTALL_CHROMIUM}"
        )
    pytest.importorskip("playwright.sync_api")
    shared = _shared.acquire()
    yield shared.playwright
    _shared.release()


@pytest.fixture(scope="session")
def browser(playwright):
    return _shared.browser


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=VIEWPORT,
        base_url=live_server.url,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception:  # noqa: BLE001  (a crashed page must not hide the failure)
            pass
    context.close()


@pytest.fixture
def demo_school(transactional_db, live_server):
    """The demo school and its accounts (password ``demo12345``), visible to the live server."""
    from logistics.models import School

    call_command("seed_demo", stdout=io.StringIO())
    return School.objects.get(code="NSSY")


def fill_login_form(page, username, password=DEMO_PASSWORD):
    """Fill and submit the login form on the current page, in either language.

    Returns once the answer has loaded, even when it is the login page again.
    """
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=LOGIN_BUTTON).click()


def login(page, live_server, username, password=DEMO_PASSWORD):
    """Log in through the login page and wait until the home page (or ``next``) is shown."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    fill_login_form(page, username, password)
    page.wait_for_url(lambda url: LOGIN_PATH not in url)
    return page
