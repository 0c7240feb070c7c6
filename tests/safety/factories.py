"""Rows of the safety app for tests, built directly (no services)."""

import datetime
import uuid

from django.utils import timezone

from safety.models import (
    Checkpoint,
    CheckpointKind,
    DocumentVersion,
    FireEquipment,
    Hazard,
    PatrolRound,
    RoundAnswer,
    RoundSchedule,
    Route,
    SafetyDocument,
    Visitor,
)

from ..factories import LocationFactory

CHECKLIST = "门窗已关好上锁\n灯光已关闭\n无安全隐患"


def route_with_checkpoints(school, *, locations=None, name=None):
    kind, _created = CheckpointKind.objects.get_or_create(
        school=school, name="教室", defaults={"checklist": CHECKLIST}
    )
    route = Route.objects.create(
        school=school, name=name or f"夜间路线{uuid.uuid4().hex[:6]}"
    )
    locations = locations or [
        LocationFactory(school=school, building__campus__school=school)
        for _n in range(2)
    ]
    for n, location in enumerate(locations, 1):
        Checkpoint.objects.create(
            school=school, route=route, order=n, location=location, kind=kind
        )
    return route


def schedule(
    school, *, shift="night", start=(0, 0), end=(23, 59), days="every_day", route=None
):
    return RoundSchedule.objects.create(
        school=school,
        shift=shift,
        route=route or route_with_checkpoints(school),
        starts_at=datetime.time(*start),
        ends_at=datetime.time(*end),
        days=days,
    )


def patrol(school, person, *, sched=None, day=None, finished=False):
    sched = sched or schedule(school)
    return PatrolRound.objects.create(
        school=school,
        schedule=sched,
        day=day or timezone.localdate(),
        person=person,
        finished_at=timezone.now() if finished else None,
    )


def problem_answer(school, person, location=None):
    route = route_with_checkpoints(
        school,
        locations=[location] if location else None,
        name=f"路线{uuid.uuid4().hex[:6]}",
    )
    p = patrol(school, person, sched=schedule(school, route=route))
    checkpoint = route.checkpoints.first()
    return RoundAnswer.objects.create(
        school=school,
        client_id=uuid.uuid4(),
        patrol=p,
        checkpoint=checkpoint,
        item="灯光已关闭",
        answer="problem",
        note="路灯不亮",
    )


def hazard(school, found_by, *, status="reported", location=None, **extra):
    row = Hazard(
        school=school,
        number=f"YH{uuid.uuid4().hex[:8]}",
        location=location
        or LocationFactory(school=school, building__campus__school=school),
        description="楼梯扶手松动",
        level="serious",
        status=status,
        found_by=found_by,
        **extra,
    )
    row.save()
    return row


def fire_unit(school, location=None, **extra):
    return FireEquipment.objects.create(
        school=school,
        kind=extra.pop("kind", "extinguisher"),
        model="MFZ/ABC4",
        location=location
        or LocationFactory(school=school, building__campus__school=school),
        **extra,
    )


def visitor(school, by, **extra):
    params = dict(
        school=school,
        name="王五",
        host="陈志强",
        reason="送货",
        registered_by=by,
        id_masked="**************1234",
    )
    params.update(extra)
    return Visitor.objects.create(**params)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def document(school, by):
    from django.core.files.base import ContentFile

    doc = SafetyDocument.objects.create(
        school=school, kind="rules", title="校园安全管理规定"
    )
    version = DocumentVersion(school=school, document=doc, number=1, uploaded_by=by)
    version.file.save("rules.pdf", ContentFile(PDF), save=False)
    version.save()
    return doc
