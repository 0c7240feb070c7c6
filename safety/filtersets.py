from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet
from logistics.models import Building

from .choices import HAZARD_OPEN, HazardLevel, HazardStatus
from .models import Hazard, Visitor

STATUS_CHOICES = [("open", _("Open (not closed)")), *HazardStatus.choices]


class HazardFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="by_status",
        label=pgettext_lazy("safety", "Status"),
    )
    level = django_filters.ChoiceFilter(choices=HazardLevel.choices, label=_("Level"))
    # By building: a school has a handful, where its places run to thousands.
    building = django_filters.ModelChoiceFilter(
        field_name="location__building",
        queryset=Building.objects.all(),
        label=_("Building"),
    )
    found_from = DateFilter(
        field_name="found_at", lookup_expr="date__gte", label=_("Found from")
    )
    found_to = DateFilter(
        field_name="found_at", lookup_expr="date__lte", label=_("Found until")
    )
    overdue = django_filters.BooleanFilter(
        method="by_overdue", label=pgettext_lazy("safety", "Overdue")
    )
    mine = django_filters.BooleanFilter(method="by_mine", label=_("Mine to rectify"))

    class Meta:
        model = Hazard
        fields = ["q", "status", "level", "building", "found_from", "found_to"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value)
            | Q(description__icontains=value)
            | Q(place_label__icontains=value)
        )

    def by_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=HAZARD_OPEN)
        return queryset.filter(status=value)

    def by_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status__in=("reported", "rectifying"),
            rectify_by__lt=timezone.localdate(),
        )

    def by_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(rectifier=self.user)


class VisitorFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    time_from = DateFilter(
        field_name="time_in",
        lookup_expr="date__gte",
        label=pgettext_lazy("safety", "From"),
    )
    time_to = DateFilter(
        field_name="time_in",
        lookup_expr="date__lte",
        label=pgettext_lazy("safety", "Until"),
    )
    id_number = django_filters.CharFilter(
        method="by_id_number", label=_("ID number (finds repeat visits)")
    )

    class Meta:
        model = Visitor
        fields = ["q", "time_from", "time_to", "id_number"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(organisation__icontains=value)
            | Q(host__icontains=value)
            | Q(plate__icontains=value)
        )

    def by_id_number(self, queryset, name, value):
        from .services import id_hash

        return queryset.filter(id_hash=id_hash(value))
