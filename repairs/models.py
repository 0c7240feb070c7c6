"""Repair requests (报修) from filing to confirmation, their parts, photos and prices."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from logistics import fields
from logistics.dates import DUE, DateRangeValidator
from logistics.scoping import SchoolScopedModel
from logistics.workflow import WorkflowMixin

from .choices import (
    UNFINISHED,
    PhotoKind,
    RepairStatus,
    Urgency,
)
from .workflows import REPAIR_WORKFLOW

MONEY = {"max_digits": 14, "decimal_places": 2}


def plain_number(value):
    """2.00 → "2", 1.50 → "1.5": quantities as people write them."""
    from decimal import Decimal

    text = format(Decimal(value).normalize(), "f")
    return text


def category_name(name_zh, name_en):
    """The name to show in the active language: English where the language is not
    Chinese and the category has an English name, else the Chinese one."""
    language = get_language() or settings.LANGUAGE_CODE
    if name_en and not language.lower().startswith("zh"):
        return name_en
    return name_zh


class RepairCategory(SchoolScopedModel):
    """What kind of repair: water, electricity, lighting… each school keeps its own list.

    Both names are stored and the active language picks one (see
    ``repairs/categories.py`` for why names are not translated by the catalogue).
    """

    code = models.SlugField(
        _("code"),
        max_length=30,
        blank=True,
        help_text=_(
            "Short Latin letters used in links and filters, e.g. “aircon”. "
            "Left empty, one is made from the English name."
        ),
    )
    name_zh = fields.CharField(_("name (Chinese)"), max_length=50)
    name_en = fields.CharField(
        _("name (English)"),
        max_length=50,
        blank=True,
        help_text=_("Shown to people using English; empty: the Chinese name."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Categories no longer in use are not offered for new requests; "
            "old requests keep them."
        ),
    )

    class Meta:
        ordering = ["school_id", "order", "id"]
        verbose_name = _("repair category")
        verbose_name_plural = _("repair categories")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="repaircategory_code_unique"
            ),
            models.UniqueConstraint(
                fields=["school", "name_zh"], name="repaircategory_name_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return category_name(self.name_zh, self.name_en)

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self.free_code()
        super().save(*args, **kwargs)

    def free_code(self):
        """A code not yet used at the school, from the English name if there is one."""
        from django.utils.text import slugify

        base = slugify(self.name_en).replace("-", "_")[:24] or "category"
        taken = set(
            RepairCategory.objects.filter(
                school_id=self.school_id, code__startswith=base
            ).values_list("code", flat=True)
        )
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}_{n}"
        return code


class PriceItem(SchoolScopedModel):
    """A common item on the compensation price list (window glass per piece, lamp tube…)."""

    name = fields.CharField(_("name"), max_length=100)
    unit = fields.CharField(_("unit"), max_length=10, default="个")
    price = models.DecimalField(_("price"), **MONEY)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("compensation price")
        verbose_name_plural = _("compensation price list")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="priceitem_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="priceitem_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.price}/{self.unit}）"


class RepairRequest(WorkflowMixin, SchoolScopedModel):
    """One repair request (报修单): what is broken where, and everything done about it."""

    workflow = REPAIR_WORKFLOW

    number = fields.CharField(_("number"), max_length=30, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="repair_requests",
        verbose_name=_("requester"),
    )
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        related_name="repair_requests",
        verbose_name=pgettext_lazy("repair", "location"),
    )
    # The asset ledger lives in another app: the request keeps the label's number
    # as printed, and the registry's "asset" resolver (when the assets app is
    # installed) checks it on filing and links it on the request's page.
    asset_number = fields.CharField(_("asset number"), max_length=40, blank=True)
    category = models.ForeignKey(
        RepairCategory,
        on_delete=models.PROTECT,
        related_name="repair_requests",
        verbose_name=pgettext_lazy("repair", "category"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = fields.TextField(_("what is wrong"), max_length=fields.TEXT_LENGTH)
    contact_phone = fields.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        pgettext_lazy("repair", "status"),
        max_length=20,
        choices=RepairStatus.choices,
        default=RepairStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    due_at = models.DateTimeField(
        _("due"), null=True, blank=True, validators=[DateRangeValidator(DUE)]
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_jobs",
        verbose_name=_("technician"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="followed_repairs",
        verbose_name=_("followers"),
    )
    # The work.
    work_done = fields.TextField(
        _("work done"), max_length=fields.TEXT_LENGTH, blank=True
    )
    labour_hours = models.DecimalField(
        _("labour hours"), max_digits=6, decimal_places=1, default=0
    )
    cost = models.DecimalField(_("cost"), default=0, **MONEY)
    # The requester's verdict.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    feedback = fields.TextField(
        _("feedback"), max_length=fields.COMMENT_LENGTH, blank=True
    )
    auto_confirmed = models.BooleanField(_("confirmed automatically"), default=False)
    # Damage (公物损坏赔偿).
    is_damage = models.BooleanField(_("caused by a person"), default=False)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    responsible_class = models.ForeignKey(
        "logistics.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible class"),
    )
    responsible_name = fields.CharField(
        _("responsible (name)"),
        max_length=100,
        blank=True,
        help_text=_("For example a student's name."),
    )
    compensation_item = models.ForeignKey(
        PriceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("price list item"),
    )
    compensation_quantity = models.DecimalField(
        _("quantity"), max_digits=8, decimal_places=2, default=0
    )
    compensation_amount = models.DecimalField(
        _("compensation"), null=True, blank=True, **MONEY
    )
    compensation_paid_at = models.DateTimeField(
        _("compensation paid"), null=True, blank=True
    )
    compensation_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid recorded by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("repair request")
        verbose_name_plural = _("repair requests")
        permissions = [
            ("view_all_repairrequest", _("Can see every repair request of the school")),
            ("triage_repairrequest", _("Can assign and reject repair requests")),
            ("work_repairrequest", _("Can work on assigned repair requests")),
            ("export_repairrequest", _("Can export the repair ledger")),
            ("view_repair_statistics", _("Can see repair statistics")),
            ("mark_compensation_paid", _("Can mark compensation paid")),
        ]
        indexes = [
            models.Index(fields=["school", "-created_at", "-id"]),
            models.Index(fields=["school", "status", "urgency", "created_at"]),
            models.Index(fields=["technician", "status"]),
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["location", "category", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RepairStatus.values),
                name="repairrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values),
                name="repairrequest_urgency_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="repairrequest_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__gte=0, labour_hours__gte=0),
                name="repairrequest_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(compensation_amount__isnull=True)
                | models.Q(compensation_amount__gte=0),
                name="repairrequest_compensation_not_negative",
            ),
            # One number per request within the school (logistics/numbering.py).
            models.UniqueConstraint(
                fields=["school", "number"],
                condition=~models.Q(number=""),
                name="repairrequest_number_unique",
            ),
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("repairs:detail", args=[self.pk])

    @property
    def is_overdue(self):
        return bool(
            self.due_at and self.status in UNFINISHED and self.due_at < timezone.now()
        )

    @property
    def is_open(self):
        return self.status in UNFINISHED

    @property
    def time_to_assign(self):
        return self.assigned_at - self.created_at if self.assigned_at else None

    @property
    def time_to_finish(self):
        return self.done_at - self.created_at if self.done_at else None

    @property
    def compensation_paid(self):
        return self.compensation_paid_at is not None

    def print_context(self):
        """What the work order (维修单) PDF shows.

        Until the technician records the work, its values print as blanks to fill
        in by hand (the model's 0 hours and ¥0.00 are defaults, not facts).
        """
        return {
            "repair": self,
            "work_recorded": self.done_at is not None,
            "work_expected": self.status in UNFINISHED,
            "parts": list(self.parts.all()),
            "timeline": self.timeline(),
        }


class RepairPart(SchoolScopedModel):
    """A part used on a repair: typed in, or taken from the warehouse's stock."""

    repair = models.ForeignKey(
        RepairRequest,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("repair request"),
    )
    name = fields.CharField(_("part"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    unit = fields.CharField(_("unit"), max_length=10, default="个")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    # A part taken from the warehouse: the item's code and the issue movement
    # there (plain values: the repairs app never imports the supplies app).
    stock_item_code = fields.CharField(_("warehouse item"), max_length=30, blank=True)
    stock_movement_id = models.PositiveBigIntegerField(
        _("warehouse issue"), null=True, blank=True
    )

    class Meta:
        ordering = ["repair", "id"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="repairpart_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} × {plain_number(self.quantity)}{self.unit}"


def photo_path(instance, filename):
    return f"repairs/{instance.school_id}/{timezone.now():%Y/%m}/{filename}"


class RepairPhoto(SchoolScopedModel):
    """A photo of the damage or of the work, stored without its EXIF data."""

    repair = models.ForeignKey(
        RepairRequest,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("repair request"),
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=PhotoKind.choices, default=PhotoKind.REPORT
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["repair", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name
