"""Who may open each repairs URL (read by tests/test_permission_walk.py)."""

from logistics.roles import Role
from repairs.choices import RepairStatus

from ..access import ANY, Access, roles
from .factories import RepairRequestFactory

HEAD = roles(Role.LOGISTICS_HEAD)
SEES_ALL = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT, Role.DIRECTOR)
REDIRECT = frozenset({302})
PARTS = roles(Role.TECHNICIAN, Role.LOGISTICS_HEAD)


def own_request(status=RepairStatus.SUBMITTED, **extra):
    """A request of ``school`` filed by the acting user (or their counterpart)."""

    def build(world, school):
        repair = RepairRequestFactory(
            location=world.location(school),
            requester=world.actor(school),
            status=status,
            **extra,
        )
        return {"pk": repair.pk}

    return build


def someones_request(status=RepairStatus.SUBMITTED):
    def build(world, school):
        repair = RepairRequestFactory(
            location=world.location(school),
            requester=world.user(school, Role.STAFF.value),
            status=status,
        )
        return {"pk": repair.pk}

    return build


def assigned_to_actor(status=RepairStatus.ASSIGNED):
    def build(world, school):
        repair = RepairRequestFactory(
            location=world.location(school),
            requester=world.user(school, Role.STAFF.value),
            technician=world.actor(school),
            status=status,
        )
        return {"pk": repair.pk}

    return build


def part_on_actors_job(world, school):
    """A part recorded on a job assigned to the acting user."""
    repair = RepairRequestFactory(
        location=world.location(school),
        requester=world.user(school, Role.STAFF.value),
        technician=world.actor(school),
        status=RepairStatus.IN_PROGRESS,
    )
    part = repair.parts.create(
        school=school, name="灯管", quantity=1, unit="根", added_by=world.actor(school)
    )
    return {"pk": repair.pk, "part_pk": part.pk}


def post(allowed=ANY, kwargs=None, data=None):
    # 200: the request's page again with the form's errors (the walk may post an
    # incomplete form: it checks access only).
    return Access(
        allowed=allowed,
        kwargs=kwargs,
        method="post",
        ok_status=REDIRECT | {200},
        data=data or {},
    )


ACCESS = {
    "repairs:mine": Access(),
    "repairs:new": Access(),
    "repairs:similar": Access(),
    "repairs:report": Access(
        ok_status=REDIRECT,
        kwargs=lambda world, school: {"code": world.location(school).code},
    ),
    "repairs:queue": Access(allowed=SEES_ALL),
    "repairs:jobs": Access(allowed=roles(Role.TECHNICIAN)),
    "repairs:detail": Access(kwargs=own_request()),
    "repairs:work-order": Access(kwargs=own_request()),
    "repairs:cancel": post(kwargs=own_request()),
    "repairs:confirm": post(kwargs=own_request(RepairStatus.DONE), data={"rating": 5}),
    "repairs:reopen": post(kwargs=own_request(RepairStatus.DONE)),
    "repairs:follow": post(kwargs=someones_request()),
    "repairs:unfollow": post(kwargs=own_request()),
    "repairs:assign": post(HEAD, someones_request()),
    "repairs:reject": post(HEAD, someones_request(), {"reject-reason": "重复"}),
    "repairs:start": post(roles(Role.TECHNICIAN), assigned_to_actor()),
    "repairs:done": post(roles(Role.TECHNICIAN), assigned_to_actor()),
    # The technician records parts; the head corrects them.
    "repairs:part-add": post(PARTS, assigned_to_actor()),
    "repairs:part-change": post(PARTS, part_on_actors_job),
    "repairs:part-remove": post(PARTS, part_on_actors_job),
    "repairs:photo-add": post(kwargs=own_request()),
    "repairs:damage": post(
        HEAD,
        someones_request(RepairStatus.DONE),
        {"responsible_name": "张三", "quantity": "1", "amount": "10.00"},
    ),
    "repairs:compensation-paid": post(
        roles(Role.ACCOUNTANT), someones_request(RepairStatus.DONE)
    ),
    "repairs:export": Access(allowed=roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)),
    "repairs:qr-sheet": Access(allowed=HEAD),
    "repairs:stats": Access(allowed=SEES_ALL),
}


def photo_on_request(world, school, requester=None):
    """A photo (and its thumbnail) on a request of ``school`` filed by the school's
    staff member (or ``requester``): (the photo, its request's page)."""
    from django.urls import reverse

    from repairs.models import RepairPhoto

    from ..factories import image_file

    requester = requester or world.user(school, Role.STAFF.value)
    repair = RepairRequestFactory(location=world.location(school), requester=requester)
    photo = RepairPhoto.objects.create(
        school=school,
        repair=repair,
        image=image_file("damage.png"),
        thumbnail=image_file("damage_thumb.png", colour="blue"),
        uploaded_by=requester,
    )
    return photo, reverse("repairs:detail", args=[repair.pk])


# Every model with uploaded files (logistics.registry.files) → a builder of one row
# with its files in a school, read by tests/test_file_access.py.
FILES = {"repairs.repairphoto": photo_on_request}
