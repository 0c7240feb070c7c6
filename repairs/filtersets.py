from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet, StatusFilter
from logistics.models import Building
from logistics.people import PersonFilter

from .choices import (
    CLOSED,
    OPEN,
    STATUSES,
    WAITING_FOR_TECHNICIAN,
    RepairStatus,
    Urgency,
)
from .models import RepairCategory, RepairRequest
from .selectors import overdue_q

# "open": bookmarks and the queue's default use this word.
STATUS_GROUPS = [
    ("open", _("All open"), OPEN),
    ("closed", _("All closed"), CLOSED),
]


# Who the technician filter offers: those who may work on repairs (also people
# who have left, for their old jobs).
TECHNICIAN_PERM = "repairs.work_repairrequest"


class RepairRequestFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = StatusFilter(
        STATUSES, STATUS_GROUPS, label=pgettext_lazy("repair", "Status")
    )
    # By code (?category=lighting): links and bookmarks read the same in every
    # school. Categories no longer in use stay here for the old requests.
    category = django_filters.ModelChoiceFilter(
        queryset=RepairCategory.objects.all(),  # the school's, by SchoolFilterSet
        to_field_name="code",
        label=pgettext_lazy("repair", "Category"),
    )
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"))
    building_id = django_filters.ModelChoiceFilter(
        field_name="location__building",
        queryset=Building.objects.all(),
        label=_("Building"),
    )
    technician_id = PersonFilter(
        field_name="technician", perm=TECHNICIAN_PERM, label=_("Technician")
    )
    filed_from = DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Filed from")
    )
    filed_to = DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Filed to")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = RepairRequest
        fields = [
            "q",
            "status",
            "category",
            "urgency",
            "building_id",
            "technician_id",
            "filed_from",
            "filed_to",
            "overdue",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(description__icontains=value)
            | Q(location__code__icontains=value)
            | Q(location__name__icontains=value)
            | Q(requester__profile__real_name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(overdue_q(timezone.now()))
        return queryset.exclude(overdue_q(timezone.now()))


class MyRequestFilterSet(SchoolFilterSet):
    status = StatusFilter(
        STATUSES, STATUS_GROUPS, label=pgettext_lazy("repair", "Status")
    )

    class Meta:
        model = RepairRequest
        fields = ["status"]


S = RepairStatus
FINISHED = frozenset({S.DONE, S.CONFIRMED})

JOB_STATUS_GROUPS = [
    ("unfinished", pgettext_lazy("repair jobs", "Unfinished"), WAITING_FOR_TECHNICIAN),
    ("finished", pgettext_lazy("repair jobs", "Finished"), FINISHED),
    ("all", pgettext_lazy("repair jobs", "All jobs"), frozenset(RepairStatus)),
]


class JobFilterSet(SchoolFilterSet):
    """A technician's jobs; the view shows the unfinished ones unless asked."""

    DEFAULT_STATUS = "unfinished"

    status = StatusFilter(
        STATUSES,
        JOB_STATUS_GROUPS,
        only=WAITING_FOR_TECHNICIAN | FINISHED,
        empty_label=None,
        label=pgettext_lazy("repair", "Status"),
    )

    class Meta:
        model = RepairRequest
        fields = ["status"]
