"""Writes: every business action on a repair request, one function each.

Each runs in one transaction, locks the request row first (two people acting at
once: the second sees the first one's result and is refused with a reason), checks
the acting user's right to act, moves the status through the state table and
notifies people after commit.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.dates import DUE, check_date
from logistics.models import display_name
from logistics.notifications import notify
from logistics.numbering import document_number_next
from logistics.people import people_who_may
from logistics.registry import registry
from logistics.scoping import school_id_of
from logistics.workflow import note

from .choices import RepairStatus as S
from .choices import Urgency
from .conf import repairs_rule, repairs_setting
from .models import RepairCategory, RepairPart, RepairPhoto, RepairRequest
from .photos import clean_copies
from .workflows import REPAIR_WORKFLOW, is_part_correction

check = REPAIR_WORKFLOW.check

User = get_user_model()


# -- helpers -----------------------------------------------------------------


def _lock(repair):
    return (
        RepairRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "technician")
        .get(pk=repair.pk)
    )


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _require_perm(user, perm, message):
    if not user.has_perm(perm):
        _refuse(message, "not_allowed")


def _heads(repair):
    return list(people_who_may(repair.school_id, "repairs.triage_repairrequest"))


def _interested(repair):
    """The requester and those who follow the request."""
    return [repair.requester, *repair.followers.all()]


def _notify(repair, recipients, title, body="", *, pending=False):
    """``pending``: the notice asks its readers to act on the request as it now
    stands (assign, start, confirm), so it is read by itself once it moves on.
    An emergency's notices go out at once, whatever their readers chose."""
    notify(
        recipients=[u for u in recipients if u is not None],
        title=title,
        body=body,
        url=repair.get_absolute_url(),
        pending=pending,
        urgent=repair.urgency == Urgency.EMERGENCY,
    )


def due_at_for(urgency, start, *, school):
    """When a request filed at ``start`` is due: the school's hours for its urgency."""
    hours = repairs_rule(school, "DUE_HOURS").get(str(urgency), 72)
    return start + datetime.timedelta(hours=hours)


def repair_numbers_taken(school_id):
    """The "taken" check of the school's request numbers, for the numbering service."""

    def taken(numbers):
        return RepairRequest.objects.filter(
            school_id=school_id, number__in=numbers
        ).values_list("number", flat=True)

    return taken


def due_range(repair):
    """Where a repair's due time may lie: (start, days) from its filing."""
    start = repair.created_at if repair is not None else None
    return start, repairs_setting("LATEST_DUE_DAYS")


# -- filing ------------------------------------------------------------------


def _category(category, school_id):
    if not isinstance(category, RepairCategory):
        category = RepairCategory.objects.filter(
            school_id=school_id, code=category
        ).first()
        if category is None:
            _refuse(_("Pick a category from the list."), "unknown_category")
    if category.school_id != school_id:
        _refuse(_("This category belongs to another school."), "other_school")
    if not category.is_active:
        _refuse(
            _("The category “%(name)s” is no longer in use: pick another.")
            % {"name": category},
            "category_not_in_use",
        )
    return category


@transaction.atomic
def repair_request_create(
    *,
    location,
    category,
    description,
    by,
    urgency="normal",
    contact_phone="",
    asset_number="",
    photos=(),
    at=None,
):
    """File a new request for ``location``; tell the logistics head.

    ``category`` is one of the school's ``RepairCategory`` rows or its code
    ("lighting"), which reads the same in every school.
    """
    _require_perm(
        by, "repairs.add_repairrequest", _("You may not file repair requests.")
    )
    if school_id_of(by) != location.school_id:
        _refuse(_("This place belongs to another school."), "other_school")
    category = _category(category, location.school_id)
    at = at or timezone.now()
    repair = RepairRequest(
        school_id=location.school_id,
        requester=by,
        location=location,
        category=category,
        urgency=urgency,
        description=description,
        contact_phone=contact_phone,
        asset_number=asset_number,
        created_at=at,
        due_at=due_at_for(urgency, at, school=location.school_id),
    )
    repair.full_clean(exclude=["number"])
    repair.number = document_number_next(
        school=location.school,
        kind="repair",
        at=at,
        taken=repair_numbers_taken(location.school_id),
    )
    repair.save()
    repair.log_creation(by=by, at=at)
    for upload in photos:
        _add_photo(repair, upload, kind="report", by=by)
    _notify(
        repair,
        _heads(repair),
        lambda: _("New repair request %(number)s") % {"number": repair.number},
        lambda: (
            _("%(place)s, %(category)s: %(text)s")
            % {
                "place": location,
                "category": category,
                "text": description[:200],
            }
        ),
        pending=True,
    )
    return repair


@transaction.atomic
def repair_request_follow(*, repair, by):
    """Follow an open request instead of filing the same thing again."""
    repair = _lock(repair)
    check(repair, by, "follow")
    repair.followers.add(by)
    return repair


@transaction.atomic
def repair_request_unfollow(*, repair, by):
    repair = _lock(repair)
    check(repair, by, "unfollow")
    repair.followers.remove(by)
    return repair


@transaction.atomic
def repair_request_cancel(*, repair, by, reason=""):
    """The requester withdraws the request before anyone is assigned."""
    repair = _lock(repair)
    check(repair, by, "cancel")
    repair.closed_at = timezone.now()
    repair.move_to(S.CANCELLED, by=by, comment=reason, extra_fields=["closed_at"])
    _notify(
        repair,
        _heads(repair),
        lambda: (
            _("Repair request %(number)s was cancelled") % {"number": repair.number}
        ),
        lambda: reason,
    )
    return repair


# -- triage ------------------------------------------------------------------


@transaction.atomic
def repair_request_assign(*, repair, technician, by, due_at=None, comment=""):
    """Assign (or reassign) a technician, optionally with a due date."""
    repair = _lock(repair)
    check(repair, by, "assign")
    if school_id_of(technician) != repair.school_id or not technician.has_perm(
        "repairs.work_repairrequest"
    ):
        _refuse(
            _("%(name)s is not a technician of this school.")
            % {"name": display_name(technician)},
            "not_technician",
        )
    if repair.status == S.ASSIGNED and repair.technician_id == technician.pk:
        if due_at is None or due_at == repair.due_at:
            _refuse(
                _("The request is already assigned to %(name)s.")
                % {"name": display_name(technician)},
                "already_assigned",
            )
    previous = repair.technician
    now = timezone.now()
    repair.technician = technician
    if repair.assigned_at is None:
        repair.assigned_at = now
    if due_at is not None:
        start, days = due_range(repair)
        check_date(due_at, DUE, start=start, within_days=days)
        repair.due_at = due_at

    def note():
        said = _("Assigned to %(name)s.") % {"name": display_name(technician)}
        return f"{said}\n{comment}" if comment else said

    repair.move_to(
        S.ASSIGNED,
        by=by,
        comment=note(),
        extra_fields=["technician", "assigned_at", "due_at"],
    )
    _notify(
        repair,
        [technician],
        lambda: _("New repair job %(number)s") % {"number": repair.number},
        lambda: (
            _("%(place)s: %(text)s")
            % {"place": repair.location, "text": repair.description[:200]}
        ),
        pending=True,
    )
    if previous is not None and previous.pk != technician.pk:
        _notify(
            repair,
            [previous],
            lambda: (
                _("Repair job %(number)s was given to someone else")
                % {"number": repair.number}
            ),
        )
    _notify(
        repair,
        _interested(repair),
        lambda: (
            _("Your repair request %(number)s was assigned") % {"number": repair.number}
        ),
        note,
    )
    return repair


@transaction.atomic
def repair_request_reject(*, repair, reason, by):
    """Refuse a new request, saying why."""
    repair = _lock(repair)
    check(repair, by, "reject")
    if not reason or not reason.strip():
        _refuse(_("Say why the request is rejected."), "reason_required")
    repair.closed_at = timezone.now()
    repair.move_to(S.REJECTED, by=by, comment=reason, extra_fields=["closed_at"])
    _notify(
        repair,
        _interested(repair),
        lambda: (
            _("Your repair request %(number)s was rejected") % {"number": repair.number}
        ),
        lambda: reason,
    )
    return repair


# -- work ----------------------------------------------------------------------


@transaction.atomic
def repair_request_start(*, repair, by):
    """The technician starts work."""
    repair = _lock(repair)
    check(repair, by, "start")
    repair.started_at = repair.started_at or timezone.now()
    repair.move_to(S.IN_PROGRESS, by=by, extra_fields=["started_at"])
    _notify(
        repair,
        _interested(repair),
        lambda: (
            _("Work on your repair request %(number)s has started")
            % {"number": repair.number}
        ),
    )
    return repair


def _require_part_editor(repair, by):
    """Refuse with the reason; returns True when the change is a head's correction
    (noted on the timeline and told to the technician)."""
    check(repair, by, "part_add")
    return is_part_correction(repair, by)


def _part_text(name, quantity, unit):
    from .models import plain_number

    return f"{name} × {plain_number(quantity)}{unit}"


def _clean_part(name, quantity, unit):
    name = (name or "").strip()
    if not name:
        _refuse(_("Name the part."), "name_required")
    quantity = Decimal(quantity)
    if quantity <= 0:
        _refuse(_("The quantity must be more than zero."), "bad_quantity")
    return name, quantity, (unit or "").strip() or "个"


def _note_correction(repair, by, comment):
    """A line on the timeline (the status stays) and a word to the technician."""
    note(repair, by=by, text=comment)
    if repair.technician_id and repair.technician_id != by.pk:
        _notify(
            repair,
            [repair.technician],
            lambda: (
                _("The parts of repair %(number)s were corrected")
                % {"number": repair.number}
            ),
            lambda: comment,
        )


def _locked_part(repair, part):
    found = (
        RepairPart.objects.select_for_update()
        .filter(pk=getattr(part, "pk", part), repair_id=repair.pk)
        .first()
    )
    if found is None:
        _refuse(_("This part is no longer on the request."), "part_gone")
    return found


def _warehouse(key):
    """The warehouse's service ``key``, or a clear refusal when it is not installed."""
    service = registry.service(key)
    if service is None:
        _refuse(
            _("The warehouse app is not installed: type the part's name instead."),
            "no_warehouse",
        )
    return service


def _issue_from_stock(repair, by, code, quantity):
    """Issue the part from the warehouse; (name, unit, movement id)."""
    result = _warehouse("supplies.issue")(
        by=by,
        school_id=repair.school_id,
        item_code=code,
        quantity=quantity,
        purpose=repair.description[:200],
        source_label=repair.number,
        source_url=repair.get_absolute_url(),
        department_id=None,
    )
    return result["item_name"][:100], result["unit"][:10], result["movement_id"]


def _return_to_stock(repair, by, part, quantity, reason):
    _warehouse("supplies.return")(
        by=by,
        school_id=repair.school_id,
        movement_id=part.stock_movement_id,
        quantity=quantity,
        reason=reason,
    )


@transaction.atomic
def repair_part_add(*, repair, name="", quantity, by, unit="个", stock_item=""):
    """Record a part used on the repair (the technician), or add a missing one (the
    head's correction). ``stock_item``: a warehouse item's code; the part is then
    issued from stock and appears in the warehouse's ledger."""
    repair = _lock(repair)
    correction = _require_part_editor(repair, by)
    movement_id = None
    if stock_item:
        quantity = Decimal(quantity)
        if quantity <= 0:
            _refuse(_("The quantity must be more than zero."), "bad_quantity")
        name, unit, movement_id = _issue_from_stock(repair, by, stock_item, quantity)
    name, quantity, unit = _clean_part(name, quantity, unit)
    part = RepairPart.objects.create(
        school_id=repair.school_id,
        repair=repair,
        name=name,
        quantity=quantity,
        unit=unit,
        added_by=by,
        stock_item_code=stock_item or "",
        stock_movement_id=movement_id,
    )
    if correction:
        _note_correction(
            repair,
            by,
            _("Part added: %(part)s") % {"part": _part_text(name, quantity, unit)},
        )
    return part


@transaction.atomic
def repair_part_change(*, repair, part, name, quantity, by, unit="个"):
    """Correct a recorded part's name, quantity or unit. A part from the warehouse
    keeps its item's name and unit; a smaller quantity goes back to stock, a larger
    one is issued again."""
    repair = _lock(repair)
    correction = _require_part_editor(repair, by)
    part = _locked_part(repair, part)
    if part.stock_movement_id:
        name, unit = part.name, part.unit
    name, quantity, unit = _clean_part(name, quantity, unit)
    before = _part_text(part.name, part.quantity, part.unit)
    update = ["name", "quantity", "unit"]
    if part.stock_movement_id and quantity != part.quantity:
        reason = _("Corrected on repair %(number)s") % {"number": repair.number}
        if quantity < part.quantity:
            _return_to_stock(repair, by, part, part.quantity - quantity, reason)
        else:
            _return_to_stock(repair, by, part, part.quantity, reason)
            _name, _unit, part.stock_movement_id = _issue_from_stock(
                repair, by, part.stock_item_code, quantity
            )
            update.append("stock_movement_id")
    part.name, part.quantity, part.unit = name, quantity, unit
    part.save(update_fields=update)
    after = _part_text(name, quantity, unit)
    if correction and before != after:
        _note_correction(
            repair,
            by,
            _("Part corrected: %(before)s → %(after)s")
            % {"before": before, "after": after},
        )
    return part


@transaction.atomic
def repair_part_remove(*, repair, part, by):
    """Take a part recorded by mistake off the request (back to stock if it came
    from the warehouse)."""
    repair = _lock(repair)
    correction = _require_part_editor(repair, by)
    part = _locked_part(repair, part)
    text = _part_text(part.name, part.quantity, part.unit)
    if part.stock_movement_id:
        _return_to_stock(
            repair,
            by,
            part,
            part.quantity,
            _("Removed from repair %(number)s") % {"number": repair.number},
        )
    part.delete()
    if correction:
        _note_correction(repair, by, _("Part removed: %(part)s") % {"part": text})


@transaction.atomic
def repair_request_done(*, repair, work_done, by, labour_hours=0, cost=0):
    """The technician records the work and marks it done; the requester is asked."""
    repair = _lock(repair)
    check(repair, by, "done")
    if not work_done or not work_done.strip():
        _refuse(_("Describe what was done."), "work_required")
    labour_hours, cost = Decimal(labour_hours or 0), Decimal(cost or 0)
    if labour_hours < 0 or cost < 0:
        _refuse(_("Hours and cost cannot be negative."), "negative")
    repair.work_done = work_done
    repair.labour_hours = labour_hours
    repair.cost = cost
    repair.done_at = timezone.now()
    repair.move_to(
        S.DONE,
        by=by,
        comment=work_done,
        extra_fields=["work_done", "labour_hours", "cost", "done_at"],
    )
    _notify(
        repair,
        _interested(repair),
        lambda: (
            _("Repair %(number)s is done: please confirm") % {"number": repair.number}
        ),
        lambda: work_done,
        pending=True,
    )
    return repair


@transaction.atomic
def repair_photo_add(*, repair, upload, by, kind="work"):
    """Add a photo to a request (its content was checked by the form)."""
    repair = _lock(repair)
    check(repair, by, "photo_add")
    if repair.photos.count() >= repairs_rule(repair.school_id, "MAX_PHOTOS") * 2:
        _refuse(_("This request has enough photos."), "too_many_photos")
    return _add_photo(repair, upload, kind=kind, by=by)


@transaction.atomic
def repair_photos_add(*, repair, photos, by):
    """Add the photos chosen on the request's page: the technician's are photos of
    the work, the requester's of the problem."""
    kind = "work" if repair.technician_id == by.pk else "report"
    return [
        repair_photo_add(repair=repair, upload=upload, kind=kind, by=by)
        for upload in photos
    ]


def _add_photo(repair, upload, *, kind, by):
    image, thumbnail = clean_copies(upload)
    photo = RepairPhoto(
        school_id=repair.school_id, repair=repair, kind=kind, uploaded_by=by
    )
    photo.image.save(image.name, image, save=False)
    photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
    photo.save()
    return photo


# -- the requester's verdict -------------------------------------------------


@transaction.atomic
def repair_request_confirm(*, repair, rating, by, comment=""):
    """The requester confirms the repair, with a 1-5 rating."""
    repair = _lock(repair)
    check(repair, by, "confirm")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        _refuse(_("Give a rating from 1 to 5."), "bad_rating")
    repair.rating = rating
    repair.feedback = comment
    repair.closed_at = timezone.now()
    repair.move_to(
        S.CONFIRMED,
        by=by,
        comment=comment,
        extra_fields=["rating", "feedback", "closed_at"],
    )
    _notify(
        repair,
        [repair.technician],
        lambda: (
            _("Repair %(number)s was confirmed (%(rating)s/5)")
            % {"number": repair.number, "rating": rating}
        ),
        lambda: comment,
    )
    return repair


@transaction.atomic
def repair_request_reopen(*, repair, reason, by):
    """The requester is not satisfied and sends the repair back."""
    repair = _lock(repair)
    check(repair, by, "reopen")
    if not reason or not reason.strip():
        _refuse(_("Say what is still wrong."), "reason_required")
    repair.done_at = None
    repair.move_to(S.REOPENED, by=by, comment=reason, extra_fields=["done_at"])
    _notify(
        repair,
        [repair.technician, *_heads(repair)],
        lambda: _("Repair %(number)s was reopened") % {"number": repair.number},
        lambda: reason,
        pending=True,
    )
    return repair


def repair_requests_auto_confirm(*, days=None, now=None):
    """Confirm every request left "done" for ``days`` days, by default each school's
    own ``AUTO_CONFIRM_DAYS``; returns how many."""
    now = now or timezone.now()
    school_ids = (
        RepairRequest.objects.filter(status=S.DONE)
        .order_by("school_id")
        .values_list("school_id", flat=True)
        .distinct()
    )
    return sum(
        _auto_confirm_school(
            school_id,
            days=repairs_rule(school_id, "AUTO_CONFIRM_DAYS") if days is None else days,
            now=now,
        )
        for school_id in list(school_ids)
    )


def _auto_confirm_school(school_id, *, days, now):
    cutoff = now - datetime.timedelta(days=days)
    count = 0
    candidates = RepairRequest.objects.filter(
        school_id=school_id, status=S.DONE, done_at__lte=cutoff
    )
    for pk in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            repair = (
                RepairRequest.objects.select_for_update(of=("self",))
                .select_related("requester", "technician")
                .get(pk=pk)
            )
            if repair.status != S.DONE or repair.done_at > cutoff:
                continue  # the requester acted meanwhile
            repair.auto_confirmed = True
            repair.closed_at = now
            repair.move_to(
                S.CONFIRMED,
                by=None,
                at=now,
                comment=_(
                    "Confirmed automatically: not confirmed within %(days)s days."
                )
                % {"days": days},
                extra_fields=["auto_confirmed", "closed_at"],
            )
            _notify(
                repair,
                [repair.requester, repair.technician],
                lambda number=repair.number: (
                    _("Repair %(number)s was confirmed automatically")
                    % {"number": number}
                ),
            )
            count += 1
    return count


# -- damage and compensation ---------------------------------------------------


@transaction.atomic
def repair_request_assess_damage(
    *,
    repair,
    by,
    responsible_person=None,
    responsible_class=None,
    responsible_name="",
    price_item=None,
    quantity=1,
    amount=None,
):
    """Mark the damage as caused by a person or class, with the compensation due."""
    repair = _lock(repair)
    check(repair, by, "damage")
    if not (responsible_person or responsible_class or responsible_name.strip()):
        _refuse(_("Name the responsible person or class."), "responsible_required")
    for related in (responsible_person, responsible_class, price_item):
        if related is None:
            continue
        school_id = (
            school_id_of(related) if isinstance(related, User) else related.school_id
        )
        if school_id != repair.school_id:
            _refuse(_("This belongs to another school."), "other_school")
    quantity = Decimal(quantity or 1)
    if amount in (None, ""):
        if price_item is None:
            _refuse(
                _("Pick an item from the price list or enter the amount."),
                "amount_required",
            )
        amount = (Decimal(str(price_item.price)) * quantity).quantize(Decimal("0.01"))
    amount = Decimal(amount)
    if amount < 0:
        _refuse(_("The amount cannot be negative."), "negative")
    repair.is_damage = True
    repair.responsible_person = responsible_person
    repair.responsible_class = responsible_class
    repair.responsible_name = responsible_name.strip()
    repair.compensation_item = price_item
    repair.compensation_quantity = quantity
    repair.compensation_amount = amount
    repair.save(
        update_fields=[
            "is_damage",
            "responsible_person",
            "responsible_class",
            "responsible_name",
            "compensation_item",
            "compensation_quantity",
            "compensation_amount",
        ]
    )
    _notify(
        repair,
        list(people_who_may(repair.school_id, "repairs.mark_compensation_paid")),
        lambda: (
            _("Compensation of %(amount)s yuan due for repair %(number)s")
            % {"amount": amount, "number": repair.number}
        ),
    )
    return repair


@transaction.atomic
def repair_request_mark_compensation_paid(*, repair, by):
    """The accountant records that the compensation was paid."""
    repair = _lock(repair)
    check(repair, by, "compensation_paid")
    repair.compensation_paid_at = timezone.now()
    repair.compensation_paid_by = by
    repair.save(update_fields=["compensation_paid_at", "compensation_paid_by"])
    _notify(
        repair,
        _heads(repair),
        lambda: (
            _("Compensation for repair %(number)s was paid") % {"number": repair.number}
        ),
    )
    return repair


# -- offered to the other apps -------------------------------------------------


def repair_file_for(
    *,
    by,
    location,
    description,
    category="other",
    photos=(),
    asset_number="",
    urgency="normal",
    source="",
):
    """File a repair for another app (a patrol round, a zone inspection) through
    the core registry as ``"repairs.file"``: the same checks as the filing form,
    and ``source`` ("巡查 XC2026000012 …") on the request's timeline. Returns the
    request; its ``number`` and ``get_absolute_url()`` are what the caller shows.
    Raises ValidationError with a clear message when it cannot be filed."""
    from logistics.workflow import note

    with transaction.atomic():
        repair = repair_request_create(
            location=location,
            category=category,
            description=description,
            by=by,
            urgency=urgency,
            asset_number=asset_number,
            photos=photos,
        )
        if source:
            note(repair, by=by, text=source)
    return repair


def report_url_for(*, location_code="", asset_number=""):
    """The filing page for a place (its QR page) and an asset, for other apps
    through the core registry as ``"repairs.report_url"``."""
    from urllib.parse import quote

    from django.urls import reverse

    if location_code:
        base = reverse("repairs:report", args=[location_code])
    else:
        base = reverse("repairs:new")
    return f"{base}?asset={quote(asset_number)}" if asset_number else base
