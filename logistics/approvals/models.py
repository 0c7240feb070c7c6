"""Approval chains per school and kind of document, the approval of each document,
its decisions, and deputies. Imported at the end of ``logistics/models.py`` so the
models belong to the ``logistics`` app."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import fields
from ..roles import Role
from ..scoping import SchoolQuerySet, SchoolScopedModel
from .choices import (
    APPROVAL_STATUSES,
    STAGE_STATUSES,
    ApprovalStatus,
    Outcome,
    RequesterRule,
    StageStatus,
)
from .storage import private_storage

__all__ = [
    "Approval",
    "ApprovalChain",
    "ApprovalDecision",
    "ApprovalStage",
    "ApprovalStep",
    "Delegation",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


class StepFields(models.Model):
    """What a step of a chain says, kept again on each approval's stage so that a
    chain edited later leaves approvals under way as they started."""

    # Words apps translate their own way ("status", "order"…) take a context here,
    # or the core's catalogue, read first, would change the apps' labels.
    order = models.PositiveSmallIntegerField(pgettext_lazy("approval", "order"))
    name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Optional, e.g. “School administrative meeting”."),
    )
    role = models.CharField(_("role"), max_length=30, blank=True, choices=Role.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named person"),
    )
    min_amount = models.DecimalField(
        _("from amount"),
        null=True,
        blank=True,
        help_text=_("The step applies from this amount (yuan), inclusive."),
        **MONEY,
    )
    max_amount = models.DecimalField(
        _("below amount"),
        null=True,
        blank=True,
        help_text=_("The step applies below this amount (yuan)."),
        **MONEY,
    )
    collective = models.BooleanField(
        _("collective decision"),
        default=False,
        help_text=_(
            "Decided by the school's administrative meeting (集体决策): the "
            "meeting's date and minutes are attached."
        ),
    )
    requester_rule = models.CharField(
        _("when the requester holds this role"),
        max_length=20,
        choices=RequesterRule.choices,
        default=RequesterRule.OTHER_HOLDER,
    )

    class Meta:
        abstract = True

    def applies_to(self, amount):
        """Whether the step applies to a document of ``amount`` (None: no amount,
        every step applies)."""
        if amount is None:
            return True
        if self.min_amount is not None and amount < self.min_amount:
            return False
        return self.max_amount is None or amount < self.max_amount

    @property
    def decider_label(self):
        """Who decides: the named person or the role."""
        if self.person_id:
            from ..models import display_name

            return display_name(self.person)
        return Role(self.role).label if self.role else ""

    @property
    def title(self):
        return self.name or self.decider_label

    @property
    def band_label(self):
        """The amounts the step applies to, as people read them."""
        low, high = self.min_amount, self.max_amount
        if low is None and high is None:
            return _("any amount")
        if high is None:
            return _("from ¥%(low)s") % {"low": f"{low:,.2f}"}
        if low is None or low == 0:
            return _("below ¥%(high)s") % {"high": f"{high:,.2f}"}
        return _("¥%(low)s to below ¥%(high)s") % {
            "low": f"{low:,.2f}",
            "high": f"{high:,.2f}",
        }


def _step_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=(models.Q(role="") & models.Q(person__isnull=False))
            | (~models.Q(role="") & models.Q(person__isnull=True)),
            name=f"{prefix}_role_or_person",
        ),
        models.CheckConstraint(
            condition=models.Q(role="") | models.Q(role__in=Role.values),
            name=f"{prefix}_role_valid",
        ),
        models.CheckConstraint(
            condition=models.Q(min_amount__isnull=True)
            | models.Q(max_amount__isnull=True)
            | models.Q(min_amount__lt=models.F("max_amount")),
            name=f"{prefix}_band_ordered",
        ),
        models.CheckConstraint(
            condition=models.Q(min_amount__isnull=True) | models.Q(min_amount__gte=0),
            name=f"{prefix}_min_not_negative",
        ),
        models.CheckConstraint(
            condition=models.Q(requester_rule__in=RequesterRule.values),
            name=f"{prefix}_requester_rule_valid",
        ),
    ]


class ApprovalChain(SchoolScopedModel):
    """The steps a kind of document goes through in one school (审批流程)."""

    kind = models.CharField(_("document type"), max_length=60)
    allow_repeat_decider = models.BooleanField(
        _("one person may decide several steps"),
        default=False,
        help_text=_(
            "Off: whoever decided one step of a document may not decide another "
            "(a collective step records the meeting's decision and is exempt)."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["school_id", "kind"]
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"], name="approvalchain_kind_unique"
            ),
        ]

    def __str__(self):
        return str(self.kind_label)

    @property
    def kind_label(self):
        from .kinds import kind_label

        return kind_label(self.kind)

    def get_absolute_url(self):
        return reverse("approvals:chain-edit", args=[self.pk])


class ApprovalStep(StepFields, SchoolScopedModel):
    """One step of a chain, in order."""

    chain = models.ForeignKey(
        ApprovalChain,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("approval chain"),
    )

    class Meta:
        ordering = ["chain", "order"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "order"], name="approvalstep_order_unique"
            ),
            *_step_constraints("approvalstep"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ApprovalQuerySet(SchoolQuerySet):
    def for_document(self, kind, document):
        return self.filter(kind=kind, object_id=document.pk)

    def pending(self):
        return self.filter(status=ApprovalStatus.PENDING)


class Approval(SchoolScopedModel):
    """One document's way through its chain: the stages that apply to it and
    where it stands. A document asked again after a refusal gets a new one."""

    kind = models.CharField(_("document type"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("document id"))
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("approval", "requester"),
    )
    status = models.CharField(
        pgettext_lazy("approval", "status"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
    )
    allow_repeat_decider = models.BooleanField(
        _("one person may decide several steps"), default=False
    )
    current_stage = models.ForeignKey(
        "ApprovalStage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current step"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "-started_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["kind", "object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ApprovalStatus.values),
                name="approval_status_valid",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(status="pending"),
                name="approval_one_pending_per_document",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="approval_amount_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("approvals:detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == ApprovalStatus.PENDING

    statuses = APPROVAL_STATUSES

    @property
    def status_tone(self):
        return self.statuses.tone(self.status)

    @property
    def kind_label(self):
        from .kinds import kind_label

        return kind_label(self.kind)


class ApprovalStage(StepFields, SchoolScopedModel):
    """A step of the chain that applies to one approval, and how it stands."""

    approval = models.ForeignKey(
        Approval,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("approval"),
    )
    status = models.CharField(
        pgettext_lazy("approval", "status"),
        max_length=20,
        choices=StageStatus.choices,
        default=StageStatus.WAITING,
    )
    note = models.CharField(
        pgettext_lazy("approval", "note"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["approval", "order"]
        verbose_name = _("approval stage")
        verbose_name_plural = _("approval stages")
        constraints = [
            models.UniqueConstraint(
                fields=["approval", "order"], name="approvalstage_order_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=StageStatus.values),
                name="approvalstage_status_valid",
            ),
            *_step_constraints("approvalstage"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    statuses = STAGE_STATUSES

    @property
    def status_tone(self):
        return self.statuses.tone(self.status)


def minutes_path(instance, filename):
    return f"approvals/{instance.school_id}/{timezone.now():%Y/%m}/{filename}"


class ApprovalDecision(SchoolScopedModel):
    """The one decision of a stage: who, on behalf of whom, what, why, when;
    for a collective stage the meeting's date and minutes."""

    stage = models.OneToOneField(
        ApprovalStage,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("step"),
    )
    approval = models.ForeignKey(
        Approval,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("approval"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    comment = fields.TextField(_("comment"), max_length=fields.TEXT_LENGTH, blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    minutes = models.FileField(
        _("minutes"),
        upload_to=minutes_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )

    class Meta:
        ordering = ["approval", "decided_at", "id"]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values),
                name="approvaldecision_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(on_behalf_of=models.F("decided_by")),
                name="approvaldecision_deputy_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.stage}: {self.get_outcome_display()}"

    @property
    def summary(self):
        """ "Step 1 (Logistics head) approved by 陈志强 on behalf of 赵明远: …",
        for the document's timeline."""
        from ..models import display_name

        stage = self.stage
        values = {
            "order": stage.order,
            "step": stage.title,
            "who": display_name(self.decided_by),
            "principal": display_name(self.on_behalf_of),
        }
        approved = self.outcome == Outcome.APPROVED
        if approved and self.on_behalf_of_id:
            text = _(
                "Step %(order)d (%(step)s) approved by %(who)s on behalf of "
                "%(principal)s"
            )
        elif approved:
            text = _("Step %(order)d (%(step)s) approved by %(who)s")
        elif self.on_behalf_of_id:
            text = _(
                "Step %(order)d (%(step)s) rejected by %(who)s on behalf of "
                "%(principal)s"
            )
        else:
            text = _("Step %(order)d (%(step)s) rejected by %(who)s")
        text = str(text) % values
        if self.meeting_date:
            text += str(_("; meeting of %(date)s")) % {
                "date": self.meeting_date.isoformat()
            }
        if self.comment:
            text += str(_(": %(comment)s")) % {"comment": self.comment}
        return text


class DelegationQuerySet(SchoolQuerySet):
    def active_on(self, day):
        """Delegations in force on ``day`` (not ended early)."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, ended_at__isnull=True)


class Delegation(SchoolScopedModel):
    """A person away names a deputy (代理) who decides in their place for a while."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deputy"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended early"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "-starts_on", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        indexes = [
            models.Index(fields=["school", "deputy", "ends_on"]),
            models.Index(fields=["school", "person", "ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="delegation_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("deputy")),
                name="delegation_deputy_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.deputy}"

    def in_force(self, day=None):
        day = day or timezone.localdate()
        return self.ended_at is None and self.starts_on <= day <= self.ends_on
