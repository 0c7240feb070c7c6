from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import dates
from logistics.fields import NOTE_LENGTH, form_field
from logistics.forms import StyledFormMixin
from logistics.models import Location, TransitionLog
from logistics.people import PersonChoiceField
from logistics.scoping import school_id_of

from .choices import HazardLevel, Shift
from .models import DocumentVersion, DutyAssignment, Hazard, Visitor
from .services import check_document, check_photo

REPAIR_CATEGORIES = [
    ("lighting", _("Lighting")),
    ("electricity", _("Electricity")),
    ("water", _("Water")),
    ("doors_windows", _("Doors and windows")),
    ("desks_chairs", _("Desks and chairs")),
    ("heating", _("Heating")),
    ("network_av", _("Network and AV")),
    ("walls_floors", _("Walls and floors")),
    ("other", _("Other")),
]


class PhotoField(forms.ImageField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_photo(upload)
        return upload


class LocationField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Location.objects.none(), **kwargs)

    def limit_to(self, user):
        self.queryset = (
            Location.objects.for_user(user)
            .filter(is_active=True)
            .select_related("building")
            .order_by("building__code", "code")
        )


class HazardForm(StyledFormMixin, forms.Form):
    location = LocationField(label=_("Place"), required=False)
    place_label = form_field(Hazard, "place_label", required=False)
    description = form_field(
        Hazard, "description", widget=forms.Textarea(attrs={"rows": 3})
    )
    level = forms.ChoiceField(label=_("Level"), choices=HazardLevel.choices)
    photo = PhotoField(label=_("Photo"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].limit_to(user)

    def clean(self):
        data = super().clean()
        if not data.get("location") and not (data.get("place_label") or "").strip():
            raise forms.ValidationError(_("Pick a place or say where it is."))
        return data


class HazardAssignForm(StyledFormMixin, forms.Form):
    rectifier = PersonChoiceField(label=_("To be rectified by"))
    rectify_by = dates.DateField(
        meaning=dates.DUE, required=False, label=_("Rectify by")
    )
    comment = form_field(
        TransitionLog,
        "comment",
        label=_("Note"),
        max_length=NOTE_LENGTH,
        widget=forms.TextInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rectifier"].limit_to(school_id_of(user))


class HazardRectifyForm(StyledFormMixin, forms.Form):
    note = form_field(
        Hazard,
        "rectification",
        label=_("What was done"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = PhotoField(label=_("Photo after rectification"))


class OptionalNoteForm(StyledFormMixin, forms.Form):
    note = form_field(
        TransitionLog,
        "comment",
        label=_("Re-inspection note"),
        max_length=NOTE_LENGTH,
        widget=forms.TextInput,
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = form_field(
        TransitionLog,
        "comment",
        label=_("What is still wrong"),
        required=True,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DutyForm(StyledFormMixin, forms.Form):
    day = dates.DateField(meaning=dates.ANY, label=_("Day"))
    shift = forms.ChoiceField(label=_("Shift"), choices=Shift.choices)
    person = PersonChoiceField(perm="safety.walk_patrolround", label=_("On duty"))
    note = form_field(DutyAssignment, "note", label=_("Note"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].limit_to(school_id_of(user))


class SwapForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(perm="safety.walk_patrolround", label=_("Swapped to"))
    reason = forms.CharField(
        label=pgettext_lazy("safety", "Reason"), max_length=NOTE_LENGTH
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].limit_to(school_id_of(user))


class RepairFromAnswerForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("safety", "Category"), choices=REPAIR_CATEGORIES
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=[
            ("normal", _("Normal")),
            ("urgent", _("Urgent")),
            ("emergency", _("Emergency")),
        ],
    )


class HazardFromAnswerForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=HazardLevel.choices)


class VisitorForm(StyledFormMixin, forms.ModelForm):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_("Only the last four characters are kept."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    class Meta:
        model = Visitor
        fields = [
            "name",
            "phone",
            "id_number",
            "organisation",
            "host",
            "reason",
            "plate",
            "people",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def clean_id_number(self):
        from .services import ID_RE, normalise_id

        number = normalise_id(self.cleaned_data["id_number"])
        if number and not ID_RE.match(number):
            raise forms.ValidationError(
                _("An ID number has 6 to 30 letters and digits.")
            )
        return number


class DocumentUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("PDF file"))
    note = form_field(DocumentVersion, "note", required=False)

    def clean_file(self):
        return check_document(self.cleaned_data["file"])


class DocumentCreateForm(StyledFormMixin, forms.Form):
    from .choices import DocumentKind

    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    file = forms.FileField(label=_("PDF file"))

    def clean_file(self):
        return check_document(self.cleaned_data["file"])


class FireUnitCheckForm(forms.Form):
    ok = forms.BooleanField(required=False)
    pressure = forms.CharField(required=False, max_length=10)
    note = forms.CharField(required=False, max_length=NOTE_LENGTH)
    client_id = forms.UUIDField(required=False)
