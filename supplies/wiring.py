"""The rest of what the warehouse plugs into the core: navigation, files, approval
kinds and home cards."""

from django.utils.translation import gettext_lazy as _


def _requisition_title(requisition):
    return _("Requisition %(number)s: %(purpose)s") % {
        "number": requisition.number,
        "purpose": requisition.purpose,
    }


def _print_title(job):
    return _("Print job %(number)s: %(title)s, %(sheets)s sheets") % {
        "number": job.number,
        "title": job.title,
        "sheets": job.sheets,
    }


def _may_see(model):
    def check(user, document):
        return model.objects.visible_to(user).filter(pk=document.pk).exists()

    return check


def home_cards(user):
    from django.urls import reverse

    from logistics.registry import HomeCard

    from .choices import PrintStatus, RequisitionStatus
    from .models import Item, PrintJob, Requisition

    cards = []
    if user.has_perm("supplies.issue_stock"):
        count = (
            Requisition.objects.for_user(user)
            .filter(status=RequisitionStatus.APPROVED)
            .count()
        )
        if count:
            cards.append(
                HomeCard(
                    _("Requisitions to hand over"),
                    count,
                    reverse("supplies:requisition-list") + "?status=approved",
                )
            )
        low = Item.objects.for_user(user).filter(is_active=True).low().count()
        if low:
            cards.append(
                HomeCard(
                    _("Items low in stock"),
                    low,
                    reverse("supplies:low-stock"),
                    "warning",
                )
            )
    if user.has_perm("supplies.run_printjob"):
        count = (
            PrintJob.objects.for_user(user).filter(status=PrintStatus.APPROVED).count()
        )
        if count:
            cards.append(
                HomeCard(
                    _("Print jobs to print"), count, reverse("supplies:printjob-list")
                )
            )
    return cards


def wire(registry):
    from logistics.approvals.defaults import Step
    from logistics.jobs.exports import export_job
    from logistics.registry import ApprovalKind, NavItem
    from logistics.roles import Role

    from . import services_docs as docs
    from .models import Item, PrintJob, Requisition
    from .views import MovementExportView, StockExportView
    from .workflows import PRINT_KIND, REQUISITION_KIND

    # Large exports are written by the background worker.
    registry.add_job_kind("supplies.ledger_export", export_job(MovementExportView))
    registry.add_job_kind("supplies.stock_export", export_job(StockExportView))
    registry.add_nav(
        NavItem(_("Warehouse"), "supplies:item-list", "supplies.view_item", order=30)
    )
    registry.add_nav(
        NavItem(
            _("Requisitions"),
            "supplies:requisition-list",
            "supplies.add_requisition",
            order=31,
        )
    )
    registry.add_nav(
        NavItem(
            _("Printing"), "supplies:printjob-list", "supplies.add_printjob", order=32
        )
    )
    registry.add_home_cards(home_cards)
    registry.add_files(
        Item,
        fields=["photo"],
        visible_to=lambda user: Item.objects.for_user(user),
        permission="supplies.view_item",
    )
    # An exam paper's original opens for its requester and the print room only.
    registry.add_files(
        PrintJob,
        fields=["original"],
        visible_to=lambda user: PrintJob.objects.visible_to(user),
        permission="supplies.view_printjob",
    )
    registry.add_approval_kind(
        ApprovalKind(
            key=REQUISITION_KIND,
            label=_("Requisitions"),
            model="supplies.Requisition",
            requester=lambda requisition: requisition.requester,
            title=_requisition_title,
            amount=lambda requisition: requisition.estimated_value,
            visible_to=_may_see(Requisition),
            on_approved=docs.requisition_chain_approved,
            on_rejected=docs.requisition_chain_rejected,
            default_steps=(Step(Role.LOGISTICS_HEAD),),
        )
    )
    registry.add_approval_kind(
        ApprovalKind(
            key=PRINT_KIND,
            label=_("Print jobs"),
            model="supplies.PrintJob",
            requester=lambda job: job.requester,
            title=_print_title,
            visible_to=_may_see(PrintJob),
            on_approved=docs.printjob_chain_approved,
            on_rejected=docs.printjob_chain_rejected,
            default_steps=(Step(Role.LOGISTICS_HEAD),),
        )
    )
    from .seed import seed_supplies

    registry.add_seeder(seed_supplies, order=30)
