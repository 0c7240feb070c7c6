"""What may be done to a requisition and to a print job, by whom and when:
declared once. Pages show ``available_actions``; services check the same."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.approvals.selectors import document_authority
from logistics.workflow import Action, Workflow

from .choices import (
    PRINT_STATUSES,
    REQUISITION_STATUSES,
    PrintStatus,
    RequisitionStatus,
)

SERVICES = "supplies.services_docs."
FORMS = "supplies.forms."
APPROVAL_FORMS = "logistics.approvals.forms."
REQUISITION_KIND = "supplies.requisition"
PRINT_KIND = "supplies.print_job"


def _decider(kind):
    def condition(document, user):
        if document.requester_id == user.pk:
            return ValidationError(
                _("You asked for this: someone else decides on it."),
                code="own_request",
            )
        return document_authority(kind, document, user)[1].error

    return condition


def _requester_only(document, user):
    if document.requester_id != user.pk:
        return _("Only the person who asked may do this.")
    return None


R = RequisitionStatus

REQUISITION_WORKFLOW = Workflow(
    statuses=REQUISITION_STATUSES,
    document_kwarg="requisition",
    url_namespace="supplies",
    url_prefix="requisition-",
    actions=[
        Action(
            name="approve",
            label=gettext_lazy("Approve"),
            heading=gettext_lazy("Approve the requisition"),
            sources=frozenset({R.SUBMITTED}),
            target=R.APPROVED,
            condition=_decider(REQUISITION_KIND),
            form=FORMS + "RequisitionApproveForm",
            form_prefix="approve",
            service=SERVICES + "requisition_approve",
            style="success",
            success=gettext_lazy("Decision recorded."),
        ),
        Action(
            name="reject",
            label=gettext_lazy("Reject"),
            heading=gettext_lazy("Reject the requisition"),
            sources=frozenset({R.SUBMITTED}),
            target=R.REJECTED,
            condition=_decider(REQUISITION_KIND),
            form=APPROVAL_FORMS + "RejectForm",
            form_prefix="reject",
            service=SERVICES + "requisition_reject",
            style="outline-danger",
            success=gettext_lazy("Requisition rejected."),
        ),
        Action(
            name="issue",
            label=gettext_lazy("Hand over"),
            heading=gettext_lazy("Hand over the items"),
            sources=frozenset({R.APPROVED}),
            target=R.ISSUED,
            permission="supplies.issue_stock",
            forbidden=gettext_lazy("Only the storekeeper issues from the warehouse."),
            form=FORMS + "HandoverForm",
            form_prefix="issue",
            service=SERVICES + "requisition_issue",
            success=gettext_lazy("Handed over; the stock is updated."),
        ),
        Action(
            name="confirm",
            label=gettext_lazy("I received the items"),
            sources=frozenset({R.ISSUED}),
            target=R.RECEIVED,
            condition=_requester_only,
            service=SERVICES + "requisition_confirm",
            style="success",
            success=gettext_lazy("Receipt confirmed."),
        ),
        Action(
            name="cancel",
            label=gettext_lazy("Cancel the requisition"),
            sources=frozenset({R.SUBMITTED}),
            target=R.CANCELLED,
            condition=_requester_only,
            service=SERVICES + "requisition_cancel",
            style="outline-secondary",
            confirm=gettext_lazy("Cancel this requisition?"),
            success=gettext_lazy("Requisition cancelled."),
        ),
    ],
)

P = PrintStatus

PRINT_WORKFLOW = Workflow(
    statuses=PRINT_STATUSES,
    document_kwarg="job",
    url_namespace="supplies",
    url_prefix="printjob-",
    actions=[
        Action(
            name="approve",
            label=gettext_lazy("Approve"),
            heading=gettext_lazy("Approve the print job"),
            sources=frozenset({P.SUBMITTED}),
            target=P.APPROVED,
            condition=_decider(PRINT_KIND),
            form=APPROVAL_FORMS + "ApproveForm",
            form_prefix="approve",
            service=SERVICES + "printjob_approve",
            style="success",
            success=gettext_lazy("Decision recorded."),
        ),
        Action(
            name="reject",
            label=gettext_lazy("Reject"),
            heading=gettext_lazy("Reject the print job"),
            sources=frozenset({P.SUBMITTED}),
            target=P.REJECTED,
            condition=_decider(PRINT_KIND),
            form=APPROVAL_FORMS + "RejectForm",
            form_prefix="reject",
            service=SERVICES + "printjob_reject",
            style="outline-danger",
            success=gettext_lazy("Print job rejected."),
        ),
        Action(
            name="done",
            label=gettext_lazy("Mark as printed"),
            sources=frozenset({P.APPROVED}),
            target=P.DONE,
            permission="supplies.run_printjob",
            forbidden=gettext_lazy("Only the print room marks print jobs done."),
            service=SERVICES + "printjob_done",
            style="success",
            confirm=gettext_lazy("Printed? The paper is issued from stock."),
            success=gettext_lazy("Printed; the paper is issued from stock."),
        ),
        Action(
            name="cancel",
            label=gettext_lazy("Cancel the print job"),
            sources=frozenset({P.SUBMITTED, P.APPROVED}),
            target=P.CANCELLED,
            condition=_requester_only,
            service=SERVICES + "printjob_cancel",
            style="outline-secondary",
            confirm=gettext_lazy("Cancel this print job?"),
            success=gettext_lazy("Print job cancelled."),
        ),
    ],
)
