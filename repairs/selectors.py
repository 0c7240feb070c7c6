"""Reads: who sees which repair requests, the lists, the home page's cards."""

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.registry import HomeCard, RecentRequest, registry

from .choices import (
    AWAITING_CONFIRMATION,
    OPEN,
    STATUSES,
    URGENCY_RANK,
    WAITING_FOR_TECHNICIAN,
    RepairStatus,
)
from .models import RepairPhoto, RepairRequest

LIST_RELATED = (
    "location__building",
    "category",
    "requester__profile",
    "technician__profile",
)


def resolve_asset(user, number):
    """(label, url) of the asset ``number`` names, as ``user`` may see it; None if
    there is no such asset. Raises KeyError when no installed app knows assets (the
    assets app is absent): repairs never imports it, the core's registry asks."""
    return registry.resolve("asset", user, number)


def asset_link(user, number):
    """(label, url) for the request page's asset number, or None to show it as text."""
    if not number:
        return None
    try:
        return resolve_asset(user, number)
    except KeyError:
        return None


def can_see_all(user):
    return user.has_perm("repairs.view_all_repairrequest")


def repair_requests_visible_to(user):
    """The requests a user may open: the head sees all; others their own, followed,
    or assigned ones. Another school's request is never found."""
    queryset = RepairRequest.objects.for_user(user)
    if can_see_all(user):
        return queryset
    followed = RepairRequest.followers.through.objects.filter(user_id=user.pk).values(
        "repairrequest_id"
    )
    return queryset.filter(
        Q(requester_id=user.pk) | Q(technician_id=user.pk) | Q(pk__in=followed)
    )


def photos_visible_to(user):
    """The photos of the requests the user may open (their files are served so)."""
    return RepairPhoto.objects.for_user(user).filter(
        repair__in=repair_requests_visible_to(user)
    )


def with_urgency_rank(queryset):
    return queryset.annotate(
        urgency_rank=Case(
            *(
                When(urgency=value, then=Value(rank))
                for value, rank in URGENCY_RANK.items()
            ),
            output_field=IntegerField(),
        )
    )


def repair_queue(user):
    """The head's queue: open requests, most urgent and then oldest first."""
    return (
        with_urgency_rank(RepairRequest.objects.for_user(user))
        .select_related(*LIST_RELATED)
        .order_by("urgency_rank", "created_at", "id")
    )


def my_requests(user):
    followed = RepairRequest.followers.through.objects.filter(user_id=user.pk).values(
        "repairrequest_id"
    )
    return (
        RepairRequest.objects.for_user(user)
        .filter(Q(requester_id=user.pk) | Q(pk__in=followed))
        .select_related(*LIST_RELATED)
    )


def my_jobs(user):
    """A technician's jobs: unfinished ones first, the most urgent and then the
    earliest due (no due date last) first; finished ones latest finished first."""
    unfinished = Q(status__in=WAITING_FOR_TECHNICIAN)
    return (
        with_urgency_rank(
            RepairRequest.objects.for_user(user).filter(technician_id=user.pk)
        )
        .annotate(
            finished=Case(
                When(unfinished, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related(*LIST_RELATED)
        .order_by(
            "finished",
            Case(When(unfinished, then=F("urgency_rank"))).asc(nulls_last=True),
            Case(When(unfinished, then=F("due_at"))).asc(nulls_last=True),
            F("done_at").desc(nulls_last=True),
            "created_at",
            "id",
        )
    )


def open_duplicates(*, user, location, category, exclude_pk=None):
    """Open requests for the same place and category: "already reported? follow it"."""
    queryset = RepairRequest.objects.for_user(user).filter(
        location=location, category=category, status__in=OPEN
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.select_related("requester__profile").order_by("created_at")[:5]


def overdue_q(now=None):
    return Q(status__in=OPEN, due_at__lt=now or timezone.now())


def home_cards(user):
    cards = []
    if not user.has_perm("repairs.add_repairrequest"):
        return cards
    base = RepairRequest.objects.for_user(user)
    if user.has_perm("repairs.triage_repairrequest"):
        cards.append(
            HomeCard(
                _("Repair requests to assign"),
                base.filter(status="submitted").count(),
                reverse("repairs:queue") + "?status=submitted",
                STATUSES.tone(RepairStatus.SUBMITTED),
            )
        )
        cards.append(
            HomeCard(
                _("Overdue repairs"),
                base.filter(overdue_q()).count(),
                reverse("repairs:queue") + "?overdue=true",
                "danger",
            )
        )
    if user.has_perm("repairs.work_repairrequest"):
        cards.append(
            HomeCard(
                _("My open repair jobs"),
                base.filter(technician=user, status__in=WAITING_FOR_TECHNICIAN).count(),
                reverse("repairs:jobs"),
                STATUSES.tone(RepairStatus.IN_PROGRESS),
            )
        )
    waiting = base.filter(requester=user, status__in=AWAITING_CONFIRMATION).count()
    if waiting:
        cards.append(
            HomeCard(
                _("Repairs awaiting my confirmation"),
                waiting,
                reverse("repairs:mine"),
                STATUSES.tone(RepairStatus.DONE),
            )
        )
    return cards


def recent_requests(user):
    rows = (
        RepairRequest.objects.for_user(user)
        .filter(requester=user)
        .select_related("location__building")
        .order_by("-created_at", "-id")[:10]
    )
    return [
        RecentRequest(
            _("Repair %(number)s: %(place)s")
            % {"number": repair.number, "place": repair.location},
            repair.get_absolute_url(),
            repair.get_status_display(),
            repair.created_at,
        )
        for repair in rows
    ]


def repairs_for_asset(user, asset_number):
    """The repair requests naming an asset that the user may see (for the asset page)."""
    rows = (
        repair_requests_visible_to(user)
        .filter(asset_number=asset_number)
        .select_related("location__building", "category")
        .order_by("-created_at", "-id")[:20]
    )
    return [
        RecentRequest(
            f"{repair.number} · {repair.category}",
            repair.get_absolute_url(),
            repair.get_status_display(),
            repair.created_at,
        )
        for repair in rows
    ]


def repair_statistics(user, year):
    """Counts and averages for the statistics page, for one calendar year."""
    from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Sum
    from django.db.models.functions import ExtractMonth

    from logistics.models import display_name

    from .models import RepairPart, category_name

    base = RepairRequest.objects.for_user(user).filter(created_at__year=year)
    by_category = [
        (category_name(row["category__name_zh"], row["category__name_en"]), row["n"])
        for row in base.values("category", "category__name_zh", "category__name_en")
        .annotate(n=Count("id"))
        .order_by("-n", "category__order")
    ]
    months = dict(
        base.annotate(month=ExtractMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    by_month = [(month, months.get(month, 0)) for month in range(1, 13)]
    by_building = [
        (row["location__building__name"] or _("Outdoors"), row["n"])
        for row in base.values("location__building__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    finish = ExpressionWrapper(
        F("done_at") - F("created_at"), output_field=DurationField()
    )
    technician_rows = (
        base.filter(technician__isnull=False)
        .values("technician")
        .annotate(
            n=Count("id"),
            hours=Sum("labour_hours"),
            rating=Avg("rating"),
            finish=Avg(finish),
        )
        .order_by("-n")
    )
    from django.contrib.auth import get_user_model

    people = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=[row["technician"] for row in technician_rows])
        .select_related("profile")
    }
    by_technician = [
        {
            "name": display_name(people.get(row["technician"])),
            "count": row["n"],
            "hours": row["hours"],
            "rating": row["rating"],
            "finish": row["finish"],
        }
        for row in technician_rows
    ]
    totals = base.aggregate(
        count=Count("id"),
        finish=Avg(finish, filter=Q(done_at__isnull=False)),
        rating=Avg("rating"),
        cost=Sum("cost"),
        compensation=Sum("compensation_amount"),
    )
    items = (
        RepairPart.objects.for_user(user)
        .filter(repair__created_at__year=year)
        .values("name", "unit")
        .annotate(quantity=Sum("quantity"), repairs=Count("repair", distinct=True))
        .order_by("-quantity")[:30]
    )
    return {
        "by_category": by_category,
        "by_month": by_month,
        "by_building": by_building,
        "by_technician": by_technician,
        "totals": totals,
        "items": list(items),
        "max_category": max([n for _label, n in by_category], default=0),
        "max_month": max([n for _m, n in by_month], default=0),
        "max_building": max([n for _b, n in by_building], default=0),
    }
