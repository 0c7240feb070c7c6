from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_school(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the standard's category tree."""
    if created and not raw:
        from .categories import seed_categories

        seed_categories(instance.pk)


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Fixed assets")
    url_prefix = "assets"

    def ready(self):
        from logistics.models import School
        from logistics.registry import NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import Asset
        from .seed import seed_assets
        from .selectors import asset_resolve, home_cards

        post_save.connect(
            _seed_new_school, sender=School, dispatch_uid="assets.seed_new_school"
        )
        registry.add_nav(
            NavItem(_("Assets"), "assets:list", "assets.view_asset", order=20)
        )
        registry.add_home_cards(home_cards)
        registry.add_resolver("asset", asset_resolve)
        # The card's photo opens for those who may open the card's page.
        registry.add_files(
            Asset,
            fields=["photo"],
            visible_to=Asset.objects.visible_to,
            permission="assets.view_asset",
        )
        registry.add_seeder(seed_assets, order=10)
