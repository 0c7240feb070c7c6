from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet, StatusFilter
from logistics.models import Building, Department, SchoolClass
from logistics.people import PersonFilter

from .choices import (
    DISPOSAL_STATUSES,
    STOCKTAKE_STATUSES,
    AssetClass,
    AssetStatus,
)
from .models import Asset, Category, Disposal, Stocktake


def descendants(category_id, school_id, tree=None):
    """The ids of a category and every category below it (the tree is small).
    ``tree``: the school's (id, parent id) pairs when they were read already."""
    if tree is None:
        tree = Category.objects.filter(school_id=school_id).values_list(
            "pk", "parent_id"
        )
    children = {}
    for pk, parent_id in tree:
        children.setdefault(parent_id, []).append(pk)
    found, todo = {}, [category_id]
    while todo:
        pk = todo.pop()
        if pk not in found:  # a loop in the tree (made in the admin) ends here
            found[pk] = None
            todo.extend(children.get(pk, ()))
    return list(found)


class AssetFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Number, name, model or serial number")
    )
    category_id = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), method="in_category", label=_("Category")
    )
    building_id = django_filters.ModelChoiceFilter(
        field_name="location__building",
        queryset=Building.objects.all(),
        label=_("Building"),
    )
    # A school may have thousands of rooms: the room is typed by its code.
    location = django_filters.CharFilter(
        field_name="location__code", label=_("Location code")
    )
    department_id = django_filters.ModelChoiceFilter(
        field_name="department",
        queryset=Department.objects.all(),
        label=_("Department"),
    )
    custodian_id = PersonFilter(field_name="custodian", label=_("Custodian"))
    class_id = django_filters.ModelChoiceFilter(
        field_name="responsible_class",
        queryset=SchoolClass.objects.all(),
        label=_("Responsible class"),
    )
    status = django_filters.ChoiceFilter(
        choices=AssetStatus.choices,
        label=pgettext_lazy("asset", "Status"),
        empty_label=_("All on the ledger"),
    )
    asset_class = django_filters.ChoiceFilter(
        choices=AssetClass.choices, label=_("Asset class")
    )
    acquired_from = DateFilter(
        field_name="acquired_on", lookup_expr="gte", label=_("Acquired from")
    )
    acquired_to = DateFilter(
        field_name="acquired_on", lookup_expr="lte", label=_("Acquired until")
    )
    # As the column holds money: a bigger number cannot be compared with it.
    value_min = django_filters.NumberFilter(
        field_name="original_value",
        lookup_expr="gte",
        label=_("Original value from"),
        max_digits=14,
        decimal_places=2,
    )
    value_max = django_filters.NumberFilter(
        field_name="original_value",
        lookup_expr="lte",
        label=_("Original value up to"),
        max_digits=14,
        decimal_places=2,
    )

    class Meta:
        model = Asset
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.form.fields["category_id"].queryset = self.form.fields[
            "category_id"
        ].queryset.order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(name__icontains=value)
            | Q(specification__icontains=value)
            | Q(serial_number__icontains=value)
        )

    def in_category(self, queryset, name, value):
        # The drop-down's options, when the page loaded them with their parents
        # (logistics/listing.py), are the school's whole tree: no query for it.
        field = self.form.fields[name]
        if "parent_id" in getattr(field, "loaded_fields", ()):
            parent = field.loaded_fields.index("parent_id")
            tree = [
                (int(key), int(texts[parent]) if texts[parent] else None)
                for key, texts in field.loaded.items()
            ]
            return queryset.filter(category_id__in=descendants(value.pk, None, tree))
        return queryset.filter(category_id__in=descendants(value.pk, value.school_id))

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        if not data.get("status"):
            queryset = queryset.exclude(status=AssetStatus.DISPOSED)
        return queryset


class DisposalFilterSet(SchoolFilterSet):
    status = StatusFilter(DISPOSAL_STATUSES, label=pgettext_lazy("disposal", "Status"))

    class Meta:
        model = Disposal
        fields = ["status"]


class StocktakeFilterSet(SchoolFilterSet):
    status = StatusFilter(
        STOCKTAKE_STATUSES, label=pgettext_lazy("stocktake", "Status")
    )

    class Meta:
        model = Stocktake
        fields = ["status"]
