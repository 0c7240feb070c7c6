"""The stock ledger: the one place where stock changes.

``post`` writes one movement and moves the item's on-hand quantity and value in
the same transaction. Stock going out is taken with a conditional UPDATE
(``on_hand >= quantity``) on the locked item row, and the database's check
constraint (``on_hand >= 0``) stands behind it: two issues at once can never
both take the last unit.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import INCOMING, OUTGOING, MovementKind
from .models import ZERO, Item, StockMovement, plain_number

CENT = Decimal("0.01")


def _money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def check_quantity(item, quantity, *, allow_zero=False):
    """A quantity people typed for ``item``: positive, and whole for a unit that is
    not divisible. Refused with a clear message."""
    quantity = Decimal(quantity)
    if quantity < 0 or (quantity == 0 and not allow_zero):
        raise ValidationError(
            _("The quantity of %(item)s must be more than zero.") % {"item": item.name},
            code="bad_quantity",
        )
    if quantity != quantity.quantize(CENT):
        raise ValidationError(
            _("%(item)s: at most two decimal places.") % {"item": item.name},
            code="bad_quantity",
        )
    if not item.divisible and quantity != quantity.to_integral_value():
        raise ValidationError(
            _("%(item)s is counted in whole %(unit)s: %(quantity)s is not whole.")
            % {
                "item": item.name,
                "unit": item.unit,
                "quantity": plain_number(quantity),
            },
            code="not_whole",
        )
    return quantity


def not_enough(item, wanted, on_hand):
    return ValidationError(
        _(
            "Not enough %(item)s in stock: %(on_hand)s %(unit)s on hand, "
            "%(wanted)s asked."
        )
        % {
            "item": item.name,
            "on_hand": plain_number(on_hand),
            "unit": item.unit,
            "wanted": plain_number(wanted),
        },
        code="not_enough_stock",
    )


@transaction.atomic
def post(
    *,
    item,
    kind,
    quantity,
    by,
    unit_cost=None,
    source_label="",
    source_url="",
    document=None,
    purpose="",
    department_id=None,
    school_class_id=None,
    returns=None,
    at=None,
):
    """Write one movement of ``quantity`` (positive: in, negative: out) and keep the
    item's on-hand quantity and value in step. Returns the movement.

    In: at ``unit_cost`` (default: the average cost). Out: at the moving average
    cost; refused when the shelf holds less than asked.
    """
    quantity = Decimal(quantity)
    if quantity == 0:
        raise ValidationError(_("Nothing to move: the quantity is zero."), code="zero")
    if kind in INCOMING and quantity < 0 or kind in OUTGOING and quantity > 0:
        raise ValueError(f"a {kind} cannot move {quantity}")
    check_quantity(item, abs(quantity))
    # The row is locked so the average cost read here is the one the update
    # changes; the conditional update and the constraint still guard the stock.
    locked = (
        Item.objects.select_for_update()
        .only("on_hand", "on_hand_value", "last_unit_cost", "reorder_level")
        .get(pk=item.pk)
    )
    if quantity > 0:
        cost = locked.average_cost if unit_cost is None else Decimal(unit_cost)
        if cost < 0:
            raise ValidationError(_("A unit cost cannot be negative."), code="cost")
        value = _money(quantity * cost)
        changed = Item.objects.filter(pk=item.pk).update(
            on_hand=F("on_hand") + quantity,
            on_hand_value=F("on_hand_value") + value,
            **({"last_unit_cost": cost} if kind == MovementKind.RECEIPT else {}),
        )
        after = locked.on_hand + quantity
    else:
        taken = -quantity
        if locked.on_hand < taken:
            raise not_enough(item, taken, locked.on_hand)
        cost = locked.average_cost
        if taken == locked.on_hand:
            out_value = locked.on_hand_value  # the last unit takes what is left
        else:
            out_value = min(_money(taken * cost), locked.on_hand_value)
        value = -out_value
        changed = Item.objects.filter(pk=item.pk, on_hand__gte=taken).update(
            on_hand=F("on_hand") - taken,
            on_hand_value=F("on_hand_value") - out_value,
        )
        if not changed:
            raise not_enough(item, taken, locked.on_hand)
        after = locked.on_hand - taken
    movement = StockMovement.objects.create(
        school_id=item.school_id,
        item_id=item.pk,
        kind=kind,
        quantity=quantity,
        unit_cost=cost.quantize(Decimal("0.0001")),
        value=value,
        on_hand_after=after,
        source_label=str(source_label)[:100],
        source_url=source_url[:300],
        content_type=(
            ContentType.objects.get_for_model(document)
            if document is not None
            else None
        ),
        object_id=getattr(document, "pk", None),
        purpose=str(purpose)[:200],
        department_id=department_id,
        school_class_id=school_class_id,
        returns=returns,
        by=by,
        at=at or timezone.now(),
    )
    if (
        quantity < 0
        and locked.reorder_level > 0
        and locked.on_hand > locked.reorder_level >= after
    ):
        from .notices import tell_low_stock

        tell_low_stock(item.school_id, item.pk)
    assert changed == 1
    return movement


def movement_return(*, movement, quantity, by, reason, source_label="", source_url=""):
    """Give back (part of) an issue: a return movement at the issue's cost."""
    with transaction.atomic():
        issue = StockMovement.objects.select_for_update().get(pk=movement.pk)
        if issue.kind != MovementKind.ISSUE:
            raise ValidationError(
                _("Only an issue can be returned."), code="not_an_issue"
            )
        quantity = check_quantity(issue.item, quantity)
        if quantity > issue.returnable:
            raise ValidationError(
                _("At most %(left)s %(unit)s of this issue can still be returned.")
                % {"left": plain_number(issue.returnable), "unit": issue.item.unit},
                code="return_too_much",
            )
        back = post(
            item=issue.item,
            kind=MovementKind.RETURN,
            quantity=quantity,
            unit_cost=issue.unit_cost,
            by=by,
            source_label=source_label or issue.source_label,
            source_url=source_url or issue.source_url,
            purpose=reason,
            department_id=issue.department_id,
            school_class_id=issue.school_class_id,
            returns=issue,
        )
        StockMovement.objects.filter(pk=issue.pk).update(
            returned_quantity=F("returned_quantity") + quantity
        )
        if issue.content_type_id:
            StockMovement.objects.filter(pk=back.pk).update(
                content_type_id=issue.content_type_id, object_id=issue.object_id
            )
        return back


def on_hand_from_ledger(item):
    """The sum of the item's movements (for checks and tests, never for pages)."""
    from django.db.models import Sum

    return (
        StockMovement.objects.filter(item=item).aggregate(s=Sum("quantity"))["s"]
        or ZERO
    )
