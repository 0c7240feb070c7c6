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
from .choices import (
    AcquisitionMethod,
    AssetClass,
    AssetCondition,
    AssetStatus,
    ExpenseUse,
    FundingSource,
    UsageDirection,
)
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

    def __init__(self, choices, default=None, required=True):
        self.choices = choices
        self.default = default
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if importing.is_blank(value) and self.default is None and self.required:
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


class NameWidget(widgets.Widget):
    """A related row written as it reads on screen, e.g. a class: 初一(3)班."""

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class YearsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return importing.clean_years(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return importing.clean_yes_no(value)

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else ""


class RequiredTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = importing.text_of(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        return text


def _column(attribute, header, widget):
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


def _text(attribute, header, required=False):
    widget = RequiredTextWidget() if required else widgets.CharWidget()
    return _column(attribute, header, widget)


class AssetResource(SchoolResource):
    # Blank: the card gets the next number of the school's pattern.
    number = _text("number", gettext_lazy("asset number"))
    name = _text("name", gettext_lazy("asset name"), required=True)
    category = _column(
        "category",
        gettext_lazy("category code"),
        LookupWidget(
            Category, "code", gettext_lazy("Unknown category code “%(value)s”.")
        ),
    )
    asset_class = _column(
        "asset_class",
        gettext_lazy("asset class"),
        ChoiceLabelWidget(AssetClass, required=False),
    )
    specification = _text("specification", gettext_lazy("model / specification"))
    brand = _text("brand", gettext_lazy("brand"))
    serial_number = _text("serial_number", gettext_lazy("serial number"))
    quantity = _column("quantity", gettext_lazy("quantity"), QuantityWidget())
    unit = _text("unit", gettext_lazy("unit"))
    unit_price = _column("unit_price", gettext_lazy("unit price"), MoneyWidget())
    original_value = _column(
        "original_value", gettext_lazy("original value"), MoneyWidget()
    )
    acquired_on = _column("acquired_on", gettext_lazy("acquisition date"), DateWidget())
    acquisition_method = _column(
        "acquisition_method",
        gettext_lazy("acquisition method"),
        ChoiceLabelWidget(AcquisitionMethod, AcquisitionMethod.PURCHASE),
    )
    funding_source = _column(
        "funding_source",
        gettext_lazy("funding source"),
        ChoiceLabelWidget(FundingSource, FundingSource.BUDGET),
    )
    supplier = _text("supplier", gettext_lazy("supplier"))
    invoice_number = _text("invoice_number", gettext_lazy("invoice number"))
    warranty_until = _column(
        "warranty_until", gettext_lazy("warranty end"), DateWidget()
    )
    location = _column(
        "location",
        gettext_lazy("location code"),
        LookupWidget(
            Location, "code", gettext_lazy("Unknown location code “%(value)s”.")
        ),
    )
    department = _column(
        "department",
        gettext_lazy("department"),
        LookupWidget(
            Department, "name", gettext_lazy("Unknown department “%(value)s”.")
        ),
    )
    # Written by AssetResource.dehydrate_custodian, read by ``importing``.
    custodian = _column("custodian", gettext_lazy("custodian"), widgets.Widget())
    responsible_class = _column(
        "responsible_class", gettext_lazy("responsible class"), NameWidget()
    )
    usage_direction = _column(
        "usage_direction",
        gettext_lazy("usage direction"),
        ChoiceLabelWidget(UsageDirection, UsageDirection.OWN_USE),
    )
    status = _column(
        "status",
        gettext_lazy("status"),
        ChoiceLabelWidget(AssetStatus, AssetStatus.IN_USE),
    )
    condition = _column(
        "condition",
        gettext_lazy("condition"),
        ChoiceLabelWidget(AssetCondition, AssetCondition.GOOD),
    )
    depreciation_years_override = _column(
        "depreciation_years_override",
        gettext_lazy("depreciation years (this asset)"),
        YearsWidget(),
    )
    expense_use = _column(
        "expense_use",
        gettext_lazy("depreciation charged to"),
        ChoiceLabelWidget(ExpenseUse, ExpenseUse.BUSINESS),
    )
    nominal_amount = _column(
        "nominal_amount",
        gettext_lazy("recorded at a nominal amount"),
        YesNoWidget(),
    )
    opening_accumulated = _column(
        "opening_accumulated",
        gettext_lazy("opening accumulated depreciation"),
        MoneyWidget(),
    )
    notes = _text("notes", gettext_lazy("notes"))

    class Meta:
        model = Asset
        fields = (
            "number",
            "name",
            "category",
            "asset_class",
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
            "custodian",
            "responsible_class",
            "usage_direction",
            "status",
            "condition",
            "depreciation_years_override",
            "expense_use",
            "nominal_amount",
            "opening_accumulated",
            "notes",
        )
        # Rows are matched by asset number; skipping unchanged rows, checking
        # and transactions are done by assets.importing (see import_data).
        import_id_fields = ("number",)

    def __init__(self, *, by=None, **kwargs):
        super().__init__(**kwargs)
        self.by = by

    def get_queryset(self):
        # Every related column in one query, not one query per row and column.
        return (
            super()
            .get_queryset()
            .select_related(
                "category",
                "location",
                "department",
                "custodian__profile",
                "responsible_class",
            )
        )

    def dehydrate_custodian(self, asset):
        """The custodian's name, or their employee number when the name is not
        theirs alone, so that an exported ledger imports back unchanged."""
        if asset.custodian_id is None:
            return ""
        if not hasattr(self, "_people"):
            self._people = importing.People(self.school_id)
        return self._people.cell_for(asset.custodian)

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
