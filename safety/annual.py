"""Campus safety's part of the annual logistics report (年度后勤工作总结): rounds
walked, hazards, fire equipment checks and visitors of a year, in four aggregate
queries however many rows.

Rounds missed are left out: the rounds due are worked out from the rounds'
schedules as they are today (``round_overview``), which keep no date from which
they hold, so over a year every round "due" before a schedule existed, or after
it changed, would count as missed.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import (
    PERCENT,
    Figure,
    Section,
    percent,
    year_bounds,
    year_moments,
)

from .choices import HAZARD_OPEN, Answer, HazardStatus
from .models import FireCheck, Hazard, PatrolRound, Visitor

RECTIFIED = (HazardStatus.RECTIFIED, HazardStatus.CLOSED)
HAZARDS = (pgettext_lazy("unit", "hazard"), pgettext_lazy("unit", "hazards"))
CHECKS = (pgettext_lazy("unit", "check"), pgettext_lazy("unit", "checks"))


def annual_section(school_id, year):
    """Rounds of days in ``year``: finished, and the problems answered on them;
    hazards found in ``year`` and where they stand today; fire equipment checks
    and visitor registrations of ``year`` (visitors still on record: the app
    deletes them after the school's retention period)."""
    first, last = year_bounds(year)
    start, end = year_moments(year)
    rounds = PatrolRound.objects.filter(
        school_id=school_id, day__gte=first, day__lte=last
    ).aggregate(
        walked=Count("pk", filter=Q(finished_at__isnull=False), distinct=True),
        problems=Count("answers", filter=Q(answers__answer=Answer.PROBLEM)),
    )
    hazards = Hazard.objects.filter(
        school_id=school_id, found_at__gte=start, found_at__lt=end
    ).aggregate(
        reported=Count("pk"),
        rectified=Count("pk", filter=Q(status__in=RECTIFIED)),
        closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)),
        still_open=Count("pk", filter=Q(status__in=HAZARD_OPEN)),
    )
    checks = FireCheck.objects.filter(
        school_id=school_id, checked_at__gte=start, checked_at__lt=end
    ).aggregate(count=Count("pk"), faults=Count("pk", filter=Q(ok=False)))
    visits = Visitor.objects.filter(
        school_id=school_id, time_in__gte=start, time_in__lt=end
    ).count()
    return Section(
        title=_("Campus safety"),
        figures=[
            Figure(
                _("Patrol rounds walked"),
                rounds["walked"],
                unit=(pgettext_lazy("unit", "round"), pgettext_lazy("unit", "rounds")),
            ),
            Figure(
                _("Problems found on rounds"),
                rounds["problems"],
                unit=(
                    pgettext_lazy("unit", "problem"),
                    pgettext_lazy("unit", "problems"),
                ),
            ),
            Figure(_("Hazards reported"), hazards["reported"], unit=HAZARDS),
            # Rectified: awaiting re-inspection or closed, as they stand today.
            Figure(
                _("Rectified, of those reported"), hazards["rectified"], unit=HAZARDS
            ),
            Figure(
                _("Rectification rate"),
                percent(hazards["rectified"], hazards["reported"]),
                PERCENT,
            ),
            Figure(
                _("Closed after re-inspection, of those reported"),
                hazards["closed"],
                unit=HAZARDS,
            ),
            Figure(
                _("Still open, of those reported"),
                hazards["still_open"],
                unit=HAZARDS,
            ),
            Figure(_("Fire equipment checks"), checks["count"], unit=CHECKS),
            Figure(_("Checks that found a fault"), checks["faults"], unit=CHECKS),
            Figure(
                _("Visitor registrations still on record"),
                visits,
                unit=(pgettext_lazy("unit", "visit"), pgettext_lazy("unit", "visits")),
            ),
        ],
        order=60,
        url=reverse("safety:index"),
        url_permission="safety.view_hazard",
    )
