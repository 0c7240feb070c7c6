"""Campus safety (校园安全): the duty roster, patrol routes and rounds, the hazard
register, fire equipment, visitors and the school's safety documents."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import fields
from logistics.scoping import SchoolScopedModel
from logistics.workflow import WorkflowMixin

from .choices import (
    HAZARD_AWAITING_WORK,
    Answer,
    ConfirmMethod,
    DayKind,
    DocumentKind,
    FireKind,
    HazardLevel,
    HazardStatus,
    PhotoStage,
    Pressure,
    Shift,
)
from .workflows import HAZARD_WORKFLOW

USER = settings.AUTH_USER_MODEL


def photo_path(instance, filename):
    return f"safety/{instance.school_id}/{timezone.now():%Y/%m}/{filename}"


def document_path(instance, filename):
    return f"safety/{instance.school_id}/documents/{filename}"


def choices_check(field, choices, name):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}), name=name
    )


# -- the duty roster -------------------------------------------------------------


class Holiday(SchoolScopedModel):
    """A day off school (a public holiday, the vacation) or, with ``is_workday``, a
    weekend day worked instead (调休): rounds for holidays follow these days."""

    day = models.DateField(_("day"))
    name = fields.CharField(_("name"), max_length=50, blank=True)
    is_workday = models.BooleanField(
        _("worked (make-up day)"),
        default=False,
        help_text=_("A weekend day that is a school day."),
    )

    class Meta:
        ordering = ["school_id", "day"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="holiday_day_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.name}".strip()


class DutyAssignment(SchoolScopedModel):
    """Who is on duty on a day's shift (值班表); a swap keeps who was first named."""

    day = models.DateField(_("day"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    person = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("on duty")
    )
    note = fields.CharField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    swapped_from = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("swapped from"),
    )
    swap_reason = fields.CharField(
        _("reason for the swap"), max_length=fields.NOTE_LENGTH, blank=True
    )
    swapped_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("swap recorded by"),
    )
    swapped_at = models.DateTimeField(_("swapped at"), null=True, blank=True)

    class Meta:
        ordering = ["school_id", "day", "shift"]
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty roster")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "day", "shift"], name="duty_day_shift_unique"
            ),
            choices_check("shift", Shift, "duty_shift_valid"),
        ]
        indexes = [models.Index(fields=["school", "person", "day"])]

    def __str__(self):
        return f"{self.day} {self.get_shift_display()} {self.person}"


# -- routes and rounds -------------------------------------------------------------


class CheckpointKind(SchoolScopedModel):
    """A kind of checkpoint (classroom, laboratory, dormitory, gate…) and what is
    checked there, one item a line."""

    name = fields.CharField(_("name"), max_length=50)
    checklist = fields.TextField(
        _("checklist"),
        max_length=fields.TEXT_LENGTH,
        help_text=_("One item to check per line."),
    )

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("checkpoint kind")
        verbose_name_plural = _("checkpoint kinds")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="checkpointkind_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def items(self):
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class Route(SchoolScopedModel):
    """A patrol route: an ordered list of checkpoints."""

    name = fields.CharField(_("name"), max_length=60)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("patrol route")
        verbose_name_plural = _("patrol routes")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="route_name_unique")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("safety:route", args=[self.pk])


class Checkpoint(SchoolScopedModel):
    """One stop of a route: a core place, or a greening zone kept as its id and
    name (the greening app may be absent: never a key into it)."""

    route = models.ForeignKey(
        Route,
        on_delete=models.CASCADE,
        related_name="checkpoints",
        verbose_name=_("patrol route"),
    )
    order = models.PositiveSmallIntegerField(
        pgettext_lazy("safety", "order"), default=0
    )
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "place"),
    )
    zone_id = models.PositiveIntegerField(_("zone"), null=True, blank=True)
    zone_label = fields.CharField(_("zone name"), max_length=100, blank=True)
    kind = models.ForeignKey(
        CheckpointKind,
        on_delete=models.PROTECT,
        related_name="checkpoints",
        verbose_name=_("checkpoint kind"),
    )

    class Meta:
        ordering = ["route", "order", "id"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(location__isnull=False)
                | models.Q(zone_id__isnull=False),
                name="checkpoint_has_place",
            )
        ]

    def __str__(self):
        return self.place_label

    @property
    def place_label(self):
        if self.location_id:
            return str(self.location)
        return self.zone_label or _("zone %(id)s") % {"id": self.zone_id}


class RoundSchedule(SchoolScopedModel):
    """A patrol round of a shift: its route, its time window and the days it is
    walked (school days, holidays or both)."""

    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="+", verbose_name=_("route")
    )
    starts_at = models.TimeField(pgettext_lazy("safety", "from"))
    ends_at = models.TimeField(
        pgettext_lazy("safety", "until"),
        help_text=_("Earlier than the start: the window ends next day."),
    )
    days = models.CharField(
        _("days"), max_length=12, choices=DayKind.choices, default=DayKind.EVERY_DAY
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school_id", "starts_at"]
        verbose_name = _("patrol round")
        verbose_name_plural = _("patrol rounds")
        constraints = [
            choices_check("shift", Shift, "roundschedule_shift_valid"),
            choices_check("days", DayKind, "roundschedule_days_valid"),
        ]

    def __str__(self):
        return _("%(shift)s round %(start)s–%(end)s") % {
            "shift": self.get_shift_display(),
            "start": self.starts_at.strftime("%H:%M"),
            "end": self.ends_at.strftime("%H:%M"),
        }


class PatrolRound(SchoolScopedModel):
    """A round as walked: begun on a phone (its id made there, so a resend finds
    it), its checkpoints confirmed and answered, then finished."""

    client_id = models.UUIDField(_("client id"), unique=True, default=uuid.uuid4)
    schedule = models.ForeignKey(
        RoundSchedule,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("patrol round"),
    )
    day = models.DateField(_("day"))
    person = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("walked by")
    )
    started_at = models.DateTimeField(
        pgettext_lazy("safety", "started at"), default=timezone.now
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    note = fields.TextField(_("note"), max_length=fields.COMMENT_LENGTH, blank=True)

    class Meta:
        ordering = ["school_id", "-day", "schedule__starts_at"]
        verbose_name = _("round walked")
        verbose_name_plural = _("rounds walked")
        permissions = [
            ("walk_patrolround", _("Can walk patrol rounds")),
            ("manage_patrols", _("Can manage routes, checklists and the roster")),
            ("view_safety_report", _("Can see patrol records and safety reports")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "schedule", "day"], name="round_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["school", "day"])]

    def __str__(self):
        return f"{self.day} {self.schedule}"

    def get_absolute_url(self):
        return reverse("safety:round", args=[self.pk])


class CheckpointVisit(SchoolScopedModel):
    """A checkpoint reached on a round: its QR label scanned or ticked."""

    client_id = models.UUIDField(_("client id"), unique=True)
    patrol = models.ForeignKey(
        PatrolRound,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("round walked"),
    )
    checkpoint = models.ForeignKey(
        Checkpoint,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checkpoint"),
    )
    method = models.CharField(
        _("confirmed by"), max_length=5, choices=ConfirmMethod.choices
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["patrol", "at"]
        verbose_name = _("checkpoint visit")
        verbose_name_plural = _("checkpoint visits")
        constraints = [
            models.UniqueConstraint(
                fields=["patrol", "checkpoint"], name="visit_once_per_round"
            ),
            choices_check("method", ConfirmMethod, "visit_method_valid"),
        ]

    def __str__(self):
        return str(self.checkpoint)


class RoundAnswer(SchoolScopedModel):
    """One checklist item answered at a checkpoint, with a photo when wrong; what
    it led to (a repair, a hazard) is kept on it."""

    client_id = models.UUIDField(_("client id"), unique=True)
    patrol = models.ForeignKey(
        PatrolRound,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("round walked"),
    )
    checkpoint = models.ForeignKey(
        Checkpoint,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checkpoint"),
    )
    item = fields.CharField(pgettext_lazy("checklist", "item"), max_length=200)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    note = fields.CharField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    repair_number = fields.CharField(_("repair request"), max_length=30, blank=True)
    repair_url = models.CharField(_("repair link"), max_length=200, blank=True)
    hazard = models.ForeignKey(
        "Hazard",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hazard"),
    )

    class Meta:
        ordering = ["patrol", "at", "id"]
        verbose_name = _("round answer")
        verbose_name_plural = _("round answers")
        constraints = [
            models.UniqueConstraint(
                fields=["patrol", "checkpoint", "item"], name="answer_once_per_item"
            ),
            choices_check("answer", Answer, "answer_valid"),
        ]

    def __str__(self):
        return f"{self.checkpoint} · {self.item}: {self.get_answer_display()}"

    @property
    def is_problem(self):
        return self.answer == Answer.PROBLEM


# -- the hazard register -------------------------------------------------------------


class Hazard(WorkflowMixin, SchoolScopedModel):
    """A hazard (安全隐患) from its finding to its closing after re-inspection."""

    workflow = HAZARD_WORKFLOW

    number = fields.CharField(_("number"), max_length=30, blank=True)
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "place"),
    )
    place_label = fields.CharField(
        _("place (other)"),
        max_length=100,
        blank=True,
        help_text=_("Where it is when it is not one of the school's places."),
    )
    description = fields.TextField(_("description"), max_length=fields.TEXT_LENGTH)
    level = models.CharField(
        pgettext_lazy("safety", "level"),
        max_length=10,
        choices=HazardLevel.choices,
        default="general",
    )
    status = models.CharField(
        pgettext_lazy("hazard", "status"),
        max_length=12,
        choices=HazardStatus.choices,
        default=HazardStatus.REPORTED,
    )
    found_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("found by")
    )
    found_at = models.DateTimeField(
        pgettext_lazy("safety", "found at"), default=timezone.now
    )
    rectifier = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to be rectified by"),
    )
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectification = fields.TextField(
        _("what was done"), max_length=fields.TEXT_LENGTH, blank=True
    )
    reinspected_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-inspected by"),
    )
    closed_at = models.DateTimeField(
        pgettext_lazy("safety", "closed at"), null=True, blank=True
    )
    repair_number = fields.CharField(_("repair request"), max_length=30, blank=True)

    class Meta:
        ordering = ["school_id", "-found_at", "-id"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazard register")
        permissions = [
            ("manage_hazard", _("Can manage the hazard register")),
            ("view_all_hazard", _("Can see the whole hazard register")),
            ("export_hazard", _("Can export the hazard register")),
        ]
        constraints = [
            choices_check("status", HazardStatus, "hazard_status_valid"),
            choices_check("level", HazardLevel, "hazard_level_valid"),
            models.UniqueConstraint(
                fields=["school", "number"],
                condition=~models.Q(number=""),
                name="hazard_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-found_at", "-id"]),
            models.Index(fields=["school", "status", "rectify_by"]),
        ]

    def __str__(self):
        return self.number or _("hazard %(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return reverse("safety:hazard", args=[self.pk])

    @property
    def place(self):
        return str(self.location) if self.location_id else self.place_label

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(
            self.rectify_by
            and self.status in HAZARD_AWAITING_WORK
            and self.rectify_by < today
        )


class HazardPhoto(SchoolScopedModel):
    """A photo of a hazard as found or after its rectification, without EXIF."""

    hazard = models.ForeignKey(
        Hazard,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("hazard"),
    )
    stage = models.CharField(
        _("taken"), max_length=10, choices=PhotoStage.choices, default="found"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["hazard", "id"]
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")

    def __str__(self):
        return self.image.name


# -- fire equipment -------------------------------------------------------------------


class FireEquipment(SchoolScopedModel):
    """Fire equipment at a place (消防器材): extinguishers, hydrants, lights…"""

    kind = models.CharField(_("type"), max_length=20, choices=FireKind.choices)
    model = fields.CharField(_("model"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "place"),
    )
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    pressure = models.CharField(
        _("pressure"), max_length=10, choices=Pressure.choices, default="na"
    )
    asset_number = fields.CharField(_("asset number"), max_length=40, blank=True)
    note = fields.CharField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    expiry_notified_on = models.DateField(
        _("expiry notified on"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["school_id", "location", "kind", "id"]
        verbose_name = _("fire equipment")
        verbose_name_plural = _("fire equipment")
        permissions = [("check_fireequipment", _("Can record fire equipment checks"))]
        constraints = [
            choices_check("kind", FireKind, "fire_kind_valid"),
            choices_check("pressure", Pressure, "fire_pressure_valid"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="fire_quantity_positive"
            ),
        ]
        indexes = [models.Index(fields=["school", "expires_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.model} · {self.location}".strip()

    def get_absolute_url(self):
        return reverse("safety:fire-room", args=[self.location_id])

    def expiry_state(self, today, notice_days):
        """ "expired", "expiring" (within the notice days) or ""."""
        if not self.expires_on:
            return ""
        if self.expires_on < today:
            return "expired"
        if self.expires_on <= today + datetime.timedelta(days=notice_days):
            return "expiring"
        return ""


class FireCheck(SchoolScopedModel):
    """A monthly check of one unit, tapped on a phone."""

    client_id = models.UUIDField(_("client id"), unique=True, default=uuid.uuid4)
    equipment = models.ForeignKey(
        FireEquipment,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("fire equipment"),
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    ok = models.BooleanField(_("in order"), default=True)
    pressure = models.CharField(
        _("pressure"), max_length=10, choices=Pressure.choices, default="na"
    )
    note = fields.CharField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("fire equipment check")
        verbose_name_plural = _("fire equipment checks")
        constraints = [choices_check("pressure", Pressure, "firecheck_pressure_valid")]
        indexes = [models.Index(fields=["school", "-checked_at"])]

    def __str__(self):
        return f"{self.equipment} {self.checked_at:%Y-%m-%d}"


# -- visitors ---------------------------------------------------------------------


class Visitor(SchoolScopedModel):
    """A visitor registered at the gate (外来人员登记). The ID number is never
    stored: only its last four characters and a keyed hash to find repeat visits."""

    name = fields.CharField(_("name"), max_length=50)
    phone = fields.CharField(_("phone"), max_length=30, blank=True)
    id_masked = fields.CharField(_("ID number (masked)"), max_length=30, blank=True)
    id_hash = models.CharField(_("ID number hash"), max_length=64, blank=True)
    organisation = fields.CharField(_("organisation"), max_length=100, blank=True)
    host = fields.CharField(_("visiting"), max_length=50)
    reason = fields.CharField(pgettext_lazy("safety", "reason"), max_length=200)
    time_in = models.DateTimeField(_("time in"), default=timezone.now)
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)
    plate = fields.CharField(_("vehicle plate"), max_length=20, blank=True)
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)
    registered_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["school_id", "-time_in", "-id"]
        verbose_name = _("visitor")
        verbose_name_plural = _("visitor register")
        permissions = [("export_visitor", _("Can export the visitor register"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people__gte=1), name="visitor_people_positive"
            )
        ]
        indexes = [
            models.Index(fields=["school", "-time_in", "-id"]),
            models.Index(fields=["school", "id_hash"]),
        ]

    def __str__(self):
        return f"{self.name} {self.time_in:%Y-%m-%d %H:%M}"


# -- documents --------------------------------------------------------------------


class SafetyDocument(SchoolScopedModel):
    """A safety rule or emergency plan of the school; its text lives in versions."""

    kind = models.CharField(_("type"), max_length=10, choices=DocumentKind.choices)
    title = fields.CharField(_("title"), max_length=100)

    class Meta:
        ordering = ["school_id", "kind", "title"]
        verbose_name = _("safety document")
        verbose_name_plural = _("safety documents")
        constraints = [choices_check("kind", DocumentKind, "safetydoc_kind_valid")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("safety:document", args=[self.pk])


class DocumentVersion(SchoolScopedModel):
    """One uploaded version (a PDF); the highest number is the current one."""

    document = models.ForeignKey(
        SafetyDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("safety document"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path)
    note = fields.CharField(
        _("what changed"), max_length=fields.NOTE_LENGTH, blank=True
    )
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="docversion_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class ReadConfirmation(SchoolScopedModel):
    """“I have read it”: a person read a version of a safety document."""

    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.CASCADE,
        related_name="reads",
        verbose_name=_("version"),
    )
    person = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "person"),
    )
    at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        ordering = ["version", "at"]
        verbose_name = _("read confirmation")
        verbose_name_plural = _("read confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"], name="read_once_per_version"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.version}"


class EmergencyContact(SchoolScopedModel):
    """A line of the emergency plan's contact list (应急联络表)."""

    duty = fields.CharField(_("duty"), max_length=60)
    name = fields.CharField(_("name"), max_length=50)
    phone = fields.CharField(_("phone"), max_length=30)
    order = models.PositiveSmallIntegerField(
        pgettext_lazy("safety", "order"), default=100
    )

    class Meta:
        ordering = ["school_id", "order", "id"]
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")

    def __str__(self):
        return f"{self.duty} {self.name}"
