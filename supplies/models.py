"""The warehouse: catalogue, stock ledger, requisitions, print jobs and stocktakes.

Stock changes only through ``StockMovement`` rows posted by ``ledger.post``; the
item's on-hand quantity and value are kept in step with them in the same
transaction, so nobody sums the ledger to know what is on the shelf.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import fields
from logistics.models import Department, Location, SchoolClass
from logistics.scoping import SchoolQuerySet, SchoolScopedModel
from logistics.workflow import WorkflowMixin

from .choices import (
    MovementKind,
    PaperSize,
    PrintPurpose,
    PrintStatus,
    RequisitionStatus,
    Sides,
)
from .workflows import PRINT_WORKFLOW, REQUISITION_WORKFLOW

QUANTITY = {"max_digits": 12, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}
# A unit cost keeps four places: a sheet of paper costs ¥0.0460; values keep two.
UNIT_COST = {"max_digits": 14, "decimal_places": 4}
ZERO = Decimal("0")


def plain_number(value):
    """2.00 → "2", 2.50 → "2.5"."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


class ItemCategory(SchoolScopedModel):
    """A class of goods in the warehouse (仓库分类): a tree kept as data per school."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    code = fields.CharField(_("code"), max_length=20)
    name = fields.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("item category")
        verbose_name_plural = _("item categories")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="itemcategory_code_unique"
            ),
        ]

    def __str__(self):
        return self.name


class ItemQuerySet(SchoolQuerySet):
    def low(self):
        """Items at or below their reorder level (a level of 0 means none is set)."""
        return self.filter(reorder_level__gt=0, on_hand__lte=models.F("reorder_level"))


def photo_path(instance, filename):
    return f"supplies/{instance.school_id}/items/{filename}"


class Item(SchoolScopedModel):
    """A consumable kept in the warehouse, with what is on the shelf now."""

    code = fields.CharField(_("code"), max_length=30)
    name = fields.CharField(_("name"), max_length=100)
    specification = fields.CharField(_("specification"), max_length=100, blank=True)
    unit = fields.CharField(_("unit"), max_length=10, default="个")
    divisible = models.BooleanField(
        _("divisible"),
        default=False,
        help_text=_("Whether part of a unit may be issued (metres, kilograms)."),
    )
    category = models.ForeignKey(
        ItemCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("category"),
    )
    place = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("storage place"),
    )
    reorder_level = models.DecimalField(_("reorder level"), default=ZERO, **QUANTITY)
    paper_size = models.CharField(
        _("paper size"),
        max_length=4,
        choices=PaperSize.choices,
        blank=True,
        help_text=_("For paper: print jobs of this size take their sheets from it."),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    # Kept by the ledger only (supplies/ledger.py), never typed in.
    on_hand = models.DecimalField(_("on hand"), default=ZERO, **QUANTITY)
    on_hand_value = models.DecimalField(_("value on hand"), default=ZERO, **MONEY)
    last_unit_cost = models.DecimalField(_("last unit cost"), default=ZERO, **UNIT_COST)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        permissions = [
            ("receive_stock", _("Can receive goods into the warehouse")),
            ("issue_stock", _("Can issue goods from the warehouse")),
            ("export_stock", _("Can export the stock and its ledger")),
            ("run_warehouse_stocktake", _("Can count the warehouse")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="item_code_unique"),
            models.CheckConstraint(
                condition=models.Q(on_hand__gte=0), name="item_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(on_hand_value__gte=0),
                name="item_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(reorder_level__gte=0),
                name="item_reorder_level_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "name"]),
            models.Index(fields=["school", "category", "code"]),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("supplies:item-detail", args=[self.pk])

    @property
    def average_cost(self):
        """The moving average cost of what is on the shelf (else the last one paid),
        rounded half up to four places as the database's ROUND does (ledger.take)."""
        if self.on_hand > 0:
            return (self.on_hand_value / self.on_hand).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
        return self.last_unit_cost

    @property
    def is_low(self):
        return self.reorder_level > 0 and self.on_hand <= self.reorder_level

    def suggested_quantity(self):
        """Enough to bring the shelf to twice the reorder level."""
        wanted = self.reorder_level * 2 - self.on_hand
        if not self.divisible:
            wanted = Decimal(math.ceil(wanted))
        return max(wanted, ZERO)


class StockMovement(SchoolScopedModel):
    """One change of stock: in (positive) or out (negative). Never changed, never
    deleted; a mistake is put right by another movement."""

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="movements", verbose_name=_("item")
    )
    kind = models.CharField(_("type"), max_length=12, choices=MovementKind.choices)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_cost = models.DecimalField(_("unit cost"), **UNIT_COST)
    value = models.DecimalField(pgettext_lazy("money", "value"), **MONEY)
    on_hand_after = models.DecimalField(_("on hand after"), **QUANTITY)
    source_label = fields.CharField(_("document"), max_length=100, blank=True)
    source_url = models.CharField(_("document link"), max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document type"),
    )
    object_id = models.PositiveBigIntegerField(_("document id"), null=True, blank=True)
    purpose = fields.CharField(_("purpose"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    # A return names the issue it gives back (part of) and the issue counts it.
    returns = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned_by",
        verbose_name=_("return of"),
    )
    returned_quantity = models.DecimalField(_("returned"), default=ZERO, **QUANTITY)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("supplies", "by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(quantity=0), name="movement_quantity_not_zero"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MovementKind.values),
                name="movement_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["receipt", "return"])
                | models.Q(quantity__gt=0),
                name="movement_in_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="issue") | models.Q(quantity__lt=0),
                name="movement_issue_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(on_hand_after__gte=0),
                name="movement_on_hand_after_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_quantity__gte=0)
                & models.Q(unit_cost__gte=0),
                name="movement_returned_cost_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-at", "-id"]),
            models.Index(fields=["item", "-at", "-id"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} {self.item.code} {plain_number(self.quantity)}"
        )

    @property
    def returnable(self):
        """What of an issue may still be given back."""
        if self.kind != MovementKind.ISSUE:
            return ZERO
        return -self.quantity - self.returned_quantity


class Quota(SchoolScopedModel):
    """How much (yuan) a department may requisition in a term."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(pgettext_lazy("date", "to"))
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["school_id", "-starts_on", "department"]
        verbose_name = _("requisition quota")
        verbose_name_plural = _("requisition quotas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="quota_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="quota_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.starts_on}–{self.ends_on}"


class RequisitionQuerySet(SchoolQuerySet):
    def visible_to(self, user):
        """Everyone sees their own; the storekeeper, print room and head all."""
        rows = self.for_user(user)
        if user.has_perm("supplies.view_all_requisition"):
            return rows
        return rows.filter(requester=user)


class Requisition(WorkflowMixin, SchoolScopedModel):
    """A request for items from the warehouse (领用), decided by its approval chain."""

    number = models.CharField(_("number"), max_length=30)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("requisition", "requester"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for department"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for class"),
    )
    purpose = fields.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        pgettext_lazy("supplies", "status"),
        max_length=20,
        choices=RequisitionStatus.choices,
        default=RequisitionStatus.SUBMITTED,
    )
    # A start-of-term distribution's requisitions name it.
    distribution = models.ForeignKey(
        "Distribution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requisitions",
        verbose_name=_("distribution"),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    objects = RequisitionQuerySet.as_manager()
    workflow = REQUISITION_WORKFLOW

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        permissions = [
            ("view_all_requisition", _("Can see every requisition of the school")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"], name="requisition_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequisitionStatus.values),
                name="requisition_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-created_at", "-id"]),
            models.Index(fields=["school", "status"]),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("supplies:requisition-detail", args=[self.pk])

    @property
    def estimated_value(self):
        return sum((line.estimated_value for line in self.lines.all()), ZERO).quantize(
            Decimal("0.01")
        )

    def print_context(self):
        return {
            "requisition": self,
            "lines": list(self.lines.select_related("item")),
            "timeline": self.timeline(),
        }


class RequisitionLine(SchoolScopedModel):
    """One item asked for, what was granted and what was handed over."""

    requisition = models.ForeignKey(
        Requisition,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("requisition"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    quantity = models.DecimalField(_("asked"), **QUANTITY)
    granted = models.DecimalField(_("granted"), null=True, blank=True, **QUANTITY)
    issued = models.DecimalField(_("issued"), default=ZERO, **QUANTITY)

    class Meta:
        ordering = ["requisition", "id"]
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="reqline_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(granted__gte=0) | models.Q(granted__isnull=True),
                name="reqline_granted_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(issued__gte=0), name="reqline_issued_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.item.name} × {plain_number(self.quantity)}"

    @property
    def to_issue(self):
        granted = self.quantity if self.granted is None else self.granted
        return max(granted - self.issued, ZERO)

    @property
    def estimated_value(self):
        return self.quantity * self.item.average_cost


class Distribution(SchoolScopedModel):
    """A start-of-term distribution (开学发放): items per class, issued in one step."""

    title = fields.CharField(_("title"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("start-of-term distribution")
        verbose_name_plural = _("start-of-term distributions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supplies:distribution-detail", args=[self.pk])


class PrintJobQuerySet(SchoolQuerySet):
    def visible_to(self, user):
        """The requester sees their own; the print room and the head all, except
        that a confidential exam paper stays with its requester and the print room."""
        rows = self.for_user(user)
        if user.has_perm("supplies.run_printjob"):
            return rows
        if user.has_perm("supplies.view_all_printjob"):
            return rows.filter(models.Q(confidential=False) | models.Q(requester=user))
        return rows.filter(requester=user)


def print_file_path(instance, filename):
    return f"supplies/{instance.school_id}/print/{timezone.now():%Y/%m}/{filename}"


class PrintJob(WorkflowMixin, SchoolScopedModel):
    """A print or copy request (文印): decided by its chain, done by the print room,
    and its paper issued from stock when done."""

    number = models.CharField(_("number"), max_length=30)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("requisition", "requester"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    title = fields.CharField(_("title"), max_length=100)
    original = models.FileField(_("original"), upload_to=print_file_path)
    pages = models.PositiveIntegerField(_("pages"))
    copies = models.PositiveIntegerField(_("copies"))
    sides = models.PositiveSmallIntegerField(
        _("sides"), choices=Sides.choices, default=Sides.DOUBLE
    )
    paper_size = models.CharField(
        _("paper size"), max_length=4, choices=PaperSize.choices, default=PaperSize.A4
    )
    colour = models.BooleanField(_("in colour"), default=False)
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=PrintPurpose.choices
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Exam papers: only you and the print room can open the file."),
    )
    wanted_by = models.DateTimeField(_("wanted by"))
    note = fields.TextField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    status = models.CharField(
        pgettext_lazy("supplies", "status"),
        max_length=20,
        choices=PrintStatus.choices,
        default=PrintStatus.SUBMITTED,
    )
    sheets = models.PositiveIntegerField(_("sheets"))
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    done_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    movement = models.ForeignKey(
        StockMovement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paper issued"),
    )

    objects = PrintJobQuerySet.as_manager()
    workflow = PRINT_WORKFLOW

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        permissions = [
            ("view_all_printjob", _("Can see every print job of the school")),
            ("run_printjob", _("Can run print jobs (print room)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"], name="printjob_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PrintStatus.values),
                name="printjob_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(pages__gte=1, copies__gte=1, sides__in=[1, 2]),
                name="printjob_counts_positive",
            ),
        ]
        indexes = [models.Index(fields=["school", "-created_at", "-id"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("supplies:printjob-detail", args=[self.pk])

    @staticmethod
    def sheets_for(pages, copies, sides):
        return math.ceil(pages / sides) * copies


class WarehouseCount(SchoolScopedModel):
    """A count of the warehouse (or one storage place): counted on a phone, the
    differences posted as stocktake corrections in one step."""

    place = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("storage place"),
        help_text=_("Empty: the whole warehouse."),
    )
    title = fields.CharField(_("title"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(
        pgettext_lazy("count", "started"), default=timezone.now
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("warehouse count")
        verbose_name_plural = _("warehouse counts")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supplies:count-detail", args=[self.pk])


class CountLine(SchoolScopedModel):
    """One item on a count: what the books said when the count began, what was found."""

    count = models.ForeignKey(
        WarehouseCount,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("count"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    expected = models.DecimalField(_("in the books"), **QUANTITY)
    counted = models.DecimalField(
        pgettext_lazy("stock", "counted"), null=True, blank=True, **QUANTITY
    )

    class Meta:
        ordering = ["count", "item__code"]
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(counted__gte=0) | models.Q(counted__isnull=True),
                name="countline_counted_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.item)
