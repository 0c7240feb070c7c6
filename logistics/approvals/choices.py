from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..statuses import Statuses, StatusGroup


class RequesterRule(models.TextChoices):
    """What a step does when the person who asked holds its role."""

    OTHER_HOLDER = "other_holder", _("Another holder of the role decides")
    NEXT_STEP = "next_step", _("Skip to the next step")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", pgettext_lazy("approval", "Approved")
    REJECTED = "rejected", pgettext_lazy("approval", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("approval", "Cancelled")


class StageStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("approval step", "Waiting")
    APPROVED = "approved", pgettext_lazy("approval step", "Approved")
    REJECTED = "rejected", pgettext_lazy("approval step", "Rejected")
    SKIPPED = "skipped", pgettext_lazy("approval step", "Skipped")
    NOT_REACHED = "not_reached", pgettext_lazy("approval step", "Not reached")


class Outcome(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("decision", "Approved")
    REJECTED = "rejected", pgettext_lazy("decision", "Rejected")


G = StatusGroup

# Each status's badge tone and group (logistics/statuses.py).
STAGE_STATUSES = Statuses(
    StageStatus,
    {
        StageStatus.WAITING: ("warning", G.WAITING),
        StageStatus.APPROVED: ("success", G.FINISHED),
        StageStatus.REJECTED: ("danger", G.FINISHED),
        StageStatus.SKIPPED: ("secondary", G.FINISHED),
        StageStatus.NOT_REACHED: ("light", G.FINISHED),
    },
)
APPROVAL_STATUSES = Statuses(
    ApprovalStatus,
    {
        ApprovalStatus.PENDING: ("warning", G.WAITING),
        ApprovalStatus.APPROVED: ("success", G.FINISHED),
        ApprovalStatus.REJECTED: ("danger", G.FINISHED),
        ApprovalStatus.CANCELLED: ("secondary", G.FINISHED),
    },
)
