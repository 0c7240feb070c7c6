"""Reminders: a document waiting too long for someone reminds them on the school's
schedule, and each reminder is noted on the document's timeline."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from logistics.models import Notification, TransitionLog
from logistics.notices.delivery import run_clock
from logistics.notices.preferences import notice_preferences_set
from logistics.registry import Waiting, registry
from logistics.roles import Role
from logistics.rules import school_rules_set
from repairs.choices import RepairStatus, Urgency

from ..factories import make_user
from ..repairs.factories import RepairRequestFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def assigned(school, location):
    """A repair assigned to a technician an hour ago, not started."""
    technician = make_user(school, Role.TECHNICIAN)
    assigned_at = timezone.now() - HOUR
    repair = RepairRequestFactory(
        location=location,
        requester=make_user(school),
        status=RepairStatus.ASSIGNED,
        technician=technician,
        assigned_at=assigned_at,
    )
    return repair


def reminders_to(person):
    return Notification.objects.filter(recipient=person, title__startswith="提醒")


def notes_on(repair):
    return TransitionLog.objects.for_object(repair).filter(comment__contains="提醒")


def test_an_assigned_repair_not_started_reminds_its_technician_on_schedule(assigned):
    technician, at = assigned.technician, assigned.assigned_at
    run_clock(now=at + 23 * HOUR)  # the school's default: 24 hours
    assert not reminders_to(technician).exists()
    run_clock(now=at + 24 * HOUR)
    (reminder,) = reminders_to(technician)
    assert assigned.number in reminder.title
    assert reminder.url == assigned.get_absolute_url()
    (note,) = notes_on(assigned)
    assert note.by is None and note.from_state == note.to_state == "assigned"
    assert technician.profile.real_name in note.comment
    assert [m.to for m in mail.outbox] == [[technician.email]]

    run_clock(now=at + 30 * HOUR)  # within the repeat interval: nothing more
    assert reminders_to(technician).count() == 1
    run_clock(now=at + 48 * HOUR)
    assert reminders_to(technician).count() == 2 and notes_on(assigned).count() == 2


def test_a_started_repair_reminds_nobody(assigned):
    assigned.status, assigned.started_at = RepairStatus.IN_PROGRESS, timezone.now()
    assigned.save()
    run_clock(now=assigned.assigned_at + 100 * HOUR)
    assert not reminders_to(assigned.technician).exists()


def test_the_school_sets_the_reminder_hours(assigned, school):
    head = make_user(school, Role.ADMINISTRATOR)
    school_rules_set(
        school=school,
        values={"logistics.REMINDER_AFTER_HOURS": {"normal": 2, "urgent": 1}},
        by=head,
    )
    run_clock(now=assigned.assigned_at + 2 * HOUR)
    assert reminders_to(assigned.technician).count() == 1


def test_an_emergency_is_reminded_sooner_and_at_once_whatever_was_chosen(
    assigned,
):
    assigned.urgency = Urgency.EMERGENCY
    assigned.save()
    technician = assigned.technician
    notice_preferences_set(
        user=technician, modes={"reminders": "off"}, digest_time=datetime.time(17)
    )
    run_clock(now=assigned.assigned_at + 2 * HOUR)  # urgent default: 2 hours
    assert reminders_to(technician).count() == 1
    assert len(mail.outbox) == 1


def test_a_reminder_source_is_one_function_an_app_registers(school, location):
    """What an app (approvals, safety) does to have its documents reminded."""
    approver = make_user(school, Role.DIRECTOR)
    document = RepairRequestFactory(location=location, requester=make_user(school))
    since = timezone.now() - 30 * HOUR

    def waiting_approvals(*, school_id, now):
        if school_id == school.pk:
            yield Waiting(
                document=document, person=approver, since=since, text="待审批"
            )

    registry.add_reminder_source("test.approvals", waiting_approvals)
    try:
        run_clock(now=timezone.now())
    finally:
        del registry.reminder_sources["test.approvals"]
    (reminder,) = reminders_to(approver)
    assert reminder.body == "待审批" and notes_on(document).count() == 1
