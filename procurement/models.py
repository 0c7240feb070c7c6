"""Budgets (经费预算) and purchase requests (采购申请) from draft to payment.

Amounts a person types are the budget's plan, its adjustments, and each line's
quantity and estimated unit price. Everything else is computed: a request's
totals by its services from its lines, a budget line's committed, spent and
remaining amounts by SQL aggregates over the requests that charge it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import fields
from logistics.dates import ANY, PAST, DateRangeValidator
from logistics.scoping import SchoolQuerySet, SchoolScopedModel
from logistics.workflow import WorkflowMixin

from .choices import (
    COMMITTED,
    SPENT,
    AttachmentKind,
    FundingSource,
    LineKind,
    PurchaseStatus,
)
from .workflows import PURCHASE_WORKFLOW

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(**MONEY)


def _sum(queryset, field):
    """A correlated subquery: the sum of ``field`` over ``queryset`` (0 if none)."""
    total = (
        queryset.order_by()
        .values("budget_line")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD
    )


class FiscalYear(SchoolScopedModel):
    """A school's budget year (预算年度), usually the calendar year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["school_id", "-year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year"], name="procurement_fiscalyear_unique"
            )
        ]

    def __str__(self):
        return str(self.year)


class BudgetLineQuerySet(SchoolQuerySet):
    def with_figures(self):
        """Each line with ``adjusted`` (plan plus adjustments), ``committed``
        (approved, not paid), ``spent`` (paid) and ``remaining``: one query."""
        requests = PurchaseRequest.objects.filter(budget_line=OuterRef("pk"))
        adjustments = BudgetAdjustment.objects.filter(budget_line=OuterRef("pk"))
        return self.annotate(
            adjustments_total=_sum(adjustments, "amount"),
            committed=_sum(requests.filter(status__in=COMMITTED), "estimated_total"),
            spent=_sum(requests.filter(status__in=SPENT), "actual_total"),
        ).annotate(
            adjusted=ExpressionWrapper(
                F("amount") + F("adjustments_total"), output_field=MONEY_FIELD
            ),
            remaining=ExpressionWrapper(
                F("amount") + F("adjustments_total") - F("committed") - F("spent"),
                output_field=MONEY_FIELD,
            ),
        )


class BudgetLine(SchoolScopedModel):
    """One line of a year's budget (办公费, 维修费, 设备购置费…)."""

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("fiscal year"),
    )
    code = fields.CharField(_("code"), max_length=20)
    name = fields.CharField(_("name"), max_length=100)
    amount = models.DecimalField(
        _("planned amount"), validators=[MinValueValidator(0)], **MONEY
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.BUDGET,
    )
    department = models.ForeignKey(
        "logistics.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner department"),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "fiscal_year", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        permissions = [
            ("manage_budget", _("Can set up budget lines and adjust them")),
            ("view_budget_report", _("Can see and export the budget report")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"], name="procurement_budgetline_code"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="procurement_budgetline_amount"
            ),
            models.CheckConstraint(
                condition=Q(funding_source__in=FundingSource.values),
                name="procurement_budgetline_funding_valid",
            ),
        ]

    SHOWN_WITH = ("fiscal_year",)

    def __str__(self):
        return f"{self.fiscal_year.year} {self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("procurement:budget-line", args=[self.pk])

    def figures(self):
        """This line with its computed amounts (one query)."""
        return BudgetLine.objects.with_figures().get(pk=self.pk)


class BudgetAdjustment(SchoolScopedModel):
    """A change to a budget line's amount (追加/调减), kept as a row, never typed over."""

    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="adjustments",
        verbose_name=_("budget line"),
    )
    amount = models.DecimalField(
        _("change"),
        help_text=_("Positive adds to the line, negative takes away."),
        **MONEY,
    )
    reason = fields.CharField(_("reason"), max_length=fields.NOTE_LENGTH)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["budget_line", "at", "id"]
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="procurement_adjustment_not_zero"
            )
        ]

    def __str__(self):
        return f"{self.budget_line.code} {self.amount:+}"


class Supplier(SchoolScopedModel):
    """A supplier the school buys from (its own list)."""

    name = fields.CharField(_("name"), max_length=100)
    contact = fields.CharField(_("contact person"), max_length=50, blank=True)
    phone = fields.CharField(_("phone"), max_length=30, blank=True)
    address = fields.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="procurement_supplier_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class PurchaseRequestQuerySet(SchoolQuerySet):
    pass


class PurchaseRequest(WorkflowMixin, SchoolScopedModel):
    """One purchase request (采购申请) with its decisions, order, acceptance and payment."""

    workflow = PURCHASE_WORKFLOW

    number = fields.CharField(_("number"), max_length=30, blank=True)
    title = fields.CharField(_("title"), max_length=100)
    reason = fields.TextField(
        pgettext_lazy("purchase", "reason"), max_length=fields.TEXT_LENGTH
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("budget line"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="purchase_requests",
        verbose_name=pgettext_lazy("purchase", "requester"),
    )
    wanted_by = models.DateField(
        _("wanted by"), null=True, blank=True, validators=[DateRangeValidator(ANY)]
    )
    status = models.CharField(
        pgettext_lazy("purchase", "status"),
        max_length=20,
        choices=PurchaseStatus.choices,
        default=PurchaseStatus.DRAFT,
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Computed by the services from the lines, never typed.
    estimated_total = models.DecimalField(_("estimated total"), default=0, **MONEY)
    actual_total = models.DecimalField(_("actual total"), default=0, **MONEY)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Over the budget line's remaining amount: an approver's override.
    override_reason = fields.CharField(
        _("budget override reason"), max_length=fields.NOTE_LENGTH, blank=True
    )
    override_total = models.DecimalField(
        _("override up to"), null=True, blank=True, **MONEY
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    override_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    # The order.
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("supplier"),
    )
    ordered_on = models.DateField(
        _("ordered on"), null=True, blank=True, validators=[DateRangeValidator(PAST)]
    )
    expected_on = models.DateField(
        _("expected delivery"),
        null=True,
        blank=True,
        validators=[DateRangeValidator(ANY)],
    )
    # The payment.
    paid_on = models.DateField(
        _("paid on"), null=True, blank=True, validators=[DateRangeValidator(PAST)]
    )
    voucher_number = fields.CharField(_("voucher number"), max_length=40, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )

    objects = PurchaseRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")
        permissions = [
            ("view_all_purchaserequest", _("Can see every purchase request")),
            ("override_budget", _("Can let a purchase exceed its budget line")),
            ("order_purchaserequest", _("Can order approved purchases")),
            ("accept_purchaserequest", _("Can accept delivered purchases")),
            ("pay_purchaserequest", _("Can record payments of purchases")),
            ("export_purchaserequest", _("Can export the procurement ledger")),
        ]
        indexes = [
            models.Index(fields=["school", "-created_at", "-id"]),
            models.Index(fields=["school", "status"]),
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["budget_line", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PurchaseStatus.values),
                name="procurement_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(estimated_total__gte=0, actual_total__gte=0),
                name="procurement_request_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(override_total__isnull=True) | Q(override_total__gte=0),
                name="procurement_request_override_not_negative",
            ),
            models.UniqueConstraint(
                fields=["school", "number"],
                condition=~Q(number=""),
                name="procurement_request_number_unique",
            ),
        ]

    def __str__(self):
        return f"{self.number or '#' + str(self.pk)} {self.title}"

    def get_absolute_url(self):
        return reverse("procurement:detail", args=[self.pk])

    @property
    def overridden(self):
        return bool(self.override_reason)


class PurchaseLine(SchoolScopedModel):
    """One thing to buy: what, how many, at what estimated price."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("purchase request"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(
        _("kind"), max_length=12, choices=LineKind.choices, default=LineKind.CONSUMABLE
    )
    item_code = fields.CharField(_("item code"), max_length=40, blank=True)
    name = fields.CharField(_("item"), max_length=100)
    specification = fields.CharField(_("specification"), max_length=100, blank=True)
    quantity = models.DecimalField(
        _("quantity"), validators=[MinValueValidator(Decimal("0.01"))], **QUANTITY
    )
    unit = fields.CharField(_("unit"), max_length=10, default="个")
    estimated_unit_price = models.DecimalField(
        _("estimated unit price"), validators=[MinValueValidator(0)], **MONEY
    )
    estimated_amount = models.DecimalField(_("estimated amount"), default=0, **MONEY)
    # Filled in at acceptance (sums over its deliveries).
    received_quantity = models.DecimalField(
        _("received quantity"), default=0, **QUANTITY
    )
    received_amount = models.DecimalField(_("received amount"), default=0, **MONEY)

    class Meta:
        ordering = ["request", "position", "id"]
        verbose_name = _("purchase line")
        verbose_name_plural = _("purchase lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="procurement_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    estimated_unit_price__gte=0,
                    estimated_amount__gte=0,
                    received_quantity__gte=0,
                    received_amount__gte=0,
                ),
                name="procurement_line_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LineKind.values),
                name="procurement_line_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.specification}".strip()

    @property
    def actual_unit_price(self):
        if not self.received_quantity:
            return None
        return (self.received_amount / self.received_quantity).quantize(Decimal("0.01"))

    @property
    def outstanding(self):
        return max(self.quantity - self.received_quantity, Decimal("0"))


def attachment_path(instance, filename):
    return f"procurement/{instance.school_id}/{timezone.now():%Y/%m}/{filename}"


class PurchaseAttachment(SchoolScopedModel):
    """A file attached to a request: a quote, a catalogue page…"""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("purchase request"),
    )
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=AttachmentKind.choices,
        default=AttachmentKind.QUOTE,
    )
    title = fields.CharField(_("title"), max_length=100, blank=True)
    supplier_name = fields.CharField(_("supplier"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("quoted amount"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="procurement_attachment_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values),
                name="procurement_attachment_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title or self.file.name


class Acceptance(SchoolScopedModel):
    """One delivery accepted (验收): by whom, with which witness, what arrived."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("purchase request"),
    )
    accepted_on = models.DateField(
        _("accepted on"), validators=[DateRangeValidator(PAST)]
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("witness"),
    )
    invoice_number = fields.CharField(_("invoice number"), max_length=60, blank=True)
    delivery_note = models.ImageField(
        _("delivery note photo"), upload_to=attachment_path, blank=True
    )
    note = fields.CharField(_("note"), max_length=fields.NOTE_LENGTH, blank=True)
    # What the warehouse and the ledger made of it, as the pages show it.
    results = models.JSONField(_("results"), default=list, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["request", "accepted_on", "id"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.CheckConstraint(
                condition=~Q(accepted_by=F("witness")),
                name="procurement_acceptance_witness_other",
            )
        ]

    def __str__(self):
        return f"{self.request.number} {self.accepted_on}"


class AcceptanceLine(SchoolScopedModel):
    acceptance = models.ForeignKey(
        Acceptance,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("acceptance"),
    )
    line = models.ForeignKey(
        PurchaseLine,
        on_delete=models.PROTECT,
        related_name="acceptance_lines",
        verbose_name=_("purchase line"),
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)

    class Meta:
        ordering = ["acceptance", "id"]
        verbose_name = _("accepted line")
        verbose_name_plural = _("accepted lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0, unit_price__gte=0),
                name="procurement_acceptanceline_amounts",
            )
        ]


class PurchaseVersion(SchoolScopedModel):
    """What a request said when it was submitted: each version kept."""

    request = models.ForeignKey(
        PurchaseRequest,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("purchase request"),
    )
    version = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("contents"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["request", "version"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "version"], name="procurement_version_unique"
            )
        ]
