"""Excel exports (rounds, hazards, fire checks, visitors: masked) and the weekly
report's figures."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from logistics.excel import Column, export_filename, export_subtitle
from logistics.models import display_name

from .choices import (
    HAZARD_OPEN,
    Answer,
    FireKind,
    HazardLevel,
    HazardStatus,
    Pressure,
    Shift,
)
from .conf import safety_rule
from .models import FireCheck, FireEquipment, Hazard, PatrolRound, RoundAnswer
from .schedule import DONE, DUE, LATE, MISSED, UPCOMING, WALKING


def labels_of(choices):
    return {value: str(label) for value, label in choices.choices}


def state_labels():
    return {
        DONE: _("Done"),
        LATE: _("Done late"),
        MISSED: _("Missed"),
        WALKING: _("Being walked"),
        DUE: _("Due now"),
        UPCOMING: _("To come"),
    }


def rounds_export(rows, *, school):
    from django.contrib.auth import get_user_model

    people = {
        user.pk: display_name(user)
        for user in get_user_model()
        .objects.filter(pk__in={r.person_id for r in rows if r.person_id})
        .select_related("profile")
    }
    states = state_labels()
    columns = [
        Column(_("Day"), "date", width=11),
        Column(_("Shift"), width=8, labels=labels_of(Shift)),
        Column(_("Route"), width=16),
        Column(_("Window"), width=13),
        Column(_("On duty"), width=10),
        Column(pgettext("safety", "Result"), width=10, labels=states),
        Column(_("Finished at"), "datetime", width=17),
        Column(_("Problems found"), "int", width=8),
    ]
    values = [
        (
            r.day,
            r.schedule.shift,
            r.schedule.route.name,
            f"{r.schedule.starts_at:%H:%M}–{r.schedule.ends_at:%H:%M}",
            people.get(r.person_id, ""),
            r.state,
            r.walked.finished_at if r.walked else None,
            getattr(r.walked, "problems", 0) if r.walked else None,
        )
        for r in rows
    ]
    return dict(
        filename=export_filename(_("Patrol rounds")),
        columns=columns,
        rows=values,
        title=_("Patrol rounds"),
        subtitle=export_subtitle(school),
    )


HAZARD_FIELDS = (
    "number",
    "found_at",
    "location__building__name",
    "location__name",
    "place_label",
    "description",
    "level",
    "found_by__profile__real_name",
    "rectifier__profile__real_name",
    "rectify_by",
    "rectification",
    "rectified_by__profile__real_name",
    "rectified_at",
    "reinspected_by__profile__real_name",
    "closed_at",
    "status",
)


def hazard_columns():
    return [
        Column(_("Number"), width=14),
        Column(pgettext("safety", "Found at"), "datetime", width=17),
        Column(_("Building"), width=12),
        Column(_("Place"), width=14),
        Column(_("Place (other)"), width=12),
        Column(_("Description"), width=32),
        Column(_("Level"), width=8, labels=labels_of(HazardLevel)),
        Column(_("Found by"), width=10),
        Column(_("To be rectified by"), width=10),
        Column(_("Rectify by"), "date", width=11),
        Column(_("What was done"), width=28),
        Column(_("Rectified by"), width=10),
        Column(_("Rectified at"), "datetime", width=17),
        Column(_("Re-inspected by"), width=10),
        Column(_("Closed at"), "datetime", width=17),
        Column(pgettext("safety", "Status"), width=12, labels=labels_of(HazardStatus)),
    ]


def hazards_export(queryset, *, school):
    return dict(
        filename=export_filename(_("Hazard register")),
        columns=hazard_columns(),
        rows=queryset.order_by("found_at", "id")
        .values_list(*HAZARD_FIELDS)
        .iterator(chunk_size=2000),
        title=_("Hazard register"),
        subtitle=export_subtitle(school),
    )


def fire_checks_export(queryset, *, school):
    columns = [
        Column(_("Checked at"), "datetime", width=17),
        Column(_("Type"), width=12, labels=labels_of(FireKind)),
        Column(_("Model"), width=12),
        Column(_("Building"), width=12),
        Column(_("Place"), width=14),
        Column(_("Quantity"), "int", width=6),
        Column(_("In order"), width=8, labels={True: _("Yes"), False: _("No")}),
        Column(_("Pressure"), width=10, labels=labels_of(Pressure)),
        Column(_("Expires on"), "date", width=11),
        Column(pgettext("checklist", "Checked by"), width=10),
        Column(_("Note"), width=24),
    ]
    rows = (
        queryset.order_by("checked_at", "id")
        .values_list(
            "checked_at",
            "equipment__kind",
            "equipment__model",
            "equipment__location__building__name",
            "equipment__location__name",
            "equipment__quantity",
            "ok",
            "pressure",
            "equipment__expires_on",
            "by__profile__real_name",
            "note",
        )
        .iterator(chunk_size=2000)
    )
    return dict(
        filename=export_filename(_("Fire equipment checks")),
        columns=columns,
        rows=rows,
        title=_("Fire equipment checks"),
        subtitle=export_subtitle(school),
    )


def visitors_export(queryset, *, school):
    """The visitor register, the ID number masked (only its last four)."""
    columns = [
        Column(_("Time in"), "datetime", width=17),
        Column(_("Time out"), "datetime", width=17),
        Column(pgettext("safety", "Name"), width=10),
        Column(_("Phone"), width=13),
        Column(_("ID number (masked)"), width=20),
        Column(_("Organisation"), width=16),
        Column(_("Visiting"), width=10),
        Column(pgettext("safety", "Reason"), width=20),
        Column(_("Vehicle plate"), width=10),
        Column(_("Number of people"), "int", width=6),
    ]
    rows = (
        queryset.order_by("time_in", "id")
        .values_list(
            "time_in",
            "time_out",
            "name",
            "phone",
            "id_masked",
            "organisation",
            "host",
            "reason",
            "plate",
            "people",
        )
        .iterator(chunk_size=2000)
    )
    return dict(
        filename=export_filename(_("Visitor register")),
        columns=columns,
        rows=rows,
        title=_("Visitor register"),
        subtitle=export_subtitle(school),
    )


def weekly_report_context(user, monday):
    """The figures of one week (Monday to Sunday) for the weekly report."""
    from .selectors import round_overview

    sunday = monday + datetime.timedelta(days=6)
    school_id = user.profile.school_id
    rows = round_overview(school_id, monday, sunday)
    states = state_labels()
    counts = {state: sum(1 for r in rows if r.state == state) for state in states}
    problems = list(
        RoundAnswer.objects.filter(
            school_id=school_id,
            answer=Answer.PROBLEM,
            patrol__day__gte=monday,
            patrol__day__lte=sunday,
        )
        .select_related("checkpoint__location__building", "patrol", "hazard")
        .order_by("at")[:200]
    )
    hazards = Hazard.objects.filter(school_id=school_id)
    week = Q(found_at__date__gte=monday, found_at__date__lte=sunday)
    today = timezone.localdate()
    figures = hazards.aggregate(
        opened=Count("pk", filter=week),
        rectified=Count(
            "pk",
            filter=Q(rectified_at__date__gte=monday, rectified_at__date__lte=sunday),
        ),
        closed=Count(
            "pk", filter=Q(closed_at__date__gte=monday, closed_at__date__lte=sunday)
        ),
        still_open=Count("pk", filter=Q(status__in=HAZARD_OPEN)),
        overdue=Count(
            "pk",
            filter=Q(status__in=("reported", "rectifying"), rectify_by__lt=today),
        ),
    )
    days = safety_rule(school_id, "FIRE_NOTICE_DAYS")
    fire_due = list(
        FireEquipment.objects.filter(
            school_id=school_id,
            is_active=True,
            expires_on__lte=sunday + datetime.timedelta(days=days),
        )
        .select_related("location__building")
        .order_by("expires_on")[:100]
    )
    checks = FireCheck.objects.filter(
        school_id=school_id,
        checked_at__date__gte=monday,
        checked_at__date__lte=sunday,
    ).count()
    missed = [r for r in rows if r.state in (MISSED, LATE)]
    return {
        "monday": monday,
        "sunday": sunday,
        "round_counts": [(states[s], n) for s, n in counts.items() if n],
        "rounds_due": len(rows),
        "missed": missed,
        "problems": problems,
        "hazards": figures,
        "open_hazards": list(
            hazards.filter(status__in=HAZARD_OPEN)
            .select_related("location__building")
            .order_by("rectify_by", "found_at")[:100]
        ),
        "fire_due": fire_due,
        "fire_checks": checks,
        "today": today,
        "rounds_walked": PatrolRound.objects.filter(
            school_id=school_id, day__gte=monday, day__lte=sunday
        ).count(),
    }
