"""Greening's business actions: each takes the acting user and checks them.

Zones and plans are the head's; zone keepers log care in their own zones; the
head (or whoever the school names with ``greening.inspect_zone``) scores zones,
never one they keep themselves. Materials come from the warehouse through the
supplies app's ``"supplies.issue"`` and repairs are filed through
``"repairs.file"``, both found in the core registry: without those apps a care
log or an inspection still works.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics import images
from logistics.dates import PAST, check_date
from logistics.registry import registry
from logistics.scoping import school_id_of

from .choices import MAX_SCORE, SCORE_FIELDS, CareTask
from .conf import greening_rule
from .models import (
    CampusPlan,
    CareLog,
    CareMaterial,
    CarePlan,
    Inspection,
    Plant,
    Zone,
    monday_of,
)

MAX_SIDE = 1600
THUMBNAIL_SIDE = 320
MAX_MATERIALS = 10
PLAN_MAX_SIDE = 4000


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _require(by, perm):
    if not by.has_perm(perm):
        raise PermissionDenied


def _same_school(obj, by):
    if obj.school_id != school_id_of(by):
        raise PermissionDenied


def may_manage(by):
    return by.has_perm("greening.manage_zone")


def may_log_care(zone, by):
    """Keepers of the zone who hold the care permission, and the head."""
    if zone.school_id != school_id_of(by) or not by.has_perm("greening.log_care"):
        return False
    return may_manage(by) or zone.keepers.filter(pk=by.pk).exists()


def check_photo(upload, *, school):
    """Refuse a file that is not a photo or is larger than the school allows."""
    return images.check_image(
        upload, max_bytes=greening_rule(school, "MAX_PHOTO_BYTES")
    )


def _store_photo(obj, upload):
    image, thumbnail = images.clean_image(
        upload, max_side=MAX_SIDE, thumbnail_side=THUMBNAIL_SIDE
    )
    obj.photo.save(image.name, image, save=False)
    obj.thumbnail.save(thumbnail.name, thumbnail, save=False)


# -- zones -------------------------------------------------------------------


@transaction.atomic
def zone_save(*, zone, by, locations=None, keepers=None):
    """Create or change a zone (the head's); ``locations`` and ``keepers`` replace
    the zone's when given."""
    _require(by, "greening.manage_zone")
    zone.school_id = school_id_of(by)
    zone.full_clean()
    zone.save()
    if locations is not None:
        if any(location.school_id != zone.school_id for location in locations):
            _refuse(_("A place belongs to another school."), "foreign_location")
        zone.locations.set(locations)
    if keepers is not None:
        if any(school_id_of(person) != zone.school_id for person in keepers):
            _refuse(_("A person belongs to another school."), "foreign_person")
        zone.keepers.set(keepers)
    return zone


@transaction.atomic
def zone_set_outline(*, zone, by, outline):
    """Draw the zone's area on its campus plan: [[x, y], …] fractions 0…1."""
    _require(by, "greening.manage_zone")
    _same_school(zone, by)
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if isinstance(outline, list):
        outline = [
            [round(c, 4) if isinstance(c, float) else c for c in point]
            if isinstance(point, list)
            else point
            for point in outline
        ]
    zone.outline = outline
    zone.full_clean(validate_unique=False)
    zone.save(update_fields=["outline"])
    return zone


@transaction.atomic
def campus_plan_upload(*, campus, by, image):
    """Put up (or replace) the plan of ``campus`` the zones are drawn on."""
    _require(by, "greening.manage_zone")
    _same_school(campus, by)
    images.check_image(
        image, max_bytes=greening_rule(campus.school_id, "MAX_PHOTO_BYTES") * 4
    )
    full, _thumb = images.clean_image(image, max_side=PLAN_MAX_SIDE)
    from PIL import Image

    with Image.open(full) as opened:
        width, height = opened.size
    full.seek(0)
    plan = CampusPlan.objects.filter(campus=campus).first() or CampusPlan(
        school_id=campus.school_id, campus=campus
    )
    plan.image.save(full.name, full, save=False)
    plan.width, plan.height = width, height
    plan.updated_at = timezone.now()
    plan.save()
    return plan


# -- plants -----------------------------------------------------------------


@transaction.atomic
def plant_save(*, plant, by):
    """Record plants in a zone or change them (count, condition): keepers of the
    zone and the head."""
    _same_school(plant.zone, by)
    if not may_log_care(plant.zone, by):
        raise PermissionDenied
    if plant.species.school_id != plant.zone.school_id:
        _refuse(_("The species belongs to another school."), "foreign_species")
    plant.school_id = plant.zone.school_id
    plant.updated_at = timezone.now()
    plant.full_clean()
    plant.save()
    return plant


@transaction.atomic
def planting_record(*, planting, by, participants=()):
    """A planting event with who took part (the head's)."""
    _require(by, "greening.manage_zone")
    _same_school(planting.zone, by)
    planting.school_id = planting.zone.school_id
    planting.recorded_by = by
    if planting.held_on:
        check_date(planting.held_on, PAST)
    planting.full_clean()
    planting.save()
    if any(school_id_of(person) != planting.school_id for person in participants):
        _refuse(_("A person belongs to another school."), "foreign_person")
    planting.participants.set(participants)
    if planting.species_id and planting.count:
        Plant.objects.create(
            school_id=planting.school_id,
            zone=planting.zone,
            species=planting.species,
            count=planting.count,
            planted_on=planting.held_on,
        )
    return planting


# -- care plans -----------------------------------------------------------------


@transaction.atomic
def care_plan_save(*, plan, by):
    _require(by, "greening.manage_zone")
    _same_school(plan.zone, by)
    plan.school_id = plan.zone.school_id
    plan.full_clean()
    plan.save()
    return plan


# -- care logs ---------------------------------------------------------------


def _decimal(value, name):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not 0 < number <= 100000:
        _refuse(
            _("The quantity of %(name)s must be a number above 0.") % {"name": name},
            "bad_quantity",
        )
    return number.quantize(Decimal("0.001"))


def _issue_materials(log, materials, by):
    """Record the materials; those with a warehouse code are issued from stock
    when the supplies app is installed (else recorded as typed)."""
    if len(materials) > MAX_MATERIALS:
        _refuse(_("At most %(n)s materials per record.") % {"n": MAX_MATERIALS}, "many")
    issue = registry.service("supplies.issue")
    issued = []
    for material in materials:
        code = (material.get("item_code") or "").strip()[:30]
        name = (material.get("name") or "").strip()[:100]
        quantity = _decimal(material.get("quantity"), name or code)
        unit = (material.get("unit") or "").strip()[:10]
        movement_id = None
        if code and issue is not None:
            result = issue(
                by=by,
                school_id=log.school_id,
                item_code=code,
                quantity=quantity,
                purpose=_("%(task)s in %(zone)s")
                % {"task": log.get_task_display(), "zone": log.zone.name},
                source_label=_("Care log %(zone)s") % {"zone": log.zone.name},
                source_url=log.get_absolute_url(),
            )
            name = result.get("item_name") or name
            unit = result.get("unit") or unit
            movement_id = result.get("movement_id")
        if not name:
            name = code
        if not name:
            _refuse(_("Name the material used."), "no_material_name")
        issued.append(
            CareMaterial(
                school_id=log.school_id,
                log=log,
                item_code=code,
                name=name,
                quantity=quantity,
                unit=unit,
                movement_id=movement_id,
            )
        )
    for material in issued:
        material.full_clean(exclude=["log"])
    CareMaterial.objects.bulk_create(issued)
    return issued


def keep_off_hours(school):
    return greening_rule(school, "KEEP_OFF_HOURS")


@transaction.atomic
def care_log_create(
    *,
    zone,
    by,
    task,
    plan=None,
    note="",
    photo=None,
    product="",
    amount=None,
    amount_unit="",
    safety_note="",
    materials=(),
    done_at=None,
):
    """Log care work in a zone (a keeper of the zone, or the head). A pesticide
    spray names its product, amount and a safety note and keeps people off the
    zone for the hours the school sets."""
    if zone.school_id != school_id_of(by):
        raise PermissionDenied
    if not may_log_care(zone, by):
        raise PermissionDenied
    if task not in CareTask.values:
        _refuse(_("Choose a care task."), "bad_task")
    if plan is not None and plan.zone_id != zone.pk:
        _refuse(_("The care plan belongs to another zone."), "foreign_plan")
    done_at = done_at or timezone.now()
    check_date(done_at, PAST)
    log = CareLog(
        school_id=zone.school_id,
        zone=zone,
        plan=plan,
        task=task,
        done_at=done_at,
        by=by,
        note=note or "",
    )
    if task == CareTask.SPRAY:
        if not product or amount is None or not safety_note:
            _refuse(
                _("A spray records the pesticide, the amount and a safety note."),
                "spray_incomplete",
            )
        log.product, log.amount = product, amount
        log.amount_unit, log.safety_note = amount_unit or "", safety_note
        hours = keep_off_hours(zone.school_id)
        if hours:
            log.keep_off_until = done_at + datetime.timedelta(hours=hours)
    if photo:
        check_photo(photo, school=zone.school_id)
        _store_photo(log, photo)
    log.full_clean()
    log.save()
    _issue_materials(log, list(materials), by)
    return log


@transaction.atomic
def care_task_done(*, plan, by, photo=None, now=None):
    """One tap on a phone: the plan's task is done now, with an optional photo."""
    plan = CarePlan.objects.select_related("zone").get(pk=plan.pk)
    return care_log_create(
        zone=plan.zone, by=by, task=plan.task, plan=plan, photo=photo, done_at=now
    )


# -- inspections (四化) -----------------------------------------------------------


def check_may_inspect(zone, by):
    """Refuse scoring by someone without the right, or by a keeper of the zone."""
    if zone.school_id != school_id_of(by) or not by.has_perm("greening.inspect_zone"):
        raise PermissionDenied
    if zone.keepers.filter(pk=by.pk).exists():
        _refuse(
            _("You keep this zone yourself: someone else must score it."),
            "own_zone",
        )


def _score(value, name):
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        score = -1
    else:
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = -1
    if not 0 <= score <= MAX_SCORE:
        _refuse(
            _("Each score is a whole number from 0 to %(max)s.") % {"max": MAX_SCORE},
            "bad_score",
        )
    return score


@transaction.atomic
def inspection_record(
    *,
    zone,
    by,
    scores,
    remarks="",
    problem="",
    photo=None,
    file_repair=False,
    repair_category="other",
    week=None,
    at=None,
):
    """Score a zone for a week: green, beautiful, clean, fragrant, 0–10 each. With
    ``file_repair`` the problem found becomes a repair request in the same step
    (place and photo filled in). Returns (inspection, a warning or "")."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    check_may_inspect(zone, by)
    at = at or timezone.now()
    check_date(at, PAST)
    week = monday_of(week or timezone.localdate(at))
    if Inspection.objects.filter(zone=zone, week=week).exists():
        _refuse(
            _("%(zone)s has already been scored for the week of %(week)s.")
            % {"zone": zone.name, "week": week.isoformat()},
            "scored_already",
        )
    inspection = Inspection(
        school_id=zone.school_id,
        zone=zone,
        week=week,
        inspected_at=at,
        by=by,
        remarks=remarks or "",
        problem=problem or "",
        school_class=zone.school_class,
        **{name: _score(scores.get(name), name) for name in SCORE_FIELDS},
    )
    if photo:
        check_photo(photo, school=zone.school_id)
        _store_photo(inspection, photo)
    inspection.full_clean()
    inspection.save()
    inspection.keepers.set(zone.keepers.all())
    warning = ""
    if file_repair:
        warning = _file_repair(inspection, by=by, category=repair_category)
    return inspection, warning


def _file_repair(inspection, *, by, category):
    if not inspection.problem.strip():
        _refuse(_("Describe the problem to file a repair."), "no_problem")
    if inspection.repair_number:
        _refuse(_("A repair has already been filed for this problem."), "filed")
    file_repair = registry.service("repairs.file")
    if file_repair is None:
        return _(
            "The repairs app is not installed: the problem is recorded with the "
            "scores, but no repair request was filed."
        )
    location = inspection.zone.locations.order_by("pk").first()
    if location is None:
        _refuse(
            _(
                "The zone covers no place the repairs know: add its places to the "
                "zone first."
            ),
            "no_location",
        )
    photos = ()
    if inspection.photo:
        with inspection.photo.open("rb") as handle:
            photos = (ContentFile(handle.read(), name="inspection.jpg"),)
    repair = file_repair(
        by=by,
        location=location,
        description=inspection.problem,
        category=category,
        photos=photos,
        source=_("四化 inspection of %(zone)s, week of %(week)s")
        % {"zone": inspection.zone.name, "week": inspection.week.isoformat()},
    )
    inspection.repair_number = repair.number
    inspection.repair_url = repair.get_absolute_url()
    inspection.save(update_fields=["repair_number", "repair_url"])
    return ""


@transaction.atomic
def inspection_file_repair(*, inspection, by, category="other"):
    """File a repair for a problem an inspection recorded earlier."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.school_id != school_id_of(by) or not by.has_perm(
        "greening.inspect_zone"
    ):
        raise PermissionDenied
    warning = _file_repair(inspection, by=by, category=category)
    if warning:
        _refuse(warning, "no_repairs_app")
    return inspection
