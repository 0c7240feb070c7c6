"""Straight-line monthly depreciation with no residual value (年限平均法).

Each asset carries its schedule: the first and last month it is depreciated in,
the number of months, and the monthly amount (original value / months, rounded to
the fen; the last month takes what rounding left, so the total is exactly the
original value). ``schedule()`` derives these from the card and the settings;
``accumulated()`` and ``accumulated_expression()`` then give the same figure in
Python and in SQL, so totals over any filter are summed by the database.

Months are numbered ``year * 12 + month - 1``. Accumulated depreciation "as of"
a date includes that date's month (it is booked at the month's end).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Least

from .choices import AssetClass
from .conf import NEXT_MONTH, assets_setting

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY_FIELD = models.DecimalField(max_digits=14, decimal_places=2)


def month_index(day):
    return day.year * 12 + day.month - 1


def month_start(index):
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(index):
    return month_start(index + 1) - datetime.timedelta(days=1)


def years_for(asset):
    """Years the asset is depreciated over, or None if it is not depreciated."""
    if asset.asset_class == AssetClass.LOW_VALUE:
        return None  # low-value items are expensed, not depreciated
    category = asset.category
    if not category.depreciates:
        return None
    return asset.depreciation_years_override or category.effective_years()


@dataclass(frozen=True)
class Schedule:
    start: int | None
    end: int | None
    months: int
    monthly: Decimal


def schedule(asset, rule=None):
    """The depreciation schedule of ``asset`` under the month rule in settings."""
    rule = rule or assets_setting("DEPRECIATION_MONTH_RULE")
    years = years_for(asset)
    if not years or not asset.original_value:
        return Schedule(None, None, 0, ZERO)
    months = years * 12
    shift = 1 if rule == NEXT_MONTH else 0
    start = month_index(asset.acquired_on) + shift
    end = None
    if asset.disposed_on:
        # Next-month rule: the month of disposal is still depreciated.
        end = month_index(asset.disposed_on) - (1 - shift)
    monthly = (Decimal(asset.original_value) / months).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    return Schedule(start, end, months, monthly)


def apply_schedule(asset, rule=None):
    """Write the schedule onto the asset's fields (the caller saves it)."""
    plan = schedule(asset, rule)
    asset.depreciation_start = plan.start
    asset.depreciation_end = plan.end
    asset.depreciation_months = plan.months
    asset.monthly_depreciation = plan.monthly
    return asset


def months_depreciated(asset, as_of):
    """How many months have been depreciated by the end of ``as_of``'s month."""
    if not asset.depreciation_months or asset.depreciation_start is None:
        return 0
    last = month_index(as_of)
    if asset.depreciation_end is not None:
        last = min(last, asset.depreciation_end)
    return max(0, min(last - asset.depreciation_start + 1, asset.depreciation_months))


def accumulated(asset, as_of):
    """Accumulated depreciation (累计折旧) at the end of ``as_of``'s month."""
    months = months_depreciated(asset, as_of)
    if months == 0:
        return ZERO
    if months >= asset.depreciation_months:
        return Decimal(asset.original_value).quantize(CENT)
    return (asset.monthly_depreciation * months).quantize(CENT)


def net_value(asset, as_of):
    """Net value (净值): original value less accumulated depreciation."""
    return Decimal(asset.original_value).quantize(CENT) - accumulated(asset, as_of)


def depreciation_in(asset, first_month, last_month):
    """Depreciation charged in the months ``first_month``..``last_month`` (indexes)."""
    return accumulated(asset, month_end(last_month)) - accumulated(
        asset, month_end(first_month - 1)
    )


@dataclass(frozen=True)
class BookValue:
    as_of: datetime.date
    months: int
    total_months: int
    monthly: Decimal
    accumulated: Decimal
    net: Decimal

    @property
    def fully_depreciated(self):
        return self.total_months > 0 and self.months >= self.total_months

    @property
    def depreciates(self):
        return self.total_months > 0


def book_value(asset, as_of):
    return BookValue(
        as_of=as_of,
        months=months_depreciated(asset, as_of),
        total_months=asset.depreciation_months,
        monthly=asset.monthly_depreciation,
        accumulated=accumulated(asset, as_of),
        net=net_value(asset, as_of),
    )


def yearly_table(asset, until):
    """(year, depreciation in that year, accumulated at its end, net) up to ``until``."""
    if not asset.depreciation_months or asset.depreciation_start is None:
        return []
    rows = []
    first_year = asset.depreciation_start // 12
    for year in range(first_year, until.year + 1):
        end = min(datetime.date(year, 12, 31), until)
        start = datetime.date(year - 1, 12, 31)
        total = accumulated(asset, end)
        charge = total - accumulated(asset, start)
        if charge or total != asset.original_value or year == first_year:
            rows.append((year, charge, total, asset.original_value - total))
        if total >= asset.original_value and charge == 0:
            break
    return rows


# -- the same arithmetic in SQL ------------------------------------------------


def months_expression(as_of):
    """SQL: months depreciated by the end of ``as_of``'s month, 0..total."""
    last = Value(month_index(as_of))
    capped = Least(last, Coalesce(F("depreciation_end"), last))
    elapsed = capped - F("depreciation_start") + Value(1)
    return Greatest(Least(elapsed, F("depreciation_months")), Value(0))


def accumulated_expression(as_of):
    """SQL: accumulated depreciation at the end of ``as_of``'s month."""
    months = months_expression(as_of)
    return Case(
        When(
            Q(depreciation_months=0) | Q(depreciation_start__isnull=True),
            then=Value(ZERO),
        ),
        When(
            Q(depreciation_start__lte=month_index(as_of) - F("depreciation_months") + 1)
            & (
                Q(depreciation_end__isnull=True)
                | Q(
                    depreciation_end__gte=F("depreciation_start")
                    + F("depreciation_months")
                    - 1
                )
            ),
            then=F("original_value"),
        ),
        default=F("monthly_depreciation") * months,
        output_field=MONEY_FIELD,
    )


def period_expression(first_month, last_month):
    """SQL: depreciation charged in months ``first_month``..``last_month``."""
    return accumulated_expression(month_end(last_month)) - accumulated_expression(
        month_end(first_month - 1)
    )
