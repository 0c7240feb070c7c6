import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from logistics.approvals.models import ApprovalDecision, Delegation
from logistics.approvals.services import approval_start, chain_create_default
from logistics.models import Notification
from logistics.roles import Role
from tests.testapp.apps import KIND
from tests.testapp.models import Expense

from ..access import ANY, Access, roles

REDIRECT = frozenset({302})


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
    "healthz": Access(public=True),
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
    "location-list": Access(),
    "location-export": Access(allowed=roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)),
    "school-rules": Access(allowed=roles(Role.ADMINISTRATOR, Role.LOGISTICS_HEAD)),
    "approvals:inbox": Access(),
    "approvals:approve-selected": Access(method="post", ok_status=REDIRECT),
    "approvals:detail": Access(
        kwargs=lambda world, school: {"pk": requested(world, school).pk}
    ),
    "approvals:minutes": Access(kwargs=with_minutes),
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
