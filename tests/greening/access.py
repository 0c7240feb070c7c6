"""Who may open each greening URL (read by tests/test_permission_walk.py)."""

import datetime

from logistics.roles import Role

from ..access import ANY, Access, roles
from .factories import daily_watering, species, zone

HEAD = roles(Role.LOGISTICS_HEAD)
# Those who oversee the grounds see every zone; keepers see their own.
READERS = roles(
    Role.LOGISTICS_HEAD,
    Role.DIRECTOR,
    Role.ACCOUNTANT,
    Role.ADMINISTRATOR,
    Role.ZONE_KEEPER,
)
CARERS = roles(Role.LOGISTICS_HEAD, Role.ZONE_KEEPER)
EXPORTERS = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT, Role.DIRECTOR)
REDIRECT = frozenset({302})


def actors_zone(world, school):
    """A zone of ``school`` kept by the acting user (or their counterpart)."""
    return {
        "pk": zone(
            school, keepers=[world.actor(school)], location=world.location(school)
        ).pk
    }


def someones_zone(world, school):
    keeper = world.user(school, Role.ZONE_KEEPER.value)
    return {"pk": zone(school, keepers=[keeper], location=world.location(school)).pk}


def campus(world, school):
    return {"pk": world.location(school).campus_id}


def plant_in_actors_zone(world, school):
    from greening.models import Plant

    built = zone(school, keepers=[world.actor(school)], location=world.location(school))
    plant = Plant.objects.create(
        school=school, zone=built, species=species(school), count=3
    )
    return {"pk": plant.pk}


def plan_in_actors_zone(world, school):
    built = zone(school, keepers=[world.actor(school)], location=world.location(school))
    return {"pk": daily_watering(built).pk}


def plan_in_someones_zone(world, school):
    built = zone(school, location=world.location(school))
    return {"pk": daily_watering(built).pk}


def inspection_with_problem(world, school):
    from greening.models import Inspection, monday_of

    built = zone(school, location=world.location(school))
    inspection = Inspection.objects.create(
        school=school,
        zone=built,
        week=monday_of(datetime.date.today()),
        by=world.user(school, Role.LOGISTICS_HEAD.value),
        green=8,
        beautiful=8,
        clean_score=8,
        fragrant=8,
        problem="喷头漏水",
    )
    return {"pk": inspection.pk}


def post(allowed=ANY, kwargs=None, data=None):
    return Access(
        allowed=allowed,
        kwargs=kwargs,
        method="post",
        ok_status=REDIRECT | {200},
        data=data or {},
    )


ACCESS = {
    "greening:zones": Access(allowed=READERS),
    "greening:today": Access(allowed=CARERS),
    "greening:plan": Access(allowed=READERS),
    "greening:plan-upload": post(HEAD, campus),
    "greening:zone-new": Access(allowed=HEAD),
    "greening:zone": Access(allowed=READERS, kwargs=actors_zone),
    "greening:zone-edit": Access(allowed=HEAD, kwargs=someones_zone),
    "greening:zone-outline": post(HEAD, someones_zone),
    "greening:plant-add": post(CARERS, actors_zone),
    "greening:plant-edit": Access(allowed=CARERS, kwargs=plant_in_actors_zone),
    "greening:replacements": Access(allowed=READERS),
    "greening:planting-new": Access(allowed=HEAD, kwargs=someones_zone),
    "greening:plan-new": Access(allowed=HEAD, kwargs=someones_zone),
    "greening:plan-edit": Access(allowed=HEAD, kwargs=plan_in_someones_zone),
    "greening:care-log": post(CARERS, actors_zone),
    "greening:task-done": post(CARERS, plan_in_actors_zone),
    "greening:care-logs": Access(allowed=READERS),
    "greening:inspect": post(HEAD, someones_zone),
    "greening:inspection-repair": post(HEAD, inspection_with_problem),
    "greening:scores": Access(allowed=READERS),
    "greening:rankings": Access(),
    "greening:rankings-pdf": Access(),
    "greening:responsibilities-pdf": Access(),
    "greening:export-zones": Access(allowed=EXPORTERS),
    "greening:export-care": Access(allowed=EXPORTERS),
    "greening:export-scores": Access(allowed=EXPORTERS),
}


def care_photo(world, school):
    """A care log with a photo in a zone kept by the school's zone keeper."""
    from greening.models import CareLog

    from ..factories import image_file

    keeper = world.user(school, Role.ZONE_KEEPER.value)
    built = zone(school, keepers=[keeper], location=world.location(school))
    log = CareLog.objects.create(
        school=school,
        zone=built,
        task="water",
        by=keeper,
        photo=image_file("water.png"),
        thumbnail=image_file("water_thumb.png", colour="blue"),
    )
    return log, built.get_absolute_url()


def inspection_photo(world, school):
    from django.urls import reverse

    from greening.models import Inspection, monday_of

    from ..factories import image_file

    keeper = world.user(school, Role.ZONE_KEEPER.value)
    built = zone(school, keepers=[keeper], location=world.location(school))
    inspection = Inspection.objects.create(
        school=school,
        zone=built,
        week=monday_of(datetime.date.today()),
        by=world.user(school, Role.LOGISTICS_HEAD.value),
        green=8,
        beautiful=8,
        clean_score=8,
        fragrant=8,
        photo=image_file("look.png"),
        thumbnail=image_file("look_thumb.png", colour="blue"),
    )
    return inspection, reverse("greening:zone", args=[built.pk])


def campus_plan(world, school):
    from django.urls import reverse

    from greening.models import CampusPlan

    from ..factories import image_file

    place = world.location(school)
    plan = CampusPlan.objects.create(
        school=school,
        campus=place.campus,
        image=image_file("plan.png"),
        width=8,
        height=6,
    )
    return plan, reverse("greening:plan") + f"?campus={place.campus_id}"


FILES = {
    "greening.carelog": care_photo,
    "greening.inspection": inspection_photo,
    "greening.campusplan": campus_plan,
}
