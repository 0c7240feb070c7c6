"""Straight-line monthly depreciation with no residual value (年限平均法).

Each asset carries the schedule in force: its first and last depreciated month,
its total months, and — once an adjustment or the opening of the ledger rebased
it — the month it starts again from, the accumulated depreciation and the months
already depreciated before that month. From the base month the monthly amount is
(value − accumulated) ÷ (months − months done), rounded to the fen; the last
month takes what rounding left (尾差最后一期提完), so the total is exactly the
value. Months before the base are read from the adjustment that rebased it (it
keeps the schedule it replaced) or, once posted, from the posted entries.

The month rule comes from the school's accounting system (``conf.month_rule``):
政府会计制度 depreciates from the month an asset is added and not in the month it
leaves; the enterprise rule from the month after, and still in the month it
leaves.

``accumulated()`` and ``accumulated_expression()`` give the same figure in
Python and in SQL, so totals over any filter are summed by the database.
Months are numbered ``year * 12 + month - 1``. Accumulated depreciation "as of"
a date includes that date's month (it is booked at the month's end).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import (
    Exact,
    GreaterThanOrEqual,
    IsNull,
    LessThanOrEqual,
)

from .choices import AssetClass, MonthStatus
from .conf import NEXT_MONTH, month_rule

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY_FIELD = models.DecimalField(max_digits=14, decimal_places=2)


def month_index(day):
    return day.year * 12 + day.month - 1


def month_start(index):
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(index):
    return month_start(index + 1) - datetime.timedelta(days=1)


def month_label(index):
    return f"{index // 12}-{index % 12 + 1:02d}"


def parse_month(text):
    """ "2024-03" → its index, or None."""
    try:
        year, month = (int(part) for part in str(text).split("-")[:2])
        return month_index(datetime.date(year, month, 1))
    except (TypeError, ValueError):
        return None


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def years_for(asset):
    """Years the asset is depreciated over, or None if it is not depreciated."""
    if asset.asset_class == AssetClass.LOW_VALUE:
        return None  # low-value items are expensed, not depreciated
    if asset.nominal_amount:
        return None  # 名义金额: booked at a token value, never depreciated
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


def monthly_amount(value, accumulated, remaining):
    if remaining <= 0:
        return ZERO
    return money((Decimal(value) - Decimal(accumulated)) / remaining)


def schedule(asset, rule=None):
    """The schedule in force of ``asset`` under its school's month rule."""
    rule = rule or month_rule(asset.school_id)
    years = years_for(asset)
    if not years or not asset.original_value:
        return Schedule(None, None, 0, ZERO)
    months = years * 12
    shift = 1 if rule == NEXT_MONTH else 0
    start = month_index(asset.acquired_on) + shift
    end = None
    if asset.disposed_on:
        # Government rule: not in the month it leaves; enterprise: still in it.
        end = month_index(asset.disposed_on) - (1 - shift)
    if asset.depreciation_base_month is None:
        monthly = monthly_amount(asset.original_value, ZERO, months)
    else:
        monthly = monthly_amount(
            asset.original_value,
            asset.depreciation_base_accumulated,
            months - asset.depreciation_base_done,
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


# -- one segment of a schedule, in Python ------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of a schedule: from ``base`` on, starting at ``accumulated`` with
    ``done`` months behind it, ``monthly`` a month until ``months`` in all."""

    start: int | None
    end: int | None
    base: int | None
    accumulated: Decimal
    done: int
    value: Decimal
    months: int
    monthly: Decimal

    def counted(self, t):
        """Months of this segment depreciated by the end of month ``t``."""
        if not self.months or self.start is None:
            return 0
        last = t if self.end is None else min(t, self.end)
        return max(0, min(last - self.base + 1, self.months - self.done))

    def accumulated_at(self, t):
        if not self.months or self.start is None:
            return ZERO
        remaining = self.months - self.done
        k = self.counted(t)
        if k <= 0 or remaining <= 0:
            return money(self.accumulated)
        if k >= remaining:
            return money(self.value)
        return money(self.accumulated + self.monthly * k)

    def done_at(self, t):
        if not self.months or self.start is None:
            return 0
        return self.done + self.counted(t)


def current_segment(asset):
    base = asset.depreciation_base_month
    return Segment(
        start=asset.depreciation_start,
        end=asset.depreciation_end,
        base=asset.depreciation_start if base is None else base,
        accumulated=ZERO if base is None else asset.depreciation_base_accumulated,
        done=0 if base is None else asset.depreciation_base_done,
        value=Decimal(asset.original_value),
        months=asset.depreciation_months,
        monthly=asset.monthly_depreciation,
    )


def before_segment(asset, adjustment):
    base = adjustment.before_base_month
    return Segment(
        start=asset.depreciation_start,
        end=asset.depreciation_end,
        base=asset.depreciation_start if base is None else base,
        accumulated=ZERO if base is None else adjustment.before_base_accumulated,
        done=0 if base is None else adjustment.before_base_done,
        value=Decimal(adjustment.value_before),
        months=adjustment.before_months,
        monthly=adjustment.before_monthly,
    )


# ``adjustment`` of segment_at and value_at: read it from the database.
LOOK_UP = object()


def first_adjustment_after(asset, t):
    """The first adjustment of ``asset`` from a month after ``t`` (the schedule it
    replaced is the one month ``t`` was depreciated by), or None."""
    return asset.adjustments.filter(month__gt=t).order_by("month", "pk").first()


def segment_at(asset, t, adjustment=LOOK_UP):
    """The segment of the schedule in force in month ``t``. ``adjustment``: the
    first adjustment after ``t`` (or None), when the caller has read it."""
    segment = current_segment(asset)
    if (
        segment.start is None
        or asset.depreciation_base_month is None
        or t >= segment.base - 1
        or (not segment.accumulated and not segment.done)
        or asset.pk is None
    ):
        return segment
    if adjustment is LOOK_UP:
        adjustment = first_adjustment_after(asset, t)
    return segment if adjustment is None else before_segment(asset, adjustment)


def months_depreciated(asset, as_of):
    """How many months have been depreciated by the end of ``as_of``'s month."""
    t = month_index(as_of)
    return segment_at(asset, t).done_at(t)


def accumulated(asset, as_of):
    """Accumulated depreciation (累计折旧) at the end of ``as_of``'s month, by the
    schedule (posted months agree with it: they cannot be changed)."""
    t = month_index(as_of)
    return segment_at(asset, t).accumulated_at(t)


def value_at(asset, as_of, adjustment=LOOK_UP):
    """The asset's value in force at the end of ``as_of``'s month (``adjustment``
    as for ``segment_at``)."""
    t = month_index(as_of)
    base = asset.depreciation_base_month
    if asset.pk is None or base is None or t >= base:
        return money(asset.original_value)
    if adjustment is LOOK_UP:
        adjustment = first_adjustment_after(asset, t)
    return money(
        asset.original_value if adjustment is None else adjustment.value_before
    )


def net_value(asset, as_of):
    """Net value (净值): value less accumulated depreciation."""
    return value_at(asset, as_of) - accumulated(asset, as_of)


def charge_in(asset, t):
    """Depreciation charged in month ``t``."""
    return accumulated(asset, month_end(t)) - accumulated(asset, month_end(t - 1))


def depreciation_in(asset, first_month, last_month):
    """Depreciation charged in the months ``first_month``..``last_month`` (indexes)."""
    return accumulated(asset, month_end(last_month)) - accumulated(
        asset, month_end(first_month - 1)
    )


def book_values(assets, as_of, posted=None):
    """Set ``accumulated`` and ``net`` on each of ``assets`` as of a date, as
    ``accumulated_expression`` and ``value_expression`` give them (the posted
    figure where the month is closed, else the schedule), in Python and in at
    most two queries however many assets: for a page of a list, where compiling
    the SQL expressions would cost more than the arithmetic. ``posted``: the
    posted figures of the month by asset id, if the caller read them (annotated
    with ``posted_expression``)."""
    from .models import AssetAdjustment, DepreciationEntry

    assets = [asset for asset in assets if asset.pk is not None]
    if not assets:
        return assets
    t = month_index(as_of)
    posted = (
        posted
        if posted is not None
        else dict(
            DepreciationEntry.objects.filter(
                asset_id__in=[asset.pk for asset in assets],
                month=t,
                period__status=MonthStatus.CLOSED,
                period__school_id=F("asset__school_id"),
            ).values_list("asset_id", "accumulated")
        )
    )
    # Months before a rebase read the schedule the first later adjustment
    # replaced: those adjustments in one query, first_adjustment_after's for each.
    earlier = [
        asset.pk
        for asset in assets
        if asset.depreciation_base_month is not None
        and t < asset.depreciation_base_month
    ]
    replaced = {}
    if earlier:
        for adjustment in AssetAdjustment.objects.filter(
            asset_id__in=earlier, month__gt=t
        ).order_by("asset_id", "month", "pk"):
            replaced.setdefault(adjustment.asset_id, adjustment)
    for asset in assets:
        adjustment = replaced.get(asset.pk)
        accumulated = posted.get(asset.pk)
        if accumulated is None:
            accumulated = segment_at(asset, t, adjustment).accumulated_at(t)
        asset.accumulated = money(accumulated)
        asset.net = value_at(asset, as_of, adjustment) - asset.accumulated
    return assets


def posted_entry(asset, as_of):
    """The posted entry of ``asset`` for ``as_of``'s month, or None."""
    from .models import DepreciationEntry

    if asset.pk is None:
        return None
    return (
        DepreciationEntry.objects.filter(
            asset=asset, month=month_index(as_of), period__status=MonthStatus.CLOSED
        )
        .order_by("-pk")
        .first()
    )


@dataclass(frozen=True)
class BookValue:
    as_of: datetime.date
    months: int
    total_months: int
    monthly: Decimal
    accumulated: Decimal
    net: Decimal
    posted: bool = False

    @property
    def fully_depreciated(self):
        return self.total_months > 0 and self.months >= self.total_months

    @property
    def depreciates(self):
        return self.total_months > 0


def book_value(asset, as_of):
    """The card's figures as of a date: the posted entry of that month if there
    is one, else the schedule."""
    entry = posted_entry(asset, as_of)
    accumulated_now = entry.accumulated if entry else accumulated(asset, as_of)
    net = entry.net if entry else net_value(asset, as_of)
    return BookValue(
        as_of=as_of,
        months=months_depreciated(asset, as_of),
        total_months=asset.depreciation_months,
        monthly=asset.monthly_depreciation,
        accumulated=accumulated_now,
        net=net,
        posted=entry is not None,
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
        value = value_at(asset, end)
        if charge or total != value or year == first_year:
            rows.append((year, charge, total, value - total))
        if total >= value and charge == 0:
            break
    return rows


# -- the same arithmetic in SQL ------------------------------------------------


def _segment_sql(t, *, start, end, base, accumulated, done, value, months, monthly):
    """SQL: a segment's accumulated depreciation at the end of month ``t``."""
    t = Value(t)
    last = Least(t, Coalesce(end, t))
    k = last - base + Value(1)
    remaining = months - done
    return Case(
        When(condition=_is_null(start) | _eq(months, 0), then=Value(ZERO)),
        When(condition=_le(k, 0) | _le(remaining, 0), then=accumulated),
        When(condition=_ge(k, remaining), then=value),
        default=accumulated + monthly * k,
        output_field=MONEY_FIELD,
    )


def _is_null(expression):
    return Q(IsNull(expression, True))


def _eq(left, right):
    return Q(Exact(left, right))


def _le(left, right):
    return Q(LessThanOrEqual(left, right))


def _ge(left, right):
    return Q(GreaterThanOrEqual(left, right))


def _current_sql(t, prefix=""):
    base = F(prefix + "depreciation_base_month")
    rebased = Q(**{prefix + "depreciation_base_month__isnull": True})
    return _segment_sql(
        t,
        start=F(prefix + "depreciation_start"),
        end=F(prefix + "depreciation_end"),
        base=Coalesce(base, F(prefix + "depreciation_start")),
        accumulated=Case(
            When(rebased, then=Value(ZERO)),
            default=F(prefix + "depreciation_base_accumulated"),
            output_field=MONEY_FIELD,
        ),
        done=Case(
            When(rebased, then=Value(0)),
            default=F(prefix + "depreciation_base_done"),
            output_field=models.IntegerField(),
        ),
        value=F(prefix + "original_value"),
        months=F(prefix + "depreciation_months"),
        monthly=F(prefix + "monthly_depreciation"),
    )


def _before_sql(t, asset_ref):
    """SQL: accumulated at ``t`` by the schedule the first later adjustment replaced."""
    from .models import AssetAdjustment

    start = OuterRef(f"{asset_ref}depreciation_start")
    end = OuterRef(f"{asset_ref}depreciation_end")
    rebased = Q(before_base_month__isnull=True)
    figure = _segment_sql(
        t,
        start=start,
        end=end,
        base=Coalesce(F("before_base_month"), start),
        accumulated=Case(
            When(rebased, then=Value(ZERO)),
            default=F("before_base_accumulated"),
            output_field=MONEY_FIELD,
        ),
        done=Case(
            When(rebased, then=Value(0)),
            default=F("before_base_done"),
            output_field=models.IntegerField(),
        ),
        value=F("value_before"),
        months=F("before_months"),
        monthly=F("before_monthly"),
    )
    return Subquery(
        AssetAdjustment.objects.filter(asset=OuterRef(f"{asset_ref}pk"), month__gt=t)
        .order_by("month", "pk")
        .annotate(figure=figure)
        .values("figure")[:1],
        output_field=MONEY_FIELD,
    )


def schedule_expression(t):
    """SQL: accumulated depreciation at the end of month index ``t`` by the schedule."""
    base = Coalesce(F("depreciation_base_month"), F("depreciation_start"))
    return Case(
        When(
            Q(depreciation_start__isnull=True) | Q(depreciation_months=0),
            then=Value(ZERO),
        ),
        When(
            Q(depreciation_base_month__isnull=True)
            | Q(depreciation_base_accumulated=0, depreciation_base_done=0)
            | _ge(Value(t + 1), base),
            then=_current_sql(t),
        ),
        default=Coalesce(_before_sql(t, ""), _current_sql(t)),
        output_field=MONEY_FIELD,
    )


def posted_expression(t):
    """SQL: the posted accumulated depreciation of month ``t`` (NULL if none)."""
    from .models import DepreciationEntry

    return Subquery(
        DepreciationEntry.objects.filter(
            asset=OuterRef("pk"), month=t, period__status=MonthStatus.CLOSED
        )
        # One closed month per school and month: no order needed (the model's
        # default order would join the asset and sort for every row).
        .order_by()
        .values("accumulated")[:1],
        output_field=MONEY_FIELD,
    )


def month_posted(t, school_ids=None):
    """Whether month ``t`` is closed at any of the schools (all: None)."""
    from .models import DepreciationMonth

    months = DepreciationMonth.objects.filter(month=t, status=MonthStatus.CLOSED)
    if school_ids is not None:
        months = months.filter(school_id__in=school_ids)
    return months.exists()


def accumulated_expression(as_of, posted=None):
    """SQL: accumulated depreciation at the end of ``as_of``'s month: the posted
    figure where the asset's school closed the month, else the schedule.
    ``posted``: whether any school closed that month, if the caller knows (None:
    the database looks it up row by row, in the same query)."""
    from .models import DepreciationMonth

    t = month_index(as_of)
    if posted is False:
        return schedule_expression(t)
    read = Coalesce(posted_expression(t), schedule_expression(t))
    if posted:
        return read
    closed = Exists(
        DepreciationMonth.objects.filter(
            school_id=OuterRef("school_id"), month=t, status=MonthStatus.CLOSED
        )
    )
    return Case(
        When(closed, then=read),
        default=schedule_expression(t),
        output_field=MONEY_FIELD,
    )


def value_expression(as_of):
    """SQL: the value in force at the end of ``as_of``'s month."""
    from .models import AssetAdjustment

    t = month_index(as_of)
    return Case(
        # The month before a change still has the value before it (value_at).
        When(
            Q(depreciation_base_month__isnull=True)
            | _ge(Value(t), F("depreciation_base_month")),
            then=F("original_value"),
        ),
        default=Coalesce(
            Subquery(
                AssetAdjustment.objects.filter(asset=OuterRef("pk"), month__gt=t)
                .order_by("month", "pk")
                .values("value_before")[:1],
                output_field=MONEY_FIELD,
            ),
            F("original_value"),
        ),
        output_field=MONEY_FIELD,
    )


def period_expression(first_month, last_month, posted=(None, None)):
    """SQL: depreciation charged in months ``first_month``..``last_month``."""
    return accumulated_expression(
        month_end(last_month), posted[1]
    ) - accumulated_expression(month_end(first_month - 1), posted[0])
