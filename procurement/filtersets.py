from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet, StatusFilter

from .choices import STATUSES
from .models import BudgetLine, PurchaseLine, PurchaseRequest, Supplier

STATUS_GROUPS = []


class PurchaseFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = StatusFilter(
        STATUSES, STATUS_GROUPS, label=pgettext_lazy("purchase", "Status")
    )
    budget_line = django_filters.ModelChoiceFilter(
        queryset=BudgetLine.objects.select_related("fiscal_year").order_by(
            "-fiscal_year__year", "code"
        ),
        label=_("Budget line"),
    )
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier")
    )
    created_from = DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created from")
    )
    created_to = DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created until")
    )

    class Meta:
        model = PurchaseRequest
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()[:50]
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(
                pk__in=PurchaseLine.objects.filter(name__icontains=value).values(
                    "request_id"
                )
            )
        )
