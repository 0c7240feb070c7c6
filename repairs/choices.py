"""Statuses and urgencies of repair requests.

Each status carries its badge tone and group here; the actions that move between
them are declared in workflows.py. Categories are rows of ``RepairCategory``, one
list per school (see categories.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.statuses import Statuses, StatusGroup


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


S = RepairStatus
G = StatusGroup

STATUSES = Statuses(
    RepairStatus,
    {
        S.SUBMITTED: ("primary", G.OPEN),
        S.ASSIGNED: ("info", G.OPEN),
        S.IN_PROGRESS: ("warning", G.OPEN),
        S.REOPENED: ("danger", G.OPEN),
        S.DONE: ("success", G.WAITING),
        S.CONFIRMED: ("secondary", G.FINISHED),
        S.REJECTED: ("dark", G.FINISHED),
        S.CANCELLED: ("light", G.FINISHED),
    },
)

# Groups used by lists and counts.
OPEN = STATUSES.in_group(G.OPEN)
WAITING_FOR_TECHNICIAN = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
AWAITING_CONFIRMATION = STATUSES.in_group(G.WAITING)
CLOSED = STATUSES.finished
# Not yet finished by the technician: these can be overdue.
UNFINISHED = OPEN


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


# Sorting key: most urgent first.
URGENCY_RANK = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.NORMAL: 2}


class PhotoKind(models.TextChoices):
    REPORT = "report", _("Reported")
    WORK = "work", _("Work")
