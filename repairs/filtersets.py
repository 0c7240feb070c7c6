from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from logistics.filtersets import DateFilter, SchoolFilterSet
from logistics.models import Building

from .choices import (
    CLOSED,
    OPEN,
    WAITING_FOR_TECHNICIAN,
    RepairStatus,
    Urgency,
)
from .models import RepairCategory, RepairRequest
from .selectors import overdue_q

User = get_user_model()


STATUS_GROUPS = [
    ("open", _("All open")),
    ("closed", _("All closed")),
    *RepairStatus.choices,
]


def technicians_of(user):
    """People of the user's school whose role lets them work on repairs."""
    from logistics.scoping import school_id_of

    return (
        User.objects.filter(
            profile__school_id=school_id_of(user),
            groups__permissions__codename="work_repairrequest",
            groups__permissions__content_type__app_label="repairs",
            is_active=True,
        )
        .select_related("profile")
        .distinct()
        .order_by("profile__real_name")
    )


class TechnicianChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        from logistics.models import display_name

        return display_name(obj)


class TechnicianFilter(django_filters.ModelChoiceFilter):
    field_class = TechnicianChoiceField


class RepairRequestFilterSet(SchoolFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=STATUS_GROUPS,
        method="filter_status",
        label=pgettext_lazy("repair", "Status"),
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
    technician_id = TechnicianFilter(
        field_name="technician", queryset=User.objects.none(), label=_("Technician")
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["technician_id"].queryset = technicians_of(user)
        self.form.fields["technician_id"].queryset = technicians_of(user)

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

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN)
        if value == "closed":
            return queryset.filter(status__in=CLOSED)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(overdue_q(timezone.now()))
        return queryset.exclude(overdue_q(timezone.now()))


class MyRequestFilterSet(SchoolFilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_GROUPS,
        method="filter_status",
        label=pgettext_lazy("repair", "Status"),
    )

    class Meta:
        model = RepairRequest
        fields = ["status"]

    filter_status = RepairRequestFilterSet.filter_status


S = RepairStatus
FINISHED = frozenset({S.DONE, S.CONFIRMED})

JOB_STATUS_GROUPS = [
    ("unfinished", pgettext_lazy("repair jobs", "Unfinished")),
    ("finished", pgettext_lazy("repair jobs", "Finished")),
    ("all", pgettext_lazy("repair jobs", "All jobs")),
    *(
        (value, label)
        for value, label in RepairStatus.choices
        if value in WAITING_FOR_TECHNICIAN | FINISHED
    ),
]


class JobFilterSet(SchoolFilterSet):
    """A technician's jobs; the view shows the unfinished ones unless asked."""

    DEFAULT_STATUS = "unfinished"

    status = django_filters.ChoiceFilter(
        choices=JOB_STATUS_GROUPS,
        method="filter_status",
        empty_label=None,
        label=pgettext_lazy("repair", "Status"),
    )

    class Meta:
        model = RepairRequest
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        if value == "unfinished":
            return queryset.filter(status__in=WAITING_FOR_TECHNICIAN)
        if value == "finished":
            return queryset.filter(status__in=FINISHED)
        if value == "all":
            return queryset
        return queryset.filter(status=value)
