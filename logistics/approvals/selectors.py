"""Who may decide an approval's current step, and what waits for a person.

One rule, used by the pages (the inbox, the document's buttons) and by the
services before they record anything (``decide_refusal``):

- nobody decides a step of a document they asked for, also not as a deputy;
- unless the chain allows it, nobody decides two steps of one document, neither
  in their own name nor for someone else (a collective step records the
  meeting's decision and is exempt);
- the step's named person, or a holder of its role in the school, decides;
- a deputy decides for such a person while the delegation is in force, and the
  decision records on whose behalf.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..registry import registry
from ..roles import Role, user_roles
from ..scoping import school_id_of
from .choices import ApprovalStatus, StageStatus
from .models import Approval, ApprovalChain, ApprovalDecision, Delegation


def holders(school_id, role):
    """Active users of the school who hold ``role``."""
    return (
        get_user_model()
        .objects.filter(
            profile__school_id=school_id, groups__name=Role(role).value, is_active=True
        )
        .select_related("profile")
        .distinct()
    )


def holds_step(user, stage):
    """Whether ``user`` is the step's named person or holds its role."""
    if stage.person_id:
        return stage.person_id == user.pk
    return stage.role in user_roles(user)


def involved(approval):
    """The ids of everyone who decided a step of ``approval`` or was decided for."""
    people = set()
    for decided_by, on_behalf_of in ApprovalDecision.objects.filter(
        approval=approval
    ).values_list("decided_by_id", "on_behalf_of_id"):
        people.add(decided_by)
        if on_behalf_of:
            people.add(on_behalf_of)
    return people


def _principal_refusal(approval, stage, principal, earlier):
    """Why ``principal`` may not decide ``stage`` in their own right, or None."""
    if principal.pk == approval.requester_id:
        return ValidationError(
            _("You asked for this: someone else decides on it."), code="own_request"
        )
    if not approval.allow_repeat_decider and not stage.collective:
        if principal.pk in earlier:
            return ValidationError(
                _(
                    "You decided an earlier step of this: someone else decides this one."
                ),
                code="second_step",
            )
    if not principal.is_active or school_id_of(principal) != approval.school_id:
        return ValidationError(_("You may not do this."), code="not_allowed")
    if not holds_step(principal, stage):
        return ValidationError(
            _("This step is decided by %(who)s.") % {"who": stage.decider_label},
            code="not_allowed",
        )
    return None


@dataclass
class Authority:
    """Whether a user may decide a stage now, and on whose behalf."""

    error: ValidationError | None = None
    on_behalf_of: object = None  # the principal when deciding as a deputy

    @property
    def allowed(self):
        return self.error is None


def authority(approval, user, *, stage=None, today=None, earlier=None):
    """May ``user`` decide the current stage of ``approval`` now, and for whom?"""
    if user is None or not user.is_authenticated:
        return Authority(ValidationError(_("Sign in first."), code="not_allowed"))
    if school_id_of(user) != approval.school_id:
        return Authority(
            ValidationError(_("This belongs to another school."), code="other_school")
        )
    if approval.status != ApprovalStatus.PENDING:
        return Authority(
            ValidationError(
                _("This was decided already: it is “%(status)s”.")
                % {"status": approval.get_status_display()},
                code="decided",
            )
        )
    stage = stage or approval.current_stage
    if stage is None or stage.status != StageStatus.WAITING:
        return Authority(
            ValidationError(_("This step was decided already."), code="decided")
        )
    earlier = involved(approval) if earlier is None else earlier
    own = _principal_refusal(approval, stage, user, earlier)
    if own is None:
        return Authority()
    if own.code in {"own_request", "second_step"}:
        return Authority(own)  # being someone's deputy changes nothing here
    today = today or timezone.localdate()
    for delegation in (
        Delegation.objects.active_on(today)
        .filter(school_id=approval.school_id, deputy=user)
        .select_related("person__profile")
    ):
        principal = delegation.person
        if _principal_refusal(approval, stage, principal, earlier) is None:
            return Authority(on_behalf_of=principal)
    return Authority(own)


def decide_refusal(approval, user):
    """The refusal as a ValidationError, or None when ``user`` may decide now."""
    return authority(approval, user).error


def document_refusal(kind, document, user):
    """Why ``user`` may not decide ``document``'s current approval step now (a
    ValidationError), or None: for an app's declared approve/reject actions."""
    approval = pending_approval(kind, document)
    if approval is None:
        return ValidationError(
            _("No approval is under way for this."), code="no_approval"
        )
    return authority(approval, user).error


def document_authority(kind, document, user):
    """(approval under way or None, Authority) of ``user`` over ``document``."""
    approval = pending_approval(kind, document)
    if approval is None:
        return None, Authority(
            ValidationError(_("No approval is under way for this."), code="no_approval")
        )
    return approval, authority(approval, user)


def pending_approval(kind, document):
    """The approval of ``document`` under way, or None."""
    return (
        Approval.objects.for_document(kind, document)
        .pending()
        .select_related("current_stage__person__profile")
        .first()
    )


def latest_approval(kind, document):
    """The document's latest approval (under way or finished), or None."""
    return (
        Approval.objects.for_document(kind, document)
        .select_related("current_stage")
        .order_by("-started_at", "-id")
        .first()
    )


def stages_with_decisions(approval):
    """The approval's stages in order, each with its decision (or None)."""
    stages = list(
        approval.stages.select_related(
            "person__profile",
            "decision__decided_by__profile",
            "decision__on_behalf_of__profile",
        )
    )
    for stage in stages:
        stage.the_decision = getattr(stage, "decision", None)
    return stages


def deciders(approval, stage=None, today=None):
    """Everyone who may decide the current stage now: the step's people and
    their deputies in force (for the bell)."""
    stage = stage or approval.current_stage
    if stage is None:
        return []
    earlier = involved(approval)
    if stage.person_id:
        candidates = [stage.person]
    else:
        candidates = list(holders(approval.school_id, stage.role))
    principals = [
        person
        for person in candidates
        if _principal_refusal(approval, stage, person, earlier) is None
    ]
    today = today or timezone.localdate()
    deputies = [
        delegation.deputy
        for delegation in Delegation.objects.active_on(today)
        .filter(school_id=approval.school_id, person__in=principals)
        .select_related("deputy")
        if delegation.deputy_id != approval.requester_id
        and (
            approval.allow_repeat_decider
            or stage.collective
            or delegation.deputy_id not in earlier
        )
    ]
    return list(dict.fromkeys([*principals, *deputies]))


@dataclass
class InboxItem:
    approval: Approval
    stage: object
    on_behalf_of: object = None

    @property
    def kind_label(self):
        return self.approval.kind_label


def waiting_for(user, today=None):
    """The approvals whose current step ``user`` may decide now, oldest first,
    in their own right or as a deputy."""
    school_id = school_id_of(user)
    if school_id is None:
        return []
    today = today or timezone.localdate()
    principals = [user] + [
        delegation.person
        for delegation in Delegation.objects.active_on(today)
        .filter(school_id=school_id, deputy=user)
        .select_related("person")
    ]
    roles = set()
    for person in principals:
        roles |= set(user_roles(person))
    candidates = (
        Approval.objects.filter(school_id=school_id, status=ApprovalStatus.PENDING)
        .filter(
            Q(current_stage__person__in=principals)
            | Q(current_stage__person__isnull=True, current_stage__role__in=roles)
        )
        .exclude(requester=user)
        .select_related("current_stage__person__profile", "requester__profile")
        .order_by("started_at", "id")
    )
    candidates = list(candidates)
    # Who decided the earlier steps, for every candidate in one query (not one
    # query per item: the inbox costs the same whatever it holds).
    earlier = {approval.pk: set() for approval in candidates}
    for approval_id, decided_by, on_behalf_of in ApprovalDecision.objects.filter(
        approval_id__in=list(earlier)
    ).values_list("approval_id", "decided_by_id", "on_behalf_of_id"):
        earlier[approval_id].add(decided_by)
        if on_behalf_of:
            earlier[approval_id].add(on_behalf_of)
    items = []
    for approval in candidates:
        result = authority(approval, user, today=today, earlier=earlier[approval.pk])
        if result.allowed:
            items.append(
                InboxItem(approval, approval.current_stage, result.on_behalf_of)
            )
    return items


def may_see(approval, user):
    """The requester, whoever decided or may decide it, and whoever the document's
    app lets see the document."""
    if school_id_of(user) != approval.school_id:
        return False
    if approval.requester_id == user.pk:
        return True
    if (
        ApprovalDecision.objects.filter(approval=approval)
        .filter(Q(decided_by=user) | Q(on_behalf_of=user))
        .exists()
    ):
        return True
    if approval.is_pending and authority(approval, user).allowed:
        return True
    kind = registry.approval_kinds.get(approval.kind)
    if kind is None or kind.visible_to is None:
        return False
    from .kinds import document_model

    document = (
        document_model(approval.kind)
        ._default_manager.filter(pk=approval.object_id)
        .first()
    )
    return document is not None and bool(kind.visible_to(user, document))


def chains_for(school):
    """The school's chains with their steps, by kind."""
    return {
        chain.kind: chain
        for chain in ApprovalChain.objects.for_school(school).prefetch_related(
            "steps__person__profile"
        )
    }


def delegations_of(user):
    """The user's delegations: those they made and those naming them deputy."""
    return (
        Delegation.objects.for_user(user)
        .filter(Q(person=user) | Q(deputy=user))
        .select_related("person__profile", "deputy__profile")
        .order_by("-starts_on", "-id")
    )


def decisions_visible_to(user):
    """The school's decisions with minutes whose approval ``user`` may see (minutes
    are few: a collective step's, so they are checked one by one)."""
    from .models import ApprovalDecision

    mine = ApprovalDecision.objects.for_user(user).exclude(minutes="")
    return mine.filter(
        pk__in=[
            decision.pk
            for decision in mine.select_related("approval")
            if may_see(decision.approval, user)
        ]
    )
