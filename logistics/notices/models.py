"""The outbox, the schools' group robots, and each person's notice preferences."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import fields
from ..scoping import SchoolQuerySet, SchoolScopedModel


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("WeCom (企业微信) group robot")
    DINGTALK = "dingtalk", _("DingTalk (钉钉) group robot")
    FEISHU = "feishu", _("Feishu (飞书) group robot")


def masked(secret, keep=4):
    """A secret as it is shown back: its last characters only."""
    if not secret:
        return ""
    return "…" + secret[-keep:] if len(secret) > keep * 2 else "…"


class Robot(SchoolScopedModel):
    """A group chat's robot that receives the school's (or one department's) notices.

    The webhook address holds the robot's key, so it is a secret like the signing
    secret: neither is ever shown back in full.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=RobotKind.choices)
    department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_(
            "Empty: the whole school's group. A department's group receives the "
            "notices about its people's repairs and approvals."
        ),
    )
    webhook = models.CharField(_("webhook address"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk's 加签 secret (SEC…) or Feishu's signature key."),
    )
    urgent_only = models.BooleanField(
        _("urgent notices only"),
        default=False,
        help_text=_("Only emergencies, hazards and approvals past their deadline."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["school_id", "department_id", "name"]
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RobotKind.values),
                name="robot_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_webhook(self):
        parts = urlsplit(self.webhook)
        return f"{parts.scheme}://{parts.netloc}/{masked(self.webhook)}"

    @property
    def masked_secret(self):
        return masked(self.secret)

    def clean(self):
        from .channels import check_webhook

        if self.webhook:
            try:
                check_webhook(self.webhook)
            except ValueError as error:
                raise ValidationError({"webhook": str(error)}) from error
        if (
            self.department_id
            and self.school_id
            and self.department.school_id != self.school_id
        ):
            raise ValidationError(
                {"department": _("The department belongs to another school.")}
            )


class DeliveryMode(models.TextChoices):
    NOW = "now", _("At once")
    DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("Only in the bell")


class NoticePreference(SchoolScopedModel):
    """How one person wants their notices outside the site: per kind of notice at
    once, in a daily digest at the time they choose, or only in the bell. Urgent
    notices always go at once. A person without a row gets everything at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preference",
        verbose_name=_("user"),
    )
    # kind (an app's label, "reminders"…) -> DeliveryMode; kinds not named: NOW.
    modes = models.JSONField(_("delivery by kind"), default=dict, blank=True)
    digest_time = models.TimeField(_("digest time"), default=datetime.time(17, 0))

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        default_permissions = ()

    def __str__(self):
        return str(self.user)

    def mode_for(self, kind):
        mode = self.modes.get(kind, DeliveryMode.NOW)
        return mode if mode in DeliveryMode.values else DeliveryMode.NOW


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    ROBOT = "robot", _("Group robot")
    # One row per notice for the group robots, turned by the worker into a row
    # per robot that should get it (so notify() never reads the robots).
    ROBOTS = "robots", _("Group robots (to route)")


class OutboxStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CLAIMED = "claimed", _("Taken by the worker")
    SENDING = "sending", _("Sending")
    HELD = "held", _("Held for the daily digest")
    SENT = "sent", _("Sent")
    IN_DIGEST = "in_digest", _("Sent in a digest")
    SKIPPED = "skipped", _("Not wanted")
    FAILED = "failed", _("Failed")
    # The worker stopped between sending and recording it: it may have arrived,
    # so it is not sent again by itself; the administrator decides.
    INTERRUPTED = "interrupted", _("Interrupted, may have arrived")


class OutboxView(models.TextChoices):
    """The three tabs of the outbox page and the statuses each shows."""

    SENT = "sent", _("Sent")
    WAITING = "waiting", _("Waiting")
    FAILED = "failed", _("Failed")


OUTBOX_VIEWS = {
    OutboxView.SENT: frozenset(
        {OutboxStatus.SENT, OutboxStatus.IN_DIGEST, OutboxStatus.SKIPPED}
    ),
    OutboxView.WAITING: frozenset(
        {
            OutboxStatus.WAITING,
            OutboxStatus.CLAIMED,
            OutboxStatus.SENDING,
            OutboxStatus.HELD,
        }
    ),
    OutboxView.FAILED: frozenset({OutboxStatus.FAILED, OutboxStatus.INTERRUPTED}),
}
RESENDABLE = OUTBOX_VIEWS[OutboxView.FAILED]


class OutboxMessageQuerySet(SchoolQuerySet):
    def shown(self):
        """What the outbox page lists: deliveries, not the rows still to route."""
        return self.exclude(channel=Channel.ROBOTS)


class OutboxMessage(SchoolScopedModel):
    """One notice to deliver through one channel: written with the change it
    reports, sent by the worker, retried with backoff, given up after a limit."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    robot = models.ForeignKey(
        Robot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("group robot"),
    )
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = fields.TextField(_("text"), max_length=fields.TEXT_LENGTH * 2, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    # ROBOTS rows: who the notice is for and the department named by the caller,
    # read when the row is routed to the robots.
    recipient_ids = models.JSONField(_("recipients"), default=list, blank=True)
    department_id_hint = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("notice", "status"),
        max_length=12,
        choices=OutboxStatus.choices,
        default=OutboxStatus.WAITING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="included",
        verbose_name=_("sent in digest"),
    )

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        default_permissions = ("view",)
        permissions = [("resend_outboxmessage", _("Can resend a failed notice"))]
        indexes = [
            # The worker's queue: due rows of one status, oldest first.
            models.Index(fields=["status", "next_attempt_at", "id"]),
            models.Index(fields=["school", "status", "-created_at"]),
            models.Index(fields=["claim"], name="outbox_claim_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values),
                name="outboxmessage_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="outboxmessage_channel_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def resendable(self):
        return self.status in RESENDABLE

    @property
    def tone(self):
        if self.status in RESENDABLE:
            return "danger"
        if self.status in OUTBOX_VIEWS[OutboxView.WAITING]:
            return "warning"
        return "success" if self.status != OutboxStatus.SKIPPED else "secondary"

    @property
    def destination(self):
        """Where it goes, as the outbox page shows it (no secret)."""
        if self.channel == Channel.ROBOT:
            return str(self.robot) if self.robot_id else _("(robot removed)")
        if self.recipient_id:
            return self.recipient.email or str(self.recipient)
        return ""


class Reminder(SchoolScopedModel):
    """When a person was last reminded of one waiting document, so reminders follow
    the school's schedule and a wait that ended and began again starts afresh."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField(_("waiting since"))
    last_sent_at = models.DateTimeField(_("last reminded"))
    count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        ordering = ["-last_sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "person"],
                name="reminder_once_per_document_person",
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} → {self.person_id}"
