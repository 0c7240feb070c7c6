"""What may be done to a disposal and to a stocktake, by whom and when: declared once.

The pages show what ``available_actions`` returns; the services check the same
declaration (``DISPOSAL_WORKFLOW.check``); ``move_to`` enforces the table built
from it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.approvals.actions import chain_decider, decision_actions
from logistics.workflow import Action, Workflow

from .choices import (
    ASSET_STATUSES,
    DISPOSAL_STATUSES,
    MONTH_STATUSES,
    ON_LEDGER,
    STOCKTAKE_STATUSES,
    AssetStatus,
    DisposalStatus,
    MonthStatus,
    StocktakeStatus,
)

SERVICES = "assets.services."
FORMS = "assets.forms."
APPROVAL_KIND = (
    "assets.disposal"  # its approval chain in the core (logistics/approvals)
)

# The card itself: what the ledger keepers may do from its page. A card's status
# changes through disposals and stocktakes, so these actions record, not move.
ASSET_WORKFLOW = Workflow(
    statuses=ASSET_STATUSES,
    document_kwarg="asset",
    url_namespace="assets",
    actions=[
        Action(
            name="transfer",
            label=gettext_lazy("Transfer"),
            heading=gettext_lazy("Transfer"),
            sources=ON_LEDGER,
            permission="assets.transfer_asset",
            form=FORMS + "TransferForm",
            service=SERVICES + "asset_transfer",
            template="assets/_card_action.html",
            success=gettext_lazy("Transferred."),
        ),
        Action(
            name="dispose",
            label=gettext_lazy("Propose disposal"),
            heading=gettext_lazy("Propose disposal"),
            sources=frozenset(ON_LEDGER - {AssetStatus.AWAITING_DISPOSAL}),
            permission="assets.add_disposal",
            form=FORMS + "DisposalProposeForm",
            # The card's page also has the transfer form, whose reason would
            # share the field's id (and its label) without a prefix.
            form_prefix="dispose",
            service=SERVICES + "disposal_propose",
            style="outline-danger",
            template="assets/_card_action.html",
            success=gettext_lazy("Disposal proposed; it waits for approval."),
        ),
        Action(
            name="adjust",
            label=gettext_lazy("Record an adjustment"),
            heading=gettext_lazy("Adjust the value or the years"),
            sources=ON_LEDGER,
            permission="assets.change_asset",
            form=FORMS + "AdjustmentForm",
            form_prefix="adjust",
            service="assets.posting.asset_adjust",
            style="outline-primary",
            template="assets/_card_action.html",
            success=gettext_lazy(
                "Adjustment recorded: the new monthly amount applies from its month."
            ),
        ),
    ],
)

D = DisposalStatus


may_decide = chain_decider(
    APPROVAL_KIND,
    asked_by=lambda disposal: disposal.proposed_by_id,
    own_refusal=gettext_lazy("You proposed this disposal: someone else decides on it."),
)


def _approved_message(disposal, result):
    disposal.refresh_from_db(fields=["status"])
    if disposal.status == D.APPROVED:
        return _("Disposal approved.")
    return _("Step approved: the disposal goes to the next step.")


DISPOSAL_WORKFLOW = Workflow(
    statuses=DISPOSAL_STATUSES,
    document_kwarg="disposal",
    url_namespace="assets",
    url_prefix="disposal-",
    actions=[
        *decision_actions(
            APPROVAL_KIND,
            sources={D.PROPOSED},
            approved=D.APPROVED,
            rejected=D.REJECTED,
            condition=may_decide,
            approve_service=SERVICES + "disposal_approve",
            reject_service=SERVICES + "disposal_reject",
            approve_heading=gettext_lazy("Approve the disposal"),
            reject_heading=gettext_lazy("Reject the disposal"),
            approved_message=_approved_message,
            rejected_message=gettext_lazy("Disposal rejected."),
        ),
        Action(
            name="withdraw",
            label=gettext_lazy("Withdraw the proposal"),
            sources=frozenset({D.PROPOSED}),
            target=D.WITHDRAWN,
            permission="assets.add_disposal",
            service=SERVICES + "disposal_withdraw",
            style="outline-secondary",
            success=gettext_lazy("Disposal proposal withdrawn."),
        ),
        Action(
            name="complete",
            label=gettext_lazy("Record as disposed"),
            heading=gettext_lazy("Record that it was disposed of"),
            sources=frozenset({D.APPROVED}),
            target=D.DISPOSED,
            permission="assets.change_disposal",
            form=FORMS + "DisposalCompleteForm",
            service=SERVICES + "disposal_complete",
            style="danger",
            success=gettext_lazy("The asset is recorded as disposed of."),
        ),
    ],
)


T = StocktakeStatus


def not_applied(stocktake, user):
    if stocktake.applied_at is not None:
        return ValidationError(
            _("The results were applied already."), code="already_applied"
        )
    return None


def _applied_message(stocktake, changed):
    return _("%(count)d assets updated from the stocktake.") % {"count": changed}


STOCKTAKE_WORKFLOW = Workflow(
    statuses=STOCKTAKE_STATUSES,
    document_kwarg="stocktake",
    url_namespace="assets",
    url_prefix="stocktake-",
    actions=[
        Action(
            name="start",
            label=gettext_lazy("Start counting"),
            sources=frozenset({T.OPEN}),
            target=T.COUNTING,
            permission="assets.run_stocktake",
            service=SERVICES + "stocktake_start",
        ),
        Action(
            name="close",
            label=gettext_lazy("Close the stocktake"),
            sources=frozenset({T.COUNTING}),
            target=T.CLOSED,
            permission="assets.run_stocktake",
            service=SERVICES + "stocktake_close",
            style="warning",
            confirm=gettext_lazy(
                "Close the stocktake? Assets not counted will be reported as not found."
            ),
            success=gettext_lazy("Stocktake closed."),
        ),
        Action(
            name="apply",
            label=gettext_lazy("Apply the results to the ledger"),
            sources=frozenset({T.CLOSED}),
            permission="assets.run_stocktake",
            condition=not_applied,
            service=SERVICES + "stocktake_apply",
            style="danger",
            confirm=gettext_lazy("Apply the results to the ledger?"),
            success=_applied_message,
        ),
    ],
)


def latest_closed(month, user):
    """Only the latest closed month may be reopened: the months after it rest on it."""
    from .models import DepreciationMonth

    later = DepreciationMonth.objects.filter(
        school_id=month.school_id, status=MonthStatus.CLOSED, month__gt=month.month
    ).exists()
    if later:
        return ValidationError(
            _("Only the latest closed month can be reopened."), code="not_latest"
        )
    return None


# A closed month (月末计提): the accountant may reopen the latest one, with a reason.
MONTH_WORKFLOW = Workflow(
    statuses=MONTH_STATUSES,
    document_kwarg="period",
    url_namespace="assets",
    url_prefix="month-",
    actions=[
        Action(
            name="reopen",
            label=gettext_lazy("Reopen the month"),
            heading=gettext_lazy("Reopen the month"),
            sources=frozenset({MonthStatus.CLOSED}),
            target=MonthStatus.REOPENED,
            permission="assets.close_depreciation_month",
            condition=latest_closed,
            form=FORMS + "ReopenMonthForm",
            service="assets.posting.month_reopen",
            style="outline-danger",
            confirm=gettext_lazy(
                "Reopen the month? Its posted depreciation stops counting until "
                "it is closed again."
            ),
            success=gettext_lazy("The month is reopened."),
        ),
    ],
)
