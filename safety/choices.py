"""Shifts, levels, statuses and kinds of the campus-safety app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.statuses import Statuses, StatusGroup


class Shift(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    NIGHT = "night", _("Night")


SHIFT_ORDER = {Shift.MORNING: 0, Shift.AFTERNOON: 1, Shift.NIGHT: 2}


class DayKind(models.TextChoices):
    SCHOOL_DAY = "school_day", _("School days")
    HOLIDAY = "holiday", _("Holidays and weekends")
    EVERY_DAY = "every_day", _("Every day")


class Answer(models.TextChoices):
    OK = "ok", _("OK")
    PROBLEM = "problem", _("Problem")
    NOT_APPLICABLE = "na", _("Not applicable")


class ConfirmMethod(models.TextChoices):
    QR = "qr", _("QR label scanned")
    TICK = "tick", _("Ticked")


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")
    MAJOR = "major", _("Major")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("hazard", "Reported")
    RECTIFYING = "rectifying", _("Being rectified")
    RECTIFIED = "rectified", _("Rectified, awaiting re-inspection")
    CLOSED = "closed", pgettext_lazy("hazard", "Closed")


H = HazardStatus
HAZARD_STATUSES = Statuses(
    HazardStatus,
    {
        H.REPORTED: ("danger", StatusGroup.OPEN),
        H.RECTIFYING: ("warning", StatusGroup.OPEN),
        H.RECTIFIED: ("info", StatusGroup.WAITING),
        H.CLOSED: ("secondary", StatusGroup.FINISHED),
    },
)
HAZARD_OPEN = HAZARD_STATUSES.unfinished
# A deadline that has passed matters until the rectification is done.
HAZARD_AWAITING_WORK = frozenset({H.REPORTED, H.RECTIFYING})


class PhotoStage(models.TextChoices):
    FOUND = "found", _("When found")
    RECTIFIED = "rectified", _("After rectification")


class FireKind(models.TextChoices):
    EXTINGUISHER = "extinguisher", _("Fire extinguisher")
    HYDRANT = "hydrant", _("Fire hydrant")
    EMERGENCY_LIGHT = "emergency_light", _("Emergency light")
    ALARM = "alarm", _("Fire alarm")
    EXIT_SIGN = "exit_sign", _("Exit sign")


class Pressure(models.TextChoices):
    NORMAL = "normal", _("Normal (green)")
    LOW = "low", _("Low (red)")
    HIGH = "high", _("High (yellow)")
    NOT_APPLICABLE = "na", _("No gauge")


class DocumentKind(models.TextChoices):
    RULES = "rules", _("Safety rules")
    PLAN = "plan", _("Emergency plan")
