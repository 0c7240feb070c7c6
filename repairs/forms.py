from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import dates
from logistics.fields import NOTE_LENGTH, form_field
from logistics.forms import StyledFormMixin
from logistics.models import Location, SchoolClass, TransitionLog
from logistics.people import PersonChoiceField
from logistics.registry import registry
from logistics.scoping import school_id_of

from .conf import megabytes, repairs_rule
from .filtersets import TECHNICIAN_PERM
from .models import PriceItem, RepairCategory, RepairPart, RepairRequest
from .photos import check_image
from .selectors import resolve_asset
from .services import due_range


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to N photos, each checked by content (not by its name) and size."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files=4, **kwargs):
        self.max_files = max_files
        self.school = None  # whose photo size limit applies; None: the installation's
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = "image/*"

    def clean(self, data, initial=None):
        uploads = [
            f for f in (data if isinstance(data, (list, tuple)) else [data]) if f
        ]
        if len(uploads) > self.max_files:
            raise forms.ValidationError(
                _("At most %(n)d photos.") % {"n": self.max_files}, code="too_many"
            )
        errors = []
        for upload in uploads:
            try:
                check_image(upload, school=self.school)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return uploads


class LocationSelect(forms.Select):
    """A room picker whose options carry the room's code, so the search box finds a
    room by the code on its door while the option says what people call it."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.codes = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        code = self.codes.get(getattr(value, "value", value))
        if code:
            option["attrs"]["data-code"] = code
        return option


class LocationChoiceField(forms.ModelChoiceField):
    widget = LocationSelect

    def label_from_instance(self, obj):
        return str(obj)  # the building and the room: 明德楼 203室


def grouped_locations(queryset):
    """Choices grouped campus/building → rooms, so a phone's picker is short to scan;
    each names its building (明德楼 203室), not only its code."""
    groups = {}
    for location in queryset:
        group = location.building.name if location.building_id else location.campus.name
        groups.setdefault(group, []).append((location.pk, str(location)))
    return [("", _("Choose…")), *groups.items()]


class RepairRequestForm(StyledFormMixin, forms.ModelForm):
    location = LocationChoiceField(
        queryset=Location.objects.none(), label=pgettext_lazy("repair", "Location")
    )
    # By code, so a link may pre-select one: /repairs/new/?category=lighting.
    category = forms.ModelChoiceField(
        queryset=RepairCategory.objects.none(),
        to_field_name="code",
        label=pgettext_lazy("repair", "Category"),
    )
    photos = PhotosField(label=_("Photos"))
    file_anyway = forms.BooleanField(
        required=False,
        label=_("This is a different problem: file a new request anyway"),
    )

    class Meta:
        model = RepairRequest
        fields = [
            "location",
            "category",
            "description",
            "urgency",
            "asset_number",
            "contact_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].queryset = RepairCategory.objects.for_user(user).filter(
            is_active=True
        )
        locations = (
            Location.objects.for_user(user)
            .filter(is_active=True)
            .select_related("building", "campus")
            .order_by("campus__code", "building__code", "code")
        )
        field = self.fields["location"]
        field.queryset = locations
        field.choices = grouped_locations(locations)
        field.widget.codes = {location.pk: location.code for location in locations}
        photos = self.fields["photos"]
        photos.school = school_id_of(user)
        photos.max_files = repairs_rule(photos.school, "MAX_PHOTOS")
        photos.help_text = _(
            "Up to %(n)d photos (JPEG, PNG, WebP or GIF), at most %(mb)s MB each."
        ) % {
            "n": photos.max_files,
            "mb": megabytes(repairs_rule(photos.school, "MAX_PHOTO_BYTES")),
        }
        self.fields["location"].widget.attrs["data-searchable"] = "true"

    def clean_asset_number(self):
        number = self.cleaned_data["asset_number"].strip()
        if not number:
            return number
        try:
            found = resolve_asset(self.user, number)
        except KeyError:
            return number  # no assets app: the number is kept as written
        if found is None:
            raise forms.ValidationError(
                _(
                    "No asset numbered %(number)s was found at your school. Check "
                    "the number on the label, or leave the field empty."
                ),
                code="unknown_asset",
                params={"number": number},
            )
        return number


class AssignForm(StyledFormMixin, forms.Form):
    technician = PersonChoiceField(perm=TECHNICIAN_PERM, label=_("Technician"))
    # After the request was filed, within the repairs' limit (``due_range``).
    due_at = dates.DateTimeField(meaning=dates.DUE, required=False, label=_("Due"))
    comment = form_field(
        TransitionLog,
        "comment",
        label=_("Note"),
        max_length=NOTE_LENGTH,
        widget=forms.TextInput,
    )

    def __init__(self, *args, user, repair=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].limit_to(school_id_of(user))
        due_at = self.fields["due_at"]
        due_at.start, due_at.within_days = due_range(repair)


class ReasonForm(StyledFormMixin, forms.Form):
    # Said on the request's timeline.
    reason = form_field(
        TransitionLog,
        "comment",
        label=_("Reason"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OptionalReasonForm(StyledFormMixin, forms.Form):
    reason = form_field(
        TransitionLog, "comment", label=_("Reason"), widget=forms.TextInput
    )


class ConfirmForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = form_field(
        RepairRequest,
        "feedback",
        label=pgettext_lazy("repair", "Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RepairRequest
        fields = ["work_done", "labour_hours", "cost"]
        widgets = {"work_done": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_done"].required = True
        self.fields["labour_hours"].min_value = 0
        self.fields["cost"].min_value = 0


class PartForm(StyledFormMixin, forms.Form):
    """A part: typed in, or (with the warehouse installed, given ``user``) picked
    from the stock, which issues it from the warehouse."""

    stock_item = forms.ChoiceField(
        label=_("From the warehouse"),
        required=False,
        help_text=_("Pick a stock item, or type the part's name below."),
    )
    name = form_field(RepairPart, "name", label=_("Part"), required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=8, decimal_places=2, initial=1
    )
    unit = form_field(RepairPart, "unit", label=_("Unit"), initial="个")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = registry.service("supplies.items") if user is not None else None
        if items is None:
            del self.fields["stock_item"]
            self.fields["name"].required = True
            return
        self.fields["stock_item"].choices = [("", _("(typed below)"))] + [
            (
                row["code"],
                _("%(code)s %(name)s %(spec)s (%(on_hand)s %(unit)s in stock)")
                % {
                    "code": row["code"],
                    "name": row["name"],
                    "spec": row["specification"],
                    "on_hand": floatformat(row["on_hand"], "-2"),
                    "unit": row["unit"],
                },
            )
            for row in items(user=user, limit=200)
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("stock_item") and not cleaned.get("name"):
            self.add_error("name", _("Name the part, or pick it from the warehouse."))
        return cleaned


class PhotoForm(StyledFormMixin, forms.Form):
    photos = PhotosField(label=_("Photos"), required=True)

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].school = school


def price_item_label(item):
    """A price list item with its price as money: 窗玻璃（¥1,200.00/块）."""
    return _("%(name)s (¥%(price)s/%(unit)s)") % {
        "name": item.name,
        "price": floatformat(item.price, "2g"),
        "unit": item.unit,
    }


class DamageForm(StyledFormMixin, forms.Form):
    # Who caused the damage: someone with an account at the school, a class, or
    # (typed) someone the system does not know. At least one of the three.
    responsible_person = PersonChoiceField(
        required=False,
        label=_("Responsible person at the school"),
        help_text=_("Pick someone who has an account at the school."),
    )
    responsible_class = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Responsible class"),
        help_text=_("Or the class, when a class is responsible."),
    )
    responsible_name = form_field(
        RepairRequest,
        "responsible_name",
        label=_("Name of a person not in the system"),
        help_text=_(
            "Only when the person is not in the list above, e.g. a student, "
            "a parent or a visitor: type their name."
        ),
    )
    price_item = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Price list item")
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=8, decimal_places=2, initial=1
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Leave empty to use the price list."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_person"].limit_to(school_id_of(user))
        self.fields["responsible_class"].queryset = SchoolClass.objects.for_user(user)
        self.fields["price_item"].queryset = PriceItem.objects.for_user(user).filter(
            is_active=True
        )
        self.fields["price_item"].label_from_instance = price_item_label
