"""django-import-export resources: the catalogue (keyed by item code) and opening
stock (code, quantity, unit cost → a receipt movement per row).

Both go through the admin's import: a preview with each row's errors first, and
all rows or none (``IMPORT_EXPORT_USE_TRANSACTIONS``). Stock is never written to
an item directly: opening stock posts receipts through the ledger, which refuses
negative and fractional quantities of whole units.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from import_export import fields, widgets

from logistics.models import Location
from logistics.resources import SchoolForeignKeyWidget, SchoolResource

from . import ledger
from .choices import MovementKind
from .models import Item, ItemCategory


class ItemResource(SchoolResource):
    """The catalogue; on-hand figures are the ledger's and are never imported."""

    category = fields.Field(
        attribute="category",
        column_name=gettext_lazy("category code"),
        widget=SchoolForeignKeyWidget(ItemCategory, field="code"),
    )
    place = fields.Field(
        attribute="place",
        column_name=gettext_lazy("storage place code"),
        widget=SchoolForeignKeyWidget(Location, field="code"),
    )

    class Meta:
        model = Item
        fields = (
            "code",
            "name",
            "specification",
            "unit",
            "divisible",
            "category",
            "place",
            "reorder_level",
            "paper_size",
            "is_active",
        )
        export_order = fields
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class DecimalText(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value).strip())
        except InvalidOperation as error:
            raise ValueError(
                _("%(value)s is not a number.") % {"value": value}
            ) from error


class OpeningStockResource(SchoolResource):
    """Opening stock: one receipt per row for an item already in the catalogue."""

    quantity = fields.Field(
        attribute=None, column_name="quantity", widget=DecimalText(), readonly=False
    )
    unit_cost = fields.Field(
        attribute=None, column_name="unit_cost", widget=DecimalText(), readonly=False
    )

    class Meta:
        model = Item
        fields = ("code", "quantity", "unit_cost")
        import_id_fields = ("code",)
        skip_unchanged = False

    def __init__(self, *, by=None, **kwargs):
        super().__init__(**kwargs)
        self.by = by or kwargs.get("user")

    def import_instance(self, instance, row, **kwargs):
        # Only the quantity and cost are read; the item itself is not changed.
        if instance.pk is None:
            raise ValidationError(
                _("No item with the code “%(code)s”: add it to the catalogue first.")
                % {"code": row.get("code", "")}
            )
        quantity = self.fields["quantity"].clean(row)
        cost = self.fields["unit_cost"].clean(row)
        if quantity is None or cost is None:
            raise ValidationError(_("Give the quantity and the unit cost."))
        if cost < 0:
            raise ValidationError(_("A unit cost cannot be negative."))
        instance._opening = (ledger.check_quantity(instance, quantity), cost)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        quantity, cost = instance._opening
        ledger.post(
            item=instance,
            kind=MovementKind.RECEIPT,
            quantity=quantity,
            unit_cost=cost,
            by=self.by,
            source_label=_("Opening stock"),
        )
