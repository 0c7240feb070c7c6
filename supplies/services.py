"""The warehouse's business actions: one function per action, keyword-only.

The first five are offered to the other apps through the core registry
("supplies.receive", "supplies.issue", "supplies.return", "supplies.items",
"supplies.low_stock"); they run inside the caller's transaction and refuse with
a translated ValidationError.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from logistics.scoping import school_id_of

from . import ledger
from .choices import MovementKind
from .models import Item, StockMovement

NEW_CODE_PREFIX = "X"


def _same_school(by, school_id):
    if by is None or school_id_of(by) != int(school_id):
        raise ValidationError(_("This belongs to another school."), code="other_school")


def _item_by_code(school_id, code):
    item = Item.objects.filter(school_id=school_id, code=code).first()
    if item is None:
        raise ValidationError(
            _("No item with the code “%(code)s” in the catalogue.") % {"code": code},
            code="unknown_item",
        )
    return item


def next_item_code(school_id):
    """The next free code for an item created without one (X00001…)."""
    codes = Item.objects.filter(
        school_id=school_id, code__regex=rf"^{NEW_CODE_PREFIX}[0-9]+$"
    ).values_list("code", flat=True)
    highest = max((int(code[len(NEW_CODE_PREFIX) :]) for code in codes), default=0)
    return f"{NEW_CODE_PREFIX}{highest + 1:05d}"


def _line_item(school_id, line):
    code = (line.get("item_code") or "").strip()
    if code:
        item = Item.objects.filter(school_id=school_id, code=code).first()
        if item is not None:
            return item
    name = (line.get("name") or "").strip()
    if not name:
        raise ValidationError(
            _("Line %(ref)s names no item.") % {"ref": line.get("ref", "")},
            code="no_name",
        )
    spec = (line.get("specification") or "").strip()
    unit = (line.get("unit") or "").strip() or "个"
    item = Item.objects.filter(
        school_id=school_id, name=name, specification=spec, unit=unit
    ).first()
    if item is not None:
        return item
    quantity = Decimal(line.get("quantity") or 0)
    return Item.objects.create(
        school_id=school_id,
        code=code or next_item_code(school_id),
        name=name[:100],
        specification=spec[:100],
        unit=unit[:10],
        divisible=quantity != quantity.to_integral_value(),
    )


@transaction.atomic
def receive(*, by, school_id, lines, source_label, source_url=""):
    """Goods into the warehouse (procurement's acceptance, the storekeeper): one
    receipt per line; an unknown item joins the catalogue uncategorised."""
    _same_school(by, school_id)
    results = []
    for line in lines:
        item = _line_item(school_id, line)
        unit_cost = Decimal(line.get("unit_cost") or 0)
        movement = ledger.post(
            item=item,
            kind=MovementKind.RECEIPT,
            quantity=ledger.check_quantity(item, line["quantity"]),
            unit_cost=unit_cost,
            by=by,
            source_label=source_label,
            source_url=source_url,
        )
        results.append(
            {
                "ref": line.get("ref", ""),
                "item_code": item.code,
                "item_name": item.name,
                "movement_id": movement.pk,
                "url": item.get_absolute_url(),
            }
        )
    return results


def issue(
    *,
    by,
    school_id,
    item_code,
    quantity,
    purpose,
    source_label,
    source_url="",
    department_id=None,
    document=None,
    school_class_id=None,
):
    """Take ``quantity`` of the item out of stock for another app's document (a
    repair's part, care material); refused for unknown items and short stock.

    The hot path is ``ledger.take``: one INSERT of the movement and one
    conditional UPDATE of the item, found by its code in the same statements (no
    lookup, locking read or savepoint of its own); a refusal has changed nothing.
    """
    _same_school(by, school_id)
    taken = ledger.take(
        school_id=school_id,
        item_code=item_code,
        quantity=quantity,
        by=by,
        purpose=purpose,
        source_label=source_label,
        source_url=source_url,
        department_id=department_id,
        school_class_id=school_class_id,
        document=document,
    )
    return {
        "item_code": taken["item_code"],
        "item_name": taken["item_name"],
        "quantity": Decimal(quantity),
        "unit": taken["unit"],
        "unit_cost": taken["unit_cost"],
        "movement_id": taken["movement_id"],
    }


@transaction.atomic
def return_to_stock(*, by, school_id, movement_id, quantity, reason):
    """Give back (part of) an issue made through ``issue``."""
    _same_school(by, school_id)
    movement = StockMovement.objects.filter(school_id=school_id, pk=movement_id).first()
    if movement is None:
        raise ValidationError(
            _("That issue is not in the warehouse's ledger."), code="unknown_movement"
        )
    back = ledger.movement_return(
        movement=movement, quantity=quantity, by=by, reason=reason
    )
    return {
        "item_code": movement.item.code,
        "item_name": movement.item.name,
        "quantity": back.quantity,
        "unit": movement.item.unit,
        "unit_cost": back.unit_cost,
        "movement_id": back.pk,
    }


def _item_row(item):
    return {
        "code": item.code,
        "name": item.name,
        "specification": item.specification,
        "unit": item.unit,
        "on_hand": item.on_hand,
    }


def items(*, user, q="", limit=20):
    """Items of the user's school matching ``q`` (code, name or specification), for
    pickers in other apps."""
    rows = Item.objects.for_user(user).filter(is_active=True)
    q = (q or "").strip()[:50]
    if q:
        rows = rows.filter(
            Q(code__istartswith=q)
            | Q(name__icontains=q)
            | Q(specification__icontains=q)
        )
    limit = max(1, min(int(limit), 200))
    return [_item_row(item) for item in rows.order_by("code")[:limit]]


def low_stock(*, user, codes=None):
    """Items at or below their reorder level, with how much to order."""
    rows = Item.objects.for_user(user).filter(is_active=True).low()
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return [
        {
            **_item_row(item),
            "reorder_level": item.reorder_level,
            "suggested_quantity": item.suggested_quantity(),
            "last_unit_cost": item.last_unit_cost,
        }
        for item in rows.order_by("code")
    ]
