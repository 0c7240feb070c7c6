from django.db.models import Q
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

import django_filters

from . import dates
from .choices import LocationKind
from .forms import relabel_empty_choice
from .models import Building, Location


class SchoolFilterSet(django_filters.FilterSet):
    """A FilterSet whose related-object choices come from the user's school only."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                filter_.queryset = queryset.for_user(user)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field.widget, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)
            say_all_when_empty(field)


class DateFilter(django_filters.DateFilter):
    """A date filter that refuses, with a message, a date outside the range of its
    meaning (any sensible date unless told): never a query for year 1."""

    field_class = dates.DateField

    def __init__(self, *args, meaning=dates.ANY, **kwargs):
        super().__init__(*args, meaning=meaning, **kwargs)


def say_all_when_empty(field):
    """A filter left empty means "all", so say so rather than "---------" (or,
    for a yes/no filter, "unknown")."""
    every = _("All")
    if isinstance(field.widget, NullBooleanSelect):
        field.widget.choices = [
            ("unknown", every),
            ("true", _("Yes")),
            ("false", _("No")),
        ]
    else:
        relabel_empty_choice(field, every)


class LocationFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    building_id = django_filters.ModelChoiceFilter(
        field_name="building", queryset=Building.objects.all(), label=_("Building")
    )
    kind = django_filters.ChoiceFilter(choices=LocationKind.choices, label=_("Type"))

    class Meta:
        model = Location
        fields = ["q", "building_id", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
