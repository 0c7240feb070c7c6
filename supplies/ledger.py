"""The stock ledger: the one place where stock changes.

``post`` writes one movement and moves the item's on-hand quantity and value in
the same transaction. Stock going out (``take``) is one INSERT … SELECT of the
movement from the item row (locked; only when ``on_hand >= quantity``) and one
conditional UPDATE of the item, and the database's check constraint
(``on_hand >= 0``) stands behind them: two issues at once can never both take
the last unit.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import INCOMING, OUTGOING, MovementKind
from .models import ZERO, Item, StockMovement, plain_number

CENT = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


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

    In: at ``unit_cost`` (default: the average cost). Out: through ``take``, at
    the moving average cost; refused when the shelf holds less than asked.
    """
    quantity = Decimal(quantity)
    if quantity == 0:
        raise ValidationError(_("Nothing to move: the quantity is zero."), code="zero")
    if kind in INCOMING and quantity < 0 or kind in OUTGOING and quantity > 0:
        raise ValueError(f"a {kind} cannot move {quantity}")
    check_quantity(item, abs(quantity))
    if quantity < 0:
        taken = take(
            school_id=item.school_id,
            item_id=item.pk,
            kind=kind,
            quantity=-quantity,
            by=by,
            source_label=source_label,
            source_url=source_url,
            document=document,
            purpose=purpose,
            department_id=department_id,
            school_class_id=school_class_id,
            at=at,
        )
        movement = StockMovement(
            pk=taken["movement_id"],
            school_id=item.school_id,
            item_id=item.pk,
            kind=kind,
            quantity=quantity,
            unit_cost=taken["unit_cost"],
            value=taken["value"],
            on_hand_after=taken["on_hand_after"],
            source_label=str(source_label)[:100],
            source_url=source_url[:300],
            content_type_id=taken["content_type_id"],
            object_id=getattr(document, "pk", None),
            purpose=str(purpose)[:200],
            department_id=department_id,
            school_class_id=school_class_id,
            by=by,
            at=taken["at"],
        )
        movement._state.adding = False  # written by take
        movement._state.db = router.db_for_write(StockMovement)
        return movement
    # In: the row is locked so the average cost read here is the one the update
    # changes.
    locked = (
        Item.objects.select_for_update()
        .only("on_hand", "on_hand_value", "last_unit_cost")
        .get(pk=item.pk)
    )
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
    assert changed == 1
    return movement


def _take_sql(connection, *, by_code, fractional):
    """The two statements of ``take`` for this database, built once per shape.

    The movement is written first, computed from the item row it selects (locked
    with FOR UPDATE where the database has it; SQLite lets one writer at a time
    in): quantity, moving average cost, value and on-hand after, and only when
    the shelf holds enough (``on_hand >= quantity``, whole units unless the item
    is divisible). Then the item's on-hand quantity and value move by the same
    figures with a conditional UPDATE; the check constraint stands behind both.
    """
    key = (connection.vendor, by_code, fractional)
    cached = _TAKE_SQL.get(key)
    if cached is not None:
        return cached
    qn = connection.ops.quote_name
    items, movements = qn(Item._meta.db_table), qn(StockMovement._meta.db_table)
    column = {f.name: qn(f.column) for f in StockMovement._meta.concrete_fields}
    item = {f.name: qn(f.column) for f in Item._meta.concrete_fields}
    on_hand, value = f"i.{item['on_hand']}", f"i.{item['on_hand_value']}"
    if connection.vendor == "sqlite":
        # Decimal columns may hold integers there: divide as reals.
        average = f"ROUND(CAST({value} AS REAL) / {on_hand}, 4)"
        least = "MIN"
    else:
        average = f"ROUND({value} / {on_hand}, 4)"
        least = "LEAST"
    # The last unit takes what value is left; else quantity × average cost,
    # never more than the shelf's value.
    out_value = (
        f"CASE WHEN {on_hand} = %(q)s THEN {value} "
        f"ELSE {least}(ROUND(%(q)s * {average}, 2), {value}) END"
    )
    names = [
        "school",
        "item",
        "kind",
        "quantity",
        "unit_cost",
        "value",
        "on_hand_after",
        "source_label",
        "source_url",
        "content_type",
        "object_id",
        "purpose",
        "department",
        "school_class",
        "returned_quantity",
        "by",
        "at",
    ]
    selected = [
        f"i.{item['school']}",
        f"i.{item['id']}",
        "%(kind)s",
        "0 - %(q)s",
        average,
        f"0 - ({out_value})",
        f"{on_hand} - %(q)s",
        "%(source_label)s",
        "%(source_url)s",
        "%(content_type_id)s",
        "%(object_id)s",
        "%(purpose)s",
        "%(department_id)s",
        "%(school_class_id)s",
        "0",
        "%(by_id)s",
        "%(at)s",
    ]
    where = [f"i.{item['school']} = %(school_id)s", f"{on_hand} >= %(q)s"]
    where.append(
        f"i.{item['code']} = %(code)s" if by_code else f"i.{item['id']} = %(item_id)s"
    )
    if fractional:
        where.append(f"i.{item['divisible']}")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    insert = (
        f"INSERT INTO {movements} ({', '.join(column[n] for n in names)}) "
        f"SELECT {', '.join(selected)} FROM {items} i "
        f"WHERE {' AND '.join(where)}{lock} "
        f"RETURNING {column['id']}, {column['item']}, {column['unit_cost']}, "
        f"{column['value']}, {column['on_hand_after']}"
    )
    update = (
        f"UPDATE {items} SET {item['on_hand']} = {item['on_hand']} - %(q)s, "
        f"{item['on_hand_value']} = {item['on_hand_value']} + %(value)s "
        f"WHERE {item['id']} = %(item_id)s AND {item['on_hand']} >= %(q)s "
        f"RETURNING {item['code']}, {item['name']}, {item['unit']}, "
        f"{item['reorder_level']}"
    )
    _TAKE_SQL[key] = insert, update
    return insert, update


_TAKE_SQL = {}


def _decimal(value, places):
    """A figure read back from the database (SQLite answers floats) as a Decimal."""
    if not isinstance(value, Decimal):
        value = Decimal(repr(value))
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _refusal(school_id, item_code, item_id, quantity):
    """Why ``take`` moved nothing: unknown item, a bad quantity or too little stock."""
    filters = {"code": item_code} if item_id is None else {"pk": item_id}
    item = Item.objects.filter(school_id=school_id, **filters).first()
    if item is None:
        return ValidationError(
            _("No item with the code “%(code)s” in the catalogue.")
            % {"code": item_code},
            code="unknown_item",
        )
    try:
        check_quantity(item, quantity)
    except ValidationError as error:
        return error
    return not_enough(item, quantity, item.on_hand)


def take(
    *,
    school_id,
    quantity,
    by,
    item_code=None,
    item_id=None,
    kind=MovementKind.ISSUE,
    source_label="",
    source_url="",
    document=None,
    purpose="",
    department_id=None,
    school_class_id=None,
    at=None,
):
    """Take ``quantity`` (positive) of an item, named by code or id, out of stock
    at its moving average cost: one INSERT of the movement and one conditional
    UPDATE of the item, in one transaction without a savepoint of its own (inside
    the caller's transaction when there is one).

    Returns a dict: movement_id, unit_cost, value, on_hand_after, at,
    content_type_id, item_code, item_name, unit. Refuses with a ValidationError
    (unknown item, bad quantity, not enough stock) having changed nothing.
    """
    quantity = Decimal(quantity)
    moment = at or timezone.now()
    connection = connections[router.db_for_write(StockMovement)]
    params = {
        "school_id": school_id,
        "code": item_code,
        "item_id": item_id,
        "q": quantity,
        "kind": str(kind),
        "source_label": str(source_label)[:100],
        "source_url": source_url[:300],
        "content_type_id": (
            ContentType.objects.get_for_model(document).pk
            if document is not None
            else None
        ),
        "object_id": getattr(document, "pk", None),
        "purpose": str(purpose)[:200],
        "department_id": department_id,
        "school_class_id": school_class_id,
        "by_id": by.pk,
        "at": connection.ops.adapt_datetimefield_value(moment),
    }
    shaped = quantity > 0 and quantity == quantity.quantize(CENT)
    row = None
    if shaped:
        insert, update = _take_sql(
            connection,
            by_code=item_id is None,
            fractional=quantity != quantity.to_integral_value(),
        )
        with transaction.atomic(using=connection.alias, savepoint=False):
            with connection.cursor() as cursor:
                cursor.execute(insert, params)
                row = cursor.fetchone()
                if row is not None:
                    movement_id, params["item_id"], cost, value, after = row
                    params["value"] = value = _decimal(value, CENT)
                    cursor.execute(update, params)
                    changed = cursor.fetchone()
                    if changed is None:  # the lock and the WHERE above forbid it
                        raise not_enough(Item(name=item_code or ""), quantity, ZERO)
                    code, name, unit, reorder_level = changed
                    after = _decimal(after, CENT)
                    reorder_level = _decimal(reorder_level, CENT)
                    if reorder_level > 0 and after + quantity > reorder_level >= after:
                        from .notices import tell_low_stock

                        tell_low_stock(school_id, params["item_id"])
    if row is None:
        # Nothing was written: refused outside the block, so the caller's
        # transaction stays usable.
        raise _refusal(school_id, item_code, item_id, quantity)
    return {
        "movement_id": movement_id,
        "item_id": params["item_id"],
        "item_code": code,
        "item_name": name,
        "unit": unit,
        "unit_cost": _decimal(cost, FOUR_PLACES),
        "value": value,
        "on_hand_after": after,
        "at": moment,
        "content_type_id": params["content_type_id"],
    }


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
