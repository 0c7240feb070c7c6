from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet
from logistics.models import Campus, SchoolClass
from logistics.people import PersonFilter

from .choices import CareTask, ZoneKind
from .models import CareLog, Inspection, Zone


class ZoneFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    campus_id = django_filters.ModelChoiceFilter(
        field_name="campus", queryset=Campus.objects.all(), label=_("Campus")
    )
    kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("Kind"))
    keeper_id = PersonFilter(
        field_name="keepers", perm="greening.log_care", label=_("Responsible person")
    )
    school_class_id = django_filters.ModelChoiceFilter(
        field_name="school_class",
        queryset=SchoolClass.objects.all(),
        label=_("Responsible class"),
    )

    class Meta:
        model = Zone
        fields = []

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()[:50]
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(standard__icontains=value))


class CareLogFilterSet(SchoolFilterSet):
    zone_id = django_filters.ModelChoiceFilter(
        field_name="zone", queryset=Zone.objects.all(), label=_("Zone")
    )
    task = django_filters.ChoiceFilter(choices=CareTask.choices, label=_("Task"))
    by_id = PersonFilter(field_name="by", perm="greening.log_care", label=_("Done by"))
    done_from = DateFilter(
        field_name="done_at", lookup_expr="date__gte", label=_("Done from")
    )
    done_to = DateFilter(
        field_name="done_at", lookup_expr="date__lte", label=_("Done to")
    )

    class Meta:
        model = CareLog
        fields = []


class InspectionFilterSet(SchoolFilterSet):
    zone_id = django_filters.ModelChoiceFilter(
        field_name="zone", queryset=Zone.objects.all(), label=_("Zone")
    )
    school_class_id = django_filters.ModelChoiceFilter(
        field_name="school_class",
        queryset=SchoolClass.objects.all(),
        label=_("Responsible class"),
    )
    week_from = DateFilter(field_name="week", lookup_expr="gte", label=_("Weeks from"))
    week_to = DateFilter(field_name="week", lookup_expr="lte", label=_("Weeks to"))

    class Meta:
        model = Inspection
        fields = []
