"""The warehouse's part of the annual logistics report (仓库、物品领用、文印): five
aggregate queries whatever the number of movements and documents.

Stock figures come from the ledger's movements only (receipts in, issues out, at
the values the ledger posted); sheets printed are the paper issued for print
jobs, as the paper use report counts them (``selectors.paper_use``).
"""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import COUNT, MONEY, Figure, Section, year_moments
from logistics.models import TransitionLog, of_model

from .choices import MovementKind, PrintStatus, RequisitionStatus
from .models import ZERO, Item, PrintJob, Requisition, StockMovement

DOCUMENTS = (pgettext_lazy("unit", "document"), pgettext_lazy("unit", "documents"))
KINDS = (pgettext_lazy("unit", "item"), pgettext_lazy("unit", "items"))


def movements(school_id, year):
    """Value received and issued in ``year`` and the sheets issued for print jobs
    (positive figures): one query."""
    start, end = year_moments(year)
    issued = Q(kind=MovementKind.ISSUE)
    totals = StockMovement.objects.filter(
        school_id=school_id,
        kind__in=[MovementKind.RECEIPT, MovementKind.ISSUE],
        at__gte=start,
        at__lt=end,
    ).aggregate(
        received=Sum("value", filter=Q(kind=MovementKind.RECEIPT), default=ZERO),
        issued=Sum("value", filter=issued, default=ZERO),
        sheets=Sum("quantity", filter=issued & of_model(PrintJob), default=ZERO),
    )
    return {
        "received": totals["received"],
        "issued": -totals["issued"],
        "sheets": -int(totals["sheets"]),
    }


def annual_section(school_id, year):
    start, end = year_moments(year)
    stock = movements(school_id, year)
    filed = Requisition.objects.filter(
        school_id=school_id, created_at__gte=start, created_at__lt=end
    ).count()
    # Handed over in full (the status "issued"), each requisition once.
    handed_over = (
        TransitionLog.objects.status_changes()
        .filter(
            of_model(Requisition),
            school_id=school_id,
            to_state=RequisitionStatus.ISSUED,
            at__gte=start,
            at__lt=end,
        )
        .aggregate(n=Count("object_id", distinct=True))["n"]
    )
    printed = PrintJob.objects.filter(
        school_id=school_id,
        status=PrintStatus.DONE,
        done_at__gte=start,
        done_at__lt=end,
    ).count()
    low = Item.objects.filter(school_id=school_id, is_active=True).low().count()
    return Section(
        title=_("Warehouse, requisitions and printing"),
        order=40,
        url=reverse("supplies:item-list"),
        url_permission="supplies.view_item",
        figures=[
            Figure(_("Value of goods received"), stock["received"], MONEY),
            Figure(_("Value of goods issued"), stock["issued"], MONEY),
            Figure(_("Requisitions filed"), filed, COUNT, DOCUMENTS),
            Figure(_("Requisitions handed over"), handed_over, COUNT, DOCUMENTS),
            Figure(_("Print jobs printed"), printed, COUNT, DOCUMENTS),
            Figure(
                _("Sheets printed"),
                stock["sheets"],
                COUNT,
                (pgettext_lazy("unit", "sheet"), _("sheets")),
            ),
            Figure(_("Items at or below their reorder level now"), low, COUNT, KINDS),
        ],
    )
