"""What may be done to a repair request, by whom and when: declared once.

The request's page shows the actions ``REPAIR_WORKFLOW.available(repair, user)``
returns; each service checks the same action before it acts
(``REPAIR_WORKFLOW.check``); ``move_to`` enforces the table built from it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.workflow import Action, Workflow

from .choices import OPEN, STATUSES
from .choices import RepairStatus as S

TRIAGE = "repairs.triage_repairrequest"
WORK = "repairs.work_repairrequest"
FILE = "repairs.add_repairrequest"

# Parts: the technician records them while working; the logistics head (who holds
# repairs.change_repairpart) corrects them (adds, changes, removes) whenever work
# was done, also after the requester confirmed, so the ledger and the statistics
# of items replaced are right.
PART_WORK_STATUSES = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
NO_WORK_STATUSES = frozenset({S.SUBMITTED, S.REJECTED, S.CANCELLED})


def _refuse(message, code):
    return ValidationError(message, code=code)


def requester_only(message):
    def condition(repair, user):
        if repair.requester_id != user.pk:
            return _refuse(message(), "not_requester")
        return None

    return condition


def technician_only(repair, user):
    if repair.technician_id != user.pk:
        return _refuse(_("Only the assigned technician can do this."), "not_technician")
    return None


def is_part_correction(repair, user):
    """Whether ``user`` changes parts as the head, not as the working technician."""
    working = repair.technician_id == user.pk and repair.status in PART_WORK_STATUSES
    return not working and user.has_perm("repairs.change_repairpart")


def part_editor(repair, user):
    """The technician while working, or the head correcting once work was done."""
    if repair.technician_id == user.pk and repair.status in PART_WORK_STATUSES:
        return None
    if user.has_perm("repairs.change_repairpart"):
        if repair.status in NO_WORK_STATUSES:
            return _refuse(
                _("No work was done on this request: there are no parts to record."),
                "no_work",
            )
        return None
    if repair.technician_id == user.pk:
        return _refuse(
            _("Parts can only be recorded while the repair is open."), "not_open"
        )
    return _refuse(
        _(
            "Only the assigned technician records parts; the logistics head may "
            "correct them."
        ),
        "not_technician",
    )


def photo_taker(repair, user):
    if user.pk not in (repair.requester_id, repair.technician_id):
        return _refuse(
            _("Only the requester or the technician can add photos."), "not_allowed"
        )
    return None


def damage_open(repair, user):
    if repair.compensation_paid_at:
        return _refuse(_("The compensation has already been paid."), "already_paid")
    return None


def compensation_due(repair, user):
    if not repair.is_damage or repair.compensation_amount is None:
        return _refuse(_("No compensation is due on this request."), "no_compensation")
    return damage_open(repair, user)


def _follows(repair, user):
    cached = getattr(repair, "_followed_by", {})
    if user.pk not in cached:
        cached[user.pk] = repair.followers.filter(pk=user.pk).exists()
        repair._followed_by = cached
    return cached[user.pk]


def may_follow(repair, user):
    if repair.requester_id == user.pk:
        return _refuse(_("You filed this request."), "not_allowed")
    if _follows(repair, user):
        return _refuse(_("You already follow this request."), "not_allowed")
    return None


def may_unfollow(repair, user):
    if not _follows(repair, user):
        return _refuse(_("You do not follow this request."), "not_allowed")
    return None


def _assign_label(repair, user):
    return _("Reassign") if repair.technician_id else _("Assign")


def _assign_heading(repair, user):
    return _("Reassign") if repair.technician_id else _("Assign a technician")


def _part_heading(repair, user):
    if repair.technician_id == user.pk and repair.is_open:
        return _("Record a part used")
    return _("Add a missing part")


def _damage_heading(repair, user):
    if repair.is_damage:
        return _("Change damage and compensation")
    return _("Record damage and compensation")


SERVICES = "repairs.services."
FORMS = "repairs.forms."
ANY_WORKED = frozenset(set(S) - {S.REJECTED, S.CANCELLED})

REPAIR_WORKFLOW = Workflow(
    statuses=STATUSES,
    document_kwarg="repair",
    url_namespace="repairs",
    actions=[
        Action(
            name="confirm",
            label=gettext_lazy("Confirm repair"),
            heading=gettext_lazy("Is it fixed?"),
            sources=frozenset({S.DONE}),
            target=S.CONFIRMED,
            permission=FILE,
            condition=requester_only(
                lambda: _("Only the requester can confirm the repair.")
            ),
            form=FORMS + "ConfirmForm",
            service=SERVICES + "repair_request_confirm",
            style="success",
            success=gettext_lazy("Thank you: the repair is confirmed."),
        ),
        Action(
            name="reopen",
            label=gettext_lazy("Not fixed: reopen"),
            heading=gettext_lazy("Not fixed?"),
            sources=frozenset({S.DONE}),
            target=S.REOPENED,
            permission=FILE,
            condition=requester_only(
                lambda: _("Only the requester can reopen the repair.")
            ),
            form=FORMS + "ReasonForm",
            form_prefix="reopen",
            service=SERVICES + "repair_request_reopen",
            style="outline-danger",
            success=gettext_lazy("The repair was sent back to the technician."),
        ),
        Action(
            name="start",
            label=gettext_lazy("Start work"),
            sources=frozenset({S.ASSIGNED, S.REOPENED}),
            target=S.IN_PROGRESS,
            permission=WORK,
            forbidden=gettext_lazy("Only the assigned technician can do this."),
            condition=technician_only,
            service=SERVICES + "repair_request_start",
            success=gettext_lazy("Work started."),
        ),
        Action(
            name="assign",
            label=_assign_label,
            heading=_assign_heading,
            # ASSIGNED → ASSIGNED is a reassignment to another technician.
            sources=frozenset({S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED}),
            target=S.ASSIGNED,
            permission=TRIAGE,
            forbidden=gettext_lazy("Only the logistics head assigns repairs."),
            form=FORMS + "AssignForm",
            service=SERVICES + "repair_request_assign",
            success=lambda repair, result: (
                _("%(number)s assigned.") % {"number": repair.number}
            ),
        ),
        Action(
            name="reject",
            label=gettext_lazy("Reject"),
            heading=gettext_lazy("Reject the request"),
            sources=frozenset({S.SUBMITTED}),
            target=S.REJECTED,
            permission=TRIAGE,
            forbidden=gettext_lazy("Only the logistics head rejects repairs."),
            form=FORMS + "ReasonForm",
            form_prefix="reject",
            service=SERVICES + "repair_request_reject",
            style="outline-danger",
            success=gettext_lazy("The request was rejected."),
        ),
        Action(
            name="part_add",
            label=gettext_lazy("Add part"),
            heading=_part_heading,
            permission=(WORK, "repairs.change_repairpart"),
            forbidden=gettext_lazy(
                "Only the assigned technician records parts; the logistics head may "
                "correct them."
            ),
            condition=part_editor,
            form=FORMS + "PartForm",
            service=SERVICES + "repair_part_add",
            style="outline-primary",
            success=gettext_lazy("Part recorded."),
        ),
        Action(
            name="done",
            label=gettext_lazy("Mark done"),
            heading=gettext_lazy("Finish the repair"),
            sources=frozenset({S.IN_PROGRESS}),
            target=S.DONE,
            permission=WORK,
            forbidden=gettext_lazy("Only the assigned technician can do this."),
            condition=technician_only,
            form=FORMS + "DoneForm",
            service=SERVICES + "repair_request_done",
            style="success",
            success=gettext_lazy("Marked done. The requester is asked to confirm."),
        ),
        Action(
            name="photo_add",
            label=gettext_lazy("Upload"),
            heading=gettext_lazy("Add a photo"),
            sources=OPEN,
            condition=photo_taker,
            form=FORMS + "PhotoForm",
            service=SERVICES + "repair_photos_add",
            style="outline-primary",
            success=gettext_lazy("Photo added."),
        ),
        Action(
            name="damage",
            label=gettext_lazy("Record damage"),
            heading=_damage_heading,
            sources=ANY_WORKED,
            permission=TRIAGE,
            forbidden=gettext_lazy("Only the logistics head assesses damage."),
            condition=damage_open,
            form=FORMS + "DamageForm",
            service=SERVICES + "repair_request_assess_damage",
            style="warning",
            template="repairs/_damage_action.html",
            success=gettext_lazy("Damage and compensation recorded."),
        ),
        Action(
            name="compensation_paid",
            label=gettext_lazy("Mark compensation paid"),
            permission="repairs.mark_compensation_paid",
            forbidden=gettext_lazy("Only the accountant records payments."),
            condition=compensation_due,
            service=SERVICES + "repair_request_mark_compensation_paid",
            style="success",
            success=gettext_lazy("Compensation marked paid."),
        ),
        Action(
            name="cancel",
            label=gettext_lazy("Cancel request"),
            heading=gettext_lazy("Cancel the request"),
            sources=frozenset({S.SUBMITTED}),
            target=S.CANCELLED,
            permission=FILE,
            condition=requester_only(
                lambda: _("Only the requester can cancel a request.")
            ),
            form=FORMS + "OptionalReasonForm",
            form_prefix="cancel",
            service=SERVICES + "repair_request_cancel",
            style="outline-secondary",
            success=gettext_lazy("The request was cancelled."),
        ),
        Action(
            name="follow",
            label=gettext_lazy("Follow this request"),
            sources=OPEN,
            condition=may_follow,
            service=SERVICES + "repair_request_follow",
            style="link",
            success=gettext_lazy(
                "You follow this request and will hear of its progress."
            ),
        ),
        Action(
            name="unfollow",
            label=gettext_lazy("Stop following"),
            sources=OPEN,
            condition=may_unfollow,
            service=SERVICES + "repair_request_unfollow",
            style="link",
            success=gettext_lazy("You no longer follow this request."),
        ),
    ],
)

TRANSITIONS = REPAIR_WORKFLOW.transitions
