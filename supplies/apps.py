from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_school(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the standard classes of goods."""
    if created and not raw:
        from .categories import seed_categories

        seed_categories(instance.pk)


class SuppliesConfig(AppConfig):
    name = "supplies"
    verbose_name = _("Supplies")
    url_prefix = "supplies"

    def ready(self):
        from logistics.models import School
        from logistics.registry import NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
            services,
        )

        post_save.connect(
            _seed_new_school, sender=School, dispatch_uid="supplies.seed_new_school"
        )
        # What the other apps may ask of the warehouse (never importing it).
        registry.add_service("supplies.receive", services.receive)
        registry.add_service("supplies.issue", services.issue)
        registry.add_service("supplies.return", services.return_to_stock)
        registry.add_service("supplies.items", services.items)
        registry.add_service("supplies.low_stock", services.low_stock)
        from .wiring import wire

        wire(registry)
        from .annual import annual_section

        registry.add_annual_section(annual_section)
        registry.add_report(
            NavItem(
                _("Paper use"),
                "supplies:paper-use",
                "supplies.view_all_printjob",
                order=40,
            )
        )
        registry.add_report(
            NavItem(
                _("Stock ledger"),
                "supplies:movement-list",
                "supplies.view_stockmovement",
                order=41,
            )
        )
