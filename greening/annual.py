"""Greening's part of the annual logistics report (年度后勤工作总结): the zones
kept, the care work logged, the 四化 scores and the plantings of a year, in four
aggregate queries however many rows."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import (
    Figure,
    Section,
    average,
    rounded,
    year_bounds,
    year_moments,
)

from .choices import CareTask
from .models import CareLog, Inspection, PlantingEvent, Zone

TIMES = (pgettext_lazy("unit", "time"), pgettext_lazy("unit", "times"))


def annual_section(school_id, year):
    """Zones in use (today: a zone keeps no history of when it was in use) and
    their recorded area; care logs done in ``year``; inspections of the weeks
    starting in ``year`` (as the rankings count them) and their average total;
    plantings held in ``year`` and the plants they put in."""
    start, end = year_moments(year)
    first, last = year_bounds(year)
    zones = Zone.objects.filter(school_id=school_id, is_active=True).aggregate(
        count=Count("pk"), area=Sum("area")
    )
    care = CareLog.objects.filter(
        school_id=school_id, done_at__gte=start, done_at__lt=end
    ).aggregate(count=Count("pk"), sprays=Count("pk", filter=Q(task=CareTask.SPRAY)))
    scores = Inspection.objects.filter(
        school_id=school_id, week__gte=first, week__lte=last
    ).aggregate(count=Count("pk"), total=Sum("total"))
    plantings = PlantingEvent.objects.filter(
        school_id=school_id, held_on__gte=first, held_on__lte=last
    ).aggregate(held=Count("pk"), plants=Sum("count"))
    return Section(
        title=_("Grounds and greening"),
        figures=[
            Figure(
                _("Zones in use today"),
                zones["count"],
                unit=(pgettext_lazy("unit", "zone"), pgettext_lazy("unit", "zones")),
            ),
            # None when no zone in use has its area recorded.
            Figure(
                _("Recorded area of the zones in use"),
                rounded(zones["area"]),
                unit=pgettext_lazy("unit", "m²"),
            ),
            Figure(
                _("Care work logged"),
                care["count"],
                unit=TIMES,
            ),
            Figure(
                _("Pesticide sprays"),
                care["sprays"],
                unit=TIMES,
            ),
            Figure(
                _("四化 inspections"),
                scores["count"],
                unit=(
                    pgettext_lazy("unit", "inspection"),
                    pgettext_lazy("unit", "inspections"),
                ),
            ),
            Figure(
                _("Average score (of 40)"),
                average(scores["total"], scores["count"]),
            ),
            Figure(
                _("Plantings held"),
                plantings["held"],
                unit=TIMES,
            ),
            Figure(
                _("Plants planted"),
                plantings["plants"] or 0,
                unit=(pgettext_lazy("unit", "plant"), pgettext_lazy("unit", "plants")),
            ),
        ],
        order=50,
        url=reverse("greening:zones"),
        url_permission=("greening.view_zone", "greening.log_care"),
    )
