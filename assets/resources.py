"""Import and export of the ledger with django-import-export, keyed by asset number.

Headers are the Chinese column names of the school's paper ledger; every error a
row can have is said in plain words (unknown category, bad date, negative price,
duplicate number). Re-importing the same file changes nothing (unchanged rows are
skipped).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from import_export import fields, widgets

from logistics.models import Department, Location
from logistics.resources import SchoolForeignKeyWidget, SchoolResource

from . import depreciation
from .choices import AcquisitionMethod, AssetStatus, FundingSource
from .models import Asset, Category
from .services import asset_class_for

DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$"
)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        match = DATE_RE.match(str(value))
        try:
            if match is None:
                raise ValueError
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it like 2024-09-01.")
                % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class MoneyWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value).replace(",", "").replace("¥", "").strip())
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not an amount of money.") % {"value": value}
            ) from None
        if amount < 0:
            raise ValueError(
                _("An amount cannot be negative: %(value)s.") % {"value": value}
            )
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class QuantityWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return 1
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value() or number < 1:
            raise ValueError(
                _("The quantity must be a whole number of at least 1, not “%(value)s”.")
                % {"value": value}
            )
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceLabelWidget(widgets.Widget):
    """Accepts a choice's label in either language or its code; writes the label."""

    def __init__(self, choices, default=None):
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.default is not None:
                return self.default
            raise ValueError(_("This column must be filled in."))
        text = str(value).strip()
        for code, label in self.choices.choices:
            if text in {code, str(label)}:
                return code
        allowed = "、".join(str(label) for _code, label in self.choices.choices)
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class LookupWidget(SchoolForeignKeyWidget):
    """A related row by its key; an unknown key is a plain-words error."""

    def __init__(self, model, field, message):
        super().__init__(model, field=field)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: str(value).strip()})
        except (self.model.DoesNotExist, self.model.MultipleObjectsReturned):
            raise ValueError(str(self.message) % {"value": value}) from None


class RequiredTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("This column must be filled in."))
        return text


def _text(attribute, header, required=False):
    widget = RequiredTextWidget() if required else widgets.CharWidget()
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


class AssetResource(SchoolResource):
    number = _text("number", gettext_lazy("asset number"), required=True)
    name = _text("name", gettext_lazy("asset name"), required=True)
    category = fields.Field(
        attribute="category",
        column_name=gettext_lazy("category code"),
        widget=LookupWidget(
            Category, "code", gettext_lazy("Unknown category code “%(value)s”.")
        ),
    )
    specification = _text("specification", gettext_lazy("model / specification"))
    brand = _text("brand", gettext_lazy("brand"))
    serial_number = _text("serial_number", gettext_lazy("serial number"))
    quantity = fields.Field(
        attribute="quantity",
        column_name=gettext_lazy("quantity"),
        widget=QuantityWidget(),
    )
    unit = _text("unit", gettext_lazy("unit"))
    unit_price = fields.Field(
        attribute="unit_price",
        column_name=gettext_lazy("unit price"),
        widget=MoneyWidget(),
    )
    original_value = fields.Field(
        attribute="original_value",
        column_name=gettext_lazy("original value"),
        widget=MoneyWidget(),
    )
    acquired_on = fields.Field(
        attribute="acquired_on",
        column_name=gettext_lazy("acquisition date"),
        widget=DateWidget(),
    )
    acquisition_method = fields.Field(
        attribute="acquisition_method",
        column_name=gettext_lazy("acquisition method"),
        widget=ChoiceLabelWidget(AcquisitionMethod, AcquisitionMethod.PURCHASE),
    )
    funding_source = fields.Field(
        attribute="funding_source",
        column_name=gettext_lazy("funding source"),
        widget=ChoiceLabelWidget(FundingSource, FundingSource.BUDGET),
    )
    supplier = _text("supplier", gettext_lazy("supplier"))
    invoice_number = _text("invoice_number", gettext_lazy("invoice number"))
    warranty_until = fields.Field(
        attribute="warranty_until",
        column_name=gettext_lazy("warranty end"),
        widget=DateWidget(),
    )
    location = fields.Field(
        attribute="location",
        column_name=gettext_lazy("location code"),
        widget=LookupWidget(
            Location, "code", gettext_lazy("Unknown location code “%(value)s”.")
        ),
    )
    department = fields.Field(
        attribute="department",
        column_name=gettext_lazy("department"),
        widget=LookupWidget(
            Department, "name", gettext_lazy("Unknown department “%(value)s”.")
        ),
    )
    status = fields.Field(
        attribute="status",
        column_name=gettext_lazy("status"),
        widget=ChoiceLabelWidget(AssetStatus, AssetStatus.IN_USE),
    )
    notes = _text("notes", gettext_lazy("notes"))

    class Meta:
        model = Asset
        fields = (
            "number",
            "name",
            "category",
            "specification",
            "brand",
            "serial_number",
            "quantity",
            "unit",
            "unit_price",
            "original_value",
            "acquired_on",
            "acquisition_method",
            "funding_source",
            "supplier",
            "invoice_number",
            "warranty_until",
            "location",
            "department",
            "status",
            "notes",
        )
        import_id_fields = ("number",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, by=None, **kwargs):
        super().__init__(**kwargs)
        self.by = by
        self._seen_numbers = {}

    def before_import(self, dataset, **kwargs):
        self._seen_numbers = {}
        headers = {str(h).strip() for h in (dataset.headers or []) if h}
        missing = [
            str(field.column_name)
            for name, field in self.fields.items()
            if name in {"number", "name", "category", "unit_price", "acquired_on"}
            and str(field.column_name) not in headers
        ]
        if missing:
            raise ValidationError(
                _("The file lacks these columns: %(columns)s. Use the template.")
                % {"columns": "、".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        number = str(row.get(str(self.fields["number"].column_name)) or "").strip()
        if number:
            self._seen_numbers[number] = self._seen_numbers.get(number, 0) + 1
            if self._seen_numbers[number] > 1:
                errors.setdefault("number", []).append(
                    _("The number %(number)s appears twice in the file.")
                    % {"number": number}
                )
        if instance.unit_price is None:
            errors.setdefault("unit_price", []).append(
                _("This column must be filled in.")
            )
        if instance.acquired_on is None:
            errors.setdefault("acquired_on", []).append(
                _("This column must be filled in.")
            )
        if instance.category_id is None and "category" not in errors:
            errors.setdefault("category", []).append(
                _("This column must be filled in.")
            )
        if errors:
            raise ValidationError(errors)
        if instance.original_value is None:
            instance.original_value = instance.unit_price * instance.quantity
        if not instance.pk:
            instance.asset_class = asset_class_for(instance.unit_price)
            instance.created_by = self.by

    def before_save_instance(self, instance, row, **kwargs):
        depreciation.apply_schedule(instance)
        instance._history_user = self.by


def template_headers():
    return [str(field.column_name) for field in AssetResource().get_import_fields()]
