"""Kinds of stock movements and the statuses of requisitions and print jobs.

Each status carries its badge tone and group; the actions that move between them
are declared in workflows.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.statuses import Statuses, StatusGroup


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ISSUE = "issue", pgettext_lazy("stock", "Issue")
    RETURN = "return", pgettext_lazy("stock", "Return")
    ADJUSTMENT = "adjustment", _("Adjustment")
    STOCKTAKE = "stocktake", _("Stocktake correction")


# Kinds that only bring stock in, and only take it out; the others go either way.
INCOMING = frozenset({MovementKind.RECEIPT, MovementKind.RETURN})
OUTGOING = frozenset({MovementKind.ISSUE})


class RequisitionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved, to be issued")
    ISSUED = "issued", _("Issued, to be confirmed")
    RECEIVED = "received", pgettext_lazy("requisition", "Received")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


S = RequisitionStatus
G = StatusGroup

REQUISITION_STATUSES = Statuses(
    RequisitionStatus,
    {
        S.SUBMITTED: ("primary", G.OPEN),
        S.APPROVED: ("info", G.OPEN),
        S.ISSUED: ("success", G.WAITING),
        S.RECEIVED: ("secondary", G.FINISHED),
        S.REJECTED: ("dark", G.FINISHED),
        S.CANCELLED: ("light", G.FINISHED),
    },
)


class PrintStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved, to be printed")
    DONE = "done", pgettext_lazy("print job", "Printed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


P = PrintStatus

PRINT_STATUSES = Statuses(
    PrintStatus,
    {
        P.SUBMITTED: ("primary", G.OPEN),
        P.APPROVED: ("info", G.OPEN),
        P.DONE: ("secondary", G.FINISHED),
        P.REJECTED: ("dark", G.FINISHED),
        P.CANCELLED: ("light", G.FINISHED),
    },
)


class Sides(models.IntegerChoices):
    SINGLE = 1, _("Single-sided")
    DOUBLE = 2, _("Double-sided")


class PaperSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"
    B5 = "B5", "B5"
    B4 = "B4", "B4"


class PrintPurpose(models.TextChoices):
    EXAM = "exam", _("Exam paper")
    TEACHING = "teaching", _("Teaching material")
    OFFICE = "office", _("Office document")
    OTHER = "other", _("Other")
