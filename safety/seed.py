"""The demo school's campus safety: a term of the duty roster, rounds walked
(some missed), about 40 hazards at every step, about 150 fire equipment units,
a month of visitors and the safety documents. Written with ``bulk_create`` (and
past timeline entries, never in the future); running it twice adds nothing.
"""

import datetime
import random
import uuid

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from logistics.models import Location
from logistics.numbering import document_numbers_next
from logistics.roles import Role
from logistics.workflow import past_entries_save, past_entry

from .choices import Answer, DayKind, FireKind, HazardLevel, Shift
from .choices import HazardStatus as S
from .models import (
    Checkpoint,
    CheckpointKind,
    CheckpointVisit,
    DocumentVersion,
    DutyAssignment,
    EmergencyContact,
    FireCheck,
    FireEquipment,
    Hazard,
    Holiday,
    PatrolRound,
    ReadConfirmation,
    RoundAnswer,
    RoundSchedule,
    Route,
    SafetyDocument,
    Visitor,
)
from .schedule import expected_rounds
from .services import _hazard_numbers_taken, id_hash, mask_id

KINDS = {
    "教室": "门窗已关好上锁\n灯光、电扇、空调已关闭\n多媒体设备已断电\n无安全隐患",
    "实验室": "门窗已关好上锁\n水、电、气已关闭\n危险化学品柜已上锁\n消防器材齐全有效",
    "宿舍": "楼道照明正常\n无违规电器\n安全出口畅通\n学生已就寝、无外人逗留",
    "食堂": "燃气阀门已关闭\n水电已关闭\n门窗已上锁\n卫生整洁",
    "室外": "围墙完好、无人翻越\n路灯照明正常\n无积水、无障碍物\n下班后无闲杂人员",
}
KIND_OF_LOCATION = {
    "classroom": "教室",
    "laboratory": "实验室",
    "computer_room": "实验室",
    "dormitory": "宿舍",
    "canteen": "食堂",
}
PROBLEMS = [
    "路灯不亮",
    "窗户插销损坏",
    "灯光未关",
    "水龙头滴水",
    "消防通道堆放杂物",
    "围墙处有攀爬痕迹",
    "楼道灯不亮",
    "插座面板松动",
]
HAZARD_TEXTS = [
    ("教学楼三楼东侧楼梯扶手松动，学生上下楼有摔倒风险", HazardLevel.SERIOUS),
    ("实验室危化品柜门锁损坏，无法上锁", HazardLevel.MAJOR),
    ("操场东北角围墙有破损，外人可翻越进入", HazardLevel.SERIOUS),
    ("食堂后厨排风管道油污积聚", HazardLevel.SERIOUS),
    ("宿舍楼二楼安全出口指示灯不亮", HazardLevel.GENERAL),
    ("篮球架底座螺丝松动", HazardLevel.GENERAL),
    ("配电室门未上锁，门口堆放纸箱", HazardLevel.SERIOUS),
    ("教学楼一楼消防栓箱被课桌遮挡", HazardLevel.GENERAL),
    ("校门口减速带损坏", HazardLevel.GENERAL),
    ("图书馆灭火器压力不足", HazardLevel.GENERAL),
]
FIXES = ["已更换并加固", "已维修完毕，经测试正常", "已清理并设置警示标识", "已更换新件"]
VISIT_REASONS = [
    ("家长", "接孩子看病"),
    ("中国电信", "网络线路检修"),
    ("区教育局", "安全检查"),
    ("顺丰速运", "送教学用品"),
    ("绿化公司", "校园绿化养护"),
    ("家长", "参加家长会"),
    ("消防器材公司", "灭火器年检"),
]
DOCUMENTS = [
    ("rules", "校园安全管理规定"),
    ("plan", "校园安全紧急预案"),
    ("rules", "校园安全防火制度"),
]
CONTACTS = [
    ("应急总指挥（校长）", "赵明远", "13900000001"),
    ("副总指挥（后勤主任）", "陈志强", "13900000002"),
    ("门卫室", "王保安", "0755-26000000"),
    ("校医室", "林医生", "0755-26000001"),
    ("电工（维修组）", "张建国", "13900000003"),
    ("片区派出所", "值班民警", "0755-26000110"),
]


def _pdf(title):
    """A one-page PDF standing in for the school's own scanned document."""
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        "trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return ContentFile(body.encode("latin-1"), name=f"{uuid.uuid4().hex[:12]}.pdf")


def seed_safety(school, *, scale=0, stdout=None):
    rng = random.Random(20260901)
    now = timezone.now()
    today = timezone.localdate()
    people = {u.username: u for u in User.objects.filter(profile__school=school)}
    head = people.get("head")
    if head is None:
        return
    if not Route.objects.filter(school=school).exists():
        _routes(school)
        _roster(school, people, today, rng)
        _rounds(school, today, now, rng)
        _hazards(school, people, now, rng, count=40)
        _fire(school, people, today, now, rng)
        _visitors(school, people, now, rng, days=30)
        _documents(school, people, now)
    if scale:
        extra_hazards = scale // 10
        have = Hazard.objects.filter(school=school).count()
        if have < 40 + extra_hazards:
            _hazards(school, people, now, rng, count=40 + extra_hazards - have)
        have = Visitor.objects.filter(school=school).count()
        wanted = scale // 5
        if have < wanted:
            _visitors(
                school, people, now, random.Random(scale), days=max(wanted // 8, 1)
            )
    if stdout:
        stdout.write(
            f"safety: {Hazard.objects.filter(school=school).count()} hazards, "
            f"{FireEquipment.objects.filter(school=school).count()} fire units, "
            f"{Visitor.objects.filter(school=school).count()} visitors"
        )


def _routes(school):
    kinds = {
        name: CheckpointKind.objects.create(school=school, name=name, checklist=items)
        for name, items in KINDS.items()
    }
    locations = list(
        Location.objects.filter(school=school, is_active=True).order_by("code")
    )

    def of_kind(*names, limit=6):
        rows = [loc for loc in locations if loc.kind in names]
        return rows[:limit]

    outdoor = [loc for loc in locations if loc.building_id is None][:4]
    teaching = Route.objects.create(school=school, name="教学区巡查路线")
    night = Route.objects.create(school=school, name="夜间宿舍及周界路线")
    holiday = Route.objects.create(school=school, name="节假日全校巡查路线")
    stops = {
        teaching: of_kind("classroom", limit=4)
        + of_kind("laboratory", "computer_room", limit=2),
        night: of_kind("dormitory", limit=3) + outdoor,
        holiday: of_kind("laboratory", limit=1) + of_kind("canteen", limit=1) + outdoor,
    }
    for route, places in stops.items():
        Checkpoint.objects.bulk_create(
            Checkpoint(
                school=school,
                route=route,
                order=n,
                location=place,
                kind=kinds[KIND_OF_LOCATION.get(place.kind, "室外")],
            )
            for n, place in enumerate(places, 1)
        )
    t = datetime.time
    RoundSchedule.objects.bulk_create(
        [
            RoundSchedule(
                school=school,
                shift=Shift.MORNING,
                route=teaching,
                starts_at=t(7, 0),
                ends_at=t(7, 40),
                days=DayKind.SCHOOL_DAY,
            ),
            RoundSchedule(
                school=school,
                shift=Shift.AFTERNOON,
                route=teaching,
                starts_at=t(17, 0),
                ends_at=t(18, 0),
                days=DayKind.SCHOOL_DAY,
            ),
            RoundSchedule(
                school=school,
                shift=Shift.NIGHT,
                route=night,
                starts_at=t(21, 30),
                ends_at=t(23, 0),
                days=DayKind.EVERY_DAY,
            ),
            RoundSchedule(
                school=school,
                shift=Shift.MORNING,
                route=holiday,
                starts_at=t(9, 0),
                ends_at=t(11, 0),
                days=DayKind.HOLIDAY,
            ),
        ]
    )


def _term(today):
    start = today - datetime.timedelta(days=90)
    return start, today + datetime.timedelta(days=60)


def _roster(school, people, today, rng):
    first, last = _term(today)
    for year in {first.year, last.year}:
        for day in range(1, 8):
            Holiday.objects.get_or_create(
                school=school,
                day=datetime.date(year, 10, day),
                defaults={"name": "国庆节"},
            )
        Holiday.objects.get_or_create(
            school=school, day=datetime.date(year, 1, 1), defaults={"name": "元旦"}
        )
        for day in (datetime.date(year, 9, 27), datetime.date(year, 10, 10)):
            if day.weekday() >= 5:
                Holiday.objects.get_or_create(
                    school=school,
                    day=day,
                    defaults={"name": "调休上课", "is_workday": True},
                )
    on_duty = Group.objects.get(name=Role.ON_DUTY.value)
    duty = [people["head"], people.get("staff")]
    teachers = [
        u
        for name, u in sorted(people.items())
        if name.startswith("t") and name[1:].isdigit()
    ][:6]
    if not teachers:
        teachers = [u for u in people.values() if u.username not in ("admin", "gate")][
            :6
        ]
    for teacher in teachers:
        teacher.groups.add(on_duty)
    day_people = [p for p in duty if p]
    night_people = [p for p in duty + teachers if p]
    rows = []
    day, n = first, 0
    while day <= last:
        for shift in Shift:
            pool = night_people if shift == Shift.NIGHT else day_people
            rows.append(
                DutyAssignment(
                    school=school,
                    day=day,
                    shift=shift,
                    person=pool[(n + len(rows)) % len(pool)],
                )
            )
        day += datetime.timedelta(days=1)
        n += 1
    DutyAssignment.objects.bulk_create(rows)
    # A few swaps, recorded.
    swaps = [r for r in rows if r.shift == Shift.NIGHT][5:60:11]
    for row in swaps:
        other = next(p for p in night_people if p.pk != row.person_id)
        row.swapped_from = row.person
        row.person = other
        row.swap_reason = "家中有事，调班"
        row.swapped_by = people["head"]
        row.swapped_at = timezone.make_aware(
            datetime.datetime.combine(
                min(row.day, timezone.localdate()), datetime.time(8)
            )
        ) - datetime.timedelta(days=1)
        row.save()


def _rounds(school, today, now, rng):
    first = today - datetime.timedelta(days=60)
    schedules = list(
        RoundSchedule.objects.filter(school=school).select_related("route")
    )
    roster = {
        (d, s): p
        for d, s, p in DutyAssignment.objects.filter(school=school).values_list(
            "day", "shift", "person_id"
        )
    }
    days_off = dict(
        Holiday.objects.filter(school=school).values_list("day", "is_workday")
    )
    rows = expected_rounds(
        first=first,
        last=today,
        schedules=schedules,
        roster=roster,
        days_off=days_off,
        tz=timezone.get_current_timezone(),
    )
    checkpoints = {}
    for cp in Checkpoint.objects.filter(school=school).select_related(
        "kind", "location"
    ):
        checkpoints.setdefault(cp.route_id, []).append(cp)
    patrols, visits, answers = [], [], []
    for row in rows:
        if row.end > now or row.person_id is None:
            continue
        roll = rng.random()
        if roll < 0.1:
            continue  # missed
        late = roll < 0.17
        started = row.start + datetime.timedelta(minutes=rng.randint(0, 15))
        finished = (
            row.end + datetime.timedelta(minutes=rng.randint(10, 60))
            if late
            else started + datetime.timedelta(minutes=rng.randint(15, 30))
        )
        finished = min(finished, row.end) if not late else finished
        if finished > now:
            continue
        patrol = PatrolRound(
            school=school,
            client_id=uuid.uuid4(),
            schedule=row.schedule,
            day=row.day,
            person_id=row.person_id,
            started_at=started,
            finished_at=finished,
        )
        patrols.append(patrol)
        at = started
        for cp in checkpoints.get(row.schedule.route_id, []):
            at += datetime.timedelta(minutes=2)
            visits.append((patrol, cp, "qr" if rng.random() < 0.7 else "tick", at))
            for item in cp.kind.items:
                problem = rng.random() < 0.015
                answers.append(
                    (
                        patrol,
                        cp,
                        item,
                        Answer.PROBLEM if problem else Answer.OK,
                        rng.choice(PROBLEMS) if problem else "",
                        at,
                    )
                )
    PatrolRound.objects.bulk_create(patrols, batch_size=1000)
    CheckpointVisit.objects.bulk_create(
        (
            CheckpointVisit(
                school=school,
                client_id=uuid.uuid4(),
                patrol=p,
                checkpoint=cp,
                method=m,
                at=at,
            )
            for p, cp, m, at in visits
        ),
        batch_size=2000,
    )
    RoundAnswer.objects.bulk_create(
        (
            RoundAnswer(
                school=school,
                client_id=uuid.uuid4(),
                patrol=p,
                checkpoint=cp,
                item=item,
                answer=answer,
                note=text,
                at=at,
            )
            for p, cp, item, answer, text, at in answers
        ),
        batch_size=2000,
    )


def _hazards(school, people, now, rng, *, count):
    head = people["head"]
    fixers = [u for u in (people.get("worker"), head) if u]
    finders = [u for u in (people.get("staff"), head, people.get("worker")) if u]
    reinspector = people.get("director") or head
    locations = list(Location.objects.filter(school=school, is_active=True)[:60])
    ct = ContentType.objects.get_for_model(Hazard)
    # The step each hazard has reached: about 40 spread over every status.
    steps = [S.REPORTED] * 6 + [S.RECTIFYING] * 10 + [S.RECTIFIED] * 7 + [S.CLOSED] * 17
    rows, plans = [], []
    for n in range(count):
        text, level = HAZARD_TEXTS[n % len(HAZARD_TEXTS)]
        status = steps[n % len(steps)]
        found = now - datetime.timedelta(
            days=rng.randint(2, 120), hours=rng.randint(0, 8)
        )
        hazard = Hazard(
            school=school,
            location=rng.choice(locations) if locations else None,
            place_label="" if locations else "校园",
            description=text,
            level=level,
            status=status,
            found_by=rng.choice(finders),
            found_at=found,
        )
        log = [(None, S.REPORTED, hazard.found_by, found, "")]
        if status != S.REPORTED:
            fixer = rng.choice(fixers)
            assigned = found + datetime.timedelta(hours=rng.randint(1, 20))
            overdue = status == S.RECTIFYING and n % 3 == 0
            hazard.rectifier = fixer
            hazard.rectify_by = (
                timezone.localdate(now) - datetime.timedelta(days=rng.randint(1, 10))
                if overdue
                else timezone.localdate(assigned) + datetime.timedelta(days=7)
            )
            if (
                not overdue
                and hazard.rectify_by < timezone.localdate(now)
                and status == S.RECTIFYING
            ):
                hazard.rectify_by = timezone.localdate(now) + datetime.timedelta(days=5)
            log.append(
                (
                    S.REPORTED,
                    S.RECTIFYING,
                    head,
                    assigned,
                    f"整改期限 {hazard.rectify_by}",
                )
            )
            if status in (S.RECTIFIED, S.CLOSED):
                done = min(assigned + datetime.timedelta(days=rng.randint(1, 6)), now)
                hazard.rectified_by = fixer
                hazard.rectified_at = done
                hazard.rectification = rng.choice(FIXES)
                log.append(
                    (S.RECTIFYING, S.RECTIFIED, fixer, done, hazard.rectification)
                )
                if status == S.CLOSED:
                    checker = reinspector if fixer.pk == head.pk else head
                    closed = min(done + datetime.timedelta(days=1), now)
                    hazard.reinspected_by = checker
                    hazard.closed_at = closed
                    log.append((S.RECTIFIED, S.CLOSED, checker, closed, "复查合格"))
        rows.append(hazard)
        plans.append(log)
    order = sorted(range(len(rows)), key=lambda i: rows[i].found_at)
    by_month = {}
    for i in order:
        at = timezone.localtime(rows[i].found_at)
        by_month.setdefault((at.year, at.month), []).append(rows[i])
    for batch in by_month.values():
        numbers = document_numbers_next(
            school=school,
            kind="hazard",
            count=len(batch),
            at=batch[0].found_at,
            taken=_hazard_numbers_taken(school.pk),
        )
        for hazard, number in zip(batch, numbers, strict=True):
            hazard.number = number
    Hazard.objects.bulk_create(rows)
    entries = [
        past_entry(
            school_id=school.pk,
            content_type=ct,
            object_id=hazard.pk,
            from_state=source or "",
            to_state=target,
            by=by,
            at=min(at, now),
            comment=comment,
        )
        for hazard, log in zip(rows, plans, strict=True)
        for source, target, by, at, comment in log
    ]
    past_entries_save(entries)


def _fire(school, people, today, now, rng):
    locations = list(
        Location.objects.filter(school=school, is_active=True).order_by("code")
    )
    if not locations:
        return
    models = {
        FireKind.EXTINGUISHER: ["MFZ/ABC4", "MFZ/ABC2", "MT/3"],
        FireKind.HYDRANT: ["SN65"],
        FireKind.EMERGENCY_LIGHT: ["YD-ZFJC-E3W"],
        FireKind.ALARM: ["JTY-GD-G3"],
        FireKind.EXIT_SIGN: ["M-BLZD-1LROEI"],
    }
    kinds = [FireKind.EXTINGUISHER] * 3 + [
        FireKind.HYDRANT,
        FireKind.EMERGENCY_LIGHT,
        FireKind.ALARM,
        FireKind.EXIT_SIGN,
    ]
    units = []
    for n in range(150):
        kind = kinds[n % len(kinds)]
        installed = today - datetime.timedelta(days=rng.randint(200, 1800))
        years = 5 if kind == FireKind.EXTINGUISHER else 8
        expires = installed + datetime.timedelta(days=365 * years)
        if n % 15 == 0:
            expires = today + datetime.timedelta(days=rng.randint(3, 25))  # near expiry
        elif n % 37 == 0:
            expires = today - datetime.timedelta(days=rng.randint(1, 20))  # expired
        elif expires < today:
            expires = today + datetime.timedelta(days=rng.randint(60, 900))
        units.append(
            FireEquipment(
                school=school,
                kind=kind,
                model=rng.choice(models[kind]),
                quantity=2 if kind == FireKind.EXTINGUISHER else 1,
                location=locations[n % len(locations)],
                installed_on=installed,
                expires_on=expires,
                pressure="normal" if kind == FireKind.EXTINGUISHER else "na",
                asset_number="",
            )
        )
    FireEquipment.objects.bulk_create(units)
    checker = people.get("staff") or people["head"]
    last_month = now - datetime.timedelta(days=30)
    checks = []
    for unit in units:
        if rng.random() < 0.85:
            at = last_month + datetime.timedelta(hours=rng.randint(0, 20))
            checks.append(
                FireCheck(
                    school=school,
                    equipment=unit,
                    by=checker,
                    ok=True,
                    pressure=unit.pressure,
                    checked_at=at,
                )
            )
        if rng.random() < 0.5:
            at = now - datetime.timedelta(days=rng.randint(1, 20))
            checks.append(
                FireCheck(
                    school=school,
                    equipment=unit,
                    by=checker,
                    ok=True,
                    pressure=unit.pressure,
                    checked_at=at,
                )
            )
            unit.last_checked_at = at
    FireCheck.objects.bulk_create(checks)
    FireEquipment.objects.bulk_update(
        [u for u in units if u.last_checked_at], ["last_checked_at"]
    )


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def _visitors(school, people, now, rng, *, days):
    gate = people.get("gate") or people["head"]
    rows = []
    for back in range(days, -1, -1):
        day = timezone.localdate(now) - datetime.timedelta(days=back)
        if day.weekday() >= 5 and rng.random() < 0.7:
            continue
        for _n in range(rng.randint(3, 9)):
            time_in = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time(rng.randint(7, 16), rng.randint(0, 59))
                )
            )
            if time_in > now:
                continue
            stay = datetime.timedelta(minutes=rng.randint(15, 180))
            out = time_in + stay if time_in + stay < now else None
            if back > 0 and out is None:
                out = time_in + datetime.timedelta(minutes=30)
            organisation, reason = rng.choice(VISIT_REASONS)
            number = f"4403{rng.randint(10, 99)}19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}{rng.choice('0123456789X')}"
            rows.append(
                Visitor(
                    school=school,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    phone=f"13{rng.randint(100000000, 999999999)}",
                    id_masked=mask_id(number),
                    id_hash=id_hash(number),
                    organisation=organisation,
                    host=rng.choice(
                        ["陈志强", "李娜", "教务处", "赵明远", "初二（3）班班主任"]
                    ),
                    reason=reason,
                    time_in=time_in,
                    time_out=out,
                    plate=f"粤B{rng.randint(10000, 99999)}"
                    if rng.random() < 0.3
                    else "",
                    people=rng.choice([1, 1, 1, 2, 3]),
                    registered_by=gate,
                )
            )
    Visitor.objects.bulk_create(rows, batch_size=2000)


def _documents(school, people, now):
    head = people["head"]
    readers = [u for u in people.values() if u.username not in ("admin",)][:12]
    for n, (kind, title) in enumerate(DOCUMENTS):
        document = SafetyDocument.objects.create(school=school, kind=kind, title=title)
        version = DocumentVersion(
            school=school,
            document=document,
            number=1,
            note="初版",
            uploaded_by=head,
            uploaded_at=now - datetime.timedelta(days=60 - n),
        )
        version.file.save(f"{title}.pdf", _pdf(title), save=False)
        version.save()
        ReadConfirmation.objects.bulk_create(
            ReadConfirmation(
                school=school,
                version=version,
                person=reader,
                at=now - datetime.timedelta(days=50 - n),
            )
            for reader in readers[: 8 - n * 2]
        )
    EmergencyContact.objects.bulk_create(
        EmergencyContact(school=school, duty=duty, name=name, phone=phone, order=n)
        for n, (duty, name, phone) in enumerate(CONTACTS)
    )
