from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _seed_new_school(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the standard repair categories."""
    if created and not raw:
        from .categories import seed_categories

        seed_categories(instance.pk)


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")
    url_prefix = "repairs"

    def ready(self):
        from logistics.models import School
        from logistics.registry import NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import RepairPhoto
        from .selectors import (
            home_cards,
            photos_visible_to,
            recent_requests,
            repairs_for_asset,
        )

        registry.add_nav(
            NavItem(
                pgettext_lazy("repair", "Repairs"),
                "repairs:mine",
                "repairs.add_repairrequest",
                order=10,
            )
        )
        registry.add_nav(
            NavItem(
                _("Repair queue"),
                "repairs:queue",
                "repairs.triage_repairrequest",
                order=11,
            )
        )
        registry.add_nav(
            NavItem(
                _("My jobs"), "repairs:jobs", "repairs.work_repairrequest", order=12
            )
        )
        post_save.connect(
            _seed_new_school, sender=School, dispatch_uid="repairs.seed_new_school"
        )
        registry.add_home_cards(home_cards)
        registry.add_recent_requests(recent_requests)
        registry.add_related("asset", repairs_for_asset)
        # A photo opens for those who may open its request's page (its permission).
        registry.add_files(
            RepairPhoto,
            fields=["image", "thumbnail"],
            visible_to=photos_visible_to,
            permission="repairs.add_repairrequest",
        )
        from .seed import seed_repairs

        registry.add_seeder(seed_repairs, order=20)
