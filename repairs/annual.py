"""The repairs' section of the annual logistics report (年度后勤工作总结).

Every figure is about the requests filed in the year (a request filed in
December and done in January counts in the year it was filed), read in one
aggregate query. "Completed" is a request whose work is marked done and not
sent back: ``done_at`` is set (done or confirmed; reopening clears it).
"""

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import (
    COUNT,
    HOURS,
    MONEY,
    PERCENT,
    TENTH,
    Figure,
    Section,
    average,
    percent,
    rounded,
    year_moments,
)

from .models import RepairRequest

MICROSECONDS_PER_HOUR = 3600 * 10**6
REQUESTS = (pgettext_lazy("unit", "request"), pgettext_lazy("unit", "requests"))


def _microseconds(duration):
    return (duration.days * 86400 + duration.seconds) * 10**6 + duration.microseconds


def year_figures(school_id, year):
    """The requests filed in ``year``, counted and summed in one query."""
    start, end = year_moments(year)
    completed = Q(done_at__isnull=False)
    with_due = completed & Q(due_at__isnull=False)
    return (
        RepairRequest.objects.filter(
            school_id=school_id, created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .aggregate(
            filed=Count("pk"),
            completed=Count("pk", filter=completed),
            with_due=Count("pk", filter=with_due),
            on_time=Count("pk", filter=with_due & Q(done_at__lte=F("due_at"))),
            # Summed, not averaged, so the average is exact (SQLite averages in
            # floating point).
            duration=Sum(
                ExpressionWrapper(
                    F("done_at") - F("created_at"), output_field=DurationField()
                ),
                filter=completed,
            ),
            hours=Sum("labour_hours", filter=completed),
            cost=Sum("cost", filter=completed),
            rated=Count("rating"),
            rating=Sum("rating"),
        )
    )


def annual_section(school_id, year):
    """维修: requests filed, how many were completed and how fast, the work and
    its cost, the requesters' rating. None for a school that never filed one."""
    found = year_figures(school_id, year)
    if (
        not found["filed"]
        and not RepairRequest.objects.filter(school_id=school_id).exists()
    ):
        return None
    duration = found["duration"]
    hours_to_done = average(
        _microseconds(duration) if duration is not None else None,
        found["completed"] * MICROSECONDS_PER_HOUR,
    )
    figures = [
        Figure(
            _("Requests filed"),
            found["filed"],
            COUNT,
            unit=REQUESTS,
        ),
        Figure(
            _("Completed, of those filed"),
            found["completed"],
            COUNT,
            unit=REQUESTS,
        ),
        Figure(
            _("Completion rate"), percent(found["completed"], found["filed"]), PERCENT
        ),
        Figure(
            _("Completed on time"),
            percent(found["on_time"], found["with_due"]),
            PERCENT,
        ),
        Figure(_("Average hours from filing to done"), hours_to_done, HOURS),
        Figure(
            _("Labour hours"),
            rounded(found["hours"] or 0, TENTH),
            HOURS,
        ),
        Figure(
            _("Repair cost"),
            rounded(found["cost"] or 0),
            MONEY,
        ),
        Figure(
            _("Average rating"),
            average(found["rating"], found["rated"]),
            COUNT,
            unit=(pgettext_lazy("unit", "point"), pgettext_lazy("unit", "points")),
        ),
    ]
    return Section(
        title=pgettext_lazy("annual report", "Repairs"),
        figures=figures,
        order=20,
        url=reverse("repairs:queue"),
        url_permission="repairs.view_all_repairrequest",
    )
