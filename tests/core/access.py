import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from logistics.approvals.models import ApprovalDecision, Delegation
from logistics.approvals.services import approval_start, chain_create_default
from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.models import Notification
from logistics.notices.models import Channel, OutboxMessage
from logistics.roles import Role
from tests.testapp.apps import KIND
from tests.testapp.models import Expense

from ..access import ANY, Access, roles


def own_job(world, school):
    """A finished background job of the acting person (another school's: theirs)."""
    job = BackgroundJob(
        school=school,
        owner=world.actor(school),
        kind="walk",
        title="导出",
        status=JobStatus.DONE,
        result_name="x.txt",
    )
    job.result.save("x.txt", ContentFile(b"x"), save=False)
    job.save()
    return {"pk": job.pk}


def own_photo(world, school):
    """The checked file URL of a photo on the acting user's own repair request:
    every role may open it; another school's is a 404 (tests/test_file_access.py
    walks every file-bearing model × role)."""
    from ..repairs.access import photo_on_request

    photo, _page = photo_on_request(world, school, requester=world.actor(school))
    return {
        "kind": "repairs.repairphoto",
        "pk": photo.pk,
        "field": "image",
        "name": photo.image.name.rsplit("/", 1)[-1],
    }


REDIRECT = frozenset({302})
REPORTERS = roles(
    Role.LOGISTICS_HEAD, Role.DIRECTOR, Role.ACCOUNTANT, Role.ADMINISTRATOR
)


def requested(world, school):
    """An approval of an expense the acting user (or their like there) asked for."""
    person = world.actor(school)
    expense = Expense.objects.create(
        school=school, title="报销", amount=Decimal("100"), requester=person
    )
    return approval_start(document=expense, by=person, kind=KIND)


def with_minutes(world, school):
    """A decision with minutes on an approval the acting user asked for."""
    approval = requested(world, school)
    decision = ApprovalDecision(
        school=school,
        stage=approval.current_stage,
        approval=approval,
        decided_by=world.user(school, Role.DIRECTOR.value),
        outcome="approved",
        meeting_date=datetime.date.today(),
    )
    decision.minutes.save("纪要.pdf", ContentFile(b"%PDF-1.4"), save=False)
    decision.save()
    return {"pk": decision.pk}


def delegation(world, school):
    person = world.actor(school)
    deputy = world.user(
        school,
        Role.STAFF.value if person != world.user(school, "staff") else "director",
    )
    today = datetime.date.today()
    return {
        "pk": Delegation.objects.create(
            school=school, person=person, deputy=deputy, starts_on=today, ends_on=today
        ).pk
    }


ACCESS = {
    "home": Access(),
    "dashboard": Access(),
    "healthz": Access(public=True),
    "favicon": Access(public=True, ok_status=frozenset({302})),
    "login": Access(public=True, ok_status=frozenset({200, 302})),
    "logout": Access(method="post", ok_status=frozenset({302})),
    "password_change": Access(),
    "password_change_done": Access(),
    "set_language": Access(
        public=True,
        method="post",
        ok_status=frozenset({302}),
        get_status=frozenset({302}),
        data={"language": "en", "next": "/"},
    ),
    "notification-list": Access(),
    "job-list": Access(),
    "job-detail": Access(kwargs=own_job),
    "job-status": Access(kwargs=own_job),
    "notification-read": Access(
        allowed=ANY,
        method="post",
        ok_status=frozenset({302}),
        # Only the recipient may open it: the walk's acting user is the recipient.
        kwargs=lambda world, school: {
            "pk": Notification.objects.create(
                school=school, recipient=world.actor(school), title="通知"
            ).pk
        },
    ),
    "notification-read-all": Access(method="post", ok_status=frozenset({302})),
    "notice-preferences": Access(),
    "outbox": Access(allowed=roles(Role.ADMINISTRATOR)),
    "outbox-resend": Access(
        allowed=roles(Role.ADMINISTRATOR),
        method="post",
        ok_status=frozenset({302}),
        kwargs=lambda world, school: {
            "pk": OutboxMessage.objects.create(
                school=school, channel=Channel.EMAIL, title="通知", status="failed"
            ).pk
        },
    ),
    "location-list": Access(),
    "location-export": Access(allowed=roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)),
    "school-rules": Access(allowed=roles(Role.ADMINISTRATOR, Role.LOGISTICS_HEAD)),
    # Every role sees the reports it may open; the annual one is the office's.
    "reports": Access(),
    "annual-report": Access(allowed=REPORTERS),
    "annual-report-export": Access(allowed=REPORTERS),
    "annual-report-pdf": Access(allowed=REPORTERS),
    "file": Access(kwargs=own_photo),
    "approvals:inbox": Access(),
    "approvals:approve-selected": Access(method="post", ok_status=REDIRECT),
    "approvals:detail": Access(
        kwargs=lambda world, school: {"pk": requested(world, school).pk}
    ),
    "approvals:delegations": Access(),
    "approvals:delegation-end": Access(
        kwargs=delegation, method="post", ok_status=REDIRECT
    ),
    "approvals:chain-list": Access(allowed=roles(Role.ADMINISTRATOR)),
    "approvals:chain-edit": Access(
        allowed=roles(Role.ADMINISTRATOR),
        kwargs=lambda world, school: {
            "pk": chain_create_default(school=school, kind="assets.disposal").pk
        },
    ),
    "location-detail": Access(
        kwargs=lambda world, school: {"pk": world.location(school).pk}
    ),
}


def finished_job(world, school):
    """The logistics head's finished export (read by tests/test_file_access.py):
    only its owner opens it."""
    from django.urls import reverse

    owner = world.user(school, Role.LOGISTICS_HEAD.value)
    job = BackgroundJob(
        school=school,
        owner=owner,
        kind="walk",
        title="导出",
        status=JobStatus.DONE,
        result_name="x.txt",
    )
    job.result.save("x.txt", ContentFile(b"ledger"), save=False)
    job.save()
    return job, reverse("job-detail", args=[job.pk])


def minutes_of_a_meeting(world, school):
    """A collective decision's minutes on the staff member's expense: its approval
    page (and so its minutes) opens for some roles and not for others."""
    from django.urls import reverse

    world.act_as(world.user(school, Role.STAFF.value), school)
    decision = ApprovalDecision.objects.get(pk=with_minutes(world, school)["pk"])
    return decision, reverse("approvals:detail", args=[decision.approval_id])


# Every model with uploaded files → a builder (read by tests/test_file_access.py).
FILES = {
    "logistics.backgroundjob": finished_job,
    "logistics.approvaldecision": minutes_of_a_meeting,
}
