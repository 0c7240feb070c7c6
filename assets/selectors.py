"""Reads of the ledger: totals, the depreciation ledger, home-page cards."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.listing import also_counted
from logistics.registry import HomeCard, registry

from . import depreciation
from .choices import STOCKTAKE_ACTIVE, AssetStatus, DisposalStatus
from .models import Asset, Disposal, Stocktake

CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(0, output_field=MONEY)


def ledger_totals(queryset, as_of=None):
    """Count, original value, accumulated depreciation and net value, summed in the DB."""
    as_of = as_of or timezone.localdate()
    totals = queryset.order_by().aggregate(
        count=Count("pk"),
        original=Coalesce(Sum("original_value", output_field=MONEY), ZERO),
        accumulated=Coalesce(
            Sum(depreciation.accumulated_expression(as_of), output_field=MONEY),
            ZERO,
        ),
    )
    # SQLite sums decimals as floats: round back to the fen.
    for key in ("original", "accumulated"):
        totals[key] = Decimal(totals[key]).quantize(CENT)
    totals["net"] = totals["original"] - totals["accumulated"]
    return totals


# What the book values read besides the cards. Their writers replace the ledger's
# list token too (a month closed or reopened in posting.py, an adjustment saves
# its card), so the ledger's totals may be cached over them.
BOOK_VALUE_TABLES = (
    "assets_depreciationentry",
    "assets_depreciationmonth",
    "assets_assetadjustment",
)
# Their writers (closing and reopening a month, an adjustment with its card)
# replace the ledger's token: assets/posting.py.
also_counted("assets", *BOOK_VALUE_TABLES)


def with_book_values(queryset, as_of=None):
    """Each row with its accumulated depreciation and net value, computed in SQL."""
    as_of = as_of or timezone.localdate()
    return queryset.annotate(
        accumulated=depreciation.accumulated_expression(as_of),
    ).annotate(net=depreciation.value_expression(as_of) - F("accumulated"))


DEPRECIATION_GROUPS = {
    "category": ("category__code", "category__name"),
    "department": ("department__name",),
    "category_department": ("category__code", "category__name", "department__name"),
}


def depreciation_ledger(queryset, *, first_month, last_month, group="category"):
    """Depreciation charged in a period, by category and/or department, in the DB.

    Rows: the group's fields, count, original value, depreciation in the period,
    accumulated at its end and net value at its end.
    """
    end = depreciation.month_end(last_month)
    fields = DEPRECIATION_GROUPS[group]
    # Assets acquired after the period or disposed of before it are not on the
    # books during it.
    queryset = queryset.filter(acquired_on__lte=end).exclude(
        disposed_on__lt=depreciation.month_start(first_month)
    )
    rows = (
        queryset.order_by()
        .values(*fields)
        .annotate(
            count=Count("pk"),
            original=Sum("original_value", output_field=MONEY),
            charge=Sum(
                depreciation.period_expression(first_month, last_month),
                output_field=MONEY,
            ),
            accumulated=Sum(
                depreciation.accumulated_expression(end),
                output_field=MONEY,
            ),
        )
        .order_by(*fields)
    )
    result = []
    for row in rows:
        for key in ("original", "charge", "accumulated"):
            row[key] = Decimal(row[key] or 0).quantize(CENT)
        row["net"] = row["original"] - row["accumulated"]
        result.append(row)
    return result


def asset_repairs(user, asset):
    """Other apps' records about this asset (repairs), as the user may see them."""
    return registry.related_for("asset", user, asset.number)


def asset_resolve(user, number):
    """(label, url) of the school's asset with this number, for other apps' forms.

    Any member of the school may name any asset (a projector's label in a classroom);
    disposed assets are gone and resolve to nothing.
    """
    asset = (
        Asset.objects.for_user(user)
        .exclude(status=AssetStatus.DISPOSED)
        .filter(number=number)
        .only("pk", "number", "name")
        .first()
    )
    if asset is None:
        return None
    return f"{asset.number} {asset.name}", asset.get_absolute_url()


def home_cards(user):
    cards = []
    # Disposals waiting for a decision are in the core's approval inbox (its
    # "waiting for my decision" card), with everything else waiting for one.
    if user.has_perm("assets.change_disposal"):
        approved = (
            Disposal.objects.for_user(user)
            .filter(status=DisposalStatus.APPROVED)
            .count()
        )
        if approved:
            cards.append(
                HomeCard(
                    _("Approved disposals to carry out"),
                    approved,
                    reverse("assets:disposal-list") + "?status=approved",
                    "primary",
                )
            )
    if user.has_perm("assets.run_stocktake"):
        active = (
            Stocktake.objects.for_user(user).filter(status__in=STOCKTAKE_ACTIVE).count()
        )
        if active:
            cards.append(
                HomeCard(
                    _("Open stocktakes"),
                    active,
                    reverse("assets:stocktake-list"),
                    "primary",
                )
            )
    if not user.has_perm("assets.view_all_asset"):
        held = Asset.objects.for_user(user).filter(custodian=user).count()
        if held:
            cards.append(
                HomeCard(
                    _("Assets I hold"), held, reverse("assets:list"), "success", False
                )
            )
    return cards


def assets_for_class(user, class_id):
    """The assets a class is responsible for that ``user`` may see (for the class's
    page in other apps): what is in use, not what was disposed of."""
    from logistics.registry import RecentRequest

    rows = (
        Asset.objects.visible_to(user)
        .filter(responsible_class_id=class_id)
        .exclude(status=AssetStatus.DISPOSED)
        .only("pk", "number", "name", "status", "quantity", "unit", "created_at")
        .order_by("number")[:200]
    )
    return [
        RecentRequest(
            f"{asset.number} {asset.name} × {asset.quantity}{asset.unit}",
            asset.get_absolute_url(),
            asset.get_status_display(),
            asset.created_at,
        )
        for asset in rows
    ]
