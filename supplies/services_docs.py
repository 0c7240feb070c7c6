"""The warehouse's documents: requisitions (领用), start-of-term distributions,
print jobs (文印) and counts. One function per action, keyword-only, the acting
user checked inside through the declared workflows."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.approvals import services as approvals
from logistics.approvals.selectors import pending_approval
from logistics.models import School
from logistics.notifications import notify
from logistics.numbering import document_number_next
from logistics.people import people_who_may
from logistics.scoping import school_id_of
from logistics.workflow import note

from . import ledger
from .choices import MovementKind, PrintStatus, RequisitionStatus
from .conf import supplies_rule
from .models import (
    ZERO,
    CountLine,
    Distribution,
    Item,
    PrintJob,
    Quota,
    Requisition,
    RequisitionLine,
    WarehouseCount,
    plain_number,
)
from .selectors import departments_chargeable_by
from .workflows import (
    PRINT_KIND,
    PRINT_WORKFLOW,
    REQUISITION_KIND,
    REQUISITION_WORKFLOW,
)

R = RequisitionStatus
P = PrintStatus


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _keepers(school_id):
    return people_who_may(school_id, "supplies.issue_stock")


# -- quotas ----------------------------------------------------------------------------


def quota_left(*, department, on=None):
    """(quota, what is left in yuan) of the department's term quota in force on
    ``on`` (today), or (None, None) when it has none."""
    on = on or timezone.localdate()
    quota = (
        Quota.objects.filter(
            school_id=department.school_id,
            department=department,
            starts_on__lte=on,
            ends_on__gte=on,
        )
        .order_by("-starts_on")
        .first()
    )
    if quota is None:
        return None, None
    used = ZERO
    lines = RequisitionLine.objects.filter(
        requisition__department=department,
        requisition__created_at__date__gte=quota.starts_on,
        requisition__created_at__date__lte=quota.ends_on,
    ).exclude(requisition__status__in=[R.REJECTED, R.CANCELLED])
    for line in lines.select_related("item"):
        granted = line.quantity if line.granted is None else line.granted
        used += granted * line.item.average_cost
    return quota, (quota.amount - used).quantize(Decimal("0.01"))


# -- requisitions ----------------------------------------------------------------------


@transaction.atomic
def requisition_create(
    *,
    by,
    lines,
    purpose,
    department=None,
    school_class=None,
    distribution=None,
    decided=False,
):
    """Ask for items (``lines``: (item, quantity) pairs). Small ones go straight
    to the storekeeper when the school says so; the others to the approval chain.
    ``decided``: a distribution made by the storekeeper needs no decision."""
    school_id = school_id_of(by)
    if school_id is None or not by.has_perm("supplies.add_requisition"):
        raise PermissionDenied
    if not lines:
        _refuse(_("Ask for at least one item."), "no_lines")
    if not (purpose or "").strip():
        _refuse(_("Say what the items are for."), "purpose_required")
    for thing in (department, school_class):
        if thing is not None and thing.school_id != school_id:
            _refuse(_("This belongs to another school."), "other_school")
    if (
        department is not None
        and not departments_chargeable_by(by).filter(pk=department.pk).exists()
    ):
        _refuse(
            _("Charge the requisition to your own department."), "not_your_department"
        )
    checked = []
    for item, quantity in lines:
        if item.school_id != school_id or not item.is_active:
            _refuse(_("That item is not in the catalogue."), "unknown_item")
        checked.append((item, ledger.check_quantity(item, quantity)))
    now = timezone.now()
    requisition = Requisition.objects.create(
        school_id=school_id,
        number=document_number_next(
            school=School.objects.get(pk=school_id), kind="requisition", at=now
        ),
        requester=by,
        department=department,
        school_class=school_class,
        purpose=purpose.strip(),
        distribution=distribution,
        created_at=now,
    )
    RequisitionLine.objects.bulk_create(
        RequisitionLine(
            school_id=school_id, requisition=requisition, item=item, quantity=quantity
        )
        for item, quantity in checked
    )
    requisition.log_creation(by=by, comment=purpose)
    if department is not None and not decided:
        quota, left = quota_left(department=department)
        if quota is not None and left < 0:
            _refuse(
                _("This goes beyond the department's quota for the term by ¥%(over)s.")
                % {"over": f"{-left:,.2f}"},
                "over_quota",
            )
    free_below = supplies_rule(school_id, "REQUISITION_FREE_BELOW")
    if decided or (free_below > 0 and requisition.estimated_value < free_below):
        requisition.move_to(
            R.APPROVED, by=by, comment=_("Small requisition: no decision needed.")
        )
        _tell_keepers(requisition)
    else:
        approvals.approval_start(document=requisition, by=by, kind=REQUISITION_KIND)
    return requisition


def _tell_keepers(requisition):
    notify(
        recipients=_keepers(requisition.school_id),
        title=lambda: (
            _("Requisition %(number)s to hand over") % {"number": requisition.number}
        ),
        url=requisition.get_absolute_url(),
        pending=True,
    )


def _locked(model, document):
    return model.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def requisition_approve(
    *, requisition, by, comment="", grants=None, meeting_date=None, minutes=None
):
    """Approve the current step; the approver may grant less than asked
    (``grants``: {line id: quantity})."""
    requisition = _locked(Requisition, requisition)
    REQUISITION_WORKFLOW.check(requisition, by, "approve")
    changed = []
    for line in requisition.lines.select_related("item"):
        if not grants or line.pk not in grants or grants[line.pk] is None:
            continue
        granted = ledger.check_quantity(line.item, grants[line.pk], allow_zero=True)
        if granted > line.quantity:
            _refuse(
                _("%(item)s: grant at most the %(asked)s asked for.")
                % {"item": line.item.name, "asked": plain_number(line.quantity)},
                "grant_too_much",
            )
        if granted != line.quantity:
            line.granted = granted
            line.save(update_fields=["granted"])
            changed.append(
                f"{line.item.name} {plain_number(line.quantity)}→{plain_number(granted)}"
            )
    if changed:
        note(
            requisition,
            by=by,
            text=_("Granted less: %(lines)s") % {"lines": ", ".join(changed)},
        )
    approvals.approval_decide(
        approval=pending_approval(REQUISITION_KIND, requisition),
        by=by,
        approve=True,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=requisition,
    )
    return requisition


@transaction.atomic
def requisition_reject(*, requisition, by, comment, meeting_date=None, minutes=None):
    requisition = _locked(Requisition, requisition)
    REQUISITION_WORKFLOW.check(requisition, by, "reject")
    if not (comment or "").strip():
        _refuse(_("Say why it is rejected: a rejection needs a comment."), "comment")
    approvals.approval_decide(
        approval=pending_approval(REQUISITION_KIND, requisition),
        by=by,
        approve=False,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=requisition,
    )
    return requisition


def requisition_chain_approved(requisition, *, decision):
    """The chain's last step approved: the storekeeper may hand over."""
    requisition.move_to(R.APPROVED, by=decision.decided_by, comment=decision.summary)
    notify(
        recipients=[requisition.requester],
        title=lambda: (
            _("Requisition %(number)s approved") % {"number": requisition.number}
        ),
        url=requisition.get_absolute_url(),
    )
    _tell_keepers(requisition)


def requisition_chain_rejected(requisition, *, decision):
    requisition.move_to(R.REJECTED, by=decision.decided_by, comment=decision.summary)
    comment = decision.comment
    notify(
        recipients=[requisition.requester],
        title=lambda: (
            _("Requisition %(number)s rejected") % {"number": requisition.number}
        ),
        body=lambda: comment,
        url=requisition.get_absolute_url(),
    )


@transaction.atomic
def requisition_cancel(*, requisition, by):
    requisition = _locked(Requisition, requisition)
    REQUISITION_WORKFLOW.check(requisition, by, "cancel")
    approvals.approval_cancel(document=requisition, by=by, kind=REQUISITION_KIND)
    requisition.move_to(R.CANCELLED, by=by)
    return requisition


@transaction.atomic
def requisition_issue(*, requisition, by, quantities=None, comment=""):
    """The storekeeper hands over (part of) what was granted: one issue movement
    per line. ``quantities``: {line id: quantity}; default: all that is left.
    When nothing is left to hand over, the requester is asked to confirm."""
    requisition = _locked(Requisition, requisition)
    REQUISITION_WORKFLOW.check(requisition, by, "issue")
    handed = []
    for line in requisition.lines.select_related("item").select_for_update(
        of=("self",)
    ):
        wanted = line.to_issue if quantities is None else quantities.get(line.pk)
        if wanted is None or wanted == 0:
            continue
        wanted = ledger.check_quantity(line.item, wanted)
        if wanted > line.to_issue:
            _refuse(
                _("%(item)s: only %(left)s left to hand over.")
                % {"item": line.item.name, "left": plain_number(line.to_issue)},
                "issue_too_much",
            )
        ledger.post(
            item=line.item,
            kind=MovementKind.ISSUE,
            quantity=-wanted,
            by=by,
            source_label=requisition.number,
            source_url=requisition.get_absolute_url(),
            document=requisition,
            purpose=requisition.purpose,
            department_id=requisition.department_id,
            school_class_id=requisition.school_class_id,
        )
        line.issued += wanted
        line.save(update_fields=["issued"])
        handed.append(f"{line.item.name} × {plain_number(wanted)}{line.item.unit}")
    if not handed:
        _refuse(_("Nothing to hand over: give a quantity."), "nothing")
    text = _("Handed over: %(lines)s") % {"lines": ", ".join(handed)}
    if comment:
        text = f"{text}. {comment}"
    if all(line.to_issue == 0 for line in requisition.lines.all()):
        requisition.move_to(R.ISSUED, by=by, comment=text)
        notify(
            recipients=[requisition.requester],
            title=lambda: (
                _("Requisition %(number)s handed over: please confirm")
                % {"number": requisition.number}
            ),
            url=requisition.get_absolute_url(),
            pending=True,
        )
    else:
        note(requisition, by=by, text=text)
    return requisition


@transaction.atomic
def requisition_confirm(*, requisition, by):
    requisition = _locked(Requisition, requisition)
    REQUISITION_WORKFLOW.check(requisition, by, "confirm")
    requisition.received_at = timezone.now()
    requisition.move_to(R.RECEIVED, by=by, extra_fields=["received_at"])
    return requisition


# -- start-of-term distribution --------------------------------------------------------


def distribution_totals(plan):
    """{item: total} of a plan ({class: {item: quantity}}) and the items short."""
    totals = {}
    for per_item in plan.values():
        for item, quantity in per_item.items():
            totals[item] = totals.get(item, ZERO) + Decimal(quantity)
    short = {item: total for item, total in totals.items() if total > item.on_hand}
    return totals, short


@transaction.atomic
def distribution_issue(*, by, title, plan):
    """Issue a start-of-term distribution in one step: one requisition per class,
    approved and handed over at once. All or nothing: short stock refuses it."""
    if not by.has_perm("supplies.add_distribution") or not by.has_perm(
        "supplies.issue_stock"
    ):
        raise PermissionDenied
    school_id = school_id_of(by)
    plan = {
        school_class: {item: Decimal(q) for item, q in per_item.items() if Decimal(q)}
        for school_class, per_item in plan.items()
    }
    plan = {k: v for k, v in plan.items() if v}
    if not plan:
        _refuse(_("Give a quantity for at least one class."), "empty")
    for school_class, per_item in plan.items():
        if school_class.school_id != school_id:
            _refuse(_("This belongs to another school."), "other_school")
        for item, quantity in per_item.items():
            if item.school_id != school_id:
                _refuse(_("This belongs to another school."), "other_school")
            ledger.check_quantity(item, quantity)
    _totals, short = distribution_totals(plan)
    if short:
        _refuse(
            _("Not enough in stock for: %(items)s.")
            % {
                "items": ", ".join(
                    f"{item.name} ({plain_number(total)}/{plain_number(item.on_hand)})"
                    for item, total in short.items()
                )
            },
            "not_enough_stock",
        )
    distribution = Distribution.objects.create(
        school_id=school_id, title=title.strip()[:100], created_by=by
    )
    for school_class, per_item in sorted(
        plan.items(), key=lambda pair: (pair[0].grade, pair[0].number)
    ):
        requisition = requisition_create(
            by=by,
            lines=list(per_item.items()),
            purpose=title,
            school_class=school_class,
            distribution=distribution,
            decided=True,
        )
        requisition_issue(requisition=requisition, by=by)
    return distribution


# -- print jobs ------------------------------------------------------------------------


@transaction.atomic
def printjob_create(
    *,
    by,
    title,
    original,
    pages,
    copies,
    sides,
    paper_size,
    purpose,
    wanted_by,
    colour=False,
    confidential=False,
    note="",
    department=None,
):
    """Submit a print job; the sheets are computed from pages, copies and sides."""
    school_id = school_id_of(by)
    if school_id is None or not by.has_perm("supplies.add_printjob"):
        raise PermissionDenied
    if pages < 1 or copies < 1 or int(sides) not in (1, 2):
        _refuse(_("Pages and copies must be at least one."), "bad_counts")
    if department is None:
        department = getattr(getattr(by, "profile", None), "department", None)
    now = timezone.now()
    job = PrintJob(
        school_id=school_id,
        number=document_number_next(
            school=School.objects.get(pk=school_id), kind="print_job", at=now
        ),
        requester=by,
        department=department,
        title=title.strip(),
        original=original,
        pages=pages,
        copies=copies,
        sides=int(sides),
        paper_size=paper_size,
        colour=colour,
        purpose=purpose,
        confidential=confidential,
        wanted_by=wanted_by,
        note=note,
        sheets=PrintJob.sheets_for(pages, copies, int(sides)),
        created_at=now,
    )
    job.save()
    job.log_creation(by=by, comment=title)
    free_below = supplies_rule(school_id, "PRINT_FREE_BELOW_SHEETS")
    if free_below > 0 and job.sheets < free_below:
        job.move_to(P.APPROVED, by=by, comment=_("Small job: no decision needed."))
        _tell_print_room(job)
    else:
        approvals.approval_start(document=job, by=by, kind=PRINT_KIND)
    return job


def _tell_print_room(job):
    notify(
        recipients=people_who_may(job.school_id, "supplies.run_printjob"),
        title=lambda: _("Print job %(number)s to print") % {"number": job.number},
        url=job.get_absolute_url(),
        pending=True,
    )


@transaction.atomic
def printjob_approve(*, job, by, comment="", meeting_date=None, minutes=None):
    job = _locked(PrintJob, job)
    PRINT_WORKFLOW.check(job, by, "approve")
    approvals.approval_decide(
        approval=pending_approval(PRINT_KIND, job),
        by=by,
        approve=True,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=job,
    )
    return job


@transaction.atomic
def printjob_reject(*, job, by, comment, meeting_date=None, minutes=None):
    job = _locked(PrintJob, job)
    PRINT_WORKFLOW.check(job, by, "reject")
    approvals.approval_decide(
        approval=pending_approval(PRINT_KIND, job),
        by=by,
        approve=False,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=job,
    )
    return job


def printjob_chain_approved(job, *, decision):
    job.move_to(P.APPROVED, by=decision.decided_by, comment=decision.summary)
    _tell_print_room(job)


def printjob_chain_rejected(job, *, decision):
    job.move_to(P.REJECTED, by=decision.decided_by, comment=decision.summary)
    comment = decision.comment
    notify(
        recipients=[job.requester],
        title=lambda: _("Print job %(number)s rejected") % {"number": job.number},
        body=lambda: comment,
        url=job.get_absolute_url(),
    )


@transaction.atomic
def printjob_cancel(*, job, by):
    job = _locked(PrintJob, job)
    PRINT_WORKFLOW.check(job, by, "cancel")
    if job.status == P.SUBMITTED:
        approvals.approval_cancel(document=job, by=by, kind=PRINT_KIND)
    job.move_to(P.CANCELLED, by=by)
    return job


def paper_item(school_id, paper_size):
    """The paper the print room takes sheets of: the item marked with the size
    that has most on the shelf."""
    return (
        Item.objects.filter(school_id=school_id, paper_size=paper_size, is_active=True)
        .order_by("-on_hand", "code")
        .first()
    )


@transaction.atomic
def printjob_done(*, job, by):
    """The print room marks the job printed; its sheets leave the stock."""
    job = _locked(PrintJob, job)
    PRINT_WORKFLOW.check(job, by, "done")
    paper = paper_item(job.school_id, job.paper_size)
    if paper is None:
        _refuse(
            _("No %(size)s paper in the catalogue: mark an item as this paper.")
            % {"size": job.paper_size},
            "no_paper",
        )
    job.movement = ledger.post(
        item=paper,
        kind=MovementKind.ISSUE,
        quantity=-Decimal(job.sheets),
        by=by,
        source_label=job.number,
        source_url=job.get_absolute_url(),
        document=job,
        purpose=job.title,
        department_id=job.department_id,
    )
    job.done_at = timezone.now()
    job.move_to(P.DONE, by=by, extra_fields=["movement", "done_at"])
    notify(
        recipients=[job.requester],
        title=lambda: _("Print job %(number)s is printed") % {"number": job.number},
        url=job.get_absolute_url(),
    )
    return job


# -- receipts and counts ---------------------------------------------------------------


@transaction.atomic
def receipt_post(*, by, lines, source_label, note=""):
    """The storekeeper receives goods: (item, quantity, unit cost) lines."""
    if not by.has_perm("supplies.receive_stock"):
        raise PermissionDenied
    school_id = school_id_of(by)
    moves = []
    for item, quantity, unit_cost in lines:
        if item.school_id != school_id:
            _refuse(_("This belongs to another school."), "other_school")
        moves.append(
            ledger.post(
                item=item,
                kind=MovementKind.RECEIPT,
                quantity=ledger.check_quantity(item, quantity),
                unit_cost=unit_cost,
                by=by,
                source_label=source_label,
                purpose=note,
            )
        )
    return moves


@transaction.atomic
def count_start(*, by, title, place=None):
    """A count sheet of the place's items (all items without a place), as the
    books have them now."""
    if not by.has_perm("supplies.run_warehouse_stocktake"):
        raise PermissionDenied
    school_id = school_id_of(by)
    count = WarehouseCount.objects.create(
        school_id=school_id, place=place, title=title.strip()[:100], created_by=by
    )
    items = Item.objects.filter(school_id=school_id, is_active=True)
    if place is not None:
        items = items.filter(place=place)
    CountLine.objects.bulk_create(
        CountLine(school_id=school_id, count=count, item=item, expected=item.on_hand)
        for item in items.order_by("code")
    )
    return count


@transaction.atomic
def count_record(*, count, by, counted):
    """Counts typed on a phone: {line id: quantity or None}."""
    count = _locked(WarehouseCount, count)
    if not by.has_perm("supplies.run_warehouse_stocktake"):
        raise PermissionDenied
    if count.posted_at is not None:
        _refuse(_("This count was posted already."), "posted")
    for line in count.lines.select_related("item"):
        if line.pk in counted:
            value = counted[line.pk]
            if value is not None:
                value = ledger.check_quantity(line.item, value, allow_zero=True)
            line.counted = value
            line.save(update_fields=["counted"])
    return count


@transaction.atomic
def count_post(*, count, by):
    """Post every difference as a stocktake correction, in one step. What moved
    since the sheet was made is kept: the correction is counted - expected."""
    count = _locked(WarehouseCount, count)
    if not by.has_perm("supplies.run_warehouse_stocktake"):
        raise PermissionDenied
    if count.posted_at is not None:
        _refuse(_("This count was posted already."), "posted")
    posted = 0
    for line in count.lines.select_related("item"):
        if line.counted is None or line.counted == line.expected:
            continue
        ledger.post(
            item=line.item,
            kind=MovementKind.STOCKTAKE,
            quantity=line.counted - line.expected,
            by=by,
            source_label=count.title,
            source_url=count.get_absolute_url(),
            document=count,
        )
        posted += 1
    count.posted_at = timezone.now()
    count.save(update_fields=["posted_at"])
    return posted


def received_by_class(school_class, *, since):
    """(item name, unit, quantity) a class received since ``since``."""
    from .models import StockMovement

    rows = (
        StockMovement.objects.filter(
            school_class=school_class, at__gte=since, kind__in=["issue", "return"]
        )
        .values("item__name", "item__unit")
        .annotate(total=Sum("quantity"))
        .order_by("item__name")
    )
    return [(r["item__name"], r["item__unit"], -r["total"]) for r in rows]
