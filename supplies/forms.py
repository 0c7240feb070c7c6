"""The warehouse's forms: they check input is well formed; the services decide."""

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import dates
from logistics.approvals.forms import ApproveForm
from logistics.documents import OFFICE, PDF, accept, check_document
from logistics.fields import form_field, no_control_characters
from logistics.forms import StyledFormMixin
from logistics.models import Department, Location, SchoolClass
from logistics.scoping import school_id_of

from .choices import PaperSize, PrintPurpose, Sides
from .conf import supplies_rule
from .models import (
    Item,
    PrintJob,
    Requisition,
    StockMovement,
    WarehouseCount,
    plain_number,
)
from .selectors import departments_chargeable_by

LINES = 6


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return _("%(code)s %(name)s %(spec)s (%(on_hand)s %(unit)s)") % {
            "code": item.code,
            "name": item.name,
            "spec": item.specification,
            "on_hand": plain_number(item.on_hand),
            "unit": item.unit,
        }


def _quantity(label, required=False):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class _LinesMixin:
    """Rows of item + quantity (``item_1``, ``quantity_1`` …); ``lines()`` gives
    the filled ones as (item, quantity)."""

    def add_lines(self, user, *, extra=None):
        items = Item.objects.for_user(user).filter(is_active=True).order_by("code")
        for n in range(1, LINES + 1):
            self.fields[f"item_{n}"] = ItemChoiceField(
                queryset=items,
                required=n == 1,
                label=_("Item %(n)d") % {"n": n},
            )
            self.fields[f"quantity_{n}"] = _quantity(
                _("Quantity %(n)d") % {"n": n}, required=n == 1
            )
            for name, field in (extra or {}).items():
                self.fields[f"{name}_{n}"] = field()

    def clean_lines(self):
        lines = []
        for n in range(1, LINES + 1):
            item = self.cleaned_data.get(f"item_{n}")
            quantity = self.cleaned_data.get(f"quantity_{n}")
            if item is None and not quantity:
                continue
            if item is None or not quantity:
                self.add_error(
                    f"quantity_{n}" if item else f"item_{n}",
                    _("Give both the item and a quantity above zero."),
                )
                continue
            lines.append((n, item, quantity))
        return lines


class RequisitionForm(_LinesMixin, StyledFormMixin, forms.Form):
    purpose = form_field(Requisition, "purpose", label=_("What for"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=_("For department")
    )
    school_class = forms.ModelChoiceField(
        queryset=SchoolClass.objects.none(), required=False, label=_("For class")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_chargeable_by(user)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.department_id:
            self.fields["department"].initial = profile.department_id
        self.fields["school_class"].queryset = SchoolClass.objects.for_user(user)
        self.add_lines(user)
        for field in self.fields.values():
            css = "form-select" if hasattr(field.widget, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        cleaned = super().clean()
        lines = self.clean_lines()
        if not lines and not self.errors:
            raise forms.ValidationError(_("Ask for at least one item."))
        cleaned["lines"] = [(item, quantity) for _n, item, quantity in lines]
        return cleaned


class ReceiptForm(_LinesMixin, forms.Form):
    source_label = forms.CharField(label=_("Delivery note or invoice"), max_length=100)
    note = form_field(StockMovement, "purpose", label=_("Note"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_lines(
            user,
            extra={
                "cost": lambda: forms.DecimalField(
                    label=_("Unit cost"),
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=4,
                )
            },
        )
        for n in range(1, LINES + 1):
            self.fields[f"cost_{n}"].label = _("Unit cost %(n)d") % {"n": n}
        for field in self.fields.values():
            css = "form-select" if hasattr(field.widget, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        cleaned = super().clean()
        lines = []
        for n, item, quantity in self.clean_lines():
            cost = cleaned.get(f"cost_{n}")
            if cost is None:
                self.add_error(f"cost_{n}", _("Give the unit cost."))
                continue
            lines.append((item, quantity, cost))
        if not lines and not self.errors:
            raise forms.ValidationError(_("Receive at least one item."))
        cleaned["lines"] = lines
        return cleaned


class RequisitionApproveForm(ApproveForm):
    """Approve a step, granting each line up to what was asked."""

    def __init__(self, *args, requisition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        if requisition is None:
            return
        for line in requisition.lines.select_related("item"):
            name = f"grant_{line.pk}"
            field = _quantity(
                _("Grant of %(item)s (asked %(asked)s %(unit)s)")
                % {
                    "item": line.item.name,
                    "asked": plain_number(line.quantity),
                    "unit": line.item.unit,
                }
            )
            field.initial = line.quantity
            field.widget.attrs["class"] = "form-control"
            self.fields[name] = field
            self.line_fields.append((line.pk, name))

    def clean(self):
        cleaned = super().clean()
        cleaned["grants"] = {
            pk: cleaned.pop(name, None) for pk, name in self.line_fields
        }
        return cleaned


class HandoverForm(StyledFormMixin, forms.Form):
    """What is handed over now, per line (default: all that is left)."""

    comment = forms.CharField(
        label=pgettext_lazy("handover", "Comment (optional)"),
        required=False,
        max_length=500,
        validators=[no_control_characters],
    )

    def __init__(self, *args, requisition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        if requisition is None:
            return
        for line in requisition.lines.select_related("item"):
            if line.to_issue <= 0:
                continue
            name = f"hand_{line.pk}"
            field = _quantity(
                _("%(item)s: %(left)s %(unit)s left to hand over, on hand %(on_hand)s")
                % {
                    "item": line.item.name,
                    "left": plain_number(line.to_issue),
                    "unit": line.item.unit,
                    "on_hand": plain_number(line.item.on_hand),
                }
            )
            field.initial = line.to_issue
            field.widget.attrs["class"] = "form-control"
            self.fields[name] = field
            self.line_fields.append((line.pk, name))

    def clean(self):
        cleaned = super().clean()
        cleaned["quantities"] = {
            pk: cleaned.pop(name, None) or 0 for pk, name in self.line_fields
        }
        return cleaned


class PrintJobForm(StyledFormMixin, forms.Form):
    title = form_field(PrintJob, "title", label=_("Title"))
    original = forms.FileField(label=_("Original (PDF or office file)"))
    pages = forms.IntegerField(
        label=pgettext_lazy("print job", "Pages"), min_value=1, max_value=2000
    )
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=5000)
    sides = forms.TypedChoiceField(
        label=_("Sides"), choices=Sides.choices, coerce=int, initial=Sides.DOUBLE
    )
    paper_size = forms.ChoiceField(
        label=_("Paper size"), choices=PaperSize.choices, initial=PaperSize.A4
    )
    colour = forms.BooleanField(label=_("In colour"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PrintPurpose.choices)
    confidential = forms.BooleanField(
        label=_("Confidential (exam paper)"),
        required=False,
        help_text=_("Only you and the print room can open the file."),
    )
    wanted_by = dates.DateTimeField(
        label=pgettext_lazy("print job", "Wanted by"),
        meaning=dates.DUE,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = form_field(PrintJob, "note", label=_("Note"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = supplies_rule(school_id_of(user), "MAX_PRINT_FILE_BYTES")
        self.fields["original"].widget.attrs["accept"] = accept(PDF, OFFICE)

    def clean_original(self):
        return check_document(
            self.cleaned_data["original"], kinds=(PDF, OFFICE), max_bytes=self.max_bytes
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == PrintPurpose.EXAM:
            cleaned["confidential"] = True
        return cleaned


class CountStartForm(StyledFormMixin, forms.Form):
    title = form_field(WarehouseCount, "title", label=_("Title"))
    place = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        required=False,
        label=_("Storage place"),
        help_text=_("Empty: every item."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        used = Item.objects.for_user(user).exclude(place=None).values("place")
        self.fields["place"].queryset = Location.objects.for_user(user).filter(
            pk__in=used
        )


class CountForm(forms.Form):
    """Counts typed on a phone, one field per line."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line in count.lines.select_related("item"):
            name = f"counted_{line.pk}"
            field = _quantity(
                _("%(code)s %(name)s (%(unit)s)")
                % {
                    "code": line.item.code,
                    "name": line.item.name,
                    "unit": line.item.unit,
                }
            )
            field.initial = line.counted
            field.widget.attrs.update({"class": "form-control", "inputmode": "decimal"})
            self.fields[name] = field
            self.line_fields.append((line, name))

    def counted(self):
        return {line.pk: self.cleaned_data.get(name) for line, name in self.line_fields}


def floatish(value):
    return floatformat(value, "-2")
