"""Posting depreciation month by month (月末计提), and what a posted month forbids.

- ``month_close``: the accountant closes a month; every asset's depreciation of
  that month is written by one ``INSERT … SELECT`` computed in the database (no
  loop over assets), and the month's figures never change again.
- ``month_reopen``: only the latest closed month, only by the accountant, with a
  reason, on the month's timeline. Its entries stay on file (the row is marked
  reopened); closing it again posts a new row.
- ``asset_adjust``: a change of value or years from its month on (never back):
  from that month the monthly amount is (value − accumulated) ÷ (months left).
- ``ledger_open``: 建账, once per school: posting starts from that month, and each
  existing asset starts from its imported opening accumulated depreciation or
  from the one the rule computes.
- ``check_closed_months``: every change of a card (edit, import, disposal, a new
  card) is refused when it would alter a closed month's depreciation.
"""

import copy
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.dates import PAST, check_date
from logistics.listing import bump
from logistics.models import School
from logistics.scoping import school_id_of

from . import depreciation as dep
from .choices import AdjustmentKind, ExpenseUse, FundingSource, MonthStatus
from .models import (
    Asset,
    AssetAdjustment,
    DepreciationEntry,
    DepreciationMonth,
    LedgerOpening,
)
from .workflows import MONTH_WORKFLOW

CLOSE_PERMISSION = "assets.close_depreciation_month"
ZERO = Decimal("0.00")
ENTRY_COLUMNS = (
    "school_id",
    "period_id",
    "month",
    "asset_id",
    "amount",
    "accumulated",
    "net",
    "category_id",
    "department_id",
    "funding_source",
    "expense_use",
)


def closed_range(school_id):
    """(first, last) closed month of the school, or (None, None)."""
    from django.db.models import Max, Min

    found = DepreciationMonth.objects.filter(
        school_id=school_id, status=MonthStatus.CLOSED
    ).aggregate(first=Min("month"), last=Max("month"))
    return found["first"], found["last"]


def last_closed(school_id):
    """The latest closed month of the school (index), or None."""
    return (
        DepreciationMonth.objects.filter(school_id=school_id, status=MonthStatus.CLOSED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def opening_of(school_id):
    return LedgerOpening.objects.filter(school_id=school_id).first()


def ledger_state(school_id):
    """In one query: the school's (first, last) closed month and whether the ledger
    can no longer be opened (opened, or a month closed: from then on an opening
    accumulated depreciation would never be read)."""
    from django.db.models import Exists, Max, Min, OuterRef, Subquery

    months = DepreciationMonth.objects.filter(school_id=OuterRef("pk"))
    closed = months.filter(status=MonthStatus.CLOSED).values("school_id")
    found = (
        School.objects.filter(pk=school_id)
        .annotate(
            first=Subquery(closed.annotate(m=Min("month")).values("m")[:1]),
            last=Subquery(closed.annotate(m=Max("month")).values("m")[:1]),
            past=Exists(months)
            | Exists(LedgerOpening.objects.filter(school_id=OuterRef("pk"))),
        )
        .values_list("first", "last", "past")
        .first()
    )
    return found or (None, None, False)


def first_open_month(school_id):
    """The month the next close posts, or None if the school may start anywhere."""
    last = last_closed(school_id)
    if last is not None:
        return last + 1
    opening = opening_of(school_id)
    return opening.month if opening else None


def _check_accountant(by, school_id):
    if not by.has_perm(CLOSE_PERMISSION) or school_id_of(by) != school_id:
        raise PermissionDenied


# -- closed months stay as they were ---------------------------------------------------


def check_closed_months(before, after, *, closed=None):
    """Refuse a change of a card that would alter the depreciation of a closed month.

    ``before``: the card as it was (None for a new card); ``after``: as it will be,
    its schedule applied; ``closed``: the school's (first, last) closed month if
    the caller read it already (an import checks many cards). Only the schedule in force is compared: months before
    its base month are kept by the adjustments, which a card edit does not touch.
    """
    first_closed, last = closed or closed_range(after.school_id)
    if last is None:
        return
    new = dep.current_segment(after)
    old = dep.current_segment(before) if before is not None else None
    starts = [s.start for s in (new, old) if s is not None and s.start is not None]
    if not starts:
        return
    first = max(min(starts), first_closed)
    if after.depreciation_base_month is not None:
        first = max(first, after.depreciation_base_month - 1)
    for t in range(first, last + 1):
        now = new.accumulated_at(t)
        was = old.accumulated_at(t) if old is not None else ZERO
        if now != was:
            raise ValidationError(
                _(
                    "This would change the depreciation of %(month)s, a closed "
                    "month. Record an adjustment dated in an open month instead, "
                    "or ask the accountant to reopen the months."
                )
                % {"month": dep.month_label(t)},
                code="closed_month",
            )


def snapshot(asset):
    """A copy of the card as it is, to compare a change with."""
    return copy.copy(asset)


# -- closing a month ---------------------------------------------------------------


def entries_queryset(*, school_id, month, period_id):
    """The month's entries as a SELECT: one row per asset depreciated in it."""
    now = dep.schedule_expression(month)
    before = dep.schedule_expression(month - 1)
    rows = (
        Asset.objects.filter(
            school_id=school_id,
            depreciation_months__gt=0,
            depreciation_start__lte=month,
        )
        .exclude(depreciation_end__lt=month)
        .annotate(
            e_school=F("school_id"),
            e_period=Value(period_id),
            e_month=Value(month),
            e_asset=F("pk"),
            e_amount=Round(now - before, 2, output_field=dep.MONEY_FIELD),
            e_accumulated=Round(now, 2, output_field=dep.MONEY_FIELD),
            e_net=Round(F("original_value") - now, 2, output_field=dep.MONEY_FIELD),
            e_category=F("category_id"),
            e_department=F("department_id"),
            e_funding=F("funding_source"),
            e_use=F("expense_use"),
        )
        .filter(e_amount__gt=0)
        .order_by()
    )
    return rows.values(
        "e_school",
        "e_period",
        "e_month",
        "e_asset",
        "e_amount",
        "e_accumulated",
        "e_net",
        "e_category",
        "e_department",
        "e_funding",
        "e_use",
    )


def insert_select(queryset, table, columns):
    """``INSERT INTO table (columns) SELECT …``: one statement, rows never in Python."""
    sql, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) {}".format(
        quote(table), ", ".join(quote(c) for c in columns), sql
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


@transaction.atomic
def month_close(*, school, by, month):
    """Post the depreciation of ``month`` (an index) for ``school``."""
    school_id = getattr(school, "pk", school)
    _check_accountant(by, school_id)
    School.objects.select_for_update().filter(pk=school_id).exists()  # one at a time
    label = dep.month_label(month)
    if month > dep.month_index(timezone.localdate()):
        raise ValidationError(
            _("%(month)s has not begun: it cannot be closed yet.") % {"month": label},
            code="future",
        )
    last = last_closed(school_id)
    if DepreciationMonth.objects.filter(
        school_id=school_id, month=month, status=MonthStatus.CLOSED
    ).exists():
        raise ValidationError(
            _("%(month)s is closed already.") % {"month": label}, code="closed"
        )
    if last is not None and month < last:
        raise ValidationError(
            _(
                "%(month)s comes before %(last)s, the last closed month: months are "
                "closed in order."
            )
            % {"month": label, "last": dep.month_label(last)},
            code="before_last",
        )
    opening = opening_of(school_id)
    if opening is not None and month < opening.month:
        raise ValidationError(
            _("The ledger was opened in %(opening)s: %(month)s is before it.")
            % {"opening": dep.month_label(opening.month), "month": label},
            code="before_opening",
        )
    expected = first_open_month(school_id)
    if expected is not None and month != expected:
        raise ValidationError(
            _("Close %(expected)s first: months are closed in order.")
            % {"expected": dep.month_label(expected)},
            code="gap",
        )
    period = DepreciationMonth.objects.create(
        school_id=school_id, month=month, closed_by=by, closed_at=timezone.now()
    )
    insert_select(
        entries_queryset(school_id=school_id, month=month, period_id=period.pk),
        DepreciationEntry._meta.db_table,
        ENTRY_COLUMNS,
    )
    refresh_entry_statistics()
    totals = DepreciationEntry.objects.filter(period=period).aggregate(
        count=Count("pk"), total=Coalesce(Sum("amount"), Value(ZERO))
    )
    period.assets = totals["count"]
    period.total = dep.money(totals["total"])
    period.save(update_fields=["assets", "total"])
    period.log_creation(
        by=by,
        comment=_("%(count)d assets, depreciation %(total)s")
        % {"count": period.assets, "total": period.total},
    )
    # The ledger's totals read posted months: its cached totals are stale now.
    bump("assets", [school_id])
    return period


def refresh_entry_statistics():
    """PostgreSQL: gather the entries' statistics now (tens of milliseconds).

    A close adds a row per asset at once. Until autovacuum analyzes the table the
    planner believes it holds what it held before (nothing, on the first close)
    and reads a posted figure through the month's index, all 100,000 entries of
    it for each of 100,000 assets: the ledger of the month just closed took
    minutes instead of 3 s. In the closing transaction, so the pages that read
    the month inside it (and after it) get the plan through (asset, month)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {DepreciationEntry._meta.db_table} (asset_id, month, period_id)"
            )


@transaction.atomic
def month_reopen(*, period, by, reason):
    """Reopen the latest closed month (the accountant, with a reason)."""
    period = DepreciationMonth.objects.select_for_update().get(pk=period.pk)
    MONTH_WORKFLOW.check(period, by, "reopen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the month is reopened."), code="reason")
    period.reopened_by = by
    period.reopened_at = timezone.now()
    period.reason = reason
    period.move_to(
        MonthStatus.REOPENED,
        by=by,
        comment=reason,
        extra_fields=["reopened_by", "reopened_at", "reason"],
    )
    bump("assets", [period.school_id])
    return period


# -- adjustments ---------------------------------------------------------------------


@transaction.atomic
def asset_adjust(*, asset, by, kind, adjusted_on, reason, amount=None, years=None):
    """Change the asset's value or years from ``adjusted_on``'s month on."""
    asset = (
        Asset.objects.select_for_update(of=("self",))
        .select_related("category__parent__parent__parent")
        .get(pk=asset.pk)
    )
    if not by.has_perm("assets.change_asset") or school_id_of(by) != asset.school_id:
        raise PermissionDenied
    check_date(adjusted_on, PAST)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the asset is adjusted.")})
    if kind not in AdjustmentKind.values or kind == AdjustmentKind.OPENING:
        raise ValidationError({"kind": _("Choose one of the options.")})
    if asset.disposed_on:
        raise ValidationError(_("A disposed asset is not adjusted."), code="disposed")
    if adjusted_on < asset.acquired_on:
        raise ValidationError(
            {"adjusted_on": _("The asset was acquired after this date.")}
        )
    month = dep.month_index(adjusted_on)
    label = dep.month_label(month)
    last = last_closed(asset.school_id)
    if last is not None and month <= last:
        raise ValidationError(
            {
                "adjusted_on": _(
                    "%(month)s is closed: date the adjustment in an open month."
                )
                % {"month": label}
            }
        )
    opening = opening_of(asset.school_id)
    if opening is not None and month < opening.month:
        raise ValidationError(
            {
                "adjusted_on": _("The ledger was opened in %(opening)s.")
                % {"opening": dep.month_label(opening.month)}
            }
        )
    later = asset.adjustments.filter(month__gt=month).order_by("month").first()
    if later is not None:
        raise ValidationError(
            {
                "adjusted_on": _(
                    "An adjustment from %(month)s is recorded already: adjust "
                    "from that month or later."
                )
                % {"month": dep.month_label(later.month)}
            }
        )
    as_of = dep.month_end(month - 1)
    accumulated = dep.accumulated(asset, as_of)
    done = dep.months_depreciated(asset, as_of)
    value = Decimal(asset.original_value)
    new_value = value
    if kind == AdjustmentKind.YEARS_CHANGE:
        if not years:
            raise ValidationError({"years": _("Give the new depreciation years.")})
        if years * 12 <= done:
            raise ValidationError(
                {
                    "years": _(
                        "The asset has been depreciated for %(done)d months "
                        "already: give more years than that."
                    )
                    % {"done": done}
                }
            )
    else:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Give the amount.")})
        if kind == AdjustmentKind.VALUE_CHANGE:
            new_value = Decimal(amount)
        elif kind == AdjustmentKind.ADDITION:
            new_value = value + amount
        else:
            new_value = value - amount
        if new_value < 0:
            raise ValidationError({"amount": _("The value cannot fall below zero.")})
    if new_value < accumulated:
        raise ValidationError(
            {
                "amount": _(
                    "The new value %(value)s is below the accumulated depreciation "
                    "%(accumulated)s."
                )
                % {"value": dep.money(new_value), "accumulated": accumulated}
            }
        )
    adjustment = AssetAdjustment(
        school_id=asset.school_id,
        asset=asset,
        kind=kind,
        adjusted_on=adjusted_on,
        month=month,
        amount=amount if kind != AdjustmentKind.YEARS_CHANGE else None,
        years=years if kind == AdjustmentKind.YEARS_CHANGE else None,
        reason=reason,
        value_before=value,
        value_after=new_value,
        accumulated_before=accumulated,
        months_done=done,
        before_base_month=asset.depreciation_base_month,
        before_base_accumulated=asset.depreciation_base_accumulated,
        before_base_done=asset.depreciation_base_done,
        before_months=asset.depreciation_months,
        before_monthly=asset.monthly_depreciation,
        by=by,
    )
    adjustment.full_clean(exclude=["asset", "by"])
    adjustment.save()
    asset.original_value = new_value
    if asset.quantity == 1:
        asset.unit_price = new_value
    if kind == AdjustmentKind.YEARS_CHANGE:
        asset.depreciation_years_override = years
    dep.apply_schedule(asset)
    start = asset.depreciation_start
    asset.depreciation_base_month = max(month, start) if start is not None else month
    asset.depreciation_base_accumulated = accumulated
    asset.depreciation_base_done = done
    dep.apply_schedule(asset)
    asset._history_user = by
    asset._change_reason = _("adjusted: %(reason)s") % {"reason": reason}
    asset.save()
    return adjustment


def years_rebase(asset, *, month, by):
    """The schedule of ``asset`` (its category's years or the school's month rule
    changed) goes on from
    ``month``: an unsaved adjustment keeping the schedule it replaces; the card's
    base is moved (the caller applies the schedule and saves)."""
    as_of = dep.month_end(month - 1)
    accumulated = dep.accumulated(asset, as_of)
    done = dep.months_depreciated(asset, as_of)
    adjustment = AssetAdjustment(
        school_id=asset.school_id,
        asset=asset,
        kind=AdjustmentKind.YEARS_CHANGE,
        adjusted_on=dep.month_start(month),
        month=month,
        years=None,
        reason=_("The category's years or the school's month rule changed"),
        value_before=asset.original_value,
        value_after=asset.original_value,
        accumulated_before=accumulated,
        months_done=done,
        # The replaced schedule keeps its own first month: a new month rule moves
        # the card's start, and the months before ``month`` must still read as
        # they were (and as they were posted).
        before_base_month=(
            asset.depreciation_start
            if asset.depreciation_base_month is None
            else asset.depreciation_base_month
        ),
        before_base_accumulated=asset.depreciation_base_accumulated,
        before_base_done=asset.depreciation_base_done,
        before_months=asset.depreciation_months,
        before_monthly=asset.monthly_depreciation,
        by=by,
    )
    asset.depreciation_base_month = month
    asset.depreciation_base_accumulated = accumulated
    asset.depreciation_base_done = done
    return adjustment


# -- opening the ledger ------------------------------------------------------------------


@transaction.atomic
def ledger_open(*, school, by, month):
    """建账: posting starts from ``month``; existing assets start from their imported
    opening accumulated depreciation, or from the rule's."""
    school_id = getattr(school, "pk", school)
    _check_accountant(by, school_id)
    School.objects.select_for_update().filter(pk=school_id).exists()
    if LedgerOpening.objects.filter(school_id=school_id).exists():
        raise ValidationError(_("The ledger is opened already."), code="opened")
    if DepreciationMonth.objects.filter(school_id=school_id).exists():
        raise ValidationError(
            _("Months are closed already: the ledger cannot be opened now."),
            code="closed",
        )
    if month > dep.month_index(timezone.localdate()):
        raise ValidationError(_("The first month cannot be in the future."))
    before = dep.month_end(month - 1)
    imported = (
        Asset.objects.filter(
            school_id=school_id,
            acquired_on__lte=before,
            opening_accumulated__isnull=False,
            depreciation_months__gt=0,
        )
        .select_related("category")
        .order_by("pk")
    )
    too_high = []
    adjustments, changed = [], []
    for asset in imported.iterator(chunk_size=2000):
        opening = dep.money(asset.opening_accumulated)
        if opening > asset.original_value:
            too_high.append(asset.number)
            continue
        done = dep.months_depreciated(asset, before)
        adjustments.append(
            AssetAdjustment(
                school_id=school_id,
                asset=asset,
                kind=AdjustmentKind.OPENING,
                adjusted_on=dep.month_start(month),
                month=month,
                amount=opening,
                reason=_("Opening of the ledger"),
                value_before=asset.original_value,
                value_after=asset.original_value,
                accumulated_before=opening,
                months_done=done,
                before_base_month=asset.depreciation_base_month,
                before_base_accumulated=asset.depreciation_base_accumulated,
                before_base_done=asset.depreciation_base_done,
                before_months=asset.depreciation_months,
                before_monthly=asset.monthly_depreciation,
                by=by,
            )
        )
        asset.depreciation_base_month = max(month, asset.depreciation_start)
        asset.depreciation_base_accumulated = opening
        asset.depreciation_base_done = done
        dep.apply_schedule(asset)
        changed.append(asset)
    if too_high:
        raise ValidationError(
            _(
                "The opening accumulated depreciation is above the value of: "
                "%(numbers)s."
            )
            % {"numbers": ", ".join(too_high[:20])},
            code="too_high",
        )
    AssetAdjustment.objects.bulk_create(adjustments, batch_size=1000)
    Asset.objects.bulk_update(
        changed,
        [
            "depreciation_base_month",
            "depreciation_base_accumulated",
            "depreciation_base_done",
            "monthly_depreciation",
        ],
        batch_size=1000,
    )
    computed = Asset.objects.filter(
        school_id=school_id, acquired_on__lte=before, depreciation_months__gt=0
    ).count() - len(changed)
    return LedgerOpening.objects.create(
        school_id=school_id,
        month=month,
        by=by,
        imported=len(changed),
        computed=computed,
    )


# -- the voucher summary (计提折旧汇总表) ---------------------------------------------------


def _grouped(entries, *fields):
    rows = (
        entries.order_by()
        .values(*fields)
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by(*fields)
    )
    result = []
    for row in rows:
        row["amount"] = dep.money(row["amount"] or 0)
        result.append(row)
    return result


def month_summary(period):
    """The voucher summary of a posted month: by category, department and funding
    source; debit by the use of the asset, credit to 固定资产累计折旧."""
    entries = DepreciationEntry.objects.filter(period=period)
    uses = dict(ExpenseUse.choices)
    funding = dict(FundingSource.choices)
    by_use = _grouped(entries, "expense_use")
    for row in by_use:
        row["label"] = uses.get(row["expense_use"], row["expense_use"])
    by_funding = _grouped(entries, "funding_source")
    for row in by_funding:
        row["label"] = funding.get(row["funding_source"], row["funding_source"])
    by_category = _grouped(entries, "category__code", "category__name")
    for row in by_category:
        row["label"] = f"{row['category__code']} {row['category__name']}"
    by_department = _grouped(entries, "department__name")
    for row in by_department:
        row["label"] = row["department__name"] or _("(no department)")
    total = dep.money(sum((row["amount"] for row in by_use), ZERO))
    return {
        "period": period,
        "by_use": by_use,
        "by_category": by_category,
        "by_department": by_department,
        "by_funding": by_funding,
        "total": total,
        "count": sum(row["count"] for row in by_use),
        "sections": [
            (_("By category"), by_category),
            (_("By department"), by_department),
            (_("By funding source"), by_funding),
        ],
    }
