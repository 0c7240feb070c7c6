"""The demo school's year of repair history, and volume for benchmarks.

Rows are written with ``bulk_create`` (with their timeline entries) rather than
through the services: the services notify people, and a year of history must
load in seconds. Running it twice adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from logistics.choices import LocationKind
from logistics.models import Location, Profile
from logistics.numbering import document_numbers_next
from logistics.roles import Role
from logistics.workflow import past_entries_save, past_entry

from .categories import seed_categories
from .choices import RepairStatus as S
from .models import PriceItem, RepairPart, RepairRequest
from .services import due_at_for, repair_numbers_taken

PRICE_LIST = [
    ("窗玻璃（每块）", "块", "80.00"),
    ("日光灯管", "根", "25.00"),
    ("课桌", "张", "260.00"),
    ("椅子", "把", "120.00"),
    ("门锁", "把", "60.00"),
    ("水龙头", "个", "45.00"),
    ("插座面板", "个", "20.00"),
    ("黑板擦挂钩", "个", "5.00"),
]
# Where a problem can happen: kinds of place (LocationKind values) or the names of
# particular places.
CLASSROOMS = ("classroom",)
ROOMS = ("classroom", "office", "laboratory", "computer_room", "meeting_room")
LIVING = ("classroom", "office", "dormitory")
WASHROOMS = ("washroom",)
CORRIDORS = ("corridor",)
DORMITORY_WASHROOMS = ("dormitory washroom",)  # a washroom in a dormitory building

# category code -> problems: (what is wrong, where, the work done, parts with unit)
PROBLEMS = {
    "lighting": [
        (
            "教室后排两根灯管不亮",
            CLASSROOMS,
            "更换后排LED灯管两根",
            [("LED灯管 T8 1.2米", "根")],
        ),
        ("走廊灯闪烁", CORRIDORS, "更换走廊灯启辉器", [("灯管启辉器", "个")]),
        ("黑板灯不亮", CLASSROOMS, "更换黑板灯灯管", [("LED灯管 T8 1.2米", "根")]),
        (
            "宿舍卫生间灯坏了",
            DORMITORY_WASHROOMS,
            "更换卫生间吸顶灯",
            [("吸顶灯", "个")],
        ),
    ],
    "water": [
        (
            "洗手池水龙头关不紧，一直滴水",
            WASHROOMS,
            "更换水龙头",
            [("水龙头", "个"), ("生料带", "卷")],
        ),
        ("卫生间下水道堵塞", WASHROOMS, "疏通下水道", []),
        (
            "饮水机漏水",
            ("classroom", "office", "corridor"),
            "更换饮水机进水软管",
            [("软管", "根")],
        ),
        (
            "拖把池水管漏水",
            WASHROOMS,
            "更换角阀并重新缠生料带",
            [("角阀", "个"), ("生料带", "卷")],
        ),
    ],
    "electricity": [
        ("讲台插座没电", CLASSROOMS, "更换讲台插座面板", [("插座面板", "个")]),
        ("空调插座跳闸", LIVING, "更换空调回路空气开关", [("空气开关 16A", "个")]),
        (
            "配电箱开关松动",
            CORRIDORS,
            "紧固配电箱接线并更换开关",
            [("空气开关 16A", "个")],
        ),
    ],
    "doors_windows": [
        ("教室前门锁坏了，锁不上", CLASSROOMS, "更换前门门锁", [("门锁", "把")]),
        ("窗户玻璃破裂", LIVING, "更换破裂的窗玻璃", [("窗玻璃", "块")]),
        ("窗户合页松动关不上", LIVING, "更换窗户合页", [("合页", "个")]),
        ("宿舍门把手脱落", ("dormitory",), "重新安装门把手", [("门把手", "个")]),
    ],
    "desks_chairs": [
        ("课桌桌面开裂", CLASSROOMS, "更换课桌桌面", [("课桌", "张")]),
        (
            "椅子腿松动",
            ("classroom", "office", "meeting_room", "library"),
            "紧固椅子腿螺丝",
            [("螺丝", "包")],
        ),
        ("讲台抽屉坏了", CLASSROOMS, "修复讲台抽屉滑轨", [("螺丝", "包")]),
    ],
    "network_av": [
        (
            "投影仪不显示",
            ("classroom", "computer_room", "meeting_room"),
            "更换HDMI线",
            [("HDMI线", "根")],
        ),
        ("教室音箱没有声音", CLASSROOMS, "重新接好音箱线", []),
        ("办公室网络连不上", ("office",), "重做网线水晶头", [("网线水晶头", "个")]),
        ("一体机触摸失灵", CLASSROOMS, "重新校准触摸屏", []),
    ],
    "walls_floors": [
        ("墙皮脱落", ROOMS + CORRIDORS, "铲除脱落墙皮并补刷腻子", [("腻子粉", "袋")]),
        (
            "地砖松动翘起",
            ("classroom", "corridor", "canteen"),
            "重新铺贴地砖",
            [("瓷砖", "块")],
        ),
        (
            "天花板渗水发霉",
            WASHROOMS + ("dormitory",),
            "修补防水并重新粉刷天花板",
            [("腻子粉", "袋")],
        ),
    ],
    "heating": [
        ("暖气片不热", LIVING, "暖气片排气", []),
        ("暖气阀门漏水", LIVING, "更换暖气阀门", [("暖气阀门", "个")]),
    ],
    "other": [
        (
            "窗帘轨道脱落",
            LIVING + ("meeting_room",),
            "重新固定窗帘轨道",
            [("窗帘挂钩", "包")],
        ),
        ("黑板松动", CLASSROOMS, "加固黑板挂件", [("螺丝", "包")]),
        ("篮球架螺丝松动", ("篮球场", "篮球馆"), "紧固篮球架螺丝", [("螺丝", "包")]),
    ],
}
WEIGHTS = [
    ("lighting", 22),
    ("water", 18),
    ("doors_windows", 16),
    ("desks_chairs", 12),
    ("electricity", 10),
    ("network_av", 10),
    ("walls_floors", 5),
    ("heating", 3),
    ("other", 4),
]
FEEDBACK = ["修得很快，谢谢师傅！", "已修好", "满意", "", "", "第二天才来，但修得不错"]


def _technicians(school):
    people = list(
        User.objects.filter(groups__name=Role.TECHNICIAN.value, profile__school=school)
    )
    if len(people) < 2:
        user, created = User.objects.get_or_create(
            username="worker2", defaults={"email": "worker2@demo-school.cn"}
        )
        if created:
            user.set_unusable_password()
            user.save()
            Profile.objects.get_or_create(
                user=user,
                defaults={
                    "school": school,
                    "real_name": "刘国平",
                    "phone": "13700001111",
                },
            )
        user.groups.add(
            Group.objects.get_or_create(name=Role.TECHNICIAN.value)[0],
            Group.objects.get_or_create(name=Role.STAFF.value)[0],
        )
        people = list(
            User.objects.filter(
                groups__name=Role.TECHNICIAN.value, profile__school=school
            ).distinct()
        )
    return people


def seed_repairs(school, *, scale=0, stdout=None):
    """A believable year of repairs; with ``scale`` N, about N/2 more for benchmarks."""
    seed_categories(school.pk)  # normally there since the school was created
    for name, unit, price in PRICE_LIST:
        PriceItem.objects.get_or_create(
            school=school, name=name, defaults={"unit": unit, "price": Decimal(price)}
        )
    have = RepairRequest.objects.filter(school=school).count()
    if have == 0:
        _history(school, count=320, rng=random.Random(20250901), with_log=True)
    if scale:
        wanted = 320 + scale // 2
        if have < wanted:
            _history(
                school,
                count=wanted - max(have, 320),
                rng=random.Random(scale),
                with_log=False,
            )
    if stdout:
        stdout.write(
            f"repairs: {RepairRequest.objects.filter(school=school).count()} requests"
        )


def _number(school, repairs):
    """Numbers from the school's counter in filing order, one batch per month."""
    by_month = {}
    for repair in sorted(repairs, key=lambda r: r.created_at):
        at = timezone.localtime(repair.created_at)
        by_month.setdefault((at.year, at.month), []).append(repair)
    taken = repair_numbers_taken(school.pk)
    for batch in by_month.values():
        numbers = document_numbers_next(
            school=school,
            kind="repair",
            count=len(batch),
            at=batch[0].created_at,
            taken=taken,
        )
        for repair, number in zip(batch, numbers, strict=True):
            repair.number = number


def _fits(location, places):
    """Whether a problem of ``places`` (kinds or names) can happen at ``location``."""
    if location.kind in places or location.name in places:
        return True
    return (
        "dormitory washroom" in places
        and location.kind == LocationKind.WASHROOM
        and location.building is not None
        and "宿舍" in location.building.name
    )


def _working_hour(moment, rng):
    """The same day at a school hour (07:00–17:59 in the school's time zone)."""
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(7, 17), minute=rng.randint(0, 59))


def _steps(created, now, rng, *, last):
    """Assigned, started, done and closed after ``created``, the ``last`` of them
    needed by the request's status no later than ``now``: a recent request has its
    steps squeezed into the time since it was filed, never told as future."""
    assigned = created + datetime.timedelta(hours=rng.uniform(0.2, 20))
    started = assigned + datetime.timedelta(hours=rng.uniform(0.2, 24))
    done = started + datetime.timedelta(hours=rng.uniform(0.3, 6))
    closed = done + datetime.timedelta(days=1)
    steps = {"assigned": assigned, "started": started, "done": done, "closed": closed}
    end = steps[last]
    latest = now - datetime.timedelta(minutes=5)
    if end > latest:
        room = max(latest - created, datetime.timedelta(0))
        squeeze = room / (end - created)
        steps = {key: created + (at - created) * squeeze for key, at in steps.items()}
    return steps


# The last step each status has taken.
LAST_STEP = {
    S.SUBMITTED: "assigned",  # not taken; keeps the arithmetic simple
    S.ASSIGNED: "assigned",
    S.IN_PROGRESS: "started",
    S.DONE: "done",
    S.CONFIRMED: "closed",
}


def _history(school, *, count, rng, with_log):
    locations = list(
        Location.objects.filter(school=school, is_active=True).select_related(
            "building"
        )
    )
    requesters = list(User.objects.filter(profile__school=school, is_active=True))
    technicians = _technicians(school)
    head = User.objects.filter(username="head").first() or requesters[0]
    if not locations or not requesters:
        return
    now = timezone.now()
    by_code = seed_categories(school.pk)
    places = {
        text: [loc for loc in locations if _fits(loc, where)] or locations
        for problems in PROBLEMS.values()
        for text, where, _work, _parts in problems
    }
    categories = [c for c, _w in WEIGHTS]
    weights = [w for _c, w in WEIGHTS]
    repairs, plans = [], []
    for n in range(count):
        category = rng.choices(categories, weights)[0]
        text, _where, work, parts = rng.choice(PROBLEMS[category])
        # A handful from the last days, so the demo has a queue to work.
        days_ago = rng.uniform(0, 3) if n < 10 else rng.uniform(0, 365)
        created = _working_hour(now - datetime.timedelta(days=days_ago), rng)
        if created > now:
            created = now - datetime.timedelta(minutes=rng.randint(20, 90))
        urgency = rng.choices(["normal", "urgent", "emergency"], [80, 17, 3])[0]
        age = (now - created).days
        status = _status_for(age, rng)
        technician = (
            rng.choice(technicians)
            if status not in (S.SUBMITTED, S.REJECTED, S.CANCELLED)
            else None
        )
        steps = _steps(created, now, rng, last=LAST_STEP.get(status, "assigned"))
        assigned, started, done = steps["assigned"], steps["started"], steps["done"]
        ended = min(created + datetime.timedelta(hours=3), now)
        reached_done = status in (S.DONE, S.CONFIRMED)
        rating = rng.choices([5, 4, 3, 2], [60, 28, 9, 3])[0]
        repair = RepairRequest(
            school=school,
            requester=rng.choice(requesters),
            location=rng.choice(places[text]),
            category_id=by_code.get(category) or by_code["other"],
            urgency=urgency,
            description=text,
            contact_phone=f"139{rng.randint(10000000, 99999999)}",
            status=status,
            created_at=created,
            due_at=due_at_for(urgency, created, school=school),
            technician=technician,
            assigned_at=assigned if technician else None,
            started_at=started
            if status in (S.IN_PROGRESS, S.DONE, S.CONFIRMED)
            else None,
            done_at=done if reached_done else None,
            closed_at=steps["closed"]
            if status == S.CONFIRMED
            else ended
            if status in (S.REJECTED, S.CANCELLED)
            else None,
            work_done=work if reached_done else "",
            labour_hours=Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0"]))
            if reached_done
            else Decimal("0"),
            cost=Decimal(rng.choice(["0", "15", "25", "45", "60", "120"]))
            if reached_done and parts
            else Decimal("0"),
            rating=rating if status == S.CONFIRMED else None,
            feedback=rng.choice(FEEDBACK) if status == S.CONFIRMED else "",
        )
        if status == S.CONFIRMED and text == "窗户玻璃破裂" and rng.random() < 0.5:
            repair.is_damage = True
            repair.responsible_name = (
                f"初{rng.choice('一二三')}({rng.randint(1, 6)})班 学生"
            )
            repair.compensation_amount = Decimal("80.00")
            repair.compensation_quantity = Decimal("1")
            if rng.random() < 0.7:
                repair.compensation_paid_at = repair.closed_at
        repairs.append(repair)
        plans.append((parts if reached_done else [], assigned, started, done))
    _number(school, repairs)
    RepairRequest.objects.bulk_create(repairs, batch_size=2000)
    part_rows, logs = [], []
    content_type = ContentType.objects.get_for_model(RepairRequest)
    for repair, (parts, assigned, started, done) in zip(repairs, plans, strict=True):
        for name, unit in rng.sample(parts, k=min(len(parts), rng.randint(1, 2))):
            part_rows.append(
                RepairPart(
                    school=school,
                    repair=repair,
                    name=name,
                    unit=unit,
                    quantity=Decimal(rng.choice([1, 1, 1, 2, 2, 3, 4])),
                    added_by=repair.technician,
                    added_at=done,
                )
            )
        if with_log:
            logs.extend(_timeline(repair, head, content_type, assigned, started, done))
    RepairPart.objects.bulk_create(part_rows, batch_size=5000)
    past_entries_save(logs)


def _status_for(age_days, rng):
    if age_days > 14:
        return rng.choices([S.CONFIRMED, S.REJECTED, S.CANCELLED], [92, 4, 4])[0]
    if age_days > 3:
        return rng.choices(
            [S.CONFIRMED, S.DONE, S.IN_PROGRESS, S.ASSIGNED], [60, 25, 10, 5]
        )[0]
    return rng.choices(
        [S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.DONE], [40, 25, 20, 15]
    )[0]


def _timeline(repair, head, content_type, assigned, started, done):
    def entry(from_state, to_state, by, at, comment=""):
        return past_entry(
            school_id=repair.school_id,
            content_type=content_type,
            object_id=repair.pk,
            from_state=from_state,
            to_state=to_state,
            by=by,
            at=at,
            comment=comment,
        )

    rows = [entry("", S.SUBMITTED, repair.requester, repair.created_at)]
    if repair.status == S.REJECTED:
        rows.append(
            entry(
                S.SUBMITTED,
                S.REJECTED,
                head,
                repair.closed_at,
                "非后勤维修范围，请联系信息中心",
            )
        )
        return rows
    if repair.status == S.CANCELLED:
        rows.append(
            entry(
                S.SUBMITTED,
                S.CANCELLED,
                repair.requester,
                repair.closed_at,
                "已自行解决",
            )
        )
        return rows
    if repair.technician is None:
        return rows
    rows.append(entry(S.SUBMITTED, S.ASSIGNED, head, assigned))
    if repair.started_at:
        rows.append(entry(S.ASSIGNED, S.IN_PROGRESS, repair.technician, started))
    if repair.done_at:
        rows.append(
            entry(S.IN_PROGRESS, S.DONE, repair.technician, done, repair.work_done)
        )
    if repair.status == S.CONFIRMED:
        rows.append(
            entry(
                S.DONE, S.CONFIRMED, repair.requester, repair.closed_at, repair.feedback
            )
        )
    return rows
