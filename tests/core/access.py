from django.core.files.base import ContentFile

from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.models import Notification
from logistics.notices.models import Channel, OutboxMessage
from logistics.roles import Role

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
    "job-list": Access(),
    "job-detail": Access(kwargs=own_job),
    "job-status": Access(kwargs=own_job),
    "job-download": Access(kwargs=own_job),
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
    "location-detail": Access(
        kwargs=lambda world, school: {"pk": world.location(school).pk}
    ),
}
