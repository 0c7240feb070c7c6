"""Forms check that input is well formed; the services decide."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logistics import dates
from logistics.approvals.forms import MinutesField
from logistics.fields import NOTE_LENGTH, no_control_characters
from logistics.forms import StyledFormMixin
from logistics.images import check_image
from logistics.people import PersonChoiceField
from logistics.scoping import school_id_of

from .choices import AttachmentKind, FundingSource, LineKind
from .models import FiscalYear, Supplier
from .selectors import open_budget_lines

MAX_QUANTITY = Decimal("9999999")
MAX_PRICE = Decimal("999999999")
DELIVERY_NOTE_BYTES = 10 * 1024 * 1024


class Text(forms.CharField):
    """Plain text without invisible control characters, trimmed."""

    default_validators = [no_control_characters]


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line):
        remaining = getattr(line, "remaining", None)
        if remaining is None:
            return f"{line.code} {line.name}"
        return _("%(year)s %(code)s %(name)s (¥%(left)s left)") % {
            "year": line.fiscal_year.year,
            "code": line.code,
            "name": line.name,
            "left": f"{remaining:,.2f}",
        }


class PurchaseForm(StyledFormMixin, forms.Form):
    title = Text(label=_("Title"), max_length=100)
    reason = Text(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget_line = BudgetLineChoiceField(
        label=_("Budget line"),
        queryset=None,
        required=False,
        help_text=_("Needed to submit; what is left on each line is shown."),
    )
    wanted_by = dates.DateField(label=_("Wanted by"), meaning=dates.ANY, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = open_budget_lines(user)


class LineForm(StyledFormMixin, forms.Form):
    name = Text(label=_("Item"), max_length=100)
    specification = Text(label=_("Specification"), max_length=100, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_value=MAX_QUANTITY,
        decimal_places=2,
        error_messages={"required": _("Give the quantity.")},
    )
    unit = Text(label=_("Unit"), max_length=10, initial="个")
    estimated_unit_price = forms.DecimalField(
        label=_("Estimated unit price"),
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        decimal_places=2,
        error_messages={"required": _("Give the estimated unit price.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=LineKind.choices, initial=LineKind.CONSUMABLE
    )
    item_code = Text(label=_("Item code"), max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        quantity, kind = cleaned.get("quantity"), cleaned.get("kind")
        if (
            quantity is not None
            and kind == LineKind.ASSET
            and quantity != quantity.to_integral_value()
        ):
            self.add_error("quantity", _("Fixed assets are counted in whole units."))
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not filled:
            raise forms.ValidationError(_("Add at least one line."))

    def lines(self):
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=1,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


class AttachmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=AttachmentKind.choices, initial=AttachmentKind.QUOTE
    )
    title = Text(label=_("Title"), max_length=100, required=False)
    supplier_name = Text(label=_("Supplier"), max_length=100, required=False)
    amount = forms.DecimalField(
        label=_("Quoted amount"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    file = MinutesField(label=_("File"))


class OverrideForm(StyledFormMixin, forms.Form):
    reason = Text(
        label=_("Why it may go over budget"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrderForm(StyledFormMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=None)
    ordered_on = dates.DateField(label=_("Ordered on"), meaning=dates.PAST)
    expected_on = dates.DateField(
        label=_("Expected delivery"), meaning=dates.ANY, required=False
    )

    def __init__(self, *args, purchase=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = purchase.school_id if purchase else school_id_of(user)
        self.fields["supplier"].queryset = Supplier.objects.for_school(
            school_id
        ).filter(is_active=True)
        self.fields["ordered_on"].initial = timezone.localdate()


class AcceptanceForm(StyledFormMixin, forms.Form):
    """One delivery: the witness, the invoice, a photo of the delivery note, and
    for each line still to come what arrived and at what price."""

    accepted_on = dates.DateField(label=_("Accepted on"), meaning=dates.PAST)
    witness = PersonChoiceField(label=_("Witness"))
    invoice_number = Text(label=_("Invoice number"), max_length=60, required=False)
    delivery_note = forms.ImageField(label=_("Delivery note photo"), required=False)
    note_text = Text(label=_("Note"), max_length=NOTE_LENGTH, required=False)

    def __init__(self, *args, purchase=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.purchase = purchase
        self.fields["accepted_on"].initial = timezone.localdate()
        school_id = purchase.school_id if purchase else school_id_of(user)
        self.fields["witness"].limit_to(school_id)
        if user is not None:
            self.fields["witness"].queryset = self.fields["witness"].queryset.exclude(
                pk=user.pk
            )
        self.line_fields = []
        lines = list(purchase.lines.all()) if purchase else []
        for line in lines:
            if line.outstanding <= 0:
                continue
            quantity = forms.DecimalField(
                label=_("%(item)s: quantity received") % {"item": line},
                required=False,
                min_value=Decimal("0"),
                max_value=MAX_QUANTITY,
                decimal_places=2,
                initial=line.outstanding.normalize(),
            )
            price = forms.DecimalField(
                label=_("%(item)s: actual unit price") % {"item": line},
                required=False,
                min_value=Decimal("0"),
                max_value=MAX_PRICE,
                decimal_places=2,
                initial=line.estimated_unit_price,
            )
            for field in (quantity, price):
                field.widget.attrs["class"] = "form-control"
            self.fields[f"q{line.pk}"] = quantity
            self.fields[f"p{line.pk}"] = price
            self.line_fields.append((line, self[f"q{line.pk}"], self[f"p{line.pk}"]))

    def clean_delivery_note(self):
        upload = self.cleaned_data.get("delivery_note")
        if upload:
            check_image(upload, max_bytes=DELIVERY_NOTE_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        received = {}
        for line, _q, _p in self.line_fields:
            quantity = cleaned.get(f"q{line.pk}")
            price = cleaned.get(f"p{line.pk}")
            if quantity:
                if price is None:
                    self.add_error(f"p{line.pk}", _("Give the actual unit price."))
                    continue
                received[line.pk] = (quantity, price)
        if not received and not self.errors:
            raise forms.ValidationError(
                _("Give the quantity received of at least one line.")
            )
        cleaned["received"] = received
        return cleaned


class PaymentForm(StyledFormMixin, forms.Form):
    paid_on = dates.DateField(label=_("Paid on"), meaning=dates.PAST)
    voucher_number = Text(label=_("Voucher number"), max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class BudgetLineForm(StyledFormMixin, forms.Form):
    code = Text(label=_("Code"), max_length=20)
    name = Text(label=_("Name"), max_length=100)
    amount = forms.DecimalField(
        label=_("Planned amount"),
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=FundingSource.choices
    )
    department = forms.ModelChoiceField(
        label=_("Owner department"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from logistics.models import Department

        self.fields["department"].queryset = Department.objects.for_user(user)


class AdjustmentForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Change (negative to take away)"),
        min_value=-MAX_PRICE,
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    reason = Text(label=_("Reason"), max_length=NOTE_LENGTH)


class FiscalYearForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    copy_from = forms.ModelChoiceField(
        label=_("Copy the lines of"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = FiscalYear.objects.for_user(user)
        self.fields["year"].initial = timezone.localdate().year + 1


class SupplierForm(StyledFormMixin, forms.Form):
    name = Text(label=_("Name"), max_length=100)
    contact = Text(label=_("Contact person"), max_length=50, required=False)
    phone = Text(label=_("Phone"), max_length=30, required=False)
    address = Text(label=_("Address"), max_length=200, required=False)
