"""Statuses of purchase requests and the kinds of their lines and files.

Each status carries its badge tone and group here; the actions that move between
them are declared in workflows.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.statuses import Statuses, StatusGroup


class PurchaseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("purchase", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("purchase", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("purchase", "Approved")
    ORDERED = "ordered", pgettext_lazy("purchase", "Ordered")
    RECEIVED = "received", pgettext_lazy("purchase", "Received")
    CLOSED = "closed", pgettext_lazy("purchase", "Paid and closed")
    REJECTED = "rejected", pgettext_lazy("purchase", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("purchase", "Withdrawn")


S = PurchaseStatus
G = StatusGroup

STATUSES = Statuses(
    PurchaseStatus,
    {
        S.DRAFT: ("light", G.OPEN),
        S.SUBMITTED: ("primary", G.WAITING),
        S.APPROVED: ("info", G.OPEN),
        S.ORDERED: ("warning", G.OPEN),
        S.RECEIVED: ("success", G.OPEN),
        S.CLOSED: ("secondary", G.FINISHED),
        S.REJECTED: ("danger", G.OPEN),
        S.WITHDRAWN: ("dark", G.FINISHED),
    },
)

# Money the budget line has promised: approved, not paid yet.
COMMITTED = frozenset({S.APPROVED, S.ORDERED, S.RECEIVED})
# Money gone: paid.
SPENT = frozenset({S.CLOSED})
# The requester may still change the request.
EDITABLE = frozenset({S.DRAFT, S.REJECTED})


class LineKind(models.TextChoices):
    CONSUMABLE = "consumable", _("Consumable (warehouse)")
    ASSET = "asset", _("Fixed asset (ledger)")


class AttachmentKind(models.TextChoices):
    QUOTE = "quote", _("Quote")
    OTHER = "other", pgettext_lazy("attachment", "Other")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("Government budget")
    SPECIAL = "special", _("Special funds")
    SELF_RAISED = "self_raised", _("Self-raised funds")
    OTHER = "other", pgettext_lazy("funding", "Other")
