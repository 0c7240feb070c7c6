"""Who may open each safety URL (read by tests/test_permission_walk.py)."""

from logistics.roles import Role

from ..access import ANY, Access, roles
from . import factories as f

HEAD = roles(Role.LOGISTICS_HEAD)
WALKERS = roles(Role.ON_DUTY, Role.LOGISTICS_HEAD)
RECORDS = roles(Role.LOGISTICS_HEAD, Role.DIRECTOR)
DUTY_VIEW = roles(Role.ON_DUTY, Role.LOGISTICS_HEAD, Role.DIRECTOR)
VISITORS = roles(Role.GATE, Role.LOGISTICS_HEAD, Role.DIRECTOR)
REDIRECT = frozenset({302})
READERS = roles(*(role for role in Role if role != Role.ADMINISTRATOR))


def post(allowed=ANY, kwargs=None, data=None, ok=REDIRECT | {200}):
    return Access(
        allowed=allowed, kwargs=kwargs, method="post", ok_status=ok, data=data or {}
    )


def duty_row(world, school):
    from django.utils import timezone

    from safety.models import DutyAssignment

    row, _created = DutyAssignment.objects.update_or_create(
        school=school,
        day=timezone.localdate(),
        shift="night",
        defaults={"person": world.actor(school)},
    )
    return {"pk": row.pk}


def a_route(world, school):
    return {"pk": f.route_with_checkpoints(school).pk}


def a_schedule(world, school):
    return {"pk": f.schedule(school).pk}


def actors_round(world, school):
    return {"pk": f.patrol(school, world.actor(school)).pk}


def actors_problem(world, school):
    return {
        "pk": f.problem_answer(school, world.actor(school), world.location(school)).pk
    }


def actors_hazard(status="reported", **extra):
    def build(world, school):
        actor = world.actor(school)
        people = {key: actor for key in extra}
        return {"pk": f.hazard(school, actor, status=status, **people).pk}

    return build


def someone_rectified(world, school):
    hazard = f.hazard(
        school,
        world.actor(school),
        status="rectified",
        rectified_by=world.user(school, Role.TECHNICIAN.value),
    )
    return {"pk": hazard.pk}


def a_place_with_units(world, school):
    location = world.location(school)
    f.fire_unit(school, location)
    return {"pk": location.pk}


def a_unit(world, school):
    return {"pk": f.fire_unit(school, world.location(school)).pk}


def a_visitor(world, school):
    return {"pk": f.visitor(school, world.actor(school)).pk}


def a_document(world, school):
    return {"pk": f.document(school, world.actor(school)).pk}


ACCESS = {
    "safety:index": Access(),
    "safety:roster": Access(allowed=DUTY_VIEW),
    "safety:roster-add": post(HEAD),
    "safety:roster-swap": post(WALKERS, duty_row),
    "safety:routes": Access(allowed=HEAD),
    "safety:route": Access(allowed=HEAD, kwargs=a_route),
    "safety:route-labels": Access(allowed=HEAD, kwargs=a_route),
    "safety:rounds": Access(allowed=RECORDS),
    "safety:today": Access(allowed=WALKERS),
    "safety:walk": Access(allowed=WALKERS, kwargs=a_schedule),
    # Without a valid operation: refused as malformed (400) or unknown round (404).
    "safety:sync": post(WALKERS, ok=frozenset({400, 404})),
    "safety:round": Access(allowed=DUTY_VIEW, kwargs=actors_round),
    "safety:rounds-export": Access(allowed=RECORDS),
    "safety:answer-repair": post(WALKERS, actors_problem),
    "safety:answer-hazard": post(WALKERS, actors_problem),
    "safety:hazards": Access(),
    "safety:hazard-new": Access(),
    "safety:hazards-export": Access(allowed=RECORDS),
    "safety:hazards-pdf": Access(allowed=RECORDS),
    "safety:hazard": Access(kwargs=actors_hazard()),
    "safety:hazard-assign": post(HEAD, actors_hazard()),
    # Refused with a reason (a redirect) for anyone not named to rectify it.
    "safety:hazard-rectify": post(kwargs=actors_hazard("rectifying", rectifier=True)),
    "safety:hazard-close": post(HEAD, someone_rectified),
    "safety:hazard-reopen": post(HEAD, someone_rectified, {"reopen-reason": "仍松动"}),
    "safety:fire": Access(allowed=DUTY_VIEW),
    "safety:fire-due": Access(allowed=DUTY_VIEW),
    "safety:fire-room": Access(allowed=DUTY_VIEW, kwargs=a_place_with_units),
    "safety:fire-room-check": post(WALKERS, a_place_with_units),
    "safety:fire-check": post(WALKERS, a_unit),
    "safety:fire-export": Access(allowed=DUTY_VIEW),
    "safety:visitors": Access(allowed=VISITORS),
    "safety:visitor-out": post(roles(Role.GATE, Role.LOGISTICS_HEAD), a_visitor),
    "safety:visitor-history": Access(allowed=VISITORS),
    "safety:visitors-export": Access(allowed=RECORDS),
    "safety:documents": Access(allowed=READERS),
    "safety:document-new": post(HEAD),
    "safety:document": Access(allowed=READERS, kwargs=a_document),
    "safety:document-upload": post(HEAD, a_document),
    "safety:document-read": post(READERS, a_document),
    "safety:contacts-pdf": Access(allowed=READERS),
    "safety:weekly-report": Access(allowed=RECORDS),
}


def photo_on_hazard(world, school, finder=None):
    from django.urls import reverse

    from safety.models import HazardPhoto

    from ..factories import image_file

    finder = finder or world.user(school, Role.STAFF.value)
    hazard = f.hazard(school, finder)
    photo = HazardPhoto.objects.create(
        school=school,
        hazard=hazard,
        image=image_file("hazard.png"),
        thumbnail=image_file("hazard_thumb.png", colour="blue"),
        uploaded_by=finder,
    )
    return photo, reverse("safety:hazard", args=[hazard.pk])


def photo_on_answer(world, school):
    from django.urls import reverse

    from ..factories import image_file

    walker = world.user(school, Role.ON_DUTY.value)
    answer = f.problem_answer(school, walker, world.location(school))
    answer.photo.save("lamp.png", image_file("lamp.png"), save=True)
    return answer, reverse("safety:round", args=[answer.patrol_id])


def file_of_document(world, school):
    from django.urls import reverse

    document = f.document(school, world.user(school, Role.LOGISTICS_HEAD.value))
    return document.versions.get(), reverse("safety:document", args=[document.pk])


FILES = {
    "safety.hazardphoto": photo_on_hazard,
    "safety.roundanswer": photo_on_answer,
    "safety.documentversion": file_of_document,
}
