"""Every change to budgets and purchase requests: one function per business action,
each in one transaction, each checking the declared workflow first."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.approvals import services as approvals
from logistics.approvals.selectors import pending_approval
from logistics.dates import PAST, check_date
from logistics.images import clean_image
from logistics.models import display_name
from logistics.notifications import notify
from logistics.numbering import document_number_next
from logistics.registry import registry
from logistics.scoping import school_id_of
from logistics.workflow import note

from .choices import EDITABLE, AttachmentKind, LineKind, PurchaseStatus
from .conf import procurement_rule
from .models import (
    Acceptance,
    AcceptanceLine,
    BudgetAdjustment,
    BudgetLine,
    FiscalYear,
    PurchaseAttachment,
    PurchaseLine,
    PurchaseRequest,
    PurchaseVersion,
    Supplier,
)
from .workflows import APPROVAL_KIND, PURCHASE_WORKFLOW, is_requester

S = PurchaseStatus
CENT = Decimal("0.01")
NUMBER_KIND = "purchase"
MAX_LINES = 100
MAX_QUANTITY = Decimal("9999999")
MAX_PRICE = Decimal("999999999")
LINE_TEXT = {"name": 100, "specification": 100, "unit": 10, "item_code": 40}


# -- lines ------------------------------------------------------------------------


def _decimal(value, *, label, position, minimum, maximum, positive=False):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(
            _("Line %(n)d: give the %(what)s as a number.")
            % {"n": position, "what": label}
        )
    if number < minimum or (positive and number == 0) or number > maximum:
        raise ValidationError(
            _("Line %(n)d: the %(what)s must be between %(low)s and %(high)s.")
            % {"n": position, "what": label, "low": minimum, "high": maximum}
        )
    return number.quantize(CENT)


def clean_lines(lines):
    """The lines as the request keeps them, or ValidationError naming the line."""
    cleaned = []
    lines = list(lines)
    if len(lines) > MAX_LINES:
        raise ValidationError(
            _("A request holds at most %(n)d lines.") % {"n": MAX_LINES}
        )
    for position, line in enumerate(lines, start=1):
        name = str(line.get("name") or "").strip()
        if not name:
            raise ValidationError(_("Line %(n)d: name the item.") % {"n": position})
        if line.get("quantity") in (None, ""):
            raise ValidationError(_("Line %(n)d: give the quantity.") % {"n": position})
        if line.get("estimated_unit_price") in (None, ""):
            raise ValidationError(
                _("Line %(n)d: give the estimated unit price.") % {"n": position}
            )
        kind = line.get("kind") or LineKind.CONSUMABLE
        if kind not in LineKind.values:
            raise ValidationError(
                _("Line %(n)d: choose consumable or fixed asset.") % {"n": position}
            )
        quantity = _decimal(
            line["quantity"],
            label=_("quantity"),
            position=position,
            minimum=Decimal("0"),
            maximum=MAX_QUANTITY,
            positive=True,
        )
        price = _decimal(
            line["estimated_unit_price"],
            label=_("estimated unit price"),
            position=position,
            minimum=Decimal("0"),
            maximum=MAX_PRICE,
        )
        if kind == LineKind.ASSET and quantity != quantity.to_integral_value():
            raise ValidationError(
                _("Line %(n)d: fixed assets are counted in whole units.")
                % {"n": position}
            )
        text = {
            key: str(line.get(key) or "").strip()[:length]
            for key, length in LINE_TEXT.items()
        }
        text["name"] = name[:100]
        cleaned.append(
            {
                **text,
                "unit": text["unit"] or "个",
                "kind": kind,
                "quantity": quantity,
                "estimated_unit_price": price,
                "estimated_amount": (quantity * price).quantize(CENT),
            }
        )
    return cleaned


def _write_lines(purchase, lines):
    purchase.lines.all().delete()
    PurchaseLine.objects.bulk_create(
        PurchaseLine(school_id=purchase.school_id, request=purchase, position=n, **line)
        for n, line in enumerate(lines, start=1)
    )
    purchase.estimated_total = sum(
        (line["estimated_amount"] for line in lines), Decimal("0.00")
    )


def _check_budget_line(budget_line, school_id):
    if budget_line is None:
        return
    if budget_line.school_id != school_id:
        raise ValidationError({"budget_line": _("This belongs to another school.")})
    if not budget_line.is_active or budget_line.fiscal_year.is_closed:
        raise ValidationError(
            {"budget_line": _("This budget line is closed: choose another.")}
        )


def _number(school_id, at):
    from logistics.models import School

    def taken(numbers):
        return PurchaseRequest.objects.filter(
            school_id=school_id, number__in=numbers
        ).values_list("number", flat=True)

    return document_number_next(
        school=School.objects.get(pk=school_id), kind=NUMBER_KIND, at=at, taken=taken
    )


# -- drafts -----------------------------------------------------------------------


@transaction.atomic
def purchase_create(
    *, by, title, reason, lines, budget_line=None, wanted_by=None, created_at=None
):
    """A draft request, saved to be finished later; nothing is checked against
    the budget until it is submitted."""
    if not by.has_perm("procurement.add_purchaserequest"):
        raise ValidationError(_("You may not ask for purchases."))
    school_id = school_id_of(by)
    _check_budget_line(budget_line, school_id)
    lines = clean_lines(lines)
    if not str(title).strip():
        raise ValidationError({"title": _("Give the request a title.")})
    now = created_at or timezone.now()
    purchase = PurchaseRequest(
        school_id=school_id,
        number=_number(school_id, now),
        title=str(title).strip()[:100],
        reason=str(reason or "").strip()[:2000],
        budget_line=budget_line,
        wanted_by=wanted_by,
        requester=by,
        created_at=now,
    )
    purchase.save()
    _write_lines(purchase, lines)
    purchase.save(update_fields=["estimated_total"])
    purchase.log_creation(by=by)
    return purchase


def draft_purchase(*, by, title, reason, lines):
    """The "procurement.draft_purchase" service: a draft from another app's page
    (the warehouse's low-stock list), for the person to finish and submit."""
    return purchase_create(by=by, title=title, reason=reason, lines=lines)


@transaction.atomic
def purchase_update(*, purchase, by, title, reason, lines, budget_line, wanted_by):
    """The requester changes a draft, or a rejected request before resubmitting it
    (the submitted versions stay on record)."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    if purchase.status not in EDITABLE:
        raise ValidationError(
            _(
                "An approved or submitted request cannot be edited: a change is a new request."
            )
        )
    refusal = is_requester(purchase, by)
    if refusal is not None:
        raise refusal
    _check_budget_line(budget_line, purchase.school_id)
    if not str(title).strip():
        raise ValidationError({"title": _("Give the request a title.")})
    lines = clean_lines(lines)
    purchase.title = str(title).strip()[:100]
    purchase.reason = str(reason or "").strip()[:2000]
    purchase.budget_line = budget_line
    purchase.wanted_by = wanted_by
    _write_lines(purchase, lines)
    purchase.save(
        update_fields=["title", "reason", "budget_line", "wanted_by", "estimated_total"]
    )
    return purchase


@transaction.atomic
def purchase_attach(
    *,
    purchase,
    by,
    file,
    kind=AttachmentKind.QUOTE,
    title="",
    supplier_name="",
    amount=None,
):
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "attach")
    if amount is not None and amount < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    return PurchaseAttachment.objects.create(
        school_id=purchase.school_id,
        request=purchase,
        kind=kind,
        title=title,
        supplier_name=supplier_name,
        amount=amount,
        file=file,
        uploaded_by=by,
    )


def _snapshot(purchase):
    return {
        "title": purchase.title,
        "reason": purchase.reason,
        "budget_line": str(purchase.budget_line) if purchase.budget_line_id else "",
        "wanted_by": purchase.wanted_by.isoformat() if purchase.wanted_by else "",
        "estimated_total": str(purchase.estimated_total),
        "lines": [
            {
                "name": line.name,
                "specification": line.specification,
                "kind": line.kind,
                "quantity": str(line.quantity),
                "unit": line.unit,
                "estimated_unit_price": str(line.estimated_unit_price),
                "estimated_amount": str(line.estimated_amount),
            }
            for line in purchase.lines.all()
        ],
    }


def budget_refusal(purchase):
    """Why the request may not go on over its budget line, or None."""
    from .selectors import over_budget_by

    over = over_budget_by(purchase)
    if over <= 0:
        return None
    if purchase.override_total is not None and purchase.estimated_total <= (
        purchase.override_total
    ):
        return None
    return ValidationError(
        _(
            "This request is ¥%(over)s over what is left on the budget line "
            "“%(line)s”. An approver may allow it over budget with a reason, or "
            "lower the amounts."
        )
        % {"over": f"{over:,.2f}", "line": purchase.budget_line.name},
        code="over_budget",
    )


@transaction.atomic
def purchase_submit(*, purchase, by):
    """Send the request up the school's approval chain for purchases; the steps
    that apply follow from its estimated total."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    if purchase.budget_line_id is not None:
        # Two requests on one line are checked against its budget one at a time.
        BudgetLine.objects.select_for_update().get(pk=purchase.budget_line_id)
    PURCHASE_WORKFLOW.check(purchase, by, "submit")
    lines = list(purchase.lines.all())
    if not lines:
        raise ValidationError(_("Add at least one line before submitting."))
    if purchase.budget_line_id is None:
        raise ValidationError(_("Choose the budget line this purchase is charged to."))
    _check_budget_line(purchase.budget_line, purchase.school_id)
    quotes_from = procurement_rule(purchase.school_id, "QUOTES_FROM")
    needed = procurement_rule(purchase.school_id, "QUOTES_NEEDED")
    if purchase.estimated_total >= quotes_from:
        quotes = purchase.attachments.filter(kind=AttachmentKind.QUOTE).count()
        if quotes < needed:
            raise ValidationError(
                _(
                    "From ¥%(amount)s on, a request needs %(needed)d quotes; "
                    "%(count)d attached."
                )
                % {"amount": f"{quotes_from:,.2f}", "needed": needed, "count": quotes},
                code="quotes_needed",
            )
    refusal = budget_refusal(purchase)
    if refusal is not None:
        raise refusal
    if purchase.status == S.REJECTED:
        purchase.version += 1
    PurchaseVersion.objects.create(
        school_id=purchase.school_id,
        request=purchase,
        version=purchase.version,
        data=_snapshot(purchase),
        by=by,
    )
    purchase.submitted_at = timezone.now()
    purchase.move_to(
        S.SUBMITTED,
        by=by,
        comment=_("Version %(n)d, ¥%(total)s")
        % {"n": purchase.version, "total": f"{purchase.estimated_total:,.2f}"},
        extra_fields=["submitted_at", "version"],
    )
    approvals.approval_start(document=purchase, by=by, kind=APPROVAL_KIND)
    return purchase


@transaction.atomic
def purchase_override(*, purchase, by, reason):
    """An approver lets the request go on over its budget line, saying why."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "override")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why it may go over budget."))
    purchase.override_reason = reason[:500]
    purchase.override_total = purchase.estimated_total
    purchase.override_by, purchase.override_at = by, timezone.now()
    purchase.save(
        update_fields=[
            "override_reason",
            "override_total",
            "override_by",
            "override_at",
        ]
    )
    note(
        purchase,
        by=by,
        text=_("Allowed over budget up to ¥%(total)s: %(reason)s")
        % {"total": f"{purchase.estimated_total:,.2f}", "reason": reason},
    )
    return purchase


# -- decisions --------------------------------------------------------------------


def _decide(purchase, by, action):
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, action)
    return purchase


@transaction.atomic
def purchase_approve(*, purchase, by, comment="", meeting_date=None, minutes=None):
    purchase = _decide(purchase, by, "approve")
    approvals.approval_decide(
        approval=pending_approval(APPROVAL_KIND, purchase),
        by=by,
        approve=True,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=purchase,
    )
    return purchase


@transaction.atomic
def purchase_reject(*, purchase, by, comment, meeting_date=None, minutes=None):
    purchase = _decide(purchase, by, "reject")
    if not (comment or "").strip():
        raise ValidationError(_("Say why it is rejected: a rejection needs a comment."))
    approvals.approval_decide(
        approval=pending_approval(APPROVAL_KIND, purchase),
        by=by,
        approve=False,
        comment=comment,
        meeting_date=meeting_date,
        minutes=minutes,
        document=purchase,
    )
    return purchase


# Called by the core inside the decision's transaction with the request locked.


def purchase_chain_approved(purchase, *, decision):
    """The chain's last step approved: the money is committed on the budget line
    (unless the line has no room left and nobody allowed it over budget)."""
    if purchase.budget_line_id is not None:
        refusal = budget_refusal(purchase)
        if refusal is not None:
            raise refusal
    by = decision.decided_by
    purchase.approved_at = decision.decided_at
    purchase.move_to(
        S.APPROVED, by=by, comment=decision.summary, extra_fields=["approved_at"]
    )
    notify(
        recipients=[purchase.requester],
        title=lambda: _("Purchase %(number)s approved") % {"number": purchase.number},
        url=purchase.get_absolute_url(),
    )


def purchase_chain_rejected(purchase, *, decision):
    purchase.move_to(S.REJECTED, by=decision.decided_by, comment=decision.summary)
    comment = decision.comment
    notify(
        recipients=[purchase.requester],
        title=lambda: _("Purchase %(number)s rejected") % {"number": purchase.number},
        body=lambda: comment,
        url=purchase.get_absolute_url(),
    )


@transaction.atomic
def purchase_withdraw(*, purchase, by):
    """The requester takes the request back before anyone decided on it."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "withdraw")
    purchase.move_to(S.WITHDRAWN, by=by)
    approvals.approval_cancel(document=purchase, by=by, kind=APPROVAL_KIND)
    return purchase


# -- after approval ---------------------------------------------------------------


@transaction.atomic
def purchase_order(*, purchase, by, supplier, ordered_on, expected_on=None):
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "order")
    if supplier is None or supplier.school_id != purchase.school_id:
        raise ValidationError({"supplier": _("Choose one of the school's suppliers.")})
    check_date(ordered_on, PAST)
    if expected_on is not None and expected_on < ordered_on:
        raise ValidationError(
            {"expected_on": _("The delivery cannot be expected before the order.")}
        )
    purchase.supplier, purchase.ordered_on = supplier, ordered_on
    purchase.expected_on = expected_on
    purchase.move_to(
        S.ORDERED,
        by=by,
        comment=str(supplier),
        extra_fields=["supplier", "ordered_on", "expected_on"],
    )
    return purchase


def _result(ref, kind, text, url=""):
    return {"ref": ref, "kind": kind, "text": text, "url": url}


@transaction.atomic
def purchase_accept(
    *,
    purchase,
    by,
    witness,
    accepted_on,
    received,
    invoice_number="",
    delivery_note=None,
    note_text="",
):
    """Accept what arrived (验收), with a second person as witness. ``received``:
    {line id: (quantity, unit price)}. Consumable lines go to the warehouse
    ("supplies.receive"), fixed-asset lines become cards ("assets.register"); an
    app not installed is said so and the acceptance is still recorded."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "accept")
    if witness is None or witness.pk == by.pk:
        raise ValidationError(
            {"witness": _("A second person witnesses the acceptance.")}
        )
    if school_id_of(witness) != purchase.school_id:
        raise ValidationError({"witness": _("This belongs to another school.")})
    check_date(accepted_on, PAST)
    lines = {
        line.pk: line for line in purchase.lines.select_for_update().order_by("pk")
    }
    chosen = []
    for pk, (quantity, price) in sorted(received.items()):
        line = lines.get(int(pk))
        if line is None or not quantity:
            continue
        if quantity < 0 or price is None or price < 0:
            raise ValidationError(_("Quantities and prices cannot be negative."))
        if quantity > line.outstanding:
            raise ValidationError(
                _("%(item)s: only %(left)s %(unit)s are still to come.")
                % {
                    "item": line.name,
                    "left": line.outstanding.normalize(),
                    "unit": line.unit,
                }
            )
        if line.kind == LineKind.ASSET and quantity != quantity.to_integral_value():
            raise ValidationError(
                _("%(item)s: fixed assets are counted in whole units.")
                % {"item": line.name}
            )
        chosen.append((line, quantity, price))
    if not chosen:
        raise ValidationError(_("Give the quantity received of at least one line."))
    acceptance = Acceptance.objects.create(
        school_id=purchase.school_id,
        request=purchase,
        accepted_on=accepted_on,
        accepted_by=by,
        witness=witness,
        invoice_number=invoice_number,
        note=note_text,
    )
    if delivery_note:
        # Stored upright, at most 2000 px, without the phone's metadata.
        photo, _thumb = clean_image(delivery_note, max_side=2000)
        acceptance.delivery_note.save(photo.name, photo, save=False)
    AcceptanceLine.objects.bulk_create(
        AcceptanceLine(
            school_id=purchase.school_id,
            acceptance=acceptance,
            line=line,
            quantity=quantity,
            unit_price=price,
        )
        for line, quantity, price in chosen
    )
    for line, quantity, price in chosen:
        line.received_quantity += quantity
        line.received_amount = (line.received_amount + quantity * price).quantize(CENT)
        line.save(update_fields=["received_quantity", "received_amount"])
    label = _("Purchase %(number)s") % {"number": purchase.number}
    url = purchase.get_absolute_url()
    results = []
    consumables = [c for c in chosen if c[0].kind == LineKind.CONSUMABLE]
    assets = [c for c in chosen if c[0].kind == LineKind.ASSET]
    if consumables:
        receive = registry.service("supplies.receive")
        if receive is None:
            results.append(
                _result(
                    "",
                    "missing",
                    _(
                        "The warehouse app is not installed: the consumables were "
                        "accepted here but not entered as stock."
                    ),
                )
            )
        else:
            done = receive(
                by=by,
                school_id=purchase.school_id,
                lines=[
                    {
                        "ref": f"line-{line.pk}",
                        "item_code": line.item_code,
                        "name": line.name,
                        "specification": line.specification,
                        "unit": line.unit,
                        "quantity": quantity,
                        "unit_cost": price,
                    }
                    for line, quantity, price in consumables
                ],
                source_label=label,
                source_url=url,
            )
            codes = {}
            for row in done:
                codes[row["ref"]] = row.get("item_code", "")
                results.append(
                    _result(
                        row["ref"],
                        "stock",
                        _("Stock receipt: %(item)s")
                        % {"item": row.get("item_name", "")},
                        row.get("url", ""),
                    )
                )
            for line, _q, _p in consumables:
                code = codes.get(f"line-{line.pk}")
                if code and not line.item_code:
                    line.item_code = code[:40]
                    line.save(update_fields=["item_code"])
    if assets:
        register = registry.service("assets.register")
        if register is None:
            results.append(
                _result(
                    "",
                    "missing",
                    _(
                        "The assets app is not installed: the fixed assets were "
                        "accepted here but no asset cards were made."
                    ),
                )
            )
        else:
            supplier = purchase.supplier.name if purchase.supplier_id else ""
            department_id = (
                purchase.budget_line.department_id if purchase.budget_line_id else None
            )
            done = register(
                by=by,
                school_id=purchase.school_id,
                lines=[
                    {
                        "ref": f"line-{line.pk}",
                        "name": line.name,
                        "specification": line.specification,
                        "quantity": int(quantity),
                        "unit_price": price,
                        "acquired_on": accepted_on,
                        "supplier": supplier,
                        "invoice_number": invoice_number,
                        "source_label": label,
                        "source_url": url,
                        "department_id": department_id,
                        "location_id": None,
                        "category_code": "",
                    }
                    for line, quantity, price in assets
                ],
            )
            for row in done:
                for number, card_url in zip(row["numbers"], row["urls"], strict=False):
                    results.append(
                        _result(
                            row["ref"],
                            "asset",
                            _("Asset card %(number)s") % {"number": number},
                            card_url,
                        )
                    )
    acceptance.results = results
    acceptance.save(update_fields=["results", "delivery_note"])
    received_all = all(
        line.received_quantity >= line.quantity for line in lines.values()
    )
    actual = sum((line.received_amount for line in lines.values()), Decimal("0.00"))
    purchase.actual_total = actual
    purchase.save(update_fields=["actual_total"])
    summary = _("Accepted by %(by)s, witnessed by %(witness)s") % {
        "by": display_name(by),
        "witness": display_name(witness),
    }
    if received_all:
        purchase.move_to(S.RECEIVED, by=by, comment=summary)
    else:
        note(purchase, by=by, text=summary + " · " + _("partial delivery"))
    return acceptance


@transaction.atomic
def purchase_pay(*, purchase, by, paid_on, voucher_number):
    """The accountant records the payment; the request closes and its amount
    counts as spent on the budget line."""
    purchase = PurchaseRequest.objects.select_for_update().get(pk=purchase.pk)
    PURCHASE_WORKFLOW.check(purchase, by, "pay")
    check_date(paid_on, PAST)
    if not (voucher_number or "").strip():
        raise ValidationError({"voucher_number": _("Give the voucher number.")})
    purchase.paid_on, purchase.voucher_number = paid_on, voucher_number.strip()[:40]
    purchase.paid_by = by
    purchase.move_to(
        S.CLOSED,
        by=by,
        comment=_("Voucher %(number)s") % {"number": purchase.voucher_number},
        extra_fields=["paid_on", "voucher_number", "paid_by"],
    )
    return purchase


# -- budgets ----------------------------------------------------------------------


def _check_manage(by):
    if not by.has_perm("procurement.manage_budget"):
        raise ValidationError(_("You may not change the budget."))


@transaction.atomic
def fiscal_year_create(*, by, year, copy_from=None):
    """A new budget year, its lines copied from ``copy_from`` (last year's)."""
    _check_manage(by)
    school_id = school_id_of(by)
    if FiscalYear.objects.filter(school_id=school_id, year=year).exists():
        raise ValidationError({"year": _("This year's budget exists already.")})
    fiscal_year = FiscalYear.objects.create(school_id=school_id, year=year)
    if copy_from is not None:
        if copy_from.school_id != school_id:
            raise ValidationError(_("This belongs to another school."))
        source = BudgetLine.objects.with_figures().filter(fiscal_year=copy_from)
        BudgetLine.objects.bulk_create(
            BudgetLine(
                school_id=school_id,
                fiscal_year=fiscal_year,
                code=line.code,
                name=line.name,
                amount=line.adjusted if line.adjusted > 0 else 0,
                funding_source=line.funding_source,
                department_id=line.department_id,
            )
            for line in source
            if line.is_active
        )
    return fiscal_year


@transaction.atomic
def budget_line_create(
    *, by, fiscal_year, code, name, amount, funding_source, department=None
):
    _check_manage(by)
    if fiscal_year.school_id != school_id_of(by):
        raise ValidationError(_("This belongs to another school."))
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Amounts cannot be negative.")})
    if department is not None and department.school_id != fiscal_year.school_id:
        raise ValidationError({"department": _("This belongs to another school.")})
    if BudgetLine.objects.filter(fiscal_year=fiscal_year, code=code).exists():
        raise ValidationError({"code": _("This code is taken in this year.")})
    return BudgetLine.objects.create(
        school_id=fiscal_year.school_id,
        fiscal_year=fiscal_year,
        code=code,
        name=name,
        amount=amount,
        funding_source=funding_source,
        department=department,
    )


@transaction.atomic
def budget_adjust(*, by, budget_line, amount, reason):
    """Add to or take from a line: a row kept, the plan never typed over."""
    _check_manage(by)
    line = BudgetLine.objects.select_for_update().get(pk=budget_line.pk)
    if line.school_id != school_id_of(by):
        raise ValidationError(_("This belongs to another school."))
    if not amount:
        raise ValidationError({"amount": _("Give the amount to add or take away.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the budget changes.")})
    figures = BudgetLine.objects.with_figures().get(pk=line.pk)
    if figures.adjusted + amount < 0:
        raise ValidationError({"amount": _("A budget line cannot go below zero.")})
    return BudgetAdjustment.objects.create(
        school_id=line.school_id,
        budget_line=line,
        amount=amount,
        reason=reason.strip()[:500],
        by=by,
    )


@transaction.atomic
def supplier_save(*, by, supplier=None, **fields):
    if not by.has_perm("procurement.order_purchaserequest"):
        raise ValidationError(_("You may not change the suppliers."))
    school_id = school_id_of(by)
    if supplier is None:
        supplier = Supplier(school_id=school_id)
    elif supplier.school_id != school_id:
        raise ValidationError(_("This belongs to another school."))
    for name, value in fields.items():
        setattr(supplier, name, value)
    supplier.full_clean()
    supplier.save()
    return supplier
