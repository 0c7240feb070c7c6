import json

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics import dates
from logistics.fields import form_field
from logistics.forms import StyledFormMixin
from logistics.models import Campus, Location, SchoolClass, display_name
from logistics.people import people_who_may
from logistics.scoping import school_id_of

from .choices import MAX_SCORE, CareTask
from .conf import greening_rule
from .models import CareLog, CarePlan, Plant, PlantingEvent, Season, Species, Zone
from .services import check_photo

# The repairs app's category codes (the "repairs.file" contract), labelled here.
REPAIR_CATEGORIES = [
    ("walls_floors", _("Walls and floors")),
    ("water", pgettext_lazy("repair category", "Water")),
    ("electricity", _("Electricity")),
    ("lighting", _("Lighting")),
    ("doors_windows", _("Doors and windows")),
    ("desks_chairs", _("Desks and chairs")),
    ("other", _("Other")),
]


class PhotoField(forms.ImageField):
    """One optional photo, checked by content and the school's size limit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photo"))
        super().__init__(**kwargs)
        self.school = None
        self.widget.attrs["accept"] = "image/*"
        self.widget.attrs["capture"] = "environment"

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value:
            check_photo(value, school=self.school)
        return value


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class ZoneForm(StyledFormMixin, forms.ModelForm):
    locations = forms.ModelMultipleChoiceField(
        Location.objects.none(), required=False, label=_("Places covered")
    )
    keepers = PeopleField(
        Location.objects.none(), required=False, label=_("Responsible people")
    )

    class Meta:
        model = Zone
        fields = [
            "name",
            "kind",
            "campus",
            "area",
            "standard",
            "school_class",
            "is_active",
        ]
        widgets = {"standard": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = school_id_of(user)
        self.fields["campus"].queryset = Campus.objects.for_school(school_id)
        self.fields["school_class"].queryset = SchoolClass.objects.for_school(school_id)
        self.fields["locations"].queryset = Location.objects.for_school(
            school_id
        ).select_related("building")
        self.fields["keepers"].queryset = people_who_may(school_id)
        if self.instance.pk:
            self.initial["locations"] = list(self.instance.locations.all())
            self.initial["keepers"] = list(self.instance.keepers.all())
        self.instance.school_id = school_id


class OutlineForm(forms.Form):
    outline = forms.CharField(max_length=4000, label=_("Area on the plan"))

    def clean_outline(self):
        try:
            value = json.loads(self.cleaned_data["outline"])
        except ValueError:
            raise forms.ValidationError(_("The area could not be read.")) from None
        return value


class CampusPlanForm(StyledFormMixin, forms.Form):
    image = forms.ImageField(label=_("Plan image"))


class PlantForm(StyledFormMixin, forms.ModelForm):
    planted_on = dates.DateField(
        meaning=dates.PAST, required=False, label=_("Planted on")
    )

    class Meta:
        model = Plant
        fields = ["species", "count", "planted_on", "condition", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["species"].queryset = Species.objects.for_user(user)


class PlantingForm(StyledFormMixin, forms.ModelForm):
    held_on = dates.DateField(meaning=dates.PAST, label=_("Date"))
    participants = PeopleField(
        Location.objects.none(), required=False, label=_("People who took part")
    )

    class Meta:
        model = PlantingEvent
        fields = ["held_on", "species", "count", "others", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["species"].queryset = Species.objects.for_user(user)
        self.fields["participants"].queryset = people_who_may(school_id_of(user))


class CarePlanForm(StyledFormMixin, forms.ModelForm):
    """The plan's task and time, and every how many days in each of the school's
    seasons (0: not in that season)."""

    starts_on = dates.DateField(meaning=dates.ANY, label=_("Counted from"))

    class Meta:
        model = CarePlan
        fields = ["task", "at", "starts_on", "skip_holidays", "is_active"]
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.seasons = list(Season.objects.for_user(user))
        current = self.instance.every_days or {}
        for season in self.seasons:
            field = forms.IntegerField(
                label=_("Every how many days in %(season)s") % {"season": season.name},
                min_value=0,
                max_value=366,
                initial=current.get(season.code, 0),
                help_text=_("0: not in this season; 1: daily; 7: weekly."),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"season_{season.code}"] = field

    def clean(self):
        data = super().clean()
        self.instance.every_days = {
            season.code: data.get(f"season_{season.code}") or 0
            for season in self.seasons
        }
        return data


class MaterialMixin(forms.Form):
    material_code = forms.CharField(
        max_length=30, required=False, label=_("Warehouse item code")
    )
    material_name = form_field(CareLog, "product", required=False, label=_("Material"))
    material_quantity = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=12,
        decimal_places=3,
        label=_("Quantity used"),
    )
    material_unit = forms.CharField(max_length=10, required=False, label=_("Unit"))

    def clean(self):
        data = super().clean()
        named = data.get("material_code") or data.get("material_name")
        if named and not data.get("material_quantity"):
            self.add_error("material_quantity", _("Say how much was used."))
        if data.get("material_quantity") and not named:
            self.add_error("material_name", _("Name the material used."))
        return data

    def materials(self):
        data = self.cleaned_data
        if not (data.get("material_code") or data.get("material_name")):
            return []
        return [
            {
                "item_code": data.get("material_code", ""),
                "name": data.get("material_name", ""),
                "quantity": data["material_quantity"],
                "unit": data.get("material_unit", ""),
            }
        ]


class CareLogForm(StyledFormMixin, MaterialMixin, forms.Form):
    task = forms.ChoiceField(choices=CareTask.choices, label=_("Task"))
    note = form_field(
        CareLog, "note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = PhotoField()
    product = form_field(CareLog, "product", required=False)
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=12,
        decimal_places=3,
        label=pgettext_lazy("dose", "Amount"),
    )
    amount_unit = form_field(CareLog, "amount_unit", required=False)
    safety_note = form_field(
        CareLog, "safety_note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].school = school

    def clean(self):
        data = super().clean()
        if data.get("task") == CareTask.SPRAY:
            for name in ("product", "amount", "safety_note"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("A spray records this."))
        return data


class TaskDoneForm(forms.Form):
    photo = PhotoField()

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].school = school


def score_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_SCORE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class InspectionForm(StyledFormMixin, forms.Form):
    green = score_field(_("Green (绿化)"))
    beautiful = score_field(_("Beautiful (美化)"))
    clean_score = score_field(_("Clean (净化)"))
    fragrant = score_field(_("Fragrant (香化)"))
    remarks = form_field(
        CareLog,
        "note",
        required=False,
        label=_("Remarks"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    problem = form_field(
        CareLog,
        "note",
        required=False,
        label=_("Problem found"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = PhotoField()
    file_repair = forms.BooleanField(
        required=False, label=_("File a repair request for this problem")
    )
    repair_category = forms.ChoiceField(
        choices=REPAIR_CATEGORIES, required=False, label=_("Repair category")
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].school = school

    def clean(self):
        data = super().clean()
        if data.get("file_repair") and not data.get("problem"):
            self.add_error("problem", _("Describe the problem to file a repair."))
        return data

    def scores(self):
        data = self.cleaned_data
        return {
            "green": data["green"],
            "beautiful": data["beautiful"],
            "clean_score": data["clean_score"],
            "fragrant": data["fragrant"],
        }


class RepairCategoryForm(forms.Form):
    repair_category = forms.ChoiceField(
        choices=REPAIR_CATEGORIES, label=_("Repair category")
    )


def photo_limit_text(school):
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(greening_rule(school, "MAX_PHOTO_BYTES"))
