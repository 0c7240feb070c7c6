"""The ledger's columns for django-import-export, keyed by asset number.

Headers are the Chinese column names of the school's paper ledger. The fields
give the template and the admin's export (formula-safe, from ``SchoolResource``);
importing goes through ``assets.importing``, which checks every row in Python
against lookups fetched once and writes in bulk with history, so the admin's
import and the asset pages' import are the same: plain-words errors per row,
all rows or none, and the same file imported twice changes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from import_export import fields, widgets
from import_export.results import RowResult

from logistics.models import Department, Location
from logistics.resources import SchoolForeignKeyWidget, SchoolResource

from . import importing
from .choices import AcquisitionMethod, AssetStatus, FundingSource
from .models import Asset, Category


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return importing.clean_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class MoneyWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return importing.clean_money(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class QuantityWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return importing.clean_quantity(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceLabelWidget(widgets.Widget):
    """Accepts a choice's label in either language or its code; writes the label."""

    def __init__(self, choices, default=None):
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if importing.is_blank(value) and self.default is None:
            raise ValueError(_("This column must be filled in."))
        return importing.choice_cleaner(self.choices, self.default)(value)

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class LookupWidget(SchoolForeignKeyWidget):
    """A related row by its key; an unknown key is a plain-words error."""

    def __init__(self, model, field, message):
        super().__init__(model, field=field)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if importing.is_blank(value):
            return None
        try:
            return self.get_queryset(value, row).get(
                **{self.field: importing.text_of(value)}
            )
        except (self.model.DoesNotExist, self.model.MultipleObjectsReturned):
            raise ValueError(str(self.message) % {"value": value}) from None


class RequiredTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = importing.text_of(value)
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
        # Rows are matched by asset number; skipping unchanged rows, checking
        # and transactions are done by assets.importing (see import_data).
        import_id_fields = ("number",)

    def __init__(self, *, by=None, **kwargs):
        super().__init__(**kwargs)
        self.by = by

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)  # the school and the row cap
        importing.column_positions(dataset)  # the template's columns

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """The ledger import of the asset pages (``importing``), as the admin shows it.

        Rows are checked in Python against lookups fetched once and written in
        bulk with their history, all or none, whatever ``use_transactions`` and
        ``rollback_on_validation_errors`` say: a file with a wrong row writes
        nothing. ``dry_run`` writes nothing at all.
        """
        result = self.get_result_class()()
        result.diff_headers = [importing.text_of(h) for h in dataset.headers or []]
        try:
            self.before_import(dataset, **kwargs)
            report = importing.import_ledger(
                school_id=self.school_id,
                dataset=dataset,
                by=self.by,
                commit=not dry_run,
            )
        except ValidationError as error:
            self.handle_import_error(result, error, raise_errors)
            return result
        self.report = report
        for row in report.rows:
            values = dict(zip(result.diff_headers, row.values, strict=False))
            if row.kind == importing.INVALID:
                errors = {}
                for attribute, message in row.errors:
                    errors.setdefault(attribute or NON_FIELD_ERRORS, []).append(message)
                result.append_invalid_row(row.line - 1, values, ValidationError(errors))
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
                continue
            row_result = self.get_row_result_class()()
            row_result.import_type = row.kind
            row_result.row_values = values
            row_result.diff = [importing.text_of(value) for value in row.values]
            row_result.instance = row.asset
            row_result.add_instance_info(row.asset)
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        result.total_rows = len(dataset)
        if raise_errors and result.has_validation_errors():
            raise ValidationError(_("Nothing was imported: some rows have errors."))
        return result


def template_headers():
    return [str(field.column_name) for field in AssetResource().get_import_fields()]
