from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_school(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the standard's category tree."""
    if created and not raw:
        from .categories import seed_categories

        seed_categories(instance.pk)


def _disposal_title(disposal):
    return _("Disposal of %(number)s %(name)s") % {
        "number": disposal.asset.number,
        "name": disposal.asset.name,
    }


def _may_see_disposal(user, disposal):
    from .models import Disposal

    return (
        user.has_perm("assets.view_disposal")
        and Disposal.objects.for_user(user).filter(pk=disposal.pk).exists()
    )


def _accounting_system_changed(sender, instance, **kwargs):
    """Recompute the school's schedules under its new month rule, once committed."""
    if instance.key != "assets.ACCOUNTING_SYSTEM":
        return

    def refresh():
        from logistics.rules import rules_cached

        from .services import asset_schedules_refresh

        with rules_cached():
            asset_schedules_refresh(
                school_id=instance.school_id, by=instance.updated_by
            )

    transaction.on_commit(refresh)


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Fixed assets")
    url_prefix = "assets"

    def ready(self):
        from logistics.jobs.documents import pdf_job
        from logistics.jobs.exports import export_job
        from logistics.models import School
        from logistics.registry import ApprovalKind, NavItem, registry

        from .views import (
            AssetExportView,
            import_job,
            label_sheet_job,
            stocktake_report_for_job,
        )

        # A large ledger export is written by the background worker.
        registry.add_job_kind("assets.ledger_export", export_job(AssetExportView))
        # A large label sheet is printed by the background worker too.
        registry.add_job_kind("assets.labels", label_sheet_job)
        # So is a large import: all rows or none, with a report of every row.
        registry.add_job_kind("assets.import", import_job)
        # And a stocktake report with many discrepancies.
        registry.add_job_kind(
            "assets.stocktake_report", pdf_job(stocktake_report_for_job)
        )

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import Asset
        from .seed import seed_assets
        from .selectors import asset_resolve, assets_for_class, home_cards
        from .services import disposal_chain_approved, disposal_chain_rejected
        from .workflows import APPROVAL_KIND

        post_save.connect(
            _seed_new_school, sender=School, dispatch_uid="assets.seed_new_school"
        )
        # A school that changes its accounting system changes its month rule.
        for signal in (post_save, post_delete):
            signal.connect(
                _accounting_system_changed,
                sender="logistics.SchoolRule",
                dispatch_uid=f"assets.accounting_system.{signal is post_save}",
            )
        registry.add_nav(
            NavItem(_("Assets"), "assets:list", "assets.view_asset", order=20)
        )
        # The year's figures in the annual report, and the ledger's own reports
        # on /reports/.
        from .annual import annual_section

        registry.add_annual_section(annual_section)
        registry.add_report(
            NavItem(
                _("Depreciation ledger"),
                "assets:depreciation",
                "assets.view_depreciation",
                order=20,
            )
        )
        registry.add_report(
            NavItem(
                _("Closing months"),
                "assets:months",
                "assets.view_depreciation",
                order=21,
            )
        )
        registry.add_report(
            NavItem(
                _("Stocktakes"),
                "assets:stocktake-list",
                "assets.view_stocktake",
                order=22,
            )
        )
        registry.add_home_cards(home_cards)
        registry.add_resolver("asset", asset_resolve)
        # A class's page (the warehouse's) lists the assets the class is responsible for.
        registry.add_related("school_class", assets_for_class)
        # The card's photo opens for those who may open the card's page.
        registry.add_files(
            Asset,
            fields=["photo"],
            visible_to=Asset.objects.visible_to,
            permission="assets.view_asset",
        )
        registry.add_seeder(seed_assets, order=10)
        # Other apps (procurement's acceptance) put new cards on the ledger.
        from .intake import register

        registry.add_service("assets.register", register)
        # Disposals are decided through the school's approval chain (the
        # director by default); the amount is the asset's original value.
        registry.add_approval_kind(
            ApprovalKind(
                key=APPROVAL_KIND,
                label=_("Asset disposals"),
                model="assets.Disposal",
                requester=lambda disposal: disposal.proposed_by,
                title=_disposal_title,
                amount=lambda disposal: disposal.asset.original_value,
                visible_to=_may_see_disposal,
                on_approved=disposal_chain_approved,
                on_rejected=disposal_chain_rejected,
            )
        )
