"""The warehouse's Excel exports: stock on hand, the movement ledger, requisitions
and paper use. Rows come from ``values_list(...).iterator()``, streamed by the
core's writer (formula-safe), with totals at the end."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.excel import Column, export_filename, export_subtitle

from .choices import MovementKind, RequisitionStatus

STOCK_FIELDS = (
    "code",
    "name",
    "specification",
    "unit",
    "category__name",
    "place__name",
    "on_hand",
    "on_hand_value",
    "reorder_level",
)


def stock_export(queryset, *, school):
    totals = queryset.aggregate(value=Sum("on_hand_value"))

    def rows():
        yield from queryset.values_list(*STOCK_FIELDS).iterator(chunk_size=2000)
        yield (
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            None,
            totals["value"] or Decimal(0),
            None,
        )

    return dict(
        filename=export_filename(_("Stock on hand")),
        columns=[
            Column(_("Code"), width=12),
            Column(_("Name"), width=20),
            Column(_("Specification"), width=16),
            Column(_("Unit"), width=6),
            Column(_("Category"), width=12),
            Column(_("Storage place"), width=12),
            Column(_("On hand"), "decimal", width=10),
            Column(pgettext("stock", "Value"), "money", width=12),
            Column(_("Reorder level"), "decimal", width=10),
        ],
        rows=rows(),
        title=_("Stock on hand"),
        subtitle=export_subtitle(school),
    )


MOVEMENT_FIELDS = (
    "at",
    "kind",
    "item__code",
    "item__name",
    "item__unit",
    "quantity",
    "unit_cost",
    "value",
    "on_hand_after",
    "source_label",
    "purpose",
    "department__name",
    "by__profile__real_name",
)


def movement_columns():
    return [
        Column(_("At"), "datetime", width=17),
        Column(
            _("Type"), width=10, labels={k: str(v) for k, v in MovementKind.choices}
        ),
        Column(_("Code"), width=12),
        Column(_("Item"), width=20),
        Column(_("Unit"), width=6),
        Column(_("Quantity"), "decimal", width=10),
        Column(_("Unit cost"), "decimal", width=10),
        Column(pgettext("stock", "Value"), "money", width=12),
        Column(_("On hand after"), "decimal", width=10),
        Column(_("Document"), width=16),
        Column(_("Purpose"), width=20),
        Column(_("Department"), width=12),
        Column(_("By"), width=10),
    ]


def movement_export(queryset, *, school):
    def rows():
        yield from queryset.values_list(*MOVEMENT_FIELDS).iterator(chunk_size=5000)

    return dict(
        filename=export_filename(_("Stock ledger")),
        columns=movement_columns(),
        rows=rows(),
        title=_("Stock ledger"),
        subtitle=export_subtitle(school),
    )


def requisition_export(queryset, *, school):
    """One row per line: who asked for what, for which department or class."""
    from .models import RequisitionLine

    lines = RequisitionLine.objects.filter(requisition__in=queryset).order_by(
        "requisition__department__name",
        "requisition__school_class__grade",
        "requisition__school_class__number",
        "requisition__created_at",
    )
    total = lines.aggregate(q=Sum("issued"))

    def rows():
        yield from lines.values_list(
            "requisition__number",
            "requisition__created_at",
            "requisition__department__name",
            "requisition__school_class__grade",
            "requisition__school_class__number",
            "requisition__requester__profile__real_name",
            "requisition__status",
            "item__code",
            "item__name",
            "item__unit",
            "quantity",
            "granted",
            "issued",
        ).iterator(chunk_size=2000)
        yield (
            _("Total"),
            None,
            "",
            None,
            None,
            "",
            "",
            "",
            "",
            "",
            None,
            None,
            total["q"],
        )

    return dict(
        filename=export_filename(_("Requisitions")),
        columns=[
            Column(_("Number"), width=12),
            Column(_("Asked at"), "datetime", width=17),
            Column(_("Department"), width=12),
            Column(_("Grade"), "int", width=6),
            Column(_("Class"), "int", width=6),
            Column(pgettext("requisition", "Requester"), width=10),
            Column(
                pgettext("supplies", "Status"),
                width=12,
                labels={k: str(v) for k, v in RequisitionStatus.choices},
            ),
            Column(_("Code"), width=12),
            Column(_("Item"), width=20),
            Column(_("Unit"), width=6),
            Column(_("Asked"), "decimal", width=8),
            Column(_("Granted"), "decimal", width=8),
            Column(_("Issued"), "decimal", width=8),
        ],
        rows=rows(),
        title=_("Requisitions"),
        subtitle=export_subtitle(school),
    )


def paper_export(table, *, school, year):
    return dict(
        filename=export_filename(_("Paper use")),
        columns=[
            Column(_("Department"), width=16),
            Column(_("Month"), "int", width=6),
            Column(_("Sheets %(year)s") % {"year": year}, "int", width=12),
            Column(_("Sheets %(year)s") % {"year": year - 1}, "int", width=12),
        ],
        rows=iter(table),
        title=_("Paper use"),
        subtitle=export_subtitle(school),
    )
