"""The approve and reject actions of a document decided through an approval chain,
declared once for every app (a disposal, a purchase, a requisition, a print job).

An app's ``workflows.py`` adds ``*decision_actions(...)`` to its workflow's actions;
the condition, the heading that names the step (and whose deputy decides) and the
forms are the core's, the services and the messages the app's.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.models import display_name
from logistics.workflow import Action

from .selectors import document_authority

APPROVE_FORM = "logistics.approvals.forms.ApproveForm"
REJECT_FORM = "logistics.approvals.forms.RejectForm"


def requester_id(document):
    return document.requester_id


def chain_decider(kind, *, asked_by=requester_id, own_refusal=None):
    """A condition: nobody decides on what they asked for (``asked_by(document)``
    is their id; ``own_refusal`` says so in the app's words); otherwise the
    school's chain says whether the person decides the current step now."""

    def condition(document, user):
        if asked_by(document) == user.pk:
            return ValidationError(
                own_refusal or _("You asked for this: someone else decides on it."),
                code="own_request",
            )
        return document_authority(kind, document, user)[1].error

    return condition


def decision_heading(kind, verb):
    """The decision's heading: the verb, the step and, for a deputy, for whom."""

    def heading(document, user):
        approval, granted = document_authority(kind, document, user)
        stage = approval.current_stage if approval else None
        if stage is None:
            return verb
        values = {"verb": verb, "order": stage.order, "step": stage.title}
        if granted.on_behalf_of is not None:
            values["who"] = display_name(granted.on_behalf_of)
            return _("%(verb)s: step %(order)d, %(step)s, as deputy of %(who)s") % (
                values
            )
        return _("%(verb)s: step %(order)d, %(step)s") % values

    return heading


def decision_actions(
    kind,
    *,
    sources,
    approved,
    rejected,
    approve_service,
    reject_service,
    approve_heading,
    reject_heading,
    approved_message,
    rejected_message,
    condition=None,
    approve_form=APPROVE_FORM,
):
    """[approve, reject] for documents of ``kind`` waiting in ``sources``."""
    condition = condition or chain_decider(kind)
    return [
        Action(
            name="approve",
            label=gettext_lazy("Approve"),
            heading=decision_heading(kind, approve_heading),
            sources=frozenset(sources),
            target=approved,
            condition=condition,
            form=approve_form,
            form_prefix="approve",
            service=approve_service,
            style="success",
            success=approved_message,
        ),
        Action(
            name="reject",
            label=gettext_lazy("Reject"),
            heading=decision_heading(kind, reject_heading),
            sources=frozenset(sources),
            target=rejected,
            condition=condition,
            form=REJECT_FORM,
            form_prefix="reject",
            service=reject_service,
            style="outline-danger",
            success=rejected_message,
        ),
    ]
