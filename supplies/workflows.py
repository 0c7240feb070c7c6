"""What may be done to a requisition and to a print job, by whom and when:
declared once. Pages show ``available_actions``; services check the same."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.approvals.actions import decision_actions
from logistics.workflow import Action, Workflow

from .choices import (
    PRINT_STATUSES,
    REQUISITION_STATUSES,
    PrintStatus,
    RequisitionStatus,
)

SERVICES = "supplies.services_docs."
FORMS = "supplies.forms."
REQUISITION_KIND = "supplies.requisition"
PRINT_KIND = "supplies.print_job"


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
        *decision_actions(
            REQUISITION_KIND,
            sources={R.SUBMITTED},
            approved=R.APPROVED,
            rejected=R.REJECTED,
            approve_service=SERVICES + "requisition_approve",
            reject_service=SERVICES + "requisition_reject",
            approve_heading=gettext_lazy("Approve the requisition"),
            reject_heading=gettext_lazy("Reject the requisition"),
            approve_form=FORMS + "RequisitionApproveForm",
            approved_message=gettext_lazy("Decision recorded."),
            rejected_message=gettext_lazy("Requisition rejected."),
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
        *decision_actions(
            PRINT_KIND,
            sources={P.SUBMITTED},
            approved=P.APPROVED,
            rejected=P.REJECTED,
            approve_service=SERVICES + "printjob_approve",
            reject_service=SERVICES + "printjob_reject",
            approve_heading=gettext_lazy("Approve the print job"),
            reject_heading=gettext_lazy("Reject the print job"),
            approved_message=gettext_lazy("Decision recorded."),
            rejected_message=gettext_lazy("Print job rejected."),
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
