"""Excel exports of the ledger, the depreciation ledger and stocktake discrepancies.

Rows stay plain tuples from ``values_list``: choice labels and book values are
computed by the database, so an export of 100,000 assets streams without making
a model object per row.
"""

from decimal import Decimal

from django.db.models import Case, CharField, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.excel import Column, export_filename, xlsx_response
from logistics.excel import export_subtitle as subtitle

from . import depreciation, selectors
from .choices import (
    DISCREPANCIES,
    AcquisitionMethod,
    AssetClass,
    AssetStatus,
    CountResult,
)


def label_of(field, choices):
    """SQL: the translated label of a choice field's value."""
    return Case(
        *(When(**{field: value}, then=Value(str(label))) for value, label in choices),
        default=F(field),
        output_field=CharField(),
    )


def ledger_fields(queryset, as_of):
    """The ledger's rows as plain tuples in the columns' order (``ledger_columns``),
    labels and book values made in SQL."""
    return (
        queryset.order_by("number")
        .annotate(
            accumulated=depreciation.accumulated_expression(as_of),
            class_label=label_of("asset_class", AssetClass.choices),
            method_label=label_of("acquisition_method", AcquisitionMethod.choices),
            status_label=label_of("status", AssetStatus.choices),
        )
        .annotate(net=F("original_value") - F("accumulated"))
        .values_list(
            "number",
            "name",
            "category__code",
            "category__name",
            "class_label",
            "brand",
            "specification",
            "serial_number",
            "quantity",
            "unit",
            "unit_price",
            "original_value",
            "accumulated",
            "net",
            "acquired_on",
            "method_label",
            "location__building__name",
            "location__name",
            "department__name",
            "custodian__profile__real_name",
            "status_label",
            "notes",
        )
    )


def ledger_columns():
    """The ledger's columns, as an accountant's ledger has them (built per request,
    so the headers follow the user's language)."""
    return [
        Column(_("Asset number"), width=18),
        Column(_("Name"), width=22),
        Column(_("Category code"), width=10),
        Column(_("Category"), width=18),
        Column(_("Asset class"), width=10),
        Column(_("Brand"), width=12),
        Column(_("Model / specification"), width=18),
        Column(_("Serial number"), width=16),
        Column(_("Quantity"), "int", width=8),
        Column(_("Unit"), width=6),
        Column(_("Unit price"), "money", width=12),
        Column(_("Original value"), "money", width=14),
        Column(_("Accumulated depreciation"), "money", width=14),
        Column(_("Net value"), "money", width=14),
        Column(_("Acquisition date"), "date", width=12),
        Column(_("Acquisition method"), width=10),
        Column(_("Building"), width=12),
        Column(_("Location"), width=14),
        Column(_("Department"), width=14),
        Column(_("Custodian"), width=10),
        Column(_("Status"), width=10),
        Column(_("Notes"), width=30),
    ]


# Where the money is in a row of ledger_fields(): original, accumulated, net.
ORIGINAL, ACCUMULATED, NET = 11, 12, 13


class RunningTotals:
    """The ledger's totals row, added up from the rows as they are written.

    The rows stream from the database once; summing them on the way costs no
    second pass over the table, and the totals always match the rows above
    them, even if the ledger changes while the file is being written. The
    writer reads this row after the last data row (``write_xlsx`` does).
    """

    def __init__(self, rows):
        self._rows = rows
        self.count = 0
        self.original = self.accumulated = self.net = Decimal("0.00")

    def rows(self):
        count, original, accumulated, net = 0, Decimal(0), Decimal(0), Decimal(0)
        try:
            for row in self._rows:
                count += 1
                original += row[ORIGINAL] or 0
                accumulated += row[ACCUMULATED] or 0
                net += row[NET] or 0
                yield row
        finally:
            self.count, self.original = count, original
            self.accumulated, self.net = accumulated, net

    def __iter__(self):
        cent = Decimal("0.01")
        row = [_("Total"), _("%(count)d assets") % {"count": self.count}]
        row += [None] * (ORIGINAL - len(row))
        row += [
            self.original.quantize(cent),
            self.accumulated.quantize(cent),
            self.net.quantize(cent),
        ]
        return iter(row)


def ledger_response(queryset, *, school, as_of=None):
    return xlsx_response(**ledger_export(queryset, school=school, as_of=as_of))


def ledger_export(queryset, *, school, as_of=None):
    """The ledger workbook of ``queryset``: its file name and ``write_xlsx``'s
    keywords (the rows stream from the database; the totals add up as they go)."""
    as_of = as_of or timezone.localdate()
    totals = RunningTotals(ledger_fields(queryset, as_of).iterator(chunk_size=2000))
    return dict(
        filename=export_filename(_("Asset ledger")),
        columns=ledger_columns(),
        rows=totals.rows(),
        title=_("Fixed asset ledger"),
        sheet_title=_("Asset ledger"),
        subtitle=subtitle(
            school, _("values as of %(date)s") % {"date": as_of.isoformat()}
        ),
        totals=totals,
    )


def sum_rows(rows):
    keys = ("count", "original", "charge", "accumulated", "net")
    return {key: sum((row[key] or 0 for row in rows), Decimal("0")) for key in keys}


def depreciation_response(rows, *, group, period, school):
    columns = []
    fields = selectors.DEPRECIATION_GROUPS[group]
    if "category__code" in fields:
        columns += [
            Column(_("Category code"), width=10),
            Column(_("Category"), width=22),
        ]
    if "department__name" in fields:
        columns += [Column(_("Department"), width=16)]
    columns += [
        Column(_("Assets"), "int", width=8),
        Column(_("Original value"), "money", width=16),
        Column(_("Depreciation in the period"), "money", width=16),
        Column(_("Accumulated depreciation"), "money", width=16),
        Column(_("Net value"), "money", width=16),
    ]
    no_department = _("(no department)")
    data = (
        tuple(
            (row[f] or no_department) if f == "department__name" else row[f]
            for f in fields
        )
        + (row["count"], row["original"], row["charge"], row["accumulated"], row["net"])
        for row in rows
    )
    totals = sum_rows(rows)
    totals_row = [_("Total")] + [None] * (len(fields) - 1)
    totals_row += [
        int(totals["count"]),
        totals["original"],
        totals["charge"],
        totals["accumulated"],
        totals["net"],
    ]
    return xlsx_response(
        filename=export_filename(_("Depreciation ledger") + f" {period}"),
        columns=columns,
        rows=data,
        title=_("Depreciation ledger %(period)s") % {"period": period},
        sheet_title=_("Depreciation ledger"),
        subtitle=subtitle(school),
        totals=totals_row,
    )


def discrepancy_lines(stocktake):
    return (
        stocktake.lines.filter(result__in=DISCREPANCIES)
        .select_related(
            "asset", "expected_location__building", "found_location__building"
        )
        .order_by("expected_location__code", "asset__number")
    )


def discrepancy_xlsx(stocktake):
    results = dict(CountResult.choices)
    rows = [
        (
            line.asset.number,
            line.asset.name,
            str(line.expected_location or ""),
            str(line.found_location or ""),
            str(results[line.result]),
            line.asset.original_value,
            line.note,
        )
        for line in discrepancy_lines(stocktake)
    ]
    rows += [
        (
            extra.label_number,
            extra.description,
            "",
            str(extra.location),
            _("not on the ledger"),
            None,
            _("quantity %(n)d") % {"n": extra.quantity},
        )
        for extra in stocktake.extras.select_related("location__building")
    ]
    return xlsx_response(
        filename=export_filename(_("Stocktake discrepancies")),
        columns=[
            Column(_("Asset number"), width=18),
            Column(_("Name"), width=22),
            Column(_("Expected location"), width=18),
            Column(_("Found at"), width=18),
            Column(_("Result"), width=12),
            Column(_("Original value"), "money", width=14),
            Column(_("Note"), width=24),
        ],
        rows=rows,
        title=_("Stocktake discrepancies: %(name)s") % {"name": stocktake.name},
        sheet_title=_("Discrepancies"),
        subtitle=subtitle(stocktake.school, stocktake.scope_label()),
    )


def month_summary_rows(summary):
    """(section, line, assets, debit, credit) rows of a posted month's summary."""
    rows = []
    for row in summary["by_use"]:
        rows.append((_("Debit"), row["label"], row["count"], row["amount"], None))
    rows.append(
        (
            _("Credit"),
            _("Accumulated depreciation of fixed assets (固定资产累计折旧)"),
            summary["count"],
            None,
            summary["total"],
        )
    )
    for section, key in (
        (_("By category"), "by_category"),
        (_("By department"), "by_department"),
        (_("By funding source"), "by_funding"),
    ):
        for row in summary[key]:
            rows.append((section, row["label"], row["count"], row["amount"], None))
    return rows


def month_summary_xlsx(summary):
    period = summary["period"]
    return xlsx_response(
        filename=export_filename(
            _("Depreciation summary %(month)s") % {"month": period.label}
        ),
        columns=[
            Column(_("Section"), width=14),
            Column(_("Line"), width=40),
            Column(_("Assets"), "int", width=8),
            Column(_("Debit"), "money", width=16),
            Column(_("Credit"), "money", width=16),
        ],
        rows=month_summary_rows(summary),
        title=_("Depreciation summary %(month)s (计提折旧汇总表)")
        % {"month": period.label},
        sheet_title=_("Depreciation summary"),
        subtitle=subtitle(period.school),
        totals=[_("Total"), None, summary["count"], summary["total"], summary["total"]],
    )
