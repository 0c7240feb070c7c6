"""Writes: every business action of campus safety, one function each.

Each runs in one transaction, checks the acting user's right to act (and the
school), and is idempotent where a phone may send the same thing twice: rounds,
visits, answers and fire checks carry an id made on the phone, so a resend after
a dropped connection finds what the first send stored.
"""

import datetime
import hashlib
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from logistics import documents, images
from logistics.notifications import notify
from logistics.numbering import document_number_next
from logistics.people import people_who_may
from logistics.registry import registry
from logistics.scoping import school_id_of
from logistics.workflow import note

from .choices import Answer, ConfirmMethod, HazardLevel, Pressure, Shift
from .choices import HazardStatus as S
from .conf import safety_rule
from .models import (
    CheckpointVisit,
    DocumentVersion,
    DutyAssignment,
    FireCheck,
    FireEquipment,
    Hazard,
    HazardPhoto,
    PatrolRound,
    ReadConfirmation,
    RoundAnswer,
    Visitor,
)
from .workflows import HAZARD_WORKFLOW

check = HAZARD_WORKFLOW.check
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 320
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _refuse(message, code="not_allowed"):
    raise ValidationError(message, code=code)


def _require(user, perm, message):
    if not user.has_perm(perm):
        _refuse(message)


def _same_school(user, obj):
    if school_id_of(user) != obj.school_id:
        _refuse(_("This belongs to another school."), "other_school")


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        _refuse(_("The phone sent a malformed id."), "bad_id")


def check_photo(upload):
    return images.check_image(upload, max_bytes=MAX_PHOTO_BYTES)


def _heads(school_id):
    return list(people_who_may(school_id, "safety.manage_hazard"))


# -- the duty roster ---------------------------------------------------------------


@transaction.atomic
def duty_assign(*, school_id, day, shift, person, by, note=""):
    """Put ``person`` on duty for ``day``'s ``shift`` (replacing whoever was)."""
    _require(
        by, "safety.manage_patrols", _("Only the logistics head keeps the roster.")
    )
    if school_id_of(by) != school_id or school_id_of(person) != school_id:
        _refuse(_("This person belongs to another school."), "other_school")
    if shift not in Shift.values:
        _refuse(_("Pick a shift."), "bad_shift")
    row = DutyAssignment.objects.filter(school_id=school_id, day=day, shift=shift)
    row = row.first() or DutyAssignment(school_id=school_id, day=day, shift=shift)
    row.person = person
    row.note = note
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return row


@transaction.atomic
def duty_swap(*, assignment, person, reason, by):
    """Someone else takes the shift; who was named first and why are kept."""
    row = DutyAssignment.objects.select_for_update().get(pk=assignment.pk)
    _same_school(by, row)
    if not (by.has_perm("safety.manage_patrols") or row.person_id == by.pk):
        _refuse(_("Only the person on duty or the logistics head records a swap."))
    if school_id_of(person) != row.school_id:
        _refuse(_("This person belongs to another school."), "other_school")
    if person.pk == row.person_id:
        _refuse(_("This person is already on duty then."), "same_person")
    if not reason.strip():
        _refuse(_("Say why the shift is swapped."), "no_reason")
    row.swapped_from_id = row.swapped_from_id or row.person_id
    row.person = person
    row.swap_reason = reason
    row.swapped_by = by
    row.swapped_at = timezone.now()
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return row


def on_duty(school_id, day, shift):
    """The id of the person on the roster for ``day``'s ``shift``, or None."""
    return (
        DutyAssignment.objects.filter(school_id=school_id, day=day, shift=shift)
        .values_list("person_id", flat=True)
        .first()
    )


# -- rounds ------------------------------------------------------------------------


def _may_walk(by, schedule, day):
    _require(by, "safety.walk_patrolround", _("You may not walk patrol rounds."))
    _same_school(by, schedule)
    if by.has_perm("safety.manage_patrols"):
        return
    if on_duty(schedule.school_id, day, schedule.shift) != by.pk:
        _refuse(_("You are not on duty for this round."), "not_on_duty")


@transaction.atomic
def round_start(*, schedule, day, by, client_id, at=None):
    """Begin (or find again) the round of ``schedule`` on ``day``."""
    client_id = _uuid(client_id)
    found = PatrolRound.objects.filter(client_id=client_id).first()
    if found is not None:
        _same_school(by, found)
        return found
    _may_walk(by, schedule, day)
    today = timezone.localdate()
    if not (today - datetime.timedelta(days=1) <= day <= today):
        _refuse(_("Only today's rounds can be walked."), "not_today")
    existing = PatrolRound.objects.filter(schedule=schedule, day=day).first()
    if existing is not None:
        return existing
    return PatrolRound.objects.create(
        school_id=schedule.school_id,
        client_id=client_id,
        schedule=schedule,
        day=day,
        person=by,
        started_at=at or timezone.now(),
    )


def _may_record(by, patrol):
    _same_school(by, patrol)
    if patrol.person_id != by.pk and not by.has_perm("safety.manage_patrols"):
        _refuse(_("This round is walked by someone else."), "not_walker")


def _checkpoint_of(patrol, checkpoint):
    if checkpoint.route_id != patrol.schedule.route_id:
        _refuse(_("This checkpoint is not on the round's route."), "wrong_route")
    return checkpoint


@transaction.atomic
def checkpoint_visit(*, patrol, checkpoint, method, by, client_id, at=None):
    """The walker reached a checkpoint (QR label scanned or ticked). Idempotent."""
    client_id = _uuid(client_id)
    found = CheckpointVisit.objects.filter(client_id=client_id).first()
    if found is not None:
        return found
    _may_record(by, patrol)
    _checkpoint_of(patrol, checkpoint)
    if method not in ConfirmMethod.values:
        _refuse(_("Scan the label or tick the checkpoint."), "bad_method")
    existing = CheckpointVisit.objects.filter(patrol=patrol, checkpoint=checkpoint)
    if existing.exists():
        return existing.first()
    return CheckpointVisit.objects.create(
        school_id=patrol.school_id,
        client_id=client_id,
        patrol=patrol,
        checkpoint=checkpoint,
        method=method,
        at=at or timezone.now(),
    )


def _clean_photo(upload, stem):
    check_photo(upload)
    image, _thumbnail = images.clean_image(upload, max_side=MAX_SIDE)
    return image


@transaction.atomic
def round_answer(
    *, patrol, checkpoint, item, answer, by, client_id, note="", photo=None, at=None
):
    """One checklist item answered; a later answer to the same item replaces the
    earlier one (a tap corrected), a resend of the same answer changes nothing."""
    client_id = _uuid(client_id)
    found = RoundAnswer.objects.filter(client_id=client_id).first()
    if found is not None:
        return found
    _may_record(by, patrol)
    _checkpoint_of(patrol, checkpoint)
    if patrol.finished_at:
        _refuse(_("This round is finished."), "finished")
    if answer not in Answer.values:
        _refuse(_("Answer OK, problem or not applicable."), "bad_answer")
    if item not in checkpoint.kind.items:
        _refuse(_("This item is not on the checkpoint's checklist."), "bad_item")
    row = RoundAnswer.objects.filter(patrol=patrol, checkpoint=checkpoint, item=item)
    row = row.first() or RoundAnswer(
        school_id=patrol.school_id, patrol=patrol, checkpoint=checkpoint, item=item
    )
    row.client_id = client_id
    row.answer = answer
    row.note = note
    row.at = at or timezone.now()
    if photo:
        image = _clean_photo(photo, "answer")
        row.photo.save(image.name, image, save=False)
    row.full_clean(exclude=["photo", "hazard"])
    row.save()
    CheckpointVisit.objects.get_or_create(
        patrol=patrol,
        checkpoint=checkpoint,
        defaults={
            "school_id": patrol.school_id,
            "client_id": uuid.uuid4(),
            "method": ConfirmMethod.TICK,
            "at": row.at,
        },
    )
    return row


@transaction.atomic
def round_finish(*, patrol, by, note="", at=None):
    patrol = PatrolRound.objects.select_for_update().get(pk=patrol.pk)
    _may_record(by, patrol)
    if patrol.finished_at:
        return patrol
    patrol.finished_at = at or timezone.now()
    patrol.note = note or patrol.note
    patrol.full_clean(validate_unique=False, validate_constraints=False)
    patrol.save(update_fields=["finished_at", "note"])
    problems = patrol.answers.filter(answer=Answer.PROBLEM).count()
    if problems:
        notify(
            recipients=_heads(patrol.school_id),
            title=lambda: (
                _("Round %(round)s found %(count)d problem(s)")
                % {"round": patrol, "count": problems}
            ),
            url=patrol.get_absolute_url(),
        )
    return patrol


def _answer_upload(answer):
    if not answer.photo:
        return ()
    with answer.photo.open("rb") as handle:
        return (
            SimpleUploadedFile(answer.photo.name.rsplit("/", 1)[-1], handle.read()),
        )


def _answer_place(answer):
    checkpoint = answer.checkpoint
    return checkpoint.location, checkpoint.place_label


def _answer_text(answer):
    text = f"{answer.checkpoint.place_label}：{answer.item}"
    return f"{text}。{answer.note}" if answer.note else text


@transaction.atomic
def answer_file_repair(*, answer, by, category="other", urgency="normal"):
    """File a repair for a problem found on a round, place and photo filled in,
    through the repairs app's service."""
    answer = RoundAnswer.objects.select_for_update().get(pk=answer.pk)
    _may_record(by, answer.patrol)
    if not answer.is_problem:
        _refuse(_("Only a problem becomes a repair request."), "not_a_problem")
    if answer.repair_number:
        return answer
    file_repair = registry.service("repairs.file")
    if file_repair is None:
        _refuse(
            _("The repairs app is not installed: report the problem another way."),
            "no_repairs",
        )
    location, _label = _answer_place(answer)
    if location is None:
        _refuse(
            _("This checkpoint is not one of the school's places: record a hazard."),
            "no_place",
        )
    repair = file_repair(
        by=by,
        location=location,
        description=_answer_text(answer),
        category=category,
        urgency=urgency,
        photos=_answer_upload(answer),
        source=answer.patrol.get_absolute_url(),
    )
    answer.repair_number = repair.number
    answer.repair_url = repair.get_absolute_url()
    answer.save(update_fields=["repair_number", "repair_url"])
    return answer


@transaction.atomic
def answer_record_hazard(*, answer, by, level=HazardLevel.GENERAL):
    answer = RoundAnswer.objects.select_for_update().get(pk=answer.pk)
    _may_record(by, answer.patrol)
    if not answer.is_problem:
        _refuse(_("Only a problem becomes a hazard."), "not_a_problem")
    if answer.hazard_id:
        return answer
    location, label = _answer_place(answer)
    hazard = hazard_report(
        by=by,
        location=location,
        place_label="" if location else label,
        description=_answer_text(answer),
        level=level,
        photos=_answer_upload(answer),
        repair_number=answer.repair_number,
    )
    answer.hazard = hazard
    answer.save(update_fields=["hazard"])
    return answer


# -- hazards ------------------------------------------------------------------------


def _add_hazard_photo(hazard, upload, *, stage, by, at=None):
    check_photo(upload)
    image, thumbnail = images.clean_image(
        upload, max_side=MAX_SIDE, thumbnail_side=THUMB_SIDE
    )
    photo = HazardPhoto(
        school_id=hazard.school_id,
        hazard=hazard,
        stage=stage,
        uploaded_by=by,
        uploaded_at=at or timezone.now(),
    )
    photo.image.save(image.name, image, save=False)
    photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
    photo.save()
    return photo


def _hazard_numbers_taken(school_id):
    def taken(numbers):
        return Hazard.objects.filter(
            school_id=school_id, number__in=numbers
        ).values_list("number", flat=True)

    return taken


@transaction.atomic
def hazard_report(
    *,
    by,
    description,
    level=HazardLevel.GENERAL,
    location=None,
    place_label="",
    photos=(),
    repair_number="",
    at=None,
):
    """Anyone at the school reports a hazard; the logistics head is told."""
    _require(by, "safety.add_hazard", _("You may not report hazards."))
    school_id = school_id_of(by)
    if location is not None and location.school_id != school_id:
        _refuse(_("This place belongs to another school."), "other_school")
    if location is None and not place_label.strip():
        _refuse(_("Say where the hazard is."), "no_place")
    if level not in HazardLevel.values:
        _refuse(_("Pick a level."), "bad_level")
    at = at or timezone.now()
    hazard = Hazard(
        school_id=school_id,
        location=location,
        place_label=place_label,
        description=description,
        level=level,
        found_by=by,
        found_at=at,
        repair_number=repair_number,
    )
    hazard.full_clean(exclude=["number"])
    from logistics.models import School

    hazard.number = document_number_next(
        school=School.objects.get(pk=school_id),
        kind="hazard",
        at=at,
        taken=_hazard_numbers_taken(school_id),
    )
    hazard.save()
    hazard.log_creation(by=by, at=at)
    for upload in photos:
        _add_hazard_photo(hazard, upload, stage="found", by=by, at=at)
    notify(
        recipients=_heads(school_id),
        title=lambda: (
            _("New hazard %(number)s (%(level)s)")
            % {"number": hazard.number, "level": hazard.get_level_display()}
        ),
        body=lambda: f"{hazard.place}：{description[:200]}",
        url=hazard.get_absolute_url(),
        pending=True,
        urgent=level == HazardLevel.MAJOR,
    )
    return hazard


def _lock(hazard):
    return Hazard.objects.select_for_update().get(pk=hazard.pk)


@transaction.atomic
def hazard_assign(*, hazard, by, rectifier, rectify_by=None, comment=""):
    hazard = _lock(hazard)
    check(hazard, by, "assign")
    if school_id_of(rectifier) != hazard.school_id:
        _refuse(_("This person belongs to another school."), "other_school")
    today = timezone.localdate()
    rectify_by = rectify_by or today + datetime.timedelta(
        days=safety_rule(hazard.school_id, "RECTIFY_DAYS")
    )
    if not (today <= rectify_by <= today + datetime.timedelta(days=365)):
        _refuse(_("The deadline must lie within the next year."), "bad_deadline")
    hazard.rectifier = rectifier
    hazard.rectify_by = rectify_by
    text = _("To be rectified by %(person)s by %(date)s.") % {
        "person": rectifier.profile.real_name
        if hasattr(rectifier, "profile")
        else rectifier,
        "date": rectify_by.isoformat(),
    }
    hazard.move_to(
        S.RECTIFYING,
        by=by,
        comment=f"{text} {comment}".strip(),
        extra_fields=["rectifier", "rectify_by"],
    )
    notify(
        recipients=[rectifier],
        title=lambda: (
            _("Hazard %(number)s: rectify it by %(date)s")
            % {"number": hazard.number, "date": rectify_by.isoformat()}
        ),
        body=lambda: f"{hazard.place}：{hazard.description[:200]}",
        url=hazard.get_absolute_url(),
        pending=True,
    )
    return hazard


@transaction.atomic
def hazard_rectify(*, hazard, by, note, photo, at=None):
    """The rectifier says what was done, with a photo; it awaits re-inspection."""
    hazard = _lock(hazard)
    check(hazard, by, "rectify")
    if not photo:
        _refuse(_("Add a photo of the rectified place."), "no_photo")
    if not note.strip():
        _refuse(_("Say what was done."), "no_note")
    at = at or timezone.now()
    _add_hazard_photo(hazard, photo, stage="rectified", by=by, at=at)
    hazard.rectified_by = by
    hazard.rectified_at = at
    hazard.rectification = note
    hazard.move_to(
        S.RECTIFIED,
        by=by,
        comment=note,
        at=at,
        extra_fields=["rectified_by", "rectified_at", "rectification"],
    )
    notify(
        recipients=[u for u in _heads(hazard.school_id) if u.pk != by.pk],
        title=lambda: (
            _("Hazard %(number)s rectified: re-inspect it") % {"number": hazard.number}
        ),
        url=hazard.get_absolute_url(),
        pending=True,
    )
    return hazard


@transaction.atomic
def hazard_close(*, hazard, by, note="", at=None):
    """Re-inspected by someone other than the rectifier, and found in order."""
    hazard = _lock(hazard)
    check(hazard, by, "close")
    at = at or timezone.now()
    hazard.reinspected_by = by
    hazard.closed_at = at
    hazard.move_to(
        S.CLOSED,
        by=by,
        at=at,
        comment=note or _("Re-inspected: rectified."),
        extra_fields=["reinspected_by", "closed_at"],
    )
    return hazard


@transaction.atomic
def hazard_reopen(*, hazard, by, reason, at=None):
    """The re-inspection failed: back to the rectifier."""
    hazard = _lock(hazard)
    check(hazard, by, "reopen")
    if not reason.strip():
        _refuse(_("Say what is still wrong."), "no_reason")
    hazard.reinspected_by = by
    hazard.move_to(
        S.RECTIFYING,
        by=by,
        at=at,
        comment=_("Re-inspection failed: %(reason)s") % {"reason": reason},
        extra_fields=["reinspected_by"],
    )
    if hazard.rectifier_id:
        notify(
            recipients=[hazard.rectifier],
            title=lambda: (
                _("Hazard %(number)s is not rectified yet") % {"number": hazard.number}
            ),
            body=reason,
            url=hazard.get_absolute_url(),
            pending=True,
        )
    return hazard


def hazard_comment(*, hazard, by, text):
    _same_school(by, hazard)
    return note(hazard, by=by, text=text)


# -- fire equipment --------------------------------------------------------------------


@transaction.atomic
def fire_check(
    *, equipment, by, ok=True, pressure="", note="", client_id=None, at=None
):
    """One unit checked (one tap). Idempotent by ``client_id``."""
    _require(
        by, "safety.check_fireequipment", _("You may not record fire equipment checks.")
    )
    _same_school(by, equipment)
    client_id = _uuid(client_id or uuid.uuid4())
    found = FireCheck.objects.filter(client_id=client_id).first()
    if found is not None:
        return found
    pressure = pressure or equipment.pressure or Pressure.NOT_APPLICABLE
    if pressure not in Pressure.values:
        _refuse(_("Pick the gauge's reading."), "bad_pressure")
    at = at or timezone.now()
    row = FireCheck(
        school_id=equipment.school_id,
        client_id=client_id,
        equipment=equipment,
        by=by,
        ok=ok,
        pressure=pressure,
        note=note,
        checked_at=at,
    )
    row.full_clean()
    row.save()
    FireEquipment.objects.filter(pk=equipment.pk).update(
        last_checked_at=at, pressure=pressure
    )
    if not ok:
        notify(
            recipients=_heads(equipment.school_id),
            title=lambda: (
                _("Fire equipment not in order: %(unit)s") % {"unit": equipment}
            ),
            body=note,
            url=equipment.get_absolute_url(),
            urgent=True,
        )
    return row


@transaction.atomic
def fire_check_room(*, location, by, at=None):
    """Every unit of a room in order, in one tap; units checked this month are
    left as they are."""
    _same_school(by, location)
    at = at or timezone.now()
    month_start = timezone.localtime(at).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    units = FireEquipment.objects.filter(
        school_id=location.school_id, location=location, is_active=True
    ).exclude(last_checked_at__gte=month_start)
    return [fire_check(equipment=unit, by=by, ok=True, at=at) for unit in units]


def fire_expiry_notify(*, school_id, today=None):
    """Tell the heads once of each unit entering its notice period or expired."""
    today = today or timezone.localdate()
    days = safety_rule(school_id, "FIRE_NOTICE_DAYS")
    due = FireEquipment.objects.filter(
        school_id=school_id,
        is_active=True,
        expires_on__lte=today + datetime.timedelta(days=days),
        expiry_notified_on__isnull=True,
    ).select_related("location__building")
    units = list(due)
    if not units:
        return 0
    lines = [
        f"{unit.get_kind_display()} {unit.model} · {unit.location} · {unit.expires_on}"
        for unit in units[:50]
    ]
    from django.urls import reverse

    notify(
        recipients=_heads(school_id),
        title=lambda: (
            _("%(count)d fire equipment unit(s) expiring or expired")
            % {"count": len(units)}
        ),
        body="\n".join(lines),
        url=reverse("safety:fire-due"),
    )
    FireEquipment.objects.filter(pk__in=[u.pk for u in units]).update(
        expiry_notified_on=today
    )
    return len(units)


# -- visitors -------------------------------------------------------------------------

ID_RE = re.compile(r"^[0-9A-Za-z]{6,30}$")


def normalise_id(number):
    return re.sub(r"\s+", "", number or "").upper()


def mask_id(number):
    """Only the last four characters: "**************123X"."""
    number = normalise_id(number)
    if not number:
        return ""
    return "*" * max(len(number) - 4, 0) + number[-4:]


def id_hash(number):
    """A keyed hash (HMAC-SHA256, key derived from SECRET_KEY) to find repeat
    visitors without keeping the number."""
    number = normalise_id(number)
    if not number:
        return ""
    return salted_hmac("safety.visitor-id", number, algorithm="sha256").hexdigest()


@transaction.atomic
def visitor_register(
    *,
    by,
    name,
    host,
    reason,
    phone="",
    id_number="",
    organisation="",
    time_in=None,
    plate="",
    people=1,
):
    _require(by, "safety.add_visitor", _("Only the gate registers visitors."))
    number = normalise_id(id_number)
    if number and not ID_RE.match(number):
        _refuse(_("An ID number has 6 to 30 letters and digits."), "bad_id_number")
    now = timezone.now()
    time_in = time_in or now
    if not (
        now - datetime.timedelta(days=1)
        <= time_in
        <= now + datetime.timedelta(minutes=10)
    ):
        _refuse(_("The time in must be within the last day."), "bad_time")
    visitor = Visitor(
        school_id=school_id_of(by),
        name=name,
        phone=phone,
        id_masked=mask_id(number),
        id_hash=id_hash(number),
        organisation=organisation,
        host=host,
        reason=reason,
        time_in=time_in,
        plate=plate.upper(),
        people=people,
        registered_by=by,
    )
    visitor.full_clean()
    visitor.save()
    return visitor


@transaction.atomic
def visitor_out(*, visitor, by, at=None):
    _require(by, "safety.change_visitor", _("Only the gate records visitors leaving."))
    visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
    _same_school(by, visitor)
    if visitor.time_out:
        _refuse(_("This visitor has already left."), "already_out")
    visitor.time_out = max(at or timezone.now(), visitor.time_in)
    visitor.save(update_fields=["time_out"])
    return visitor


def previous_visits(visitor):
    if not visitor.id_hash:
        return Visitor.objects.none()
    return Visitor.objects.filter(
        school_id=visitor.school_id, id_hash=visitor.id_hash
    ).exclude(pk=visitor.pk)


def visitors_purge(*, now=None):
    """Delete every school's visitor records older than its retention period."""
    from logistics.models import School

    now = now or timezone.now()
    deleted = 0
    for school_id in School.objects.values_list("pk", flat=True):
        days = safety_rule(school_id, "VISITOR_RETENTION_DAYS")
        cutoff = now - datetime.timedelta(days=days)
        count, _rows = Visitor.objects.filter(
            school_id=school_id, time_in__lt=cutoff
        ).delete()
        deleted += count
    return deleted


# -- documents ---------------------------------------------------------------------------


def check_document(upload):
    """A PDF of at most 20 MB, stored under a .pdf name whatever it was called."""
    return documents.check_document(
        upload, kinds=(documents.PDF,), max_bytes=MAX_DOCUMENT_BYTES
    )


@transaction.atomic
def document_upload(*, document, file, by, note=""):
    """A new version becomes the current one; everyone is asked to read it."""
    _require(by, "safety.add_documentversion", _("Only the logistics head uploads."))
    _same_school(by, document)
    check_document(file)
    last = document.versions.order_by("-number").values_list("number", flat=True)
    version = DocumentVersion(
        school_id=document.school_id,
        document=document,
        number=(last.first() or 0) + 1,
        note=note,
        uploaded_by=by,
    )
    digest = hashlib.sha256(file.read()).hexdigest()[:12]
    file.seek(0)
    version.file.save(f"{digest}.pdf", file, save=False)
    version.save()
    return version


def document_read(*, version, by):
    _same_school(by, version)
    try:
        with transaction.atomic():
            row, _created = ReadConfirmation.objects.get_or_create(
                version=version, person=by, defaults={"school_id": version.school_id}
            )
    except IntegrityError:
        row = ReadConfirmation.objects.get(version=version, person=by)
    return row
