import datetime

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import dates
from logistics.fields import form_field
from logistics.files import CheckedFileInput
from logistics.forms import StyledFormMixin
from logistics.models import (
    Building,
    Campus,
    Department,
    Location,
    SchoolClass,
    TransitionLog,
)
from logistics.people import PersonChoiceField

from .choices import (
    ADJUSTMENT_KINDS,
    EDITABLE_STATUSES,
    AssetClass,
    AssetStatus,
    CountResult,
    DisposalMethod,
    ExpenseUse,
)
from .conf import assets_rule, assets_setting
from .models import (
    MAX_QUANTITY,
    Asset,
    AssetAdjustment,
    Category,
    DepreciationMonth,
    Disposal,
    Stocktake,
    StocktakeExtra,
    StocktakeLine,
    Transfer,
)
from .photos import check_photo, clean_photo


def room_field(label, required=False):
    """A room chosen by its code: a school may have thousands of rooms."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Location.objects.none(),
        required=required,
        to_field_name="code",
        widget=forms.TextInput,
        help_text=_("The room's code, as on its door label."),
        error_messages={"invalid_choice": _("No room has this code.")},
    )


class SchoolChoicesMixin:
    """Limits every related-object choice to the school's own rows."""

    scoped = {
        "category": Category,
        "parent": Category,
        "location": Location,
        "from_location": Location,
        "to_location": Location,
        "found_location": Location,
        "department": Department,
        "responsible_class": SchoolClass,
        "campus": Campus,
        "building": Building,
    }

    def scope_choices(self, school_id):
        for name, model in self.scoped.items():
            if name in self.fields:
                queryset = model.objects.for_school(school_id)
                if model is Location:
                    queryset = queryset.select_related("building")
                self.fields[name].queryset = queryset
        if "custodian" in self.fields:
            self.fields["custodian"].limit_to(school_id)


class PhotoField(forms.ImageField):
    """An image judged by its content (``photos.check_photo``), size first."""

    widget = CheckedFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
    )

    school = None  # whose size limit applies; None: the installation's

    def to_python(self, data):
        # FileField's checks (empty file, name length), then ours instead of
        # ImageField's, which would decode a file of any size and kind first.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return check_photo(upload, school=self.school)


class AssetForm(SchoolChoicesMixin, StyledFormMixin, forms.ModelForm):
    asset_class = forms.ChoiceField(
        label=_("Asset class"),
        required=False,
        choices=[("", _("By the capitalisation threshold"))] + AssetClass.choices,
    )
    custodian = PersonChoiceField(label=_("Custodian"), required=False)
    # Not before the school was founded (else 1950), not in the future.
    acquired_on = form_field(
        Asset, "acquired_on", form_class=dates.DateField, meaning=dates.ACQUIRED
    )
    warranty_until = form_field(
        Asset, "warranty_until", form_class=dates.DateField, meaning=dates.ANY
    )

    class Meta:
        model = Asset
        fields = [
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
            "nominal_amount",
            "expense_use",
            "photo",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"photo": PhotoField}

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(school_id)
        self.fields["photo"].school = school_id
        self.fields["acquired_on"].school = school_id
        self.fields["photo"].help_text = _(
            "JPEG, PNG, WebP or GIF, at most %(limit)s. Stored without its EXIF data."
        ) % {"limit": filesizeformat(assets_rule(school_id, "MAX_PHOTO_BYTES"))}
        self.fields["category"].queryset = self.fields["category"].queryset.filter(
            is_active=True
        )
        self.fields["original_value"].required = False
        self.fields["original_value"].help_text = _("Empty: unit price × quantity.")
        # Where the depreciation is charged; a form that leaves it out keeps the card's.
        self.fields["expense_use"].required = False
        current = self.instance.status if self.instance.pk else AssetStatus.IN_USE
        if current in EDITABLE_STATUSES:
            self.fields["status"].choices = [
                (value, label)
                for value, label in AssetStatus.choices
                if value in EDITABLE_STATUSES
            ]
        else:
            self.fields["status"].disabled = True
        if self.instance.pk:
            self.fields["asset_class"].initial = self.instance.asset_class

    def clean_photo(self):
        """A new upload must be a real photo; it is stored upright and without EXIF."""
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return clean_photo(photo)
        return photo

    def clean(self):
        data = super().clean()
        price, quantity = data.get("unit_price"), data.get("quantity")
        if data.get("original_value") is None and price is not None and quantity:
            data["original_value"] = price * quantity
        if not data.get("expense_use"):
            data["expense_use"] = self.instance.expense_use or ExpenseUse.BUSINESS
        return data


class TransferForm(SchoolChoicesMixin, StyledFormMixin, forms.Form):
    location = room_field(_("New location"))
    department = forms.ModelChoiceField(
        label=_("New department"), queryset=Department.objects.none(), required=False
    )
    custodian = PersonChoiceField(label=_("New custodian"), required=False)
    moved_on = dates.DateField(meaning=dates.PAST, label=_("Date"))
    reason = form_field(Transfer, "reason", label=_("Reason"))

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(school_id)
        self.fields["moved_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        if not (
            data.get("location") or data.get("department") or data.get("custodian")
        ):
            raise forms.ValidationError(
                _("Choose a new location, department or custodian to transfer to.")
            )
        return data


class RoomTransferForm(TransferForm):
    from_location = room_field(_("From room"), required=True)
    field_order = ["from_location", "location", "department", "custodian"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].required = True
        self.fields["location"].label = _("To room")


class DisposalProposeForm(StyledFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("Disposal method"), choices=DisposalMethod.choices
    )
    reason = form_field(
        Disposal, "reason", label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(StyledFormMixin, forms.Form):
    comment = form_field(
        TransitionLog,
        "comment",
        label=pgettext_lazy("disposal decision", "Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectionForm(StyledFormMixin, forms.Form):
    comment = form_field(
        TransitionLog,
        "comment",
        label=_("Reason"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisposalCompleteForm(StyledFormMixin, forms.Form):
    disposed_on = dates.DateField(meaning=dates.PAST, label=_("Disposal date"))
    proceeds = forms.DecimalField(
        label=_("Proceeds"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    comment = form_field(
        TransitionLog,
        "comment",
        label=pgettext_lazy("disposal completion", "Comment"),
        widget=forms.TextInput,
    )


class StocktakeForm(SchoolChoicesMixin, StyledFormMixin, forms.Form):
    name = form_field(Stocktake, "name", label=_("Name"))
    campus = forms.ModelChoiceField(
        label=_("Campus"), queryset=Campus.objects.none(), required=False
    )
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(school_id)
        today = timezone.localdate()
        self.fields["name"].initial = _("Stocktake %(date)s") % {
            "date": today.isoformat()
        }


class MarkForm(SchoolChoicesMixin, StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in CountResult.choices if c[0] != CountResult.PENDING],
    )
    found_location = room_field(_("Found at"))
    note = form_field(StocktakeLine, "note", label=_("Note"))

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(school_id)


class ScanForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Asset number (scan or type)"), max_length=200)

    def clean_number(self):
        # A scanned label holds the asset page's address; its last part is the number.
        value = self.cleaned_data["number"].strip()
        if "?n=" in value:
            value = value.rsplit("?n=", 1)[1]
        return value.strip("/ ")


class ExtraForm(StyledFormMixin, forms.Form):
    description = form_field(StocktakeExtra, "description", label=_("What was found"))
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )
    label_number = form_field(
        StocktakeExtra, "label_number", label=_("Number on its label")
    )


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template: one asset per row, the headers unchanged."),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = assets_setting("MAX_IMPORT_BYTES")
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        upload.seek(0)
        signature = upload.read(4)
        upload.seek(0)
        # An .xlsx file is a zip archive; anything else is refused by its content.
        if not upload.name.lower().endswith(".xlsx") or signature != b"PK\x03\x04":
            raise forms.ValidationError(_("Only .xlsx files can be imported."))
        return upload


class DepreciationForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year"))] + [(m, str(m)) for m in range(1, 13)],
    )
    group = forms.ChoiceField(
        label=pgettext_lazy("depreciation ledger, group rows", "By"),
        choices=[
            ("category", _("by category")),
            ("department", _("by department")),
            ("category_department", _("by category and department")),
        ],
        required=False,
    )

    def period(self):
        """(first month index, last month index, label) of the chosen period."""
        data = self.cleaned_data
        year, month = data["year"], data.get("month")
        if month:
            first = year * 12 + month - 1
            return first, first, datetime.date(year, month, 1).strftime("%Y-%m")
        return year * 12, year * 12 + 11, str(year)


class MonthField(forms.CharField):
    """A month typed as 2024-03 (an <input type=month>), as its index."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        from .depreciation import month_index, parse_month

        value = super().to_python(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None or not 1990 * 12 <= month <= 2100 * 12:
            raise forms.ValidationError(_("Write the month like 2024-03."))
        if month > month_index(timezone.localdate()):
            raise forms.ValidationError(_("The month cannot be in the future."))
        return month


class CloseMonthForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month to close"))


class LedgerOpenForm(StyledFormMixin, forms.Form):
    month = MonthField(
        label=_("First month kept here"),
        help_text=_(
            "Posting starts from this month; the months before it stay in the old "
            "ledger."
        ),
    )


class ReopenMonthForm(StyledFormMixin, forms.Form):
    reason = form_field(DepreciationMonth, "reason", label=_("Reason"), required=True)


class AdjustmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ADJUSTMENT_KINDS)
    adjusted_on = dates.DateField(meaning=dates.PAST, label=_("Date"))
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_(
            "Value change: the new value; addition: the amount added; partial "
            "disposal: the amount taken off."
        ),
    )
    years = forms.IntegerField(
        label=_("New depreciation years"), required=False, min_value=1, max_value=100
    )
    reason = form_field(AssetAdjustment, "reason", label=_("Reason"))

    def __init__(self, *args, **kwargs):
        kwargs.pop("school_id", None)
        super().__init__(*args, **kwargs)
        self.fields["adjusted_on"].initial = timezone.localdate


class CategoryForm(SchoolChoicesMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "parent",
            "code",
            "name",
            "scheme",
            "scheme_version",
            "depreciates",
            "depreciation_years",
            "is_active",
        ]

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(school_id)
        self.fields["parent"].queryset = self.fields["parent"].queryset.order_by("code")
