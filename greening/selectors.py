"""Greening's reads: today's tasks, a zone's state, rankings, the zones offered
to other apps. Each costs a fixed number of queries, however many zones."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.registry import HomeCard
from logistics.scoping import school_id_of

from . import schedule as rhythm
from .choices import PlantCondition
from .conf import greening_rule
from .models import CareLog, CarePlan, Holiday, Inspection, Plant, Season, Term, Zone


def seasons_of(school_id):
    return [s.as_schedule_season() for s in Season.objects.for_school(school_id)]


def holidays_of(school_id):
    return list(
        Holiday.objects.for_school(school_id).values_list("first_day", "last_day")
    )


@dataclass
class OpenTask:
    plan: CarePlan
    day: datetime.date
    state: str
    # An overdue task: when the first occurrence missed since the task was last
    # done passed its time (aware), e.g. yesterday's watering never done.
    since: datetime.datetime | None = None

    @property
    def overdue(self):
        return self.state == rhythm.OVERDUE

    @property
    def zone(self):
        return self.plan.zone


def open_tasks(plans, *, school_id, now=None):
    """The plans' open occurrences at ``now``: due today or overdue, most urgent
    first."""
    now = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    plans = list(plans)
    seasons, holidays = seasons_of(school_id), holidays_of(school_id)
    grace = datetime.timedelta(minutes=greening_rule(school_id, "GRACE_MINUTES"))
    last = dict(
        CareLog.objects.filter(plan__in=[p.pk for p in plans])
        .values_list("plan_id")
        .annotate(last=Max("done_at"))
        .values_list("plan_id", "last")
    )
    tasks = []
    for plan in plans:
        done = last.get(plan.pk)
        done = timezone.localdate(done) if done else None
        schedule = plan.schedule()
        state = rhythm.task_state(
            schedule, seasons, holidays, now=now, last_done=done, grace=grace
        )
        if state is None:
            continue
        task = OpenTask(plan, *state)
        if task.overdue:
            first = rhythm.first_missed(
                schedule, seasons, holidays, today=now.date(), last_done=done
            )
            task.since = timezone.make_aware(
                datetime.datetime.combine(first or task.day, plan.at) + grace
            )
        tasks.append(task)
    tasks.sort(key=lambda t: (not t.overdue, t.day, t.plan.at, t.plan.zone.name))
    return tasks


def tasks_for(user, now=None):
    """Open care tasks in the zones ``user`` keeps."""
    plans = (
        CarePlan.objects.for_user(user)
        .filter(is_active=True, zone__is_active=True, zone__keepers=user)
        .select_related("zone")
        .distinct()
    )
    return open_tasks(plans, school_id=school_id_of(user), now=now)


def all_open_tasks(school_id, now=None):
    plans = (
        CarePlan.objects.for_school(school_id)
        .filter(is_active=True, zone__is_active=True)
        .select_related("zone")
    )
    return open_tasks(plans, school_id=school_id, now=now)


def with_states(zones, now=None):
    """The zones annotated with what the lists and the plan show of each, in the
    same query (one subquery per figure, each read along an index):
    ``plant_count`` (plant rows), ``latest_score`` and ``latest_problem`` (of the
    latest week's inspection), ``ailing_plants`` (rows not thriving) and
    ``keep_off`` (the latest "keep off" still running at ``now``)."""
    now = now or timezone.now()
    here = OuterRef("pk")
    latest = Inspection.objects.filter(zone=here).order_by("-week")
    plants = Plant.objects.filter(zone=here).order_by().values("zone")
    return zones.annotate(
        plant_count=_counted(plants),
        ailing_plants=_counted(plants.exclude(condition=PlantCondition.THRIVING)),
        latest_score=Subquery(latest.values("total")[:1]),
        latest_problem=Subquery(latest.values("problem")[:1]),
        keep_off=Subquery(
            CareLog.objects.filter(zone=here, keep_off_until__gt=now)
            .order_by("-keep_off_until")
            .values("keep_off_until")[:1]
        ),
    )


def _counted(rows):
    """How many ``rows`` (grouped by one column) as a subquery; 0 when none."""
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


def state_of(zone):
    """{"score", "problems", "keep_off_until"} of a zone read with ``with_states``:
    the latest score (0–40, None if never scored), the open problems (the latest
    inspection's problem, plants not thriving) and the keep-off time."""
    return {
        "score": zone.latest_score,
        "problems": (1 if zone.latest_problem else 0) + zone.ailing_plants,
        "keep_off_until": zone.keep_off,
    }


def overdue_reminders(*, school_id, now):
    """The "greening.overdue" reminder source: a zone with overdue care tasks
    waits for each of its keepers (those who log care), since the first
    occurrence missed passed its time; the reminder lists the tasks and opens the
    zone's page, and is noted on the zone's timeline (``Zone.timeline``)."""
    from django.conf import settings
    from django.utils import translation

    from logistics.people import people_who_may
    from logistics.registry import Waiting

    by_zone = defaultdict(list)
    for task in all_open_tasks(school_id, now=now):
        if task.overdue:
            by_zone[task.plan.zone_id].append(task)
    if not by_zone:
        return
    keepers = people_who_may(school_id, "greening.log_care")
    zones = (
        Zone.objects.filter(school_id=school_id, pk__in=list(by_zone))
        .prefetch_related(Prefetch("keepers", queryset=keepers))
        .order_by("pk")
    )
    waiting = []
    with translation.override(settings.LANGUAGE_CODE):
        for zone in zones:
            tasks = sorted(by_zone[zone.pk], key=lambda t: (t.since, t.plan.at))
            text = "; ".join(
                _("%(task)s at %(at)s, overdue since %(since)s")
                % {
                    "task": task.plan.get_task_display(),
                    "at": f"{task.plan.at:%H:%M}",
                    "since": f"{timezone.localtime(task.since):%m-%d %H:%M}",
                }
                for task in tasks
            )
            waiting += [
                Waiting(document=zone, person=person, since=tasks[0].since, text=text)
                for person in zone.keepers.all()
            ]
    yield from waiting


def keep_off_until(zone, now=None):
    return CareLog.objects.filter(
        zone=zone, keep_off_until__gt=now or timezone.now()
    ).aggregate(until=Max("keep_off_until"))["until"]


# -- terms and rankings ---------------------------------------------------------


def current_term(school_id, today=None):
    today = today or timezone.localdate()
    terms = Term.objects.for_school(school_id)
    return (
        terms.filter(first_day__lte=today, last_day__gte=today).first()
        or terms.filter(first_day__lte=today).order_by("-first_day").first()
        or terms.first()
    )


def term_span(term, today=None):
    if term is None:
        today = today or timezone.localdate()
        return today - datetime.timedelta(days=140), today
    return term.first_day, term.last_day


@dataclass
class Ranked:
    rank: int
    name: str
    average: float
    inspections: int
    zones: int


def _ranked(rows):
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))
    ranked, previous, rank = [], None, 0
    for index, (name, average, count, zones) in enumerate(rows, 1):
        if average != previous:
            rank, previous = index, average
        ranked.append(Ranked(rank, name, round(average, 1), count, zones))
    return ranked


def rankings(school_id, first, last):
    """Classes and people ranked by the average total (0–40) of their zones'
    inspections from ``first`` to ``last`` (weeks starting in that span)."""
    inspections = Inspection.objects.for_school(school_id).filter(
        week__gte=first, week__lte=last
    )
    classes = []
    for row in (
        inspections.filter(school_class__isnull=False)
        .values("school_class")
        .annotate(
            average=Avg("total"), n=Count("id"), zones=Count("zone", distinct=True)
        )
    ):
        classes.append((row["school_class"], row["average"], row["n"], row["zones"]))
    people = []
    for row in (
        inspections.filter(keepers__isnull=False)
        .values("keepers")
        .annotate(
            average=Avg("total"), n=Count("id"), zones=Count("zone", distinct=True)
        )
    ):
        people.append((row["keepers"], row["average"], row["n"], row["zones"]))
    return _names(school_id, classes, people)


def _names(school_id, classes, people):
    from django.contrib.auth import get_user_model

    from logistics.models import SchoolClass, display_name

    class_names = {
        c.pk: str(c)
        for c in SchoolClass.objects.for_school(school_id).filter(
            pk__in=[c[0] for c in classes]
        )
    }
    users = {
        u.pk: display_name(u)
        for u in get_user_model()
        .objects.filter(pk__in=[p[0] for p in people])
        .select_related("profile")
    }
    return (
        _ranked([(class_names.get(pk, "?"), *rest) for pk, *rest in classes]),
        _ranked([(users.get(pk, "?"), *rest) for pk, *rest in people]),
    )


def weekly_trend(school_id, first, last, *, top=8):
    """{"weeks": [...], "series": [{"label", "data"}]} of the best classes' weekly
    averages over the span, and the school's own average."""
    rows = (
        Inspection.objects.for_school(school_id)
        .filter(week__gte=first, week__lte=last)
        .values("week", "school_class")
        .annotate(average=Avg("total"))
        .order_by("week")
    )
    weeks, by_class, school = [], defaultdict(dict), defaultdict(list)
    for row in rows:
        week = row["week"].isoformat()
        if week not in weeks:
            weeks.append(week)
        school[week].append(row["average"])
        if row["school_class"] is not None:
            by_class[row["school_class"]][week] = round(row["average"], 1)
    from logistics.models import SchoolClass

    names = {
        c.pk: str(c)
        for c in SchoolClass.objects.for_school(school_id).filter(pk__in=list(by_class))
    }
    best = sorted(
        by_class, key=lambda pk: -sum(by_class[pk].values()) / len(by_class[pk])
    )[:top]
    series = [
        {
            "label": _("School average"),
            "data": [
                round(sum(school[w]) / len(school[w]), 1) if school[w] else None
                for w in weeks
            ],
        }
    ]
    series += [
        {"label": names.get(pk, "?"), "data": [by_class[pk].get(w) for w in weeks]}
        for pk in best
    ]
    return {"weeks": weeks, "series": series}


def week_choices(school_id, first, last):
    return list(
        Inspection.objects.for_school(school_id)
        .filter(week__gte=first, week__lte=last)
        .values_list("week", flat=True)
        .distinct()
        .order_by("-week")
    )


# -- for the core and other apps ------------------------------------------------


def zones_for_apps(*, user):
    """The "greening.zones" service: the user's school's zones, for checkpoints in
    other apps (which store a zone as a plain id and label)."""
    zones = (
        Zone.objects.for_user(user).filter(is_active=True).prefetch_related("locations")
    )
    return [
        {
            "id": zone.pk,
            "name": zone.name,
            "url": zone.get_absolute_url(),
            "location_ids": [location.pk for location in zone.locations.all()],
        }
        for zone in zones
    ]


def home_cards(user):
    if not user.has_perm("greening.log_care"):
        return []
    if not Zone.objects.kept_by(user).exists():
        return []
    tasks = tasks_for(user)
    if not tasks:
        return []
    overdue = sum(1 for t in tasks if t.overdue)
    return [
        HomeCard(
            _("Care tasks in my zones"),
            len(tasks),
            reverse("greening:today"),
            tone="danger" if overdue else "warning",
        )
    ]


def may_read_zones(user):
    return user.has_perm("greening.view_zone") or user.has_perm("greening.log_care")


def zones_visible_to(user):
    """Every zone of the school for those who oversee the grounds; a zone keeper's
    own zones; none for others."""
    if user.has_perm("greening.view_zone"):
        return Zone.objects.for_user(user)
    if user.has_perm("greening.log_care"):
        return Zone.objects.kept_by(user)
    return Zone.objects.none()


def care_logs_visible_to(user):
    """Photos of care work open for those who may open the zone's page."""
    return CareLog.objects.for_user(user).filter(zone__in=zones_visible_to(user))


def inspections_visible_to(user):
    return Inspection.objects.for_user(user).filter(zone__in=zones_visible_to(user))


def plans_visible_to(user):
    from .models import CampusPlan

    if not may_read_zones(user):
        return CampusPlan.objects.none()
    return CampusPlan.objects.for_user(user)


def zones_kept_q(user):
    return Q(keepers=user)
