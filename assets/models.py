"""The fixed-asset ledger (固定资产台账): categories, cards, movements, checks, disposals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simple_history.models import HistoricalRecords

from logistics import fields
from logistics.dates import ACQUIRED, ANY, PAST, DateRangeValidator, check_date
from logistics.listing import (
    REFERENCE,
    ChangeCountedQuerySet,
    ReferenceQuerySet,
    changes_counted,
)
from logistics.scoping import SchoolScopedModel
from logistics.workflow import WorkflowMixin

from .choices import (
    ASSET_STATUSES,
    MONTH_STATUSES,
    AcquisitionMethod,
    AdjustmentKind,
    AssetClass,
    AssetCondition,
    AssetStatus,
    CategoryScheme,
    CountResult,
    DisposalMethod,
    DisposalStatus,
    ExpenseUse,
    FundingSource,
    MonthStatus,
    StocktakeStatus,
    UsageDirection,
)
from .workflows import (
    ASSET_WORKFLOW,
    DISPOSAL_WORKFLOW,
    MONTH_WORKFLOW,
    STOCKTAKE_WORKFLOW,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
# The most things one card (or one find in a stocktake) may count: a library's books.
MAX_QUANTITY = 1_000_000


@changes_counted(REFERENCE)
class Category(SchoolScopedModel):
    """A node of the classification tree (GB/T 14885 top levels, deeper levels by the school)."""

    objects = ReferenceQuerySet.as_manager()

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = fields.CharField(_("code"), max_length=20)
    name = fields.CharField(_("name"), max_length=100)
    scheme = models.CharField(
        _("scheme"),
        max_length=20,
        choices=CategoryScheme.choices,
        default=CategoryScheme.GBT14885,
    )
    scheme_version = fields.CharField(_("scheme version"), max_length=20, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    depreciates = models.BooleanField(
        _("depreciates"),
        default=True,
        help_text=_("Land, relics, library books, animals and plants do not."),
    )
    depreciation_years = models.PositiveSmallIntegerField(
        _("depreciation years"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        null=True,
        blank=True,
        help_text=_("Empty: take the years of the parent category."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "scheme", "code"], name="assets_category_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(scheme__in=CategoryScheme.values),
                name="assets_category_scheme_valid",
            ),
        ]
        indexes = [models.Index(fields=["school", "code"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def effective_years(self):
        """Depreciation years of this node, inherited from its ancestors if unset."""
        node = self
        seen = set()
        while node is not None and node.pk not in seen:
            if node.depreciation_years:
                return node.depreciation_years
            seen.add(node.pk)
            node = node.parent
        return None

    def top_code(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node.code


class AssetQuerySet(ChangeCountedQuerySet):
    def visible_to(self, user):
        """What the user may see: the whole ledger, or the assets they hold and
        those of the classes whose head teacher (班主任) they are."""
        queryset = self.for_user(user)
        if user.has_perm("assets.view_all_asset"):
            return queryset
        return queryset.filter(
            Q(custodian=user) | Q(responsible_class__head_teacher=user)
        )


@changes_counted("assets")  # the ledger's totals are cached until a card changes
class Asset(SchoolScopedModel):
    """One asset card (资产卡片): a thing, or a batch of identical things, on the ledger."""

    statuses = ASSET_STATUSES
    workflow = ASSET_WORKFLOW

    number = fields.CharField(_("asset number"), max_length=40)
    name = fields.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="assets",
        verbose_name=_("category"),
    )
    asset_class = models.CharField(
        _("asset class"),
        max_length=10,
        choices=AssetClass.choices,
        default=AssetClass.FIXED,
    )
    specification = fields.CharField(
        _("model / specification"), max_length=100, blank=True
    )
    brand = fields.CharField(_("brand"), max_length=60, blank=True)
    serial_number = fields.CharField(_("serial number"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = fields.CharField(_("unit"), max_length=10, default="台")
    unit_price = models.DecimalField(
        _("unit price"), validators=[MinValueValidator(0)], **MONEY
    )
    original_value = models.DecimalField(
        _("original value"), validators=[MinValueValidator(0)], **MONEY
    )
    acquired_on = models.DateField(_("acquisition date"))
    acquisition_method = models.CharField(
        _("acquisition method"),
        max_length=20,
        choices=AcquisitionMethod.choices,
        default=AcquisitionMethod.PURCHASE,
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.BUDGET,
    )
    supplier = fields.CharField(_("supplier"), max_length=100, blank=True)
    invoice_number = fields.CharField(_("invoice number"), max_length=60, blank=True)
    warranty_until = models.DateField(
        _("warranty end"), null=True, blank=True, validators=[DateRangeValidator(ANY)]
    )
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=pgettext_lazy("asset", "location"),
    )
    department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("department"),
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_assets",
        verbose_name=_("custodian"),
    )
    responsible_class = models.ForeignKey(
        "logistics.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("responsible class"),
    )
    usage_direction = models.CharField(
        _("usage direction"),
        max_length=20,
        choices=UsageDirection.choices,
        default=UsageDirection.OWN_USE,
    )
    status = models.CharField(
        pgettext_lazy("asset", "status"),
        max_length=20,
        choices=AssetStatus.choices,
        default=AssetStatus.IN_USE,
    )
    condition = models.CharField(
        _("condition"),
        max_length=10,
        choices=AssetCondition.choices,
        default=AssetCondition.GOOD,
    )
    photo = models.ImageField(_("photo"), upload_to="assets/%Y/%m/", blank=True)
    notes = fields.TextField(_("notes"), max_length=fields.TEXT_LENGTH, blank=True)
    depreciation_years_override = models.PositiveSmallIntegerField(
        _("depreciation years (this asset)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        null=True,
        blank=True,
        help_text=_("Empty: the years of its category."),
    )
    disposed_on = models.DateField(_("disposal date"), null=True, blank=True)
    nominal_amount = models.BooleanField(
        _("recorded at a nominal amount"),
        default=False,
        help_text=_(
            "名义金额: e.g. a donation with no valuation, booked at 1 yuan. "
            "It is never depreciated."
        ),
    )
    expense_use = models.CharField(
        _("depreciation charged to"),
        max_length=20,
        choices=ExpenseUse.choices,
        default=ExpenseUse.BUSINESS,
    )
    opening_accumulated = models.DecimalField(
        _("opening accumulated depreciation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "From the old ledger, to the month before this system's ledger was "
            "opened. Empty: computed by the rule."
        ),
        **MONEY,
    )
    # The depreciation schedule, derived from the fields above by
    # depreciation.schedule() whenever they change, so the database can sum
    # accumulated depreciation over any filter without reading rows into Python.
    # Months are counted as year * 12 + month - 1.
    depreciation_start = models.IntegerField(
        _("first depreciated month"), null=True, blank=True, editable=False
    )
    depreciation_end = models.IntegerField(
        _("last depreciated month"), null=True, blank=True, editable=False
    )
    depreciation_months = models.PositiveIntegerField(
        _("depreciation months"), default=0, editable=False
    )
    monthly_depreciation = models.DecimalField(
        _("monthly depreciation"), default=0, editable=False, **MONEY
    )
    # Where the schedule in force starts again after an adjustment or the opening
    # of the ledger: that month, the accumulated depreciation and the months
    # depreciated before it. Empty: from the first month, from nothing.
    depreciation_base_month = models.IntegerField(
        _("schedule rebased from"), null=True, blank=True, editable=False
    )
    depreciation_base_accumulated = models.DecimalField(
        _("accumulated before the rebase"), default=0, editable=False, **MONEY
    )
    depreciation_base_done = models.PositiveIntegerField(
        _("months depreciated before the rebase"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "created_by"])
    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "number"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        permissions = [
            ("view_all_asset", _("Can see the whole asset ledger")),
            ("export_asset", _("Can export the asset ledger to Excel")),
            ("import_asset", _("Can import the asset ledger from Excel")),
            ("transfer_asset", _("Can transfer assets")),
            ("view_depreciation", _("Can see the depreciation ledger")),
            (
                "close_depreciation_month",
                _("Can close and reopen depreciation months and open the ledger"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"], name="assets_asset_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AssetStatus.values),
                name="assets_asset_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0, original_value__gte=0),
                name="assets_asset_money_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1),
                name="assets_asset_quantity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(expense_use__in=ExpenseUse.values),
                name="assets_asset_expense_use_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "number"], name="assets_number_idx"),
            models.Index(fields=["school", "status"], name="assets_status_idx"),
            models.Index(fields=["school", "category"], name="assets_category_idx"),
            models.Index(fields=["school", "location"], name="assets_location_idx"),
            models.Index(fields=["school", "department"], name="assets_department_idx"),
            models.Index(fields=["school", "custodian"], name="assets_custodian_idx"),
            models.Index(fields=["school", "acquired_on"], name="assets_acquired_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("assets:detail", args=[self.pk])

    def clean(self):
        # The acquisition's range depends on the school's founding year, which a
        # field validator cannot see.
        try:
            check_date(self.acquired_on, ACQUIRED, school=self.school_id)
        except ValidationError as error:
            raise ValidationError({"acquired_on": error.messages}) from None
        if (
            self.warranty_until
            and self.acquired_on
            and self.warranty_until < self.acquired_on
        ):
            raise ValidationError(
                {"warranty_until": _("The warranty cannot end before acquisition.")}
            )

    @property
    def is_on_ledger(self):
        return self.status != AssetStatus.DISPOSED

    def print_context(self):
        from . import depreciation

        return {
            "asset": self,
            "school": self.school,
            "book": depreciation.book_value(self, timezone.localdate()),
            "transfers": self.transfers.select_related(
                "from_location", "to_location", "from_department", "to_department"
            ).order_by("moved_on", "id"),
        }


class Transfer(SchoolScopedModel):
    """One move of an asset (调拨): where it went, to which department and holder, and why."""

    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("asset"),
    )
    batch = models.UUIDField(_("batch"), null=True, blank=True, db_index=True)
    moved_on = models.DateField(_("date"), validators=[DateRangeValidator(PAST)])
    reason = fields.CharField(_("reason"), max_length=200)
    from_location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from location"),
    )
    to_location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to location"),
    )
    from_department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from department"),
    )
    to_department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to department"),
    )
    from_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from custodian"),
    )
    to_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to custodian"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["school_id", "-moved_on", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [models.Index(fields=["asset", "moved_on"])]

    def __str__(self):
        return f"{self.asset.number} {self.moved_on}"


class Disposal(WorkflowMixin, SchoolScopedModel):
    """A proposal to dispose of an asset (报废处置), approved by the director, then carried out."""

    workflow = DISPOSAL_WORKFLOW

    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        related_name="disposals",
        verbose_name=_("asset"),
    )
    status = models.CharField(
        pgettext_lazy("workflow", "status"),
        max_length=20,
        choices=DisposalStatus.choices,
        default=DisposalStatus.PROPOSED,
    )
    method = models.CharField(
        _("disposal method"), max_length=20, choices=DisposalMethod.choices
    )
    reason = fields.TextField(_("reason"), max_length=fields.TEXT_LENGTH)
    asset_status_before = models.CharField(
        _("asset status before"), max_length=20, choices=AssetStatus.choices
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    disposed_on = models.DateField(
        _("disposal date"),
        null=True,
        blank=True,
        validators=[DateRangeValidator(PAST)],
    )
    proceeds = models.DecimalField(
        _("proceeds"), default=0, validators=[MinValueValidator(0)], **MONEY
    )

    class Meta:
        ordering = ["school_id", "-proposed_at", "-id"]
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        permissions = [("approve_disposal", _("Can approve or reject disposals"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DisposalStatus.values),
                name="assets_disposal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(proceeds__gte=0),
                name="assets_disposal_proceeds_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"{self.asset.number} {self.get_method_display()}"

    def get_absolute_url(self):
        return reverse("assets:disposal-detail", args=[self.pk])


class Stocktake(WorkflowMixin, SchoolScopedModel):
    """A count of the assets in a scope (盘点): open → counting → closed."""

    workflow = STOCKTAKE_WORKFLOW

    name = fields.CharField(_("name"), max_length=100)
    status = models.CharField(
        pgettext_lazy("workflow", "status"),
        max_length=20,
        choices=StocktakeStatus.choices,
        default=StocktakeStatus.OPEN,
    )
    campus = models.ForeignKey(
        "logistics.Campus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campus"),
    )
    building = models.ForeignKey(
        "logistics.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building"),
    )
    department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    applied_at = models.DateTimeField(_("results applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results applied by"),
    )

    class Meta:
        ordering = ["school_id", "-opened_at", "-id"]
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        permissions = [("run_stocktake", _("Can run stocktakes"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=StocktakeStatus.values),
                name="assets_stocktake_status_valid",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assets:stocktake-detail", args=[self.pk])

    def scope_label(self):
        parts = [str(p) for p in (self.campus, self.building, self.department) if p]
        return " / ".join(parts) or _("whole school")


class StocktakeLine(SchoolScopedModel):
    """One asset expected in a stocktake and what the counter found."""

    stocktake = models.ForeignKey(
        Stocktake,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("stocktake"),
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="+", verbose_name=_("asset")
    )
    expected_location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expected location"),
    )
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=CountResult.choices,
        default=CountResult.PENDING,
    )
    found_location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("found at"),
    )
    note = fields.CharField(_("note"), max_length=200, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted by"),
    )
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)

    class Meta:
        ordering = ["stocktake", "expected_location", "asset"]
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        constraints = [
            models.UniqueConstraint(
                fields=["stocktake", "asset"], name="assets_stocktake_line_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=CountResult.values),
                name="assets_stocktake_result_valid",
            ),
        ]
        indexes = [models.Index(fields=["stocktake", "expected_location", "result"])]

    def __str__(self):
        return f"{self.stocktake_id}: {self.asset_id} {self.result}"


class StocktakeExtra(SchoolScopedModel):
    """Something found during a stocktake that is not on the ledger (盘盈)."""

    stocktake = models.ForeignKey(
        Stocktake,
        on_delete=models.CASCADE,
        related_name="extras",
        verbose_name=_("stocktake"),
    )
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("asset", "location"),
    )
    description = fields.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    label_number = fields.CharField(_("number on its label"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["stocktake", "location", "id"]
        verbose_name = _("item not on the ledger")
        verbose_name_plural = _("items not on the ledger")

    def __str__(self):
        return self.description


class LedgerOpening(SchoolScopedModel):
    """When the school started keeping its depreciation here (建账): once."""

    month = models.IntegerField(_("first month kept here"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded"), default=timezone.now)
    imported = models.PositiveIntegerField(_("opening balances imported"), default=0)
    computed = models.PositiveIntegerField(_("opening balances computed"), default=0)

    class Meta:
        ordering = ["school_id"]
        verbose_name = _("opening of the ledger")
        verbose_name_plural = _("openings of the ledger")
        constraints = [
            models.UniqueConstraint(
                fields=["school"], name="assets_ledger_opening_once"
            )
        ]

    def __str__(self):
        from .depreciation import month_label

        return month_label(self.month)


class AssetAdjustment(SchoolScopedModel):
    """A change of an asset's value or years, from its month on (never backwards).

    ``before_*`` keep the schedule in force until then, so the months before it
    are read as they were; the card then carries the schedule from ``month``.
    """

    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        related_name="adjustments",
        verbose_name=_("asset"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AdjustmentKind.choices)
    adjusted_on = models.DateField(_("date"), validators=[DateRangeValidator(PAST)])
    month = models.IntegerField(_("from month"))
    amount = models.DecimalField(
        _("amount"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    years = models.PositiveSmallIntegerField(
        _("new depreciation years"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    reason = fields.CharField(_("reason"), max_length=200)
    value_before = models.DecimalField(_("value before"), **MONEY)
    value_after = models.DecimalField(_("value after"), **MONEY)
    accumulated_before = models.DecimalField(
        _("accumulated depreciation at the change"), **MONEY
    )
    months_done = models.PositiveIntegerField(_("months depreciated at the change"))
    # The schedule in force before this adjustment.
    before_base_month = models.IntegerField(null=True, blank=True)
    before_base_accumulated = models.DecimalField(default=0, **MONEY)
    before_base_done = models.PositiveIntegerField(default=0)
    before_months = models.PositiveIntegerField(default=0)
    before_monthly = models.DecimalField(default=0, **MONEY)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["asset", "month", "id"]
        verbose_name = _("asset adjustment")
        verbose_name_plural = _("asset adjustments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AdjustmentKind.values),
                name="assets_adjustment_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(value_after__gte=0, accumulated_before__gte=0),
                name="assets_adjustment_money_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["asset", "month"])]

    def __str__(self):
        return f"{self.asset_id} {self.kind} {self.adjusted_on}"


class DepreciationMonth(WorkflowMixin, SchoolScopedModel):
    """A month whose depreciation is posted (月末计提): its entries never change.

    Reopening keeps the row and its entries (status ``reopened``); closing the
    month again posts a new row.
    """

    statuses = MONTH_STATUSES
    workflow = MONTH_WORKFLOW

    month = models.IntegerField(_("month"))
    status = models.CharField(
        pgettext_lazy("workflow", "status"),
        max_length=20,
        choices=MonthStatus.choices,
        default=MonthStatus.CLOSED,
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reason = fields.CharField(_("reason for reopening"), max_length=200, blank=True)
    assets = models.PositiveIntegerField(_("assets depreciated"), default=0)
    total = models.DecimalField(_("depreciation"), default=0, **MONEY)

    class Meta:
        ordering = ["school_id", "-month", "-id"]
        verbose_name = _("depreciation month")
        verbose_name_plural = _("depreciation months")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "month"],
                condition=models.Q(status="closed"),
                name="assets_depreciation_month_closed_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MonthStatus.values),
                name="assets_depreciation_month_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0),
                name="assets_depreciation_month_total_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["school", "month", "status"])]

    def __str__(self):
        return self.label

    @property
    def label(self):
        from .depreciation import month_label

        return month_label(self.month)

    def get_absolute_url(self):
        return reverse("assets:month-detail", args=[self.pk])


class DepreciationEntry(SchoolScopedModel):
    """One asset's depreciation in one posted month, with what it was charged to."""

    period = models.ForeignKey(
        DepreciationMonth,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("month"),
    )
    month = models.IntegerField(_("month"))
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        related_name="depreciation_entries",
        verbose_name=_("asset"),
    )
    amount = models.DecimalField(_("depreciation"), **MONEY)
    accumulated = models.DecimalField(_("accumulated depreciation after"), **MONEY)
    net = models.DecimalField(_("net value after"), **MONEY)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices
    )
    expense_use = models.CharField(
        _("depreciation charged to"), max_length=20, choices=ExpenseUse.choices
    )

    class Meta:
        ordering = ["period", "asset"]
        verbose_name = _("depreciation entry")
        verbose_name_plural = _("depreciation entries")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "asset"], name="assets_depreciation_entry_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, accumulated__gte=0),
                name="assets_depreciation_entry_money_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["asset", "month"])]

    def __str__(self):
        return f"{self.asset_id} {self.month}: {self.amount}"
