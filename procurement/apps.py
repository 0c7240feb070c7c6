from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _title(purchase):
    return _("Purchase %(number)s: %(title)s") % {
        "number": purchase.number,
        "title": purchase.title,
    }


def _may_see(user, purchase):
    from .selectors import may_see_purchase

    return may_see_purchase(user, purchase)


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")
    url_prefix = "procurement"

    def ready(self):
        from logistics.jobs.exports import export_job
        from logistics.registry import ApprovalKind, NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .annual import annual_section
        from .models import Acceptance, PurchaseAttachment
        from .seed import seed_procurement
        from .selectors import (
            LIST_PERMISSIONS,
            acceptances_visible_to,
            attachments_visible_to,
            home_cards,
            recent_requests,
        )
        from .services import (
            draft_purchase,
            purchase_chain_approved,
            purchase_chain_rejected,
        )
        from .views import LedgerExportView
        from .workflows import APPROVAL_KIND

        registry.add_job_kind("procurement.ledger_export", export_job(LedgerExportView))
        registry.add_nav(
            NavItem(
                _("Purchases"),
                "procurement:mine",
                "procurement.add_purchaserequest",
                order=30,
            )
        )
        registry.add_nav(
            NavItem(
                _("All purchases"),
                "procurement:list",
                LIST_PERMISSIONS,
                order=31,
            )
        )
        registry.add_nav(
            NavItem(
                _("Budget"),
                "procurement:budget",
                "procurement.view_budget_report",
                order=32,
            )
        )
        registry.add_report(
            NavItem(
                _("Budget report"),
                "procurement:budget",
                "procurement.view_budget_report",
                order=30,
            )
        )
        registry.add_annual_section(annual_section)
        registry.add_home_cards(home_cards)
        registry.add_recent_requests(recent_requests)
        registry.add_files(
            PurchaseAttachment,
            fields=["file"],
            visible_to=attachments_visible_to,
            permission="procurement.add_purchaserequest",
        )
        registry.add_files(
            Acceptance,
            fields=["delivery_note"],
            visible_to=acceptances_visible_to,
            permission="procurement.add_purchaserequest",
        )
        registry.add_seeder(seed_procurement, order=40)
        # Purchases are decided through the school's approval chain: the head,
        # the director from ¥3,000, the administrative meeting from ¥50,000.
        registry.add_approval_kind(
            ApprovalKind(
                key=APPROVAL_KIND,
                label=_("Purchase requests"),
                model="procurement.PurchaseRequest",
                requester=lambda purchase: purchase.requester,
                title=_title,
                amount=lambda purchase: purchase.estimated_total,
                visible_to=_may_see,
                on_approved=purchase_chain_approved,
                on_rejected=purchase_chain_rejected,
            )
        )
        # The warehouse's low-stock page drafts a purchase through this.
        registry.add_service("procurement.draft_purchase", draft_purchase)
