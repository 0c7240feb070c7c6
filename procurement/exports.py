"""The procurement ledger and the budget report (.xlsx).

The ledger has one row per purchase line, read from one ``values_list`` in
chunks; one query fetches the decisions of all the chosen requests and one their
acceptances' invoice numbers, joined into one text per request in Python (never
a query per row or per chunk). The totals come from one aggregate query.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.approvals.models import ApprovalDecision
from logistics.excel import Column, export_filename, export_subtitle

from .choices import FundingSource, LineKind, PurchaseStatus
from .models import Acceptance, PurchaseLine
from .workflows import APPROVAL_KIND

CHUNK = 2000

LEDGER_FIELDS = (
    "request__number",
    "request__created_at",
    "request__title",
    "request__requester__profile__real_name",
    "request__budget_line__code",
    "request__budget_line__name",
    "request__budget_line__department__name",
    "request__status",
    "name",
    "specification",
    "kind",
    "quantity",
    "unit",
    "estimated_unit_price",
    "estimated_amount",
    "received_quantity",
    "received_amount",
    "request__override_reason",
    "request_id",  # the decisions
    "request__supplier__name",
    "request__ordered_on",
    "request_id",  # the invoices
    "request__paid_on",
    "request__voucher_number",
)
TOTALS_AT = {
    LEDGER_FIELDS.index("estimated_amount"): "estimated_amount",
    LEDGER_FIELDS.index("received_amount"): "received_amount",
}


def labels_of(choices):
    return {value: str(label) for value, label in choices.choices}


def ledger_columns(*, decisions, invoices):
    return [
        Column(_("Number"), width=14),
        Column(_("Created"), "datetime", width=17),
        Column(_("Title"), width=24),
        Column(pgettext("purchase", "Requester"), width=10),
        Column(_("Budget code"), width=10),
        Column(_("Budget line"), width=16),
        Column(_("Department"), width=14),
        Column(
            pgettext("purchase", "Status"), width=12, labels=labels_of(PurchaseStatus)
        ),
        Column(_("Item"), width=20),
        Column(_("Specification"), width=16),
        Column(_("Kind"), width=12, labels=labels_of(LineKind)),
        Column(_("Quantity"), "decimal", width=9),
        Column(_("Unit"), width=6),
        Column(_("Estimated unit price"), "money", width=12),
        Column(_("Estimated amount"), "money", width=12),
        Column(_("Received quantity"), "decimal", width=9),
        Column(_("Actual amount"), "money", width=12),
        Column(_("Budget override"), width=24),
        Column(_("Decisions"), width=40, labels=decisions),
        Column(_("Supplier"), width=16),
        Column(_("Ordered on"), "date", width=11),
        Column(_("Invoice"), width=14, labels=invoices),
        Column(_("Paid on"), "date", width=11),
        Column(_("Voucher"), width=12),
    ]


class Texts(dict):
    """Texts by request id; a request without any shows an empty cell (not its id)."""

    def get(self, key, default=None):
        return super().get(key)


def decisions_text(requests):
    """{request id: "1. 陈志强 批准 2025-03-01; …"} for the requests of the
    ``requests`` queryset, in one query."""
    texts = Texts()
    rows = (
        ApprovalDecision.objects.filter(
            approval__kind=APPROVAL_KIND, approval__object_id__in=requests
        )
        .order_by("approval__object_id", "decided_at", "id")
        .values_list(
            "approval__object_id",
            "stage__order",
            "decided_by__profile__real_name",
            "on_behalf_of__profile__real_name",
            "outcome",
            "decided_at",
            "meeting_date",
        )
    )
    for object_id, order, who, principal, outcome, at, meeting in rows:
        verdict = _("approved") if outcome == "approved" else _("rejected")
        text = f"{order}. {who or ''}"
        if principal:
            text += _(" for %(who)s") % {"who": principal}
        text += f" {verdict} {at:%Y-%m-%d}"
        if meeting:
            text += " " + _("(meeting of %(date)s)") % {"date": meeting.isoformat()}
        old = texts.get(object_id)
        texts[object_id] = f"{old}; {text}" if old else text
    return texts


def invoices_text(requests):
    texts = Texts()
    rows = (
        Acceptance.objects.filter(request_id__in=requests)
        .exclude(invoice_number="")
        .order_by("request_id", "id")
        .values_list("request_id", "invoice_number")
    )
    for request_id, number in rows:
        old = texts.get(request_id)
        texts[request_id] = f"{old}, {number}" if old else number
    return texts


def ledger_lines(queryset):
    return PurchaseLine.objects.filter(request__in=queryset.order_by().values("pk"))


def ledger_rows(lines, *, chunk=CHUNK):
    rows = (
        lines.order_by("-request__created_at", "-request_id", "position", "id")
        .values_list(*LEDGER_FIELDS)
        .iterator(chunk_size=chunk)
    )
    yield from rows


def ledger_export(queryset, *, school, school_id=None):
    # The texts of every request chosen, each in one query: constant queries
    # whatever the number of rows (a few MB for the largest school's year).
    requests = queryset.order_by().values("pk")
    decisions, invoices = decisions_text(requests), invoices_text(requests)
    lines = ledger_lines(queryset)
    sums = lines.aggregate(
        estimated_amount=Sum("estimated_amount"), received_amount=Sum("received_amount")
    )
    columns = ledger_columns(decisions=decisions, invoices=invoices)
    totals = [None] * len(columns)
    totals[0] = _("Total")
    for index, name in TOTALS_AT.items():
        totals[index] = sums[name] or Decimal("0")
    return dict(
        filename=export_filename(_("Procurement ledger")),
        columns=columns,
        rows=ledger_rows(lines),
        title=_("Procurement ledger"),
        subtitle=export_subtitle(school),
        totals=totals,
    )


# -- the budget report -------------------------------------------------------------

FIGURES = ("amount", "adjustments_total", "adjusted", "committed", "spent", "remaining")


def budget_columns():
    return [
        Column(_("Code"), width=10),
        Column(_("Budget line"), width=18),
        Column(_("Department"), width=14),
        Column(_("Funding source"), width=14, labels=labels_of(FundingSource)),
        Column(_("Planned"), "money", width=13),
        Column(_("Adjustments"), "money", width=13),
        Column(_("Budget"), "money", width=13),
        Column(_("Committed"), "money", width=13),
        Column(_("Spent"), "money", width=13),
        Column(_("Remaining"), "money", width=13),
        Column(_("Used"), "percent", width=8),
    ]


def _used(adjusted, committed, spent):
    if not adjusted:
        return None
    return float((committed + spent) / adjusted)


def budget_rows(lines, departments):
    for line in lines:
        yield (
            line.code,
            line.name,
            line.department.name if line.department_id else "",
            line.funding_source,
            *(getattr(line, name) for name in FIGURES),
            _used(line.adjusted, line.committed, line.spent),
        )
    yield (None,) * 11
    yield ("", _("By department"), *([None] * 9))
    for row in departments:
        yield (
            "",
            "",
            row["name"],
            "",
            *(row[name] for name in FIGURES),
            _used(row["adjusted"], row["committed"], row["spent"]),
        )


def budget_export(lines, *, year, school):
    from .selectors import by_department

    departments = by_department(lines)
    totals = ["", _("Total"), "", ""] + [
        sum((getattr(line, name) for line in lines), Decimal("0")) for name in FIGURES
    ]
    totals.append(_used(totals[6], totals[7], totals[8]))
    title = _("Budget report %(year)s") % {"year": year.year if year else ""}
    return dict(
        filename=export_filename(title),
        columns=budget_columns(),
        rows=budget_rows(lines, departments),
        title=title,
        subtitle=export_subtitle(school),
        totals=totals,
    )
