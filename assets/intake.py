"""Asset cards made from another app's document (a purchase accepted): the
"assets.register" service other apps call through the core registry.

One card per unit, numbered like every other card, with the price, the date,
the supplier, the invoice and the document it came from in its notes.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from logistics.models import Department, Location, School
from logistics.scoping import school_id_of

from .choices import AcquisitionMethod
from .models import Category
from .services import asset_create

# Without a category named, a card goes under general equipment (通用设备).
DEFAULT_CATEGORY = "2"
MAX_UNITS = 500


def _category(school_id, code):
    categories = Category.objects.filter(school_id=school_id, is_active=True)
    found = categories.filter(code=code).first() if code else None
    return (
        found
        or categories.filter(code=DEFAULT_CATEGORY).first()
        or categories.order_by("level", "code").first()
    )


def _scoped(model, school_id, pk):
    if not pk:
        return None
    found = model.objects.filter(school_id=school_id, pk=pk).first()
    if found is None:
        raise ValidationError(_("This belongs to another school."))
    return found


@transaction.atomic
def register(*, by, school_id, lines):
    """Put the lines on the ledger, one card per unit; returns, per line, its
    ``ref`` with the new cards' numbers and pages."""
    if school_id_of(by) != school_id:
        raise ValidationError(_("This belongs to another school."))
    school = School.objects.get(pk=school_id)
    results = []
    for line in lines:
        quantity = int(line["quantity"])
        if quantity < 1 or quantity > MAX_UNITS:
            raise ValidationError(
                _("%(name)s: between 1 and %(max)d cards at a time.")
                % {"name": line["name"], "max": MAX_UNITS}
            )
        price = Decimal(str(line["unit_price"]))
        if price < 0:
            raise ValidationError(_("Amounts cannot be negative."))
        category = _category(school_id, line.get("category_code") or "")
        if category is None:
            raise ValidationError(
                _("The school has no asset categories yet: add them first.")
            )
        source = " ".join(
            part for part in (line.get("source_label"), line.get("source_url")) if part
        )
        common = {
            "name": line["name"][:100],
            "specification": (line.get("specification") or "")[:100],
            "category": category,
            "quantity": 1,
            "unit_price": price,
            "original_value": price,
            "acquired_on": line["acquired_on"],
            "acquisition_method": AcquisitionMethod.PURCHASE,
            "supplier": (line.get("supplier") or "")[:100],
            "invoice_number": (line.get("invoice_number") or "")[:60],
            "department": _scoped(Department, school_id, line.get("department_id")),
            "location": _scoped(Location, school_id, line.get("location_id")),
            "notes": (_("Source: %(source)s") % {"source": source})[:2000]
            if source
            else "",
        }
        cards = [
            asset_create(school=school, by=by, **common) for _unit in range(quantity)
        ]
        results.append(
            {
                "ref": line.get("ref", ""),
                "numbers": [card.number for card in cards],
                "urls": [card.get_absolute_url() for card in cards],
            }
        )
    return results
