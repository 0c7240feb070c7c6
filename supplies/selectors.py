"""Reads of the warehouse: lists, paper use, what a class received."""

import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from logistics.models import Department

from .choices import MovementKind
from .models import Item, PrintJob, StockMovement


def stock_list(user):
    """The school's items with what the list shows, in one query."""
    return (
        Item.objects.for_user(user)
        .select_related("category", "place__building")
        .order_by("code")
    )


def departments_chargeable_by(user):
    """The departments whose quota ``user`` may spend with a requisition: their
    own and those they head; every department of the school for the storekeeper
    (who files at the counter for others) and for whoever keeps the quotas."""
    departments = Department.objects.for_user(user)
    if user.has_perm("supplies.issue_stock") or user.has_perm("supplies.change_quota"):
        return departments
    profile = getattr(user, "profile", None)
    own = profile.department_id if profile is not None else None
    return departments.filter(Q(head=user) | Q(pk=own))


def movements(user):
    return (
        StockMovement.objects.for_user(user)
        .select_related("item", "department", "by__profile")
        .order_by("-at", "-id")
    )


def paper_use(user, year):
    """{department name: {(year, month): sheets}} for ``year`` and the year before,
    from the paper issued for print jobs."""
    from django.contrib.contenttypes.models import ContentType

    rows = (
        StockMovement.objects.for_user(user)
        .filter(
            kind=MovementKind.ISSUE,
            content_type=ContentType.objects.get_for_model(PrintJob),
            at__year__in=[year - 1, year],
        )
        .annotate(y=ExtractYear("at"), m=ExtractMonth("at"))
        .values("department__name", "y", "m")
        .annotate(sheets=Sum("quantity"))
        .order_by()
    )
    table = defaultdict(dict)
    for row in rows:
        table[row["department__name"] or ""][(row["y"], row["m"])] = -int(row["sheets"])
    return dict(table)


def term_start(today=None):
    """The start of the current term: 1 September or 1 February."""
    today = today or timezone.localdate()
    if today.month >= 9:
        return datetime.date(today.year, 9, 1)
    if today.month >= 2:
        return datetime.date(today.year, 2, 1)
    return datetime.date(today.year - 1, 9, 1)
