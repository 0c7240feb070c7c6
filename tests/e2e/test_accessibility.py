"""Every main page passes axe-core's checks (WCAG 2.1 AA) at phone and desktop width.

Serious and critical violations fail the test: too little contrast, a control
without a name, a table that scrolls but cannot be reached from the keyboard…
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import LOGIN_PATH, login

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
FAILING = {"serious", "critical"}


def _chain_url(school):
    from logistics.approvals.models import ApprovalChain

    return ApprovalChain.objects.get(
        school=school, kind="procurement.purchase"
    ).get_absolute_url()


def pages_by_role(school):
    from assets.models import Asset, Disposal, Stocktake
    from repairs.models import RepairRequest

    repair = RepairRequest.objects.filter(school=school, technician__isnull=False)
    asset = Asset.objects.filter(school=school).order_by("pk").first()
    disposal = Disposal.objects.filter(school=school).order_by("pk").first()
    stocktake = Stocktake.objects.filter(school=school).order_by("pk").first()
    return {
        "staff": ["/", "/repairs/new/", "/repairs/", "/places/", "/notifications/"],
        "head": [
            "/repairs/queue/",
            repair.filter(status="assigned").first().get_absolute_url(),
            "/repairs/statistics/",
            stocktake.get_absolute_url(),
            "/settings/rules/",
        ],
        "worker": ["/repairs/jobs/"],
        "accountant": [
            "/assets/",
            asset.get_absolute_url(),
            "/assets/import/",
            "/assets/depreciation/?year=2025",
            "/assets/depreciation/months/",
        ],
        "director": [
            "/",
            "/assets/disposals/",
            disposal.get_absolute_url(),
            "/approvals/",
            "/approvals/delegations/",
        ],
        "admin": ["/approvals/chains/", _chain_url(school)],
    }


def test_main_pages_have_no_serious_accessibility_violations(
    page, live_server, demo_school
):
    axe = Axe()
    found = []

    def check(path, who):
        for name, (width, height) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            results = axe.run(page).response
            for violation in results["violations"]:
                if violation["impact"] in FAILING:
                    nodes = [node["html"][:120] for node in violation["nodes"][:2]]
                    found.append(f"{path} ({who}, {name}): {violation['id']} {nodes}")

    check(LOGIN_PATH, "anonymous")
    for who, paths in pages_by_role(demo_school).items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1366, "height": 900})
        login(page, live_server, who)
        for path in paths:
            check(path, who)
    assert not found, "\n".join(found)
