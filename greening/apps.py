from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreeningConfig(AppConfig):
    name = "greening"
    verbose_name = _("Grounds and greening")
    url_prefix = "greening"

    def ready(self):
        from logistics.registry import NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import CampusPlan, CareLog, Inspection
        from .seed import seed_greening
        from .selectors import (
            care_logs_visible_to,
            home_cards,
            inspections_visible_to,
            overdue_reminders,
            plans_visible_to,
            zones_for_apps,
        )

        registry.add_nav(
            NavItem(_("Greening"), "greening:zones", "greening.view_zone", order=50)
        )
        registry.add_nav(NavItem(_("四化 rankings"), "greening:rankings", "", order=52))
        registry.add_nav(
            NavItem(_("My care tasks"), "greening:today", "greening.log_care", order=51)
        )
        registry.add_home_cards(home_cards)
        for model, visible_to in (
            (CareLog, care_logs_visible_to),
            (Inspection, inspections_visible_to),
        ):
            registry.add_files(
                model,
                fields=["photo", "thumbnail"],
                # The zone's page decides (overseers: all; keepers: theirs).
                visible_to=visible_to,
            )
        registry.add_files(
            CampusPlan,
            fields=["image"],
            visible_to=plans_visible_to,
        )
        # Safety's patrol checkpoints list the zones through this.
        registry.add_service("greening.zones", zones_for_apps)
        # Overdue care tasks remind the zone's keepers on the school's schedule.
        registry.add_reminder_source("greening.overdue", overdue_reminders)
        registry.add_seeder(seed_greening, order=60)
        # The year's figures in the annual report; the rankings on /reports/.
        from .annual import annual_section

        registry.add_annual_section(annual_section)
        registry.add_report(
            NavItem(
                _("四化 rankings"),
                "greening:rankings",
                "greening.view_inspection",
                order=50,
            )
        )
