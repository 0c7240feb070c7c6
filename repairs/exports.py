"""The repair ledger (.xlsx): one row per request, with the parts used.

The rows come from one ``values_list`` over the filtered queue, read in chunks;
for each chunk one more query fetches the parts of its requests, joined into one
text per request in Python (not a query per row, and no database-specific string
aggregate). Labels (category, urgency, status) are looked up in dicts built once.
The core's ``xlsx_response`` writes, formats and neutralises the cells.
"""

from itertools import islice

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.excel import Column

from .choices import RepairStatus, Urgency
from .models import RepairCategory, RepairPart, plain_number

CHUNK = 2000

LEDGER_FIELDS = (
    "pk",
    "number",
    "created_at",
    "location__code",
    "location__name",
    "location__building__name",
    "category",
    "urgency",
    "status",
    "description",
    "requester__profile__real_name",
    "technician__profile__real_name",
    "assigned_at",
    "done_at",
    "due_at",
    "work_done",
    "labour_hours",
    "cost",
    "compensation_amount",
    "compensation_paid_at",
    "rating",
)


def ledger_columns():
    """Built per request, so the headers follow the user's language."""
    return [
        Column(_("Number"), width=14),
        Column(_("Filed"), "datetime", width=17),
        Column(_("Location code"), width=10),
        Column(pgettext("repair", "Location"), width=16),
        Column(_("Building"), width=14),
        Column(pgettext("repair", "Category"), width=12),
        Column(_("Urgency"), width=8),
        Column(pgettext("repair", "Status"), width=12),
        Column(_("What is wrong"), width=30),
        Column(_("Requester"), width=10),
        Column(_("Technician"), width=10),
        Column(_("Assigned at"), "datetime", width=17),
        Column(_("Done at"), "datetime", width=17),
        Column(_("Due"), "datetime", width=17),
        Column(_("Work done"), width=30),
        Column(_("Parts used"), width=30),
        Column(_("Labour hours"), "decimal", width=8),
        Column(_("Cost"), "money", width=10),
        Column(_("Compensation"), "money", width=10),
        Column(_("Compensation paid"), "date", width=12),
        Column(_("Rating"), "int", width=6),
    ]


def parts_text(repair_ids):
    """{repair id: "LED灯管×2根、启辉器×1个"} for the given requests, in one query."""
    texts, quantities = {}, {}
    rows = (
        RepairPart.objects.filter(repair_id__in=repair_ids)
        .order_by("repair_id", "id")
        .values_list("repair_id", "name", "quantity", "unit")
    )
    for repair_id, name, quantity, unit in rows:
        if quantity not in quantities:  # few distinct quantities: format each once
            quantities[quantity] = plain_number(quantity)
        part = f"{name}×{quantities[quantity]}{unit}"
        text = texts.get(repair_id)
        texts[repair_id] = f"{text}、{part}" if text else part
    return texts


def ledger_rows(queryset, *, school_id, chunk=CHUNK):
    """The ledger's rows for ``queryset`` (a school's requests), in its order."""
    categories = {
        category.pk: str(category)
        for category in RepairCategory.objects.for_school(school_id)
    }
    urgencies = {value: str(label) for value, label in Urgency.choices}
    statuses = {value: str(label) for value, label in RepairStatus.choices}
    rows = queryset.values_list(*LEDGER_FIELDS).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        parts = parts_text([row[0] for row in batch])
        for (
            pk,
            number,
            created_at,
            code,
            place,
            building,
            category,
            urgency,
            status,
            description,
            requester,
            technician,
            assigned_at,
            done_at,
            due_at,
            work_done,
            labour_hours,
            cost,
            compensation,
            compensation_paid_at,
            rating,
        ) in batch:
            yield (
                number,
                created_at,
                code,
                place,
                building,
                categories.get(category),
                urgencies.get(urgency, urgency),
                statuses.get(status, status),
                description,
                requester,
                technician,
                assigned_at,
                done_at,
                due_at,
                work_done or None,  # an empty cell, not an empty text
                parts.get(pk),
                labour_hours,
                cost,
                compensation,
                compensation_paid_at,
                rating,
            )
        del batch, parts  # let this chunk go before the next one is read
