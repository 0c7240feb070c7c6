"""The repair ledger (.xlsx): one row per request, with the parts used.

The rows come from one ``values_list`` over the filtered queue, read in chunks,
and go to the writer as the database gives them: each column says once how its
values are shown (a label looked up in a dict, a time in Beijing time), so a row
costs no more than a row of the asset ledger. For each chunk one more query
fetches the parts of its requests, joined into one text per request in Python
(not a query per row, and no database-specific string aggregate).
"""

from itertools import islice

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.excel import Column, export_filename, export_subtitle, xlsx_response

from .choices import RepairStatus, Urgency
from .models import RepairCategory, RepairPart, plain_number

CHUNK = 2000

# In the columns' order; the request's key stands in the parts column, whose
# labels are the parts of the chunk being written.
LEDGER_FIELDS = (
    "number",
    "created_at",
    "location__code",
    "location__name",
    "location__building__name",
    "category_id",
    "urgency",
    "status",
    "description",
    "requester__profile__real_name",
    "technician__profile__real_name",
    "assigned_at",
    "done_at",
    "due_at",
    "work_done",
    "pk",
    "labour_hours",
    "cost",
    "compensation_amount",
    "compensation_paid_at",
    "rating",
)
PARTS = LEDGER_FIELDS.index("pk")


def ledger_columns(*, school_id, parts):
    """Built per request, so the headers and labels follow the user's language.

    ``parts`` is the dict ``ledger_rows`` fills with each chunk's parts.
    """
    categories = {
        category.pk: str(category)
        for category in RepairCategory.objects.for_school(school_id)
    }
    return [
        Column(_("Number"), width=14),
        Column(_("Filed"), "datetime", width=17),
        Column(_("Location code"), width=10),
        Column(pgettext("repair", "Location"), width=16),
        Column(_("Building"), width=14),
        Column(pgettext("repair", "Category"), width=12, labels=categories),
        Column(_("Urgency"), width=8, labels=labels_of(Urgency)),
        Column(pgettext("repair", "Status"), width=12, labels=labels_of(RepairStatus)),
        Column(_("What is wrong"), width=30),
        Column(_("Requester"), width=10),
        Column(_("Technician"), width=10),
        Column(_("Assigned at"), "datetime", width=17),
        Column(_("Done at"), "datetime", width=17),
        Column(_("Due"), "datetime", width=17),
        Column(_("Work done"), width=30),
        Column(_("Parts used"), width=30, labels=parts),
        Column(_("Labour hours"), "decimal", width=8),
        Column(_("Cost"), "money", width=10),
        Column(_("Compensation"), "money", width=10),
        Column(_("Compensation paid"), "date", width=12),
        Column(_("Rating"), "int", width=6),
    ]


def labels_of(choices):
    return {value: str(label) for value, label in choices.choices}


def parts_text(repair_ids):
    """{repair id: "LED灯管×2根、启辉器×1个" or None} for the given requests, in one
    query."""
    texts, quantities = dict.fromkeys(repair_ids), {}
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


def ledger_rows(queryset, *, parts, chunk=CHUNK):
    """The rows of ``queryset`` (a school's requests) in its order, as the database
    gives them; before each chunk is handed on, ``parts`` holds its parts."""
    rows = queryset.values_list(*LEDGER_FIELDS).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        parts.clear()
        parts.update(parts_text([row[PARTS] for row in batch]))
        yield from batch
        del batch  # let this chunk go before the next one is read


def ledger_response(queryset, *, school, school_id):
    """The repair ledger of ``queryset`` as a streamed .xlsx file."""
    return xlsx_response(**ledger_export(queryset, school=school, school_id=school_id))


def ledger_export(queryset, *, school, school_id):
    """The repair ledger's file name and ``write_xlsx``'s keywords."""
    parts = {}
    return dict(
        filename=export_filename(_("Repair ledger")),
        columns=ledger_columns(school_id=school_id, parts=parts),
        rows=ledger_rows(queryset, parts=parts),
        title=_("Repair ledger"),
        subtitle=export_subtitle(school),
    )
