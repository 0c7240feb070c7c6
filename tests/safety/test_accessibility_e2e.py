"""The safety pages people use on a phone pass axe-core's checks (WCAG 2.1 AA):
the walk of a round, the gate's page, the hazard register and a hazard."""

import pytest

from tests.e2e.conftest import browser, demo_school, login, page, playwright  # noqa: F401

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
FAILING = {"serious", "critical"}


def test_safety_pages_have_no_serious_accessibility_violations(
    page,  # noqa: F811
    live_server,
    demo_school,  # noqa: F811
):
    from axe_playwright_python.sync_playwright import Axe

    from safety.models import FireEquipment, Hazard, RoundSchedule

    night = RoundSchedule.objects.get(school=demo_school, shift="night")
    hazard = Hazard.objects.filter(school=demo_school, status="rectified").first()
    unit = FireEquipment.objects.filter(school=demo_school).first()
    pages = {
        "head": [
            f"/safety/rounds/walk/{night.pk}/",
            "/safety/hazards/",
            hazard.get_absolute_url(),
            "/safety/rounds/",
            "/safety/roster/",
            f"/safety/fire/room/{unit.location_id}/",
        ],
        "gate": ["/safety/visitors/"],
    }
    axe = Axe()
    found = []
    for who, paths in pages.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1366, "height": 900})
        login(page, live_server, who)
        for path in paths:
            for name, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")
                for violation in axe.run(page).response["violations"]:
                    if violation["impact"] in FAILING:
                        nodes = [n["html"][:120] for n in violation["nodes"][:2]]
                        found.append(
                            f"{path} ({who}, {name}): {violation['id']} {nodes}"
                        )
    assert not found, "\n".join(found)
