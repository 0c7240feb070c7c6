"""The fixed assets' section of the annual logistics report (年度后勤工作总结).

Three queries whatever the size of the ledger: the year's posted months with
their entries, every card of the school in one aggregate, the stocktakes closed.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import (
    COUNT,
    MONEY,
    Figure,
    Section,
    rounded,
    year_bounds,
    year_moments,
)

from . import depreciation as dep
from .choices import MonthStatus, StocktakeStatus
from .models import Asset, DepreciationMonth, Stocktake
from .selectors import MONEY as MONEY_FIELD

CARDS = (pgettext_lazy("unit", "card"), pgettext_lazy("unit", "cards"))


def _money(value):
    return rounded(value or 0)


def posted_months(school_id, year):
    """The year's closed months: how many, whether December is one, and the sum of
    their entries (a reopened month's entries no longer count)."""
    first = dep.month_index(datetime.date(year, 1, 1))
    last = first + 11
    return DepreciationMonth.objects.filter(
        school_id=school_id, status=MonthStatus.CLOSED, month__range=(first, last)
    ).aggregate(
        months=Count("pk", distinct=True),
        december=Count("pk", distinct=True, filter=Q(month=last)),
        charged=Sum("entries__amount", output_field=MONEY_FIELD),
    )


def ledger_figures(school_id, year, *, december_posted):
    """The cards of the year in one aggregate: on the ledger at 31 December,
    acquired and disposed of in the year, at the value in force at 31 December
    (a later adjustment does not change a past year); with the accumulated
    depreciation at 31 December when that month is posted."""
    first_day, end = year_bounds(year)
    value = dep.value_expression(end)
    on_ledger = Q(acquired_on__lte=end) & (
        Q(disposed_on__isnull=True) | Q(disposed_on__gt=end)
    )
    acquired = Q(acquired_on__range=(first_day, end))
    disposed = Q(disposed_on__range=(first_day, end))
    figures = {
        "ever": Count("pk"),
        "ledger": Count("pk", filter=on_ledger),
        "ledger_value": Sum(value, filter=on_ledger, output_field=MONEY_FIELD),
        "acquired": Count("pk", filter=acquired),
        "acquired_value": Sum(value, filter=acquired, output_field=MONEY_FIELD),
        "disposed": Count("pk", filter=disposed),
        "disposed_value": Sum(value, filter=disposed, output_field=MONEY_FIELD),
    }
    if december_posted:
        # The month is closed: every card's figure is the posted one (or, for a
        # card that had no charge that month, the schedule it was posted from).
        figures["accumulated"] = Sum(
            dep.accumulated_expression(end, posted=True),
            filter=on_ledger,
            output_field=MONEY_FIELD,
        )
    return Asset.objects.filter(school_id=school_id).order_by().aggregate(**figures)


def annual_section(school_id, year):
    """固定资产: the ledger at the year's end, what came and went, depreciation,
    stocktakes. None for a school that never kept a card."""
    months = posted_months(school_id, year)
    cards = ledger_figures(school_id, year, december_posted=bool(months["december"]))
    if not cards["ever"]:
        return None
    start, end = year_moments(year)
    stocktakes = Stocktake.objects.filter(
        school_id=school_id,
        status=StocktakeStatus.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    ).count()
    figures = [
        Figure(_("On the ledger at year end"), cards["ledger"], COUNT, unit=CARDS),
        Figure(
            _("Value on the ledger at year end"), _money(cards["ledger_value"]), MONEY
        ),
        Figure(_("Acquired in the year"), cards["acquired"], COUNT, unit=CARDS),
        Figure(_("Value acquired"), _money(cards["acquired_value"]), MONEY),
        Figure(_("Disposed of in the year"), cards["disposed"], COUNT, unit=CARDS),
        Figure(_("Value disposed of"), _money(cards["disposed_value"]), MONEY),
        Figure(_("Depreciation posted"), _money(months["charged"]), MONEY),
        Figure(
            _("Months posted"),
            months["months"],
            COUNT,
            unit=(pgettext_lazy("unit", "month"), pgettext_lazy("unit", "months")),
        ),
    ]
    if "accumulated" in cards:
        # Only once December is posted: before that the year-end figure would be
        # the schedule's forecast, which a later change may still alter.
        net = _money(cards["ledger_value"]) - _money(cards["accumulated"])
        figures.append(Figure(_("Net book value at year end"), net, MONEY))
    figures.append(
        Figure(
            _("Stocktakes completed"),
            stocktakes,
            COUNT,
            unit=(pgettext_lazy("unit", "time"), pgettext_lazy("unit", "times")),
        )
    )
    return Section(
        title=_("Fixed assets"),
        figures=figures,
        order=10,
        url=reverse("assets:list"),
        url_permission="assets.view_asset",
    )
