"""Greening zones (片区/四化责任区), their plants, care plans and logs, and scores."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import fields
from logistics.dates import DateRangeValidator
from logistics.scoping import SchoolScopedModel

from .choices import (
    MAX_SCORE,
    SCORE_FIELDS,
    CareTask,
    PlantCondition,
    PlantForm,
    ZoneKind,
)

AREA = {"max_digits": 10, "decimal_places": 2}
AMOUNT = {"max_digits": 12, "decimal_places": 3}
# An outline on the campus plan: at least a triangle, at most this many corners.
MAX_OUTLINE_POINTS = 40


def photo_path(instance, filename):
    return f"greening/{timezone.localdate():%Y/%m}/{filename}"


def validate_outline(value):
    """A polygon on the plan: [[x, y], …] with 3…40 points, each 0…1 (fractions of
    the image's width and height); an empty list means "not drawn yet"."""
    if value in (None, []):
        return
    if not isinstance(value, list) or not 3 <= len(value) <= MAX_OUTLINE_POINTS:
        raise ValidationError(
            _("An area on the plan has between 3 and %(max)s corners.")
            % {"max": MAX_OUTLINE_POINTS},
            code="outline",
        )
    for point in value:
        if (
            not isinstance(point, list | tuple)
            or len(point) != 2
            or not all(
                isinstance(c, int | float) and not isinstance(c, bool) for c in point
            )
            or not all(0 <= c <= 1 for c in point)
        ):
            raise ValidationError(
                _("Each corner of an area is two numbers between 0 and 1."),
                code="outline",
            )


class Species(SchoolScopedModel):
    """A kind of plant the school grows (香樟, 月季…): a list kept as data."""

    name_zh = fields.CharField(_("name (Chinese)"), max_length=50)
    name_en = fields.CharField(_("name (English)"), max_length=80, blank=True)
    latin_name = fields.CharField(_("Latin name"), max_length=100, blank=True)
    form = models.CharField(
        _("form"), max_length=20, choices=PlantForm.choices, default=PlantForm.SHRUB
    )

    class Meta:
        ordering = ["school_id", "name_zh"]
        verbose_name = _("species")
        verbose_name_plural = _("species")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name_zh"], name="species_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(form__in=PlantForm.values), name="species_form_valid"
            ),
        ]

    def __str__(self):
        from django.utils.translation import get_language

        language = get_language() or settings.LANGUAGE_CODE
        if self.name_en and not language.lower().startswith("zh"):
            return self.name_en
        return self.name_zh


class Season(SchoolScopedModel):
    """A season as the school counts it for care (summer: 06-01 … 08-31)."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        help_text=_("Short Latin letters, e.g. “summer”; care plans refer to it."),
    )
    name = fields.CharField(_("name"), max_length=30)
    start_month = models.PositiveSmallIntegerField(
        _("start month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_day = models.PositiveSmallIntegerField(
        _("start day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("end month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_day = models.PositiveSmallIntegerField(
        _("end day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        ordering = ["school_id", "start_month", "start_day"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="season_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    start_month__gte=1,
                    start_month__lte=12,
                    end_month__gte=1,
                    end_month__lte=12,
                    start_day__gte=1,
                    start_day__lte=31,
                    end_day__gte=1,
                    end_day__lte=31,
                ),
                name="season_month_day_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        for month, day, name in (
            (self.start_month, self.start_day, "start_day"),
            (self.end_month, self.end_day, "end_day"),
        ):
            if month and day:
                try:
                    datetime.date(2024, month, day)  # a leap year: 02-29 exists
                except ValueError:
                    raise ValidationError(
                        {name: _("This month has no such day.")}
                    ) from None

    def as_schedule_season(self):
        from .schedule import Season as Span

        return Span(
            self.code,
            (self.start_month, self.start_day),
            (self.end_month, self.end_day),
        )


class Holiday(SchoolScopedModel):
    """School holidays (寒暑假, 国庆…): the core has no school calendar yet, so the
    greening app keeps the days its care plans rest."""

    name = fields.CharField(_("name"), max_length=50)
    first_day = models.DateField(_("first day"), validators=[DateRangeValidator("any")])
    last_day = models.DateField(_("last day"), validators=[DateRangeValidator("any")])

    class Meta:
        ordering = ["school_id", "first_day"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="holiday_days_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day is before the first.")})


class Term(SchoolScopedModel):
    """A school term (学期), the span rankings and responsibility lists cover."""

    name = fields.CharField(_("name"), max_length=50)
    first_day = models.DateField(_("first day"), validators=[DateRangeValidator("any")])
    last_day = models.DateField(_("last day"), validators=[DateRangeValidator("any")])

    class Meta:
        ordering = ["school_id", "-first_day"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="term_days_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day is before the first.")})


class CampusPlan(SchoolScopedModel):
    """The picture of a campus the zones are drawn on."""

    campus = models.OneToOneField(
        "logistics.Campus",
        on_delete=models.CASCADE,
        related_name="greening_plan",
        verbose_name=_("campus"),
    )
    image = models.ImageField(_("plan"), upload_to=photo_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["school_id", "campus_id"]
        verbose_name = _("campus plan")
        verbose_name_plural = _("campus plans")

    def __str__(self):
        return str(self.campus)


class ZoneQuerySet(models.QuerySet):
    def for_school(self, school):
        school_id = getattr(school, "pk", school)
        if school_id is None:
            return self.none()
        return self.filter(school_id=school_id)

    def for_user(self, user):
        from logistics.scoping import school_id_of

        return self.for_school(school_id_of(user))

    def kept_by(self, user):
        return self.for_user(user).filter(keepers=user)


class Zone(SchoolScopedModel):
    """A responsibility area (片区/四化责任区) with its keepers and standard."""

    name = fields.CharField(_("name"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ZoneKind.choices, default=ZoneKind.GREEN_AREA
    )
    campus = models.ForeignKey(
        "logistics.Campus",
        on_delete=models.PROTECT,
        related_name="greening_zones",
        verbose_name=_("campus"),
    )
    locations = models.ManyToManyField(
        "logistics.Location",
        blank=True,
        related_name="greening_zones",
        verbose_name=_("places covered"),
    )
    area = models.DecimalField(
        _("area (m²)"),
        **AREA,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
    )
    standard = fields.TextField(
        _("standard to keep"), max_length=fields.TEXT_LENGTH, blank=True
    )
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="greening_zones",
        verbose_name=_("responsible people"),
    )
    school_class = models.ForeignKey(
        "logistics.SchoolClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="greening_zones",
        verbose_name=_("responsible class"),
    )
    outline = models.JSONField(
        _("area on the plan"),
        default=list,
        blank=True,
        validators=[validate_outline],
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "campus_id", "name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        permissions = [
            ("manage_zone", _("Can manage zones, plants and care plans")),
            ("inspect_zone", _("Can score zones (四化 inspection)")),
            ("export_zone", _("Can export zones, care logs and scores")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="zone_name_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ZoneKind.values), name="zone_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(area__isnull=True) | models.Q(area__gte=0),
                name="zone_area_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["school", "campus", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("greening:zone", args=[self.pk])

    # A zone is no workflow document, but reminders of its overdue care are noted
    # on a timeline of its own (the core's ``note``), shown on its page.
    @property
    def current_status(self):
        return "active" if self.is_active else "inactive"

    def timeline(self, last=None):
        """The notes on the zone (reminders sent to its keepers), oldest first;
        ``last``: only the latest so many."""
        from logistics.models import TransitionLog

        entries = TransitionLog.objects.for_object(self)
        if last:
            entries = list(entries.order_by("-at", "-pk")[:last])[::-1]
        entries = list(entries)
        for entry in entries:
            entry.from_label = entry.to_label = ""
            entry.is_note = True
        return entries

    def clean(self):
        if (
            self.campus_id
            and self.school_id
            and self.campus.school_id != self.school_id
        ):
            raise ValidationError(
                {"campus": _("The campus belongs to another school.")}
            )
        if (
            self.school_class_id
            and self.school_id
            and self.school_class.school_id != self.school_id
        ):
            raise ValidationError(
                {"school_class": _("The class belongs to another school.")}
            )


class Plant(SchoolScopedModel):
    """Plants of one species in a zone: how many, since when, how they are."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="plants", verbose_name=_("zone")
    )
    species = models.ForeignKey(
        Species,
        on_delete=models.PROTECT,
        related_name="plants",
        verbose_name=_("species"),
    )
    count = models.PositiveIntegerField(
        pgettext_lazy("plant", "count"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )
    planted_on = models.DateField(
        _("planted on"), null=True, blank=True, validators=[DateRangeValidator("past")]
    )
    condition = models.CharField(
        pgettext_lazy("plant", "condition"),
        max_length=20,
        choices=PlantCondition.choices,
        default=PlantCondition.THRIVING,
    )
    note = fields.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["school_id", "zone_id", "species_id", "id"]
        verbose_name = _("plant")
        verbose_name_plural = _("plants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(condition__in=PlantCondition.values),
                name="plant_condition_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=1), name="plant_count_positive"
            ),
        ]
        indexes = [models.Index(fields=["school", "condition"])]

    def __str__(self):
        return f"{self.species} ×{self.count}"


class PlantingEvent(SchoolScopedModel):
    """A planting (植树/补种) with who took part: "shrubs before the teaching
    building, everyone together, two lessons"."""

    zone = models.ForeignKey(
        Zone,
        on_delete=models.CASCADE,
        related_name="plantings",
        verbose_name=_("zone"),
    )
    held_on = models.DateField(_("date"), validators=[DateRangeValidator("past")])
    species = models.ForeignKey(
        Species,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("species"),
    )
    count = models.PositiveIntegerField(
        pgettext_lazy("plant", "count"),
        default=0,
        validators=[MaxValueValidator(100000)],
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("people who took part"),
    )
    others = fields.CharField(
        _("others who took part"),
        max_length=200,
        blank=True,
        help_text=_("Classes or groups, e.g. “all of grade 7”."),
    )
    note = fields.TextField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["school_id", "-held_on", "-id"]
        verbose_name = _("planting")
        verbose_name_plural = _("plantings")

    def __str__(self):
        return f"{self.zone} {self.held_on}"


class CarePlan(SchoolScopedModel):
    """A recurring task in a zone (water daily at 05:00 in summer, weekly in spring…)."""

    zone = models.ForeignKey(
        Zone,
        on_delete=models.CASCADE,
        related_name="care_plans",
        verbose_name=_("zone"),
    )
    task = models.CharField(_("task"), max_length=20, choices=CareTask.choices)
    at = models.TimeField(_("time of day"), default=datetime.time(7, 0))
    # {season code: every how many days (0: none in that season)}
    every_days = models.JSONField(_("every how many days, by season"), default=dict)
    starts_on = models.DateField(
        _("counted from"),
        default=timezone.localdate,
        validators=[DateRangeValidator("any")],
    )
    skip_holidays = models.BooleanField(_("rests in the holidays"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school_id", "zone_id", "at", "task"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__in=CareTask.values), name="careplan_task_valid"
            ),
        ]

    def __str__(self):
        return f"{self.zone} · {self.get_task_display()} {self.at:%H:%M}"

    def clean(self):
        errors = {}
        value = self.every_days
        if not isinstance(value, dict) or len(value) > 12:
            errors["every_days"] = _("Give a number of days for each season.")
        else:
            for code, days in value.items():
                if not isinstance(code, str) or len(code) > 20:
                    errors["every_days"] = _("Unknown season.")
                elif (
                    not isinstance(days, int)
                    or isinstance(days, bool)
                    or not (0 <= days <= 366)
                ):
                    errors["every_days"] = _(
                        "Every 0 (never) to 366 days in each season."
                    )
        if errors:
            raise ValidationError(errors)

    def schedule(self):
        from .schedule import Schedule

        return Schedule(
            every_days=dict(self.every_days or {}),
            at=self.at,
            starts_on=self.starts_on,
            skip_holidays=self.skip_holidays,
        )


class CareLog(SchoolScopedModel):
    """Care work done: who did what, when, with a photo and materials; a spray
    records its product, amount and safety note, and keeps people off a while."""

    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="care_logs", verbose_name=_("zone")
    )
    plan = models.ForeignKey(
        CarePlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
        verbose_name=_("care plan"),
    )
    task = models.CharField(_("task"), max_length=20, choices=CareTask.choices)
    done_at = models.DateTimeField(_("done at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    note = fields.TextField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path, blank=True)
    product = fields.CharField(_("pesticide"), max_length=100, blank=True)
    amount = models.DecimalField(
        pgettext_lazy("dose", "amount"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    amount_unit = fields.CharField(_("unit"), max_length=10, blank=True)
    safety_note = fields.TextField(
        _("safety note"), max_length=fields.NOTE_LENGTH, blank=True
    )
    keep_off_until = models.DateTimeField(_("keep off until"), null=True, blank=True)

    class Meta:
        ordering = ["school_id", "-done_at", "-id"]
        verbose_name = _("care log")
        verbose_name_plural = _("care logs")
        permissions = [("log_care", _("Can log care work in their zones"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__in=CareTask.values), name="carelog_task_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="carelog_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "zone", "-done_at"]),
            models.Index(fields=["plan", "-done_at"]),
        ]

    def __str__(self):
        return f"{self.zone} · {self.get_task_display()} {timezone.localtime(self.done_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("greening:zone", args=[self.zone_id]) + f"#care-{self.pk}"


class CareMaterial(SchoolScopedModel):
    """A material used in a care log (化肥, 农药), issued from the warehouse when
    the supplies app is installed."""

    log = models.ForeignKey(
        CareLog,
        on_delete=models.PROTECT,
        related_name="materials",
        verbose_name=_("care log"),
    )
    item_code = fields.CharField(_("item code"), max_length=30, blank=True)
    name = fields.CharField(_("material"), max_length=100)
    quantity = models.DecimalField(
        _("quantity"),
        **AMOUNT,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    unit = fields.CharField(_("unit"), max_length=10, blank=True)
    movement_id = models.PositiveBigIntegerField(
        _("stock movement"), null=True, blank=True
    )

    class Meta:
        ordering = ["school_id", "log_id", "id"]
        verbose_name = _("material used")
        verbose_name_plural = _("materials used")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0),
                name="carematerial_quantity_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.name}×{self.quantity.normalize():f}{self.unit}"


def score_validators():
    return [MinValueValidator(0), MaxValueValidator(MAX_SCORE)]


class Inspection(SchoolScopedModel):
    """A weekly 四化 inspection of a zone: green, beautiful, clean, fragrant, 0–10 each."""

    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("zone"),
    )
    week = models.DateField(_("week of"), help_text=_("The Monday of the week."))
    inspected_at = models.DateTimeField(_("inspected at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspected by"),
    )
    green = models.PositiveSmallIntegerField(_("green"), validators=score_validators())
    beautiful = models.PositiveSmallIntegerField(
        _("beautiful"), validators=score_validators()
    )
    clean_score = models.PositiveSmallIntegerField(
        pgettext_lazy("tidy", "clean"), validators=score_validators()
    )
    fragrant = models.PositiveSmallIntegerField(
        _("fragrant"), validators=score_validators()
    )
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    remarks = fields.TextField(_("remarks"), max_length=fields.NOTE_LENGTH, blank=True)
    problem = fields.TextField(
        _("problem found"), max_length=fields.NOTE_LENGTH, blank=True
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path, blank=True)
    repair_number = fields.CharField(_("repair request"), max_length=40, blank=True)
    repair_url = models.CharField(_("repair link"), max_length=200, blank=True)
    # The keepers and class at the time, so a ranking stays as it was.
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("responsible people then"),
    )
    school_class = models.ForeignKey(
        "logistics.SchoolClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible class then"),
    )

    class Meta:
        ordering = ["school_id", "-week", "zone_id"]
        verbose_name = _("四化 inspection")
        verbose_name_plural = _("四化 inspections")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "week"], name="inspection_once_a_week"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(
                        **{f"{name}__gte": 0, f"{name}__lte": MAX_SCORE}
                    ),
                    name=f"inspection_{name}_range",
                )
                for name in SCORE_FIELDS
            ],
        ]
        indexes = [models.Index(fields=["school", "week"])]

    def __str__(self):
        return f"{self.zone} {self.week}"

    def get_absolute_url(self):
        return reverse("greening:zone", args=[self.zone_id]) + f"#inspection-{self.pk}"

    def save(self, *args, **kwargs):
        self.total = sum(getattr(self, name) or 0 for name in SCORE_FIELDS)
        super().save(*args, **kwargs)


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())
