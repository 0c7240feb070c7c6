"""What may be done to a purchase request, by whom and when: declared once.

The pages show what ``available_actions`` returns; the services check the same
declaration (``PURCHASE_WORKFLOW.check``); ``move_to`` enforces the table built
from it. Decisions go through the core's approval chain ("procurement.purchase":
the logistics head, the director from ¥3,000, the administrative meeting from
¥50,000, as each school configured it).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.approvals.actions import chain_decider, decision_actions
from logistics.workflow import Action, Workflow

from .choices import EDITABLE, STATUSES, PurchaseStatus

SERVICES = "procurement.services."
FORMS = "procurement.forms."
APPROVAL_KIND = "procurement.purchase"

S = PurchaseStatus


def is_requester(purchase, user):
    if purchase.requester_id != user.pk:
        return ValidationError(
            _("Only the requester may do this."), code="not_requester"
        )
    return None


def may_submit(purchase, user):
    """The requester submits a request that has its budget line and lines and
    fits what is left on the line (or an approver allowed it over budget)."""
    refusal = is_requester(purchase, user)
    if refusal is not None:
        return refusal
    if purchase.budget_line_id is None:
        return ValidationError(
            _("Choose the budget line this purchase is charged to."), code="no_line"
        )
    if not purchase.lines.exists():
        return ValidationError(_("Add at least one line before submitting."))
    from .services import budget_refusal

    return budget_refusal(purchase)


may_decide = chain_decider(
    APPROVAL_KIND,
    own_refusal=gettext_lazy(
        "You asked for this purchase: someone else decides on it."
    ),
)


def not_decided_yet(purchase, user):
    """The requester may withdraw until the first decision is taken."""
    refusal = is_requester(purchase, user)
    if refusal is not None:
        return refusal
    if purchase.status == S.SUBMITTED:
        from logistics.approvals.selectors import pending_approval

        approval = pending_approval(APPROVAL_KIND, purchase)
        if approval is not None and approval.decisions.exists():
            return ValidationError(
                _("A decision was taken already: it can no longer be withdrawn."),
                code="decided",
            )
    return None


def may_override(purchase, user):
    """An approver (not the requester) lets a request over its budget line go on."""
    if purchase.requester_id == user.pk:
        return ValidationError(
            _("You asked for this purchase: another approver overrides the budget."),
            code="own_request",
        )
    if purchase.budget_line_id is None:
        return ValidationError(_("Choose a budget line first."), code="no_line")
    from .selectors import over_budget_by

    if over_budget_by(purchase) <= 0:
        return ValidationError(
            _("This request is within its budget line."), code="within_budget"
        )
    if (
        purchase.override_total is not None
        and purchase.override_total >= purchase.estimated_total
    ):
        return ValidationError(
            _("It was allowed over budget already."), code="overridden"
        )
    return None


def _approved_message(purchase, result):
    purchase.refresh_from_db(fields=["status"])
    if purchase.status == S.APPROVED:
        return _("Purchase approved.")
    return _("Step approved: the request goes to the next step.")


def _accepted_message(purchase, acceptance):
    purchase.refresh_from_db(fields=["status"])
    if purchase.status == S.RECEIVED:
        return _("Delivery accepted: everything has arrived.")
    return _("Delivery accepted: some lines are still to come.")


PURCHASE_WORKFLOW = Workflow(
    statuses=STATUSES,
    document_kwarg="purchase",
    url_namespace="procurement",
    actions=[
        Action(
            name="submit",
            label=gettext_lazy("Submit for approval"),
            sources=EDITABLE,
            target=S.SUBMITTED,
            permission="procurement.add_purchaserequest",
            condition=may_submit,
            service=SERVICES + "purchase_submit",
            success=gettext_lazy("Submitted: it waits for approval."),
        ),
        Action(
            name="attach",
            label=gettext_lazy("Attach"),
            heading=gettext_lazy("Attach a quote or a document"),
            sources=EDITABLE,
            permission="procurement.add_purchaserequest",
            condition=is_requester,
            form=FORMS + "AttachmentForm",
            form_prefix="attach",
            service=SERVICES + "purchase_attach",
            style="outline-primary",
            success=gettext_lazy("Attached."),
        ),
        Action(
            name="override",
            label=gettext_lazy("Allow over budget"),
            heading=gettext_lazy("Allow this request over its budget line"),
            sources=frozenset({S.DRAFT, S.REJECTED, S.SUBMITTED}),
            permission="procurement.override_budget",
            condition=may_override,
            form=FORMS + "OverrideForm",
            form_prefix="override",
            service=SERVICES + "purchase_override",
            style="warning",
            success=gettext_lazy("Over-budget override recorded."),
        ),
        *decision_actions(
            APPROVAL_KIND,
            sources={S.SUBMITTED},
            approved=S.APPROVED,
            rejected=S.REJECTED,
            condition=may_decide,
            approve_service=SERVICES + "purchase_approve",
            reject_service=SERVICES + "purchase_reject",
            approve_heading=gettext_lazy("Approve the purchase"),
            reject_heading=gettext_lazy("Reject the purchase"),
            approved_message=_approved_message,
            rejected_message=gettext_lazy("Purchase rejected."),
        ),
        Action(
            name="withdraw",
            label=gettext_lazy("Withdraw"),
            sources=frozenset({S.DRAFT, S.SUBMITTED, S.REJECTED}),
            target=S.WITHDRAWN,
            permission="procurement.add_purchaserequest",
            condition=not_decided_yet,
            service=SERVICES + "purchase_withdraw",
            style="outline-secondary",
            confirm=gettext_lazy("Withdraw this purchase request?"),
            success=gettext_lazy("Purchase request withdrawn."),
        ),
        Action(
            name="order",
            label=gettext_lazy("Record the order"),
            heading=gettext_lazy("Record the order"),
            sources=frozenset({S.APPROVED}),
            target=S.ORDERED,
            permission="procurement.order_purchaserequest",
            form=FORMS + "OrderForm",
            form_prefix="order",
            service=SERVICES + "purchase_order",
            success=gettext_lazy("Order recorded."),
        ),
        Action(
            name="accept",
            label=gettext_lazy("Accept the delivery"),
            heading=gettext_lazy("Accept a delivery (验收)"),
            sources=frozenset({S.ORDERED}),
            target=S.RECEIVED,
            permission="procurement.accept_purchaserequest",
            form=FORMS + "AcceptanceForm",
            form_prefix="accept",
            fields=(
                "accepted_on",
                "witness",
                "invoice_number",
                "delivery_note",
                "note_text",
                "received",
            ),
            service=SERVICES + "purchase_accept",
            success=_accepted_message,
        ),
        Action(
            name="pay",
            label=gettext_lazy("Record the payment"),
            heading=gettext_lazy("Record the payment"),
            sources=frozenset({S.RECEIVED}),
            target=S.CLOSED,
            permission="procurement.pay_purchaserequest",
            form=FORMS + "PaymentForm",
            form_prefix="pay",
            service=SERVICES + "purchase_pay",
            success=gettext_lazy("Payment recorded; the request is closed."),
        ),
    ],
)
