"""Reads: what each person may see of campus safety, and the figures pages show."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.registry import HomeCard
from logistics.scoping import school_id_of

from .choices import HAZARD_OPEN, Answer
from .conf import safety_rule
from .models import (
    DocumentVersion,
    DutyAssignment,
    FireEquipment,
    Hazard,
    HazardPhoto,
    Holiday,
    PatrolRound,
    RoundAnswer,
    RoundSchedule,
)
from .schedule import LATE, MISSED, expected_rounds, with_states


def hazards_visible_to(user):
    """The whole register for those who keep or read it; else the hazards one
    found or must rectify."""
    rows = Hazard.objects.for_user(user)
    if user.has_perm("safety.view_all_hazard"):
        return rows
    return rows.filter(Q(found_by=user) | Q(rectifier=user) | Q(rectified_by=user))


def photos_visible_to(user):
    return HazardPhoto.objects.for_user(user).filter(
        hazard__in=hazards_visible_to(user)
    )


def rounds_visible_to(user):
    rows = PatrolRound.objects.for_user(user)
    if user.has_perm("safety.view_safety_report"):
        return rows
    return rows.filter(person=user)


def answers_visible_to(user):
    return RoundAnswer.objects.for_user(user).filter(patrol__in=rounds_visible_to(user))


def versions_visible_to(user):
    return DocumentVersion.objects.for_user(user)


def days_off(school_id, first, last):
    return dict(
        Holiday.objects.filter(
            school_id=school_id, day__gte=first, day__lte=last
        ).values_list("day", "is_workday")
    )


def round_overview(school_id, first, last, *, now=None):
    """The rounds due from ``first`` to ``last`` with how each went."""
    now = now or timezone.now()
    schedules = list(
        RoundSchedule.objects.filter(
            school_id=school_id, is_active=True
        ).select_related("route")
    )
    roster = {
        (day, shift): person
        for day, shift, person in DutyAssignment.objects.filter(
            school_id=school_id, day__gte=first, day__lte=last
        ).values_list("day", "shift", "person_id")
    }
    rows = expected_rounds(
        first=first,
        last=last,
        schedules=schedules,
        roster=roster,
        days_off=days_off(school_id, first - datetime.timedelta(days=1), last),
        tz=timezone.get_current_timezone(),
    )
    walked = {
        (patrol.day, patrol.schedule_id): patrol
        for patrol in PatrolRound.objects.filter(
            school_id=school_id, day__gte=first, day__lte=last
        ).annotate(problems=Count("answers", filter=Q(answers__answer=Answer.PROBLEM)))
    }
    return with_states(
        rows,
        walked=walked,
        now=now,
        late_minutes=safety_rule(school_id, "LATE_MINUTES"),
    )


def my_rounds_today(user, *, now=None):
    """Today's rounds of the shifts the user is on duty for (all for the head)."""
    school_id = school_id_of(user)
    if school_id is None or not user.has_perm("safety.walk_patrolround"):
        return []
    today = timezone.localdate(now)
    rows = round_overview(school_id, today, today, now=now)
    if user.has_perm("safety.manage_patrols"):
        return rows
    return [row for row in rows if row.person_id == user.pk]


def home_cards(user):
    cards = []
    if user.has_perm("safety.walk_patrolround"):
        rows = [
            r
            for r in my_rounds_today(user)
            if r.person_id == user.pk and r.state not in ("done", "late", "missed")
        ]
        if rows:
            cards.append(
                HomeCard(
                    _("Patrol rounds today"),
                    len(rows),
                    reverse("safety:today"),
                    "warning",
                )
            )
    if user.has_perm("safety.manage_hazard"):
        today = timezone.localdate()
        open_rows = Hazard.objects.for_user(user).filter(status__in=HAZARD_OPEN)
        overdue = open_rows.filter(
            status__in=("reported", "rectifying"), rectify_by__lt=today
        ).count()
        waiting = open_rows.filter(status__in=("reported", "rectified")).count()
        if waiting:
            cards.append(
                HomeCard(
                    _("Hazards to assign or re-inspect"),
                    waiting,
                    reverse("safety:hazards") + "?status=open",
                    "warning",
                )
            )
        if overdue:
            cards.append(
                HomeCard(
                    _("Overdue hazards"),
                    overdue,
                    reverse("safety:hazards") + "?overdue=true",
                    "danger",
                )
            )
    mine = (
        Hazard.objects.for_user(user)
        .filter(rectifier=user, status="rectifying")
        .count()
    )
    if mine:
        cards.append(
            HomeCard(
                _("Hazards for me to rectify"),
                mine,
                reverse("safety:hazards") + "?mine=true",
                "danger",
            )
        )
    return cards


def fire_due(user, *, today=None):
    """Active units expired or within the school's notice days, soonest first."""
    today = today or timezone.localdate()
    school_id = school_id_of(user)
    days = safety_rule(school_id, "FIRE_NOTICE_DAYS")
    return (
        FireEquipment.objects.for_user(user)
        .filter(is_active=True, expires_on__lte=today + datetime.timedelta(days=days))
        .select_related("location__building")
        .order_by("expires_on", "id")
    ), days


def missed_counts(rows):
    return {
        "missed": sum(1 for r in rows if r.state == MISSED),
        "late": sum(1 for r in rows if r.state == LATE),
        "done": sum(1 for r in rows if r.state == "done"),
    }
