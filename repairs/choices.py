"""Statuses and urgencies of repair requests, and the allowed moves.

Categories are rows of ``RepairCategory``, one list per school (see categories.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

# The state table (django-oscar's pipeline): a status may move only to these.
# ASSIGNED → ASSIGNED is a reassignment to another technician.
TRANSITIONS = {
    S.SUBMITTED: frozenset({S.ASSIGNED, S.REJECTED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.DONE}),
    S.DONE: frozenset({S.CONFIRMED, S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    S.CONFIRMED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Groups used by lists and counts.
OPEN = frozenset({S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
WAITING_FOR_TECHNICIAN = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
AWAITING_CONFIRMATION = frozenset({S.DONE})
CLOSED = frozenset({S.CONFIRMED, S.REJECTED, S.CANCELLED})
# Not yet finished by the technician: these can be overdue.
UNFINISHED = OPEN

STATUS_TONES = {
    S.SUBMITTED: "primary",
    S.ASSIGNED: "info",
    S.IN_PROGRESS: "warning",
    S.DONE: "success",
    S.CONFIRMED: "secondary",
    S.REOPENED: "danger",
    S.REJECTED: "dark",
    S.CANCELLED: "light",
}


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


# Sorting key: most urgent first.
URGENCY_RANK = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.NORMAL: 2}


class PhotoKind(models.TextChoices):
    REPORT = "report", _("Reported")
    WORK = "work", _("Work")
