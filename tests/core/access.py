from django.core.files.base import ContentFile

from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.models import Notification
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


ACCESS = {
    "home": Access(),
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
    "location-list": Access(),
    "location-export": Access(allowed=roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)),
    "school-rules": Access(allowed=roles(Role.ADMINISTRATOR, Role.LOGISTICS_HEAD)),
    "file": Access(kwargs=own_photo),
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


# Every model with uploaded files → a builder (read by tests/test_file_access.py).
FILES = {"logistics.backgroundjob": finished_job}
