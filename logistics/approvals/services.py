"""Every change to approvals, deputies and chains: one function per action.

Rows are locked in one order everywhere: the document first, then its approval
(then its stage). An app's service that locked its document calls these inside
its transaction; the core, deciding from the inbox, locks the document through
the kind's model before the approval, so the two never wait on each other.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import display_name
from ..notifications import notify, settle
from ..roles import Role
from ..scoping import school_id_of
from .choices import ApprovalStatus, Outcome, RequesterRule, StageStatus
from .kinds import approval_kind, default_steps, document_model, kind_for
from .models import (
    Approval,
    ApprovalChain,
    ApprovalDecision,
    ApprovalStage,
    ApprovalStep,
    Delegation,
)
from .selectors import authority, deciders, holds_step

logger = logging.getLogger(__name__)

CHAIN_PERMISSION = "logistics.change_approvalchain"
STEP_FIELDS = (
    "order",
    "name",
    "role",
    "person",
    "min_amount",
    "max_amount",
    "collective",
    "requester_rule",
)
STEP_DEFAULTS = {
    "name": "",
    "role": "",
    "person": None,
    "min_amount": None,
    "max_amount": None,
    "collective": False,
    "requester_rule": RequesterRule.OTHER_HOLDER,
}


# -- chains ----------------------------------------------------------------------------


def chain_create_default(*, school, kind):
    """The school's chain for ``kind`` from the defaults (None if there are none);
    an existing chain is returned as it is."""
    chain = ApprovalChain.objects.filter(school=school, kind=kind).first()
    if chain is not None:
        return chain
    steps = default_steps(kind)
    if not steps:
        return None
    chain = ApprovalChain.objects.create(school=school, kind=kind)
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            school=school,
            chain=chain,
            order=order,
            name=step.name,
            role=Role(step.role).value,
            min_amount=step.min_amount,
            max_amount=step.max_amount,
            collective=step.collective,
            requester_rule=step.requester_rule,
        )
        for order, step in enumerate(steps, start=1)
    )
    return chain


def chains_create_defaults(*, school):
    """Give ``school`` the default chain of every kind it has none for."""
    from .kinds import known_kinds

    return [
        chain
        for kind in known_kinds()
        if (chain := chain_create_default(school=school, kind=kind)) is not None
    ]


def _check_steps(school, steps):
    """Errors of a chain's steps as {index or None: [messages]}; empty: fine."""
    errors = {}

    def add(index, message):
        errors.setdefault(index, []).append(message)

    if not steps:
        add(None, _("A chain needs at least one step."))
        return errors
    orders = [step["order"] for step in steps]
    if len(set(orders)) != len(orders):
        add(None, _("Two steps have the same order: give each its own number."))
    for index, step in enumerate(steps):
        role, person = step.get("role") or "", step.get("person")
        if bool(role) == (person is not None):
            add(index, _("Choose either a role or a named person."))
        if role and role not in Role.values:
            add(index, _("Choose one of the roles."))
        if person is not None and (
            school_id_of(person) != school.pk or not person.is_active
        ):
            add(index, _("The named person is not an active member of this school."))
        low, high = step.get("min_amount"), step.get("max_amount")
        if low is not None and low < 0:
            add(index, _("Amounts cannot be negative."))
        if low is not None and high is not None and low >= high:
            add(index, _("“From” must be below “below”."))
        if high is not None and high <= 0:
            add(index, _("“Below” must be more than zero."))
    if errors:
        return errors
    # Every amount must meet at least one step, or a document of that amount
    # would have nobody to decide on it.
    bands = sorted(
        (step.get("min_amount") or Decimal("0"), step.get("max_amount"))
        for step in steps
    )
    covered = Decimal("0")
    for low, high in bands:
        if low > covered:
            break
        if high is None:
            covered = None
            break
        covered = max(covered, high)
    if covered is not None:
        add(
            None,
            _(
                "From ¥%(amount)s on no step applies: every amount needs at "
                "least one step."
            )
            % {"amount": f"{covered:,.2f}"},
        )
    return errors


@transaction.atomic
def approval_chain_save(*, chain, steps, allow_repeat_decider, by):
    """Replace the chain's steps (a list of dicts of ``STEP_FIELDS``). Approvals
    under way keep the steps they started with."""
    if not by.has_perm(CHAIN_PERMISSION) or school_id_of(by) != chain.school_id:
        raise PermissionDenied
    chain = ApprovalChain.objects.select_for_update().get(pk=chain.pk)
    steps = [{**STEP_DEFAULTS, **step} for step in steps]
    errors = _check_steps(chain.school, steps)
    if errors:
        raise ValidationError(
            {
                ("__all__" if index is None else f"step-{index}"): messages
                for index, messages in errors.items()
            }
        )
    chain.steps.all().delete()
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            school_id=chain.school_id,
            chain=chain,
            **{name: step.get(name) for name in STEP_FIELDS if name != "order"},
            order=position,
        )
        # Renumbered 1, 2, 3… in the order given.
        for position, step in enumerate(
            sorted(steps, key=lambda step: step["order"]), start=1
        )
    )
    chain.allow_repeat_decider = allow_repeat_decider
    chain.updated_at, chain.updated_by = timezone.now(), by
    chain.save(update_fields=["allow_repeat_decider", "updated_at", "updated_by"])
    return chain


# -- approvals -------------------------------------------------------------------------


def _note(document, *, by, text):
    """A line on the document's timeline, if it keeps one."""
    if hasattr(document, "current_status"):
        from ..workflow import note

        note(document, by=by, text=text)


def _notify_deciders(approval):
    stage = approval.current_stage
    if stage is None:
        return
    people = deciders(approval, stage)
    if not people:
        logger.warning(
            "Approval %s step %s: nobody may decide it", approval.pk, stage.order
        )
        return
    notify(
        recipients=people,
        title=lambda: (
            _("Waiting for your decision: %(title)s") % {"title": approval.title}
        ),
        body=lambda: (
            _("Step %(order)d: %(step)s. Requested by %(who)s.")
            % {
                "order": stage.order,
                "step": stage.title,
                "who": display_name(approval.requester),
            }
        ),
        url=approval.url,
        pending=True,
    )


def _settle(approval):
    settle(school_id=approval.school_id, url=approval.url, before=timezone.now())


@transaction.atomic
def approval_start(*, document, by, kind=None):
    """Start the approval of ``document`` along its school's chain: the steps whose
    amount band holds the document's amount, in order; the people of the first
    step are told. Call it from the app's service, with the document locked."""
    kind = approval_kind(kind) if isinstance(kind, str) else kind or kind_for(document)
    if school_id_of(by) != document.school_id:
        raise PermissionDenied
    chain = chain_create_default(school=document.school, kind=kind.key)
    if chain is None:
        raise ValidationError(
            _("This school has no approval chain for %(kind)s yet.")
            % {"kind": kind.label},
            code="no_chain",
        )
    if Approval.objects.for_document(kind.key, document).pending().exists():
        raise ValidationError(
            _("This is already waiting for approval."), code="already_pending"
        )
    amount = kind.amount(document) if kind.amount else None
    requester = kind.requester(document)
    steps = [step for step in chain.steps.all() if step.applies_to(amount)]
    if not steps:
        raise ValidationError(
            _(
                "No step of the approval chain applies to ¥%(amount)s: ask the "
                "administrator to complete the chain."
            )
            % {"amount": f"{amount:,.2f}"},
            code="no_step",
        )
    with translation.override(settings.LANGUAGE_CODE):  # kept in the site's language
        title = str(kind.title(document))[:200]
    approval = Approval.objects.create(
        school_id=document.school_id,
        kind=kind.key,
        object_id=document.pk,
        title=title,
        url=kind.document_url(document),
        amount=amount,
        requester=requester,
        allow_repeat_decider=chain.allow_repeat_decider,
    )
    stages = ApprovalStage.objects.bulk_create(
        ApprovalStage(
            school_id=document.school_id,
            approval=approval,
            **{name: getattr(step, name) for name in STEP_FIELDS},
        )
        for step in steps
    )
    _skip_requester_steps(stages, requester)
    approval.current_stage = next(
        (stage for stage in stages if stage.status == StageStatus.WAITING), None
    )
    approval.save(update_fields=["current_stage"])
    _notify_deciders(approval)
    return approval


def _skip_requester_steps(stages, requester):
    """Steps whose role the requester holds and whose rule says "skip to the next
    step" go to the next step; the last step never skips (another holder of its
    role decides), so nobody's request approves itself."""
    for index, stage in enumerate(stages):
        later = any(s.status == StageStatus.WAITING for s in stages[index + 1 :])
        skip = stage.requester_rule == RequesterRule.NEXT_STEP or stage.person_id
        if later and skip and holds_step(requester, stage):
            stage.status = StageStatus.SKIPPED
            stage.note = _("The requester holds this role: passed to the next step.")
            stage.save(update_fields=["status", "note"])


def _lock_document(approval):
    model = document_model(approval.kind)
    return model._default_manager.select_for_update().get(pk=approval.object_id)


MINUTES_NEEDED = "minutes_needed"


@transaction.atomic
def approval_decide(
    *,
    approval,
    by,
    approve,
    comment="",
    meeting_date=None,
    minutes=None,
    document=None,
):
    """Decide the current step: approve (the next step's people are told, or the
    document is approved when it was the last) or reject (a comment is needed;
    the document is rejected). A collective step needs the meeting's date and
    minutes. Exactly one decision counts when two arrive together."""
    kind = approval_kind(approval.kind)
    document = _lock_document(approval) if document is None else document
    approval = (
        Approval.objects.select_for_update()
        .select_related("requester")
        .get(pk=approval.pk)
    )
    stage = (
        ApprovalStage.objects.select_for_update().get(pk=approval.current_stage_id)
        if approval.current_stage_id
        else None
    )
    granted = authority(approval, by, stage=stage)
    if not granted.allowed:
        raise granted.error
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError(
            _("Say why it is rejected: a rejection needs a comment."),
            code="comment_required",
        )
    if stage.collective:
        if meeting_date is None or not minutes:
            raise ValidationError(
                _("A collective decision needs the meeting's date and its minutes."),
                code=MINUTES_NEEDED,
            )
        if meeting_date > timezone.localdate():
            raise ValidationError(
                _("The meeting's date cannot be in the future."), code="future_meeting"
            )
    now = timezone.now()
    decision = ApprovalDecision(
        school_id=approval.school_id,
        stage=stage,
        approval=approval,
        decided_by=by,
        on_behalf_of=granted.on_behalf_of,
        outcome=Outcome.APPROVED if approve else Outcome.REJECTED,
        comment=comment,
        decided_at=now,
        meeting_date=meeting_date if stage.collective else None,
    )
    if stage.collective:
        decision.minutes.save(minutes.name, minutes, save=False)
    decision.save()
    stage.status = StageStatus.APPROVED if approve else StageStatus.REJECTED
    stage.save(update_fields=["status"])
    _settle(approval)
    following = (
        approval.stages.filter(order__gt=stage.order, status=StageStatus.WAITING)
        .order_by("order")
        .first()
        if approve
        else None
    )
    if following is not None:
        _note(document, by=by, text=decision.summary)
        approval.current_stage = following
        approval.save(update_fields=["current_stage"])
        _notify_deciders(approval)
        return decision
    # The last step approved, or a step rejected: the app moves its document,
    # and its status change carries the decision's summary on the timeline.
    _finish(
        approval, ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED, now
    )
    if approve:
        kind.on_approved(document, decision=decision)
    else:
        kind.on_rejected(document, decision=decision)
    return decision


def _finish(approval, status, now):
    approval.status = status
    approval.finished_at = now
    approval.current_stage = None
    approval.save(update_fields=["status", "finished_at", "current_stage"])
    approval.stages.filter(status=StageStatus.WAITING).update(
        status=StageStatus.NOT_REACHED
    )


def approval_decide_many(*, approvals, by, comment=""):
    """Approve several at once (the inbox's "approve selected"). Each is decided
    in its own transaction: one refused leaves the others decided. Returns
    (decided approvals, [(approval, reason)])."""
    decided, refused = [], []
    for approval in approvals:
        try:
            approval_decide(approval=approval, by=by, approve=True, comment=comment)
        except ValidationError as error:
            refused.append((approval, " ".join(error.messages)))
        else:
            decided.append(approval)
    return decided, refused


@transaction.atomic
def approval_cancel(*, document, by, kind=None):
    """Stop the document's approval under way (the requester withdrew it): the
    waiting steps are not reached and their notices are settled. Call it from the
    app's service with the document locked; nothing happens if none is pending."""
    kind = approval_kind(kind) if isinstance(kind, str) else kind or kind_for(document)
    approval = (
        Approval.objects.for_document(kind.key, document)
        .pending()
        .select_for_update()
        .first()
    )
    if approval is None:
        return None
    _finish(approval, ApprovalStatus.CANCELLED, timezone.now())
    _settle(approval)
    return approval


# -- delegations -----------------------------------------------------------------------


@transaction.atomic
def delegation_create(*, person, deputy, starts_on, ends_on, reason="", by):
    """``person`` names ``deputy`` to decide in their place from ``starts_on`` to
    ``ends_on`` (both included); one deputy at a time."""
    if by.pk != person.pk:
        raise PermissionDenied
    school_id = school_id_of(person)
    if school_id is None:
        raise PermissionDenied
    # One at a time per person: their own row is the lock.
    get_user_model().objects.select_for_update().get(pk=person.pk)
    errors = {}
    if deputy is None or deputy.pk == person.pk:
        errors["deputy"] = _("Name someone else as your deputy.")
    elif school_id_of(deputy) != school_id or not deputy.is_active:
        errors["deputy"] = _("The deputy must be an active member of your school.")
    if starts_on > ends_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    elif ends_on < timezone.localdate():
        errors["ends_on"] = _("The end date has passed already.")
    if errors:
        raise ValidationError(errors)
    overlapping = (
        Delegation.objects.filter(school_id=school_id, person=person, ended_at=None)
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .select_related("deputy__profile")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _(
                "You named %(deputy)s from %(start)s to %(end)s already: end that "
                "first or choose other dates."
            )
            % {
                "deputy": display_name(overlapping.deputy),
                "start": overlapping.starts_on.isoformat(),
                "end": overlapping.ends_on.isoformat(),
            },
            code="overlap",
        )
    delegation = Delegation.objects.create(
        school_id=school_id,
        person=person,
        deputy=deputy,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
    )
    notify(
        recipients=[deputy],
        title=lambda: (
            _("%(person)s named you deputy from %(start)s to %(end)s")
            % {
                "person": display_name(person),
                "start": starts_on.isoformat(),
                "end": ends_on.isoformat(),
            }
        ),
        body=lambda: delegation.reason,
        url=_inbox_url(),
    )
    return delegation


def _inbox_url():
    from django.urls import reverse

    return reverse("approvals:inbox")


@transaction.atomic
def delegation_end(*, delegation, by):
    """End a delegation now (the person is back); its decisions stay as recorded."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if by.pk != delegation.person_id:
        raise PermissionDenied
    if delegation.ended_at is not None or delegation.ends_on < timezone.localdate():
        raise ValidationError(_("This delegation has ended already."), code="ended")
    delegation.ended_at = timezone.now()
    delegation.save(update_fields=["ended_at"])
    return delegation
