from django.db.models import Q
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

import django_filters

from . import dates
from .choices import LocationKind
from .forms import relabel_empty_choice
from .models import Building, Location
from .people import PersonFilter
from .scoping import school_id_of


class SchoolFilterSet(django_filters.FilterSet):
    """A FilterSet whose related-object choices come from the user's school only."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if isinstance(filter_, PersonFilter):
                filter_.queryset = filter_.people_of(school_id_of(user))
            elif queryset is not None and hasattr(queryset, "for_user"):
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


class StatusFilter(django_filters.ChoiceFilter):
    """A status filter offering the status groups ("all unfinished") before the
    single statuses, both read from the statuses' declaration.

    ``groups``: (key, label, statuses) triples; by default all unfinished and all
    finished. A key that selects every status ("all") passes the list through.
    """

    def __init__(self, statuses, groups=None, *, only=None, **kwargs):
        if groups is None:
            groups = [
                ("unfinished", _("All unfinished"), statuses.unfinished),
                ("finished", _("All finished"), statuses.finished),
            ]
        self.groups = {key: frozenset(values) for key, _label, values in groups}
        singles = [
            (value, label)
            for value, label in statuses.choices.choices
            if only is None or value in only
        ]
        kwargs.setdefault(
            "choices", [(key, label) for key, label, _values in groups] + singles
        )
        kwargs.setdefault("method", self.by_group)
        super().__init__(**kwargs)

    def by_group(self, queryset, name, value):
        if value in self.groups:
            return queryset.filter(**{f"{name}__in": self.groups[value]})
        return queryset.filter(**{name: value})


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
