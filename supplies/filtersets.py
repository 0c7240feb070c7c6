"""The warehouse's list filters; the same filters drive each list's export."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet, StatusFilter
from logistics.models import Department, Location, SchoolClass

from .choices import (
    PRINT_STATUSES,
    REQUISITION_STATUSES,
    MovementKind,
)
from .models import Item, ItemCategory, PrintJob, Requisition, StockMovement


class ItemFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ModelChoiceFilter(
        queryset=ItemCategory.objects.all(), method="in_category", label=_("Category")
    )
    # Only the places that hold items (a school has thousands of rooms), with
    # their buildings: each option's name needs its building.
    place = django_filters.ModelChoiceFilter(
        queryset=Location.objects.select_related("building").filter(
            pk__in=Item.objects.exclude(place=None).values("place")
        ),
        label=_("Storage place"),
    )
    low = django_filters.BooleanFilter(method="only_low", label=_("Low stock only"))

    class Meta:
        model = Item
        fields = ["q", "category", "place", "low"]

    def search(self, queryset, name, value):
        value = value.strip()[:50]
        return queryset.filter(
            Q(code__istartswith=value)
            | Q(name__icontains=value)
            | Q(specification__icontains=value)
        )

    def in_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category__parent=value))

    def only_low(self, queryset, name, value):
        return queryset.low() if value else queryset


class MovementFilterSet(SchoolFilterSet):
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices, label=_("Type"))
    item = django_filters.CharFilter(
        field_name="item__code", lookup_expr="iexact", label=_("Item code")
    )
    date_from = DateFilter(
        field_name="at", lookup_expr="date__gte", label=pgettext_lazy("date", "From")
    )
    date_to = DateFilter(
        field_name="at", lookup_expr="date__lte", label=pgettext_lazy("date", "To")
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Department")
    )
    school_class = django_filters.ModelChoiceFilter(
        queryset=SchoolClass.objects.all(), label=_("Class")
    )

    class Meta:
        model = StockMovement
        fields = ["kind", "item", "date_from", "date_to", "department", "school_class"]


class RequisitionFilterSet(SchoolFilterSet):
    status = StatusFilter(
        REQUISITION_STATUSES, label=pgettext_lazy("supplies", "Status")
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Department")
    )
    school_class = django_filters.ModelChoiceFilter(
        queryset=SchoolClass.objects.all(), label=_("Class")
    )
    date_from = DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label=pgettext_lazy("date", "From"),
    )
    date_to = DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label=pgettext_lazy("date", "To"),
    )

    class Meta:
        model = Requisition
        fields = ["status", "department", "school_class", "date_from", "date_to"]


class PrintJobFilterSet(SchoolFilterSet):
    status = StatusFilter(PRINT_STATUSES, label=pgettext_lazy("supplies", "Status"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Department")
    )

    class Meta:
        model = PrintJob
        fields = ["status", "department"]
