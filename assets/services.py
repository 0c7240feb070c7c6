"""Every change to the ledger: one function per business action, in one transaction."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.approvals import services as approvals
from logistics.approvals.selectors import pending_approval
from logistics.dates import PAST, check_date
from logistics.notifications import notify
from logistics.numbering import (
    counters_advance,
    counters_lock,
    document_numbers_next,
    number_pattern,
    number_read,
)

from . import depreciation, posting
from .choices import (
    EDITABLE_STATUSES,
    STOCKTAKE_ACTIVE,
    AssetClass,
    AssetCondition,
    AssetStatus,
    CountResult,
    DisposalStatus,
    StocktakeStatus,
)
from .conf import assets_rule, assets_setting
from .models import (
    Asset,
    AssetAdjustment,
    Disposal,
    Stocktake,
    StocktakeExtra,
    StocktakeLine,
    Transfer,
)
from .workflows import (
    APPROVAL_KIND,
    ASSET_WORKFLOW,
    DISPOSAL_WORKFLOW,
    STOCKTAKE_WORKFLOW,
)

# -- asset numbers ---------------------------------------------------------------

NUMBER_KIND = "asset"  # the kind of document for logistics/numbering.py


def _number_parts(*, year, category=None):
    return {"year": year, "category": category.top_code() if category else ""}


def asset_numbers_taken(school_id):
    """The "taken" check of the school's asset numbers, for the numbering service."""

    def taken(numbers):
        return Asset.objects.filter(
            school_id=school_id, number__in=numbers
        ).values_list("number", flat=True)

    return taken


def asset_numbers_allocate(*, school, count, year, category=None, at=None):
    """Reserve ``count`` new asset numbers; a number once handed out is never reused.

    ``year`` is the year of acquisition; ``at`` (the acquisition date) gives {month}.
    """
    return document_numbers_next(
        school=school,
        kind=NUMBER_KIND,
        count=count,
        at=at,
        parts=_number_parts(year=year, category=category),
        taken=asset_numbers_taken(school.pk),
    )


def number_counter_of(number, *, school_code, pattern=None):
    """(counter key, running number) of a number ``pattern`` (by default the
    installation's) could have made, or None."""
    pattern = pattern or assets_setting("NUMBER_PATTERN")
    return number_read(number, pattern=pattern, school_code=school_code)


def _counters_of(school_id, numbers):
    """counter key → the highest running number among ``numbers``."""
    from logistics.models import School

    numbers = [number for number in numbers if number]
    if not numbers:
        return {}
    school_code = School.objects.only("code").get(pk=school_id).code
    pattern = number_pattern(school=school_id, kind=NUMBER_KIND)
    highest = {}
    for number in numbers:
        found = number_read(number, pattern=pattern, school_code=school_code)
        if found is not None:
            key, seq = found
            highest[key] = max(seq, highest.get(key, 0))
    return highest


def number_counters_lock(*, school_id, numbers):
    """Lock the counters these numbers belong to, in key order (inside a transaction).

    An import holds them while it checks and writes its numbers, so a number
    handed out at the same moment waits and then starts past the imported ones.
    """
    return counters_lock(
        school_id=school_id, kind=NUMBER_KIND, keys=_counters_of(school_id, numbers)
    )


def number_counters_advance(*, school_id, numbers):
    """Move each counter past the imported numbers of its pattern: none is handed out again."""
    counters_advance(
        school_id=school_id, kind=NUMBER_KIND, highest=_counters_of(school_id, numbers)
    )


def asset_class_for(unit_price, *, school):
    """Fixed asset from the school's capitalisation threshold up, else a low-value item."""
    threshold = Decimal(str(assets_rule(school, "CAPITALISATION_THRESHOLD")))
    return AssetClass.FIXED if unit_price >= threshold else AssetClass.LOW_VALUE


# -- cards -------------------------------------------------------------------------


def _check_same_school(asset):
    for name in ("category", "location", "department", "responsible_class"):
        related = getattr(asset, name, None)
        if related is not None and related.school_id != asset.school_id:
            raise ValidationError({name: _("This belongs to another school.")})
    if asset.custodian_id:
        profile = getattr(asset.custodian, "profile", None)
        if profile is None or profile.school_id != asset.school_id:
            raise ValidationError({"custodian": _("This belongs to another school.")})


@transaction.atomic
def asset_create(*, school, by, asset_class=None, **fields):
    """Put a new card on the ledger with the next number, its class and its schedule."""
    asset = Asset(school=school, created_by=by, **fields)
    if asset.original_value is None and asset.unit_price is not None:
        asset.original_value = asset.unit_price * asset.quantity
    if asset.unit_price is not None:
        asset.asset_class = asset_class or asset_class_for(
            asset.unit_price, school=school
        )
    if not asset.number:
        acquired = asset.acquired_on or timezone.localdate()
        asset.number = asset_numbers_allocate(
            school=school,
            count=1,
            year=acquired.year,
            at=acquired,
            category=asset.category if asset.category_id else None,
        )[0]
    asset.full_clean()
    _check_same_school(asset)
    depreciation.apply_schedule(asset)
    posting.check_closed_months(None, asset)
    asset._change_reason = _("created")
    asset.save()
    return asset


@transaction.atomic
def asset_update(*, asset, by, **fields):
    """Change a card's details; moves and status changes have their own actions."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    status = fields.get("status")
    if status is not None and status != asset.status:
        if status not in EDITABLE_STATUSES or asset.status not in EDITABLE_STATUSES:
            raise ValidationError(
                _("This status is set by a disposal or a stocktake, not by hand.")
            )
    before = posting.snapshot(asset)
    for name, value in fields.items():
        setattr(asset, name, value)
    asset.full_clean()
    _check_same_school(asset)
    depreciation.apply_schedule(asset)
    posting.check_closed_months(before, asset)
    asset._history_user = by
    asset.save()
    return asset


# -- transfers ---------------------------------------------------------------------


def _move(asset, *, by, moved_on, reason, location, department, custodian, batch):
    transfer = Transfer(
        school_id=asset.school_id,
        asset=asset,
        batch=batch,
        moved_on=moved_on,
        reason=reason,
        from_location_id=asset.location_id,
        from_department_id=asset.department_id,
        from_custodian_id=asset.custodian_id,
        to_location_id=location.pk if location else asset.location_id,
        to_department_id=department.pk if department else asset.department_id,
        to_custodian_id=custodian.pk if custodian else asset.custodian_id,
        by=by,
    )
    asset.location_id = transfer.to_location_id
    asset.department_id = transfer.to_department_id
    asset.custodian_id = transfer.to_custodian_id
    asset._history_user = by
    asset._change_reason = _("transfer: %(reason)s") % {"reason": reason}
    asset.save(update_fields=["location", "department", "custodian"])
    transfer.save()
    return transfer


def _check_transfer(*, school_id, location, department, custodian, reason, moved_on):
    check_date(moved_on, PAST)
    if not (location or department or custodian):
        raise ValidationError(
            _("Choose a new location, department or custodian to transfer to.")
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason for the transfer."))
    for thing in (location, department):
        if thing is not None and thing.school_id != school_id:
            raise ValidationError(_("This belongs to another school."))
    if custodian is not None:
        profile = getattr(custodian, "profile", None)
        if profile is None or profile.school_id != school_id:
            raise ValidationError(_("This belongs to another school."))


@transaction.atomic
def asset_transfer(
    *, asset, by, moved_on, reason, location=None, department=None, custodian=None
):
    """Move one asset to another place, department or holder (调拨)."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    ASSET_WORKFLOW.check(asset, by, "transfer")
    _check_transfer(
        school_id=asset.school_id,
        location=location,
        department=department,
        custodian=custodian,
        reason=reason,
        moved_on=moved_on,
    )
    return _move(
        asset,
        by=by,
        moved_on=moved_on,
        reason=reason,
        location=location,
        department=department,
        custodian=custodian,
        batch=None,
    )


@transaction.atomic
def assets_transfer_room(
    *, from_location, to_location, by, moved_on, reason, department=None, custodian=None
):
    """Move every asset on the ledger in one room to another (end of term)."""
    if from_location.pk == to_location.pk:
        raise ValidationError(_("The two rooms are the same."))
    _check_transfer(
        school_id=from_location.school_id,
        location=to_location,
        department=department,
        custodian=custodian,
        reason=reason,
        moved_on=moved_on,
    )
    if to_location.school_id != from_location.school_id:
        raise ValidationError(_("This belongs to another school."))
    batch = uuid.uuid4()
    assets = list(
        Asset.objects.select_for_update()
        .filter(school_id=from_location.school_id, location=from_location)
        .exclude(status=AssetStatus.DISPOSED)
        .order_by("pk")
    )
    if not assets:
        raise ValidationError(_("There are no assets in this room."))
    return [
        _move(
            asset,
            by=by,
            moved_on=moved_on,
            reason=reason,
            location=to_location,
            department=department,
            custodian=custodian,
            batch=batch,
        )
        for asset in assets
    ]


# -- disposals -------------------------------------------------------------------------


@transaction.atomic
def disposal_propose(*, asset, by, method, reason):
    """Propose disposing of an asset; its approval chain starts (the director by
    default) and the asset waits for the decision."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    ASSET_WORKFLOW.check(asset, by, "dispose")
    if not reason.strip():
        raise ValidationError(_("Give a reason for the disposal."))
    disposal = Disposal.objects.create(
        school_id=asset.school_id,
        asset=asset,
        method=method,
        reason=reason,
        asset_status_before=asset.status,
        proposed_by=by,
    )
    disposal.log_creation(by=by, comment=reason)
    asset.status = AssetStatus.AWAITING_DISPOSAL
    asset._history_user = by
    asset.save(update_fields=["status"])
    approvals.approval_start(document=disposal, by=by, kind=APPROVAL_KIND)
    return disposal


def _decide(disposal, by, action):
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    DISPOSAL_WORKFLOW.check(disposal, by, action)
    return disposal


@transaction.atomic
def disposal_approve(*, disposal, by, comment="", meeting_date=None, minutes=None):
    """Approve the current step of the disposal's approval chain (the director's,
    by default); when it was the last, the disposal is approved."""
    disposal = _decide(disposal, by, "approve")
    approvals.approval_decide(
        approval=pending_approval(APPROVAL_KIND, disposal),
        by=by,
        approve=True,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=disposal,
    )
    return disposal


@transaction.atomic
def disposal_reject(*, disposal, by, comment, meeting_date=None, minutes=None):
    """Reject at the current step: the disposal is rejected and the asset goes
    back to the status it had."""
    disposal = _decide(disposal, by, "reject")
    if not comment.strip():
        raise ValidationError(_("Say why the disposal is rejected."))
    approvals.approval_decide(
        approval=pending_approval(APPROVAL_KIND, disposal),
        by=by,
        approve=False,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=disposal,
    )
    return disposal


# Called by the core (logistics/approvals) inside the decision's transaction, with
# the disposal locked; declared in apps.py. Not for anyone else to call.


def disposal_chain_approved(disposal, *, decision):
    """The chain's last step approved: the disposal is approved."""
    by = decision.decided_by
    disposal.decided_by, disposal.decided_at = by, decision.decided_at
    disposal.move_to(
        DisposalStatus.APPROVED,
        by=by,
        comment=decision.summary,
        extra_fields=["decided_by", "decided_at"],
    )
    notify(
        recipients=[disposal.proposed_by],
        title=lambda: _("Disposal of %(asset)s approved") % {"asset": disposal.asset},
        url=disposal.get_absolute_url(),
        pending=True,
    )


def disposal_chain_rejected(disposal, *, decision):
    """A step rejected: the disposal is rejected, the asset's status restored."""
    by = decision.decided_by
    disposal.decided_by, disposal.decided_at = by, decision.decided_at
    disposal.move_to(
        DisposalStatus.REJECTED,
        by=by,
        comment=decision.summary,
        extra_fields=["decided_by", "decided_at"],
    )
    _restore_asset_status(disposal, by)
    comment = decision.comment
    notify(
        recipients=[disposal.proposed_by],
        title=lambda: _("Disposal of %(asset)s rejected") % {"asset": disposal.asset},
        body=lambda: comment,
        url=disposal.get_absolute_url(),
    )


@transaction.atomic
def disposal_withdraw(*, disposal, by, comment=""):
    """The ledger keepers take back a proposal not decided yet; its approval stops.

    The disposal row is locked first (then its approval, as every decision does),
    so a withdrawal and a decision arriving together are taken one after the
    other: the second finds the proposal decided or withdrawn and is refused.
    """
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    DISPOSAL_WORKFLOW.check(disposal, by, "withdraw")
    disposal.move_to(DisposalStatus.WITHDRAWN, by=by, comment=comment)
    approvals.approval_cancel(document=disposal, by=by, kind=APPROVAL_KIND)
    _restore_asset_status(disposal, by)
    return disposal


def _restore_asset_status(disposal, by):
    asset = Asset.objects.select_for_update().get(pk=disposal.asset_id)
    asset.status = disposal.asset_status_before
    asset._history_user = by
    asset.save(update_fields=["status"])


@transaction.atomic
def disposal_complete(*, disposal, by, disposed_on, proceeds=Decimal("0"), comment=""):
    """Record that the approved disposal was carried out; the card stays on file."""
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    DISPOSAL_WORKFLOW.check(disposal, by, "complete")
    if proceeds is None or proceeds < 0:
        raise ValidationError(_("Proceeds cannot be negative."))
    asset = Asset.objects.select_for_update().get(pk=disposal.asset_id)
    check_date(disposed_on, PAST)
    if disposed_on < asset.acquired_on:
        raise ValidationError(
            _("An asset cannot be disposed of before it was acquired.")
        )
    before = posting.snapshot(asset)
    asset.disposed_on = disposed_on
    depreciation.apply_schedule(asset)
    posting.check_closed_months(before, asset)
    disposal.disposed_on, disposal.proceeds = disposed_on, proceeds
    disposal.move_to(
        DisposalStatus.DISPOSED,
        by=by,
        comment=comment,
        extra_fields=["disposed_on", "proceeds"],
    )
    asset.status = AssetStatus.DISPOSED
    asset.disposed_on = disposed_on
    depreciation.apply_schedule(asset)
    asset._history_user = by
    asset._change_reason = _("disposed")
    asset.save()
    return disposal


# -- stocktakes --------------------------------------------------------------------------


def stocktake_scope(stocktake):
    """The assets a stocktake expects to find."""
    queryset = Asset.objects.filter(school_id=stocktake.school_id).exclude(
        status=AssetStatus.DISPOSED
    )
    if stocktake.campus_id:
        queryset = queryset.filter(location__campus_id=stocktake.campus_id)
    if stocktake.building_id:
        queryset = queryset.filter(location__building_id=stocktake.building_id)
    if stocktake.department_id:
        queryset = queryset.filter(department_id=stocktake.department_id)
    return queryset


@transaction.atomic
def stocktake_open(*, school, by, name, campus=None, building=None, department=None):
    """Open a stocktake for a scope and list every asset it should find."""
    for thing in (campus, building, department):
        if thing is not None and thing.school_id != school.pk:
            raise ValidationError(_("This belongs to another school."))
    if not name.strip():
        raise ValidationError(_("Give the stocktake a name."))
    stocktake = Stocktake.objects.create(
        school=school,
        name=name,
        campus=campus,
        building=building,
        department=department,
        opened_by=by,
    )
    StocktakeLine.objects.bulk_create(
        StocktakeLine(
            school_id=school.pk,
            stocktake=stocktake,
            asset_id=asset_id,
            expected_location_id=location_id,
        )
        for asset_id, location_id in stocktake_scope(stocktake)
        .values_list("pk", "location_id")
        .iterator(chunk_size=2000)
    )
    stocktake.log_creation(by=by)
    return stocktake


@transaction.atomic
def stocktake_start(*, stocktake, by):
    """Counting begins: results may now be recorded."""
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    STOCKTAKE_WORKFLOW.check(stocktake, by, "start")
    stocktake.move_to(StocktakeStatus.COUNTING, by=by)
    return stocktake


def _counting(stocktake):
    if stocktake.status not in STOCKTAKE_ACTIVE:
        raise ValidationError(_("This stocktake is closed."))


@transaction.atomic
def stocktake_mark(*, line, by, result, found_location=None, note=""):
    """Record what the counter saw for one expected asset."""
    line = (
        StocktakeLine.objects.select_for_update()
        .select_related("stocktake")
        .get(pk=line.pk)
    )
    _counting(line.stocktake)
    if result not in CountResult.values:
        raise ValidationError(_("Unknown result."))
    if result == CountResult.WRONG_PLACE:
        if found_location is None:
            raise ValidationError(_("Say where the asset was found."))
        if found_location.school_id != line.school_id:
            raise ValidationError(_("This belongs to another school."))
        if found_location.pk == line.expected_location_id:
            raise ValidationError(_("That is where the ledger expects it."))
    elif result in {CountResult.FOUND, CountResult.DAMAGED}:
        found_location = found_location or line.expected_location
    else:
        found_location = None
    if line.stocktake.status == StocktakeStatus.OPEN:
        line.stocktake.move_to(StocktakeStatus.COUNTING, by=by)
    line.result = result
    line.found_location = found_location
    line.note = note
    line.counted_by = by
    line.counted_at = timezone.now()
    line.save(
        update_fields=["result", "found_location", "note", "counted_by", "counted_at"]
    )
    return line


@transaction.atomic
def stocktake_scan(*, stocktake, by, number, location):
    """A label scanned (or typed) in a room: found there, or found in the wrong place."""
    number = number.strip()
    line = (
        StocktakeLine.objects.filter(stocktake=stocktake, asset__number=number)
        .select_related("stocktake")
        .first()
    )
    if line is None:
        raise ValidationError(
            _(
                "%(number)s is not on this stocktake's list: record it as an item not on the ledger."
            )
            % {"number": number}
        )
    if location is None or line.expected_location_id == location.pk:
        result = CountResult.FOUND
    else:
        result = CountResult.WRONG_PLACE
    return stocktake_mark(line=line, by=by, result=result, found_location=location)


@transaction.atomic
def stocktake_add_extra(
    *, stocktake, by, location, description, quantity=1, label_number=""
):
    """Record something found that is not on the ledger (盘盈)."""
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    _counting(stocktake)
    if location.school_id != stocktake.school_id:
        raise ValidationError(_("This belongs to another school."))
    if not description.strip():
        raise ValidationError(_("Describe what was found."))
    if stocktake.status == StocktakeStatus.OPEN:
        stocktake.move_to(StocktakeStatus.COUNTING, by=by)
    return StocktakeExtra.objects.create(
        school_id=stocktake.school_id,
        stocktake=stocktake,
        location=location,
        description=description,
        quantity=quantity,
        label_number=label_number,
        recorded_by=by,
    )


@transaction.atomic
def stocktake_close(*, stocktake, by, comment=""):
    """Stop counting; what was not counted is reported as not found."""
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    STOCKTAKE_WORKFLOW.check(stocktake, by, "close")
    stocktake.closed_at = timezone.now()
    stocktake.move_to(
        StocktakeStatus.CLOSED, by=by, comment=comment, extra_fields=["closed_at"]
    )
    return stocktake


@transaction.atomic
def stocktake_apply(*, stocktake, by):
    """Carry a closed stocktake's findings onto the ledger, once, in one step.

    Missing and never-counted assets become lost, those found elsewhere move
    there, damaged ones are marked broken; each change is kept in the history.
    """
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    STOCKTAKE_WORKFLOW.check(stocktake, by, "apply")
    reason = _("stocktake “%(name)s”") % {"name": stocktake.name}
    lines = (
        StocktakeLine.objects.filter(stocktake=stocktake)
        .exclude(result=CountResult.FOUND)
        .select_related("asset")
    )
    changed = 0
    for line in lines:
        asset = Asset.objects.select_for_update().get(pk=line.asset_id)
        if asset.status == AssetStatus.DISPOSED:
            continue
        asset._history_user = by
        asset._change_reason = reason
        if line.result in {CountResult.MISSING, CountResult.PENDING}:
            asset.status = AssetStatus.LOST
            asset.save(update_fields=["status"])
        elif line.result == CountResult.WRONG_PLACE:
            _move(
                asset,
                by=by,
                moved_on=timezone.localdate(),
                reason=reason,
                location=line.found_location,
                department=None,
                custodian=None,
                batch=None,
            )
        elif line.result == CountResult.DAMAGED:
            asset.condition = AssetCondition.BROKEN
            asset.save(update_fields=["condition"])
        changed += 1
    stocktake.applied_at, stocktake.applied_by = timezone.now(), by
    stocktake.save(update_fields=["applied_at", "applied_by"])
    return changed


# -- categories ----------------------------------------------------------------------


@transaction.atomic
def category_save(*, category, by):
    """Create or change a category and bring its assets' schedules up to date."""
    if category.parent_id:
        if category.parent.school_id != category.school_id:
            raise ValidationError({"parent": _("This belongs to another school.")})
        node, seen = category.parent, set()
        while node is not None:
            if node.pk == category.pk or node.pk in seen:
                raise ValidationError(
                    {"parent": _("A category cannot be its own parent.")}
                )
            seen.add(node.pk)
            node = node.parent
        category.level = category.parent.level + 1
    category.full_clean()
    category._history_user = by
    category.save()
    if category.pk:
        asset_schedules_refresh(school_id=category.school_id, by=by)
    return category


def asset_schedules_refresh(*, school_id, by=None):
    """Recompute every asset's schedule after categories (or the month rule) changed.

    Closed months stay as posted: an asset depreciated in them whose months change
    goes on from the first open month, from what it had accumulated (an adjustment
    of its years, recorded for the user ``by`` when there is one).
    """
    _first, last = posting.closed_range(school_id)
    changed, rebased = [], []
    assets = (
        Asset.objects.filter(school_id=school_id)
        .select_related("category__parent__parent__parent")
        .iterator(chunk_size=2000)
    )
    for asset in assets:
        plan = depreciation.schedule(asset)
        if (
            plan.start,
            plan.end,
            plan.months,
            plan.monthly,
        ) == (
            asset.depreciation_start,
            asset.depreciation_end,
            asset.depreciation_months,
            asset.monthly_depreciation,
        ):
            continue
        # An asset whose schedule reaches into a closed month, before or after the
        # change, goes on from the first open month: what is posted stays, and a
        # month rule that now starts it in a closed month charges nothing there.
        starts = [s for s in (asset.depreciation_start, plan.start) if s is not None]
        if by is not None and last is not None and starts and min(starts) <= last:
            rebased.append(posting.years_rebase(asset, month=last + 1, by=by))
        depreciation.apply_schedule(asset)
        changed.append(asset)
    AssetAdjustment.objects.bulk_create(rebased, batch_size=1000)
    Asset.objects.bulk_update(
        changed,
        [
            "depreciation_start",
            "depreciation_end",
            "depreciation_months",
            "monthly_depreciation",
            "depreciation_base_month",
            "depreciation_base_accumulated",
            "depreciation_base_done",
        ],
        batch_size=1000,
    )
    return len(changed)
