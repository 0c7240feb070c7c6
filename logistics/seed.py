"""The demo school's core: places, departments, classes and the people who log in.

Every row is found by a natural key before it is made, so running it twice
changes nothing. Apps add their own data through ``registry.add_seeder``.
"""

import random

from django.contrib.auth.models import Group, User
from django.utils import timezone

from .choices import DepartmentKind, LocationKind
from .models import (
    Building,
    Campus,
    Department,
    Location,
    Notification,
    Profile,
    SchoolClass,
)
from .roles import Role

DEMO_PASSWORD = "demo12345"

# (code, name, floors, rooms per floor, kind of most rooms)
BUILDINGS = [
    ("A", "明德楼", 3, 3, LocationKind.CLASSROOM),
    ("B", "致远楼", 3, 3, LocationKind.CLASSROOM),
    ("C", "格物楼", 4, 3, LocationKind.LABORATORY),
    ("D", "行政楼", 4, 3, LocationKind.OFFICE),
    ("E", "学生宿舍1号楼", 4, 2, LocationKind.DORMITORY),
    ("F", "学生宿舍2号楼", 4, 2, LocationKind.DORMITORY),
    ("G", "学生食堂", 2, 1, LocationKind.CANTEEN),
    ("H", "体育馆", 1, 1, LocationKind.GYMNASIUM),
]
SPECIAL_ROOMS = {
    ("C", 1): [
        ("物理实验室", LocationKind.LABORATORY),
        ("化学实验室", LocationKind.LABORATORY),
    ],
    ("C", 2): [
        ("生物实验室", LocationKind.LABORATORY),
        ("计算机教室一", LocationKind.COMPUTER_ROOM),
    ],
    ("C", 3): [
        ("计算机教室二", LocationKind.COMPUTER_ROOM),
        ("音乐教室", LocationKind.FUNCTION_ROOM),
    ],
    ("C", 4): [
        ("美术教室", LocationKind.FUNCTION_ROOM),
        ("图书馆", LocationKind.LIBRARY),
    ],
    ("D", 1): [("后勤处", LocationKind.OFFICE), ("总务仓库", LocationKind.WAREHOUSE)],
    ("D", 2): [("校长室", LocationKind.OFFICE), ("财务室", LocationKind.OFFICE)],
    ("D", 3): [("教务处", LocationKind.OFFICE), ("德育处", LocationKind.OFFICE)],
    ("D", 4): [
        ("第一会议室", LocationKind.MEETING_ROOM),
        ("文印室", LocationKind.OFFICE),
    ],
    ("G", 1): [("一楼餐厅", LocationKind.CANTEEN), ("后厨", LocationKind.CANTEEN)],
    ("G", 2): [("二楼餐厅", LocationKind.CANTEEN)],
    ("H", 1): [("篮球馆", LocationKind.GYMNASIUM), ("器材室", LocationKind.WAREHOUSE)],
}
# Each building's common parts (corridors, stairs, the building itself: where its
# building asset and its corridor lamps belong), and a washroom on the ground
# floor of the teaching buildings and on every floor of the dormitories.
COMMON_PARTS = "楼道及公共部位"
WASHROOMS = {"A": (1,), "B": (1,), "C": (1,), "D": (1,), "E": (1, 2), "F": (1, 2)}
OUTDOOR = [
    ("OUT-01", "田径运动场", LocationKind.SPORTS_GROUND),
    ("OUT-02", "篮球场", LocationKind.SPORTS_GROUND),
    ("OUT-03", "中心花园", LocationKind.GREEN_AREA),
    ("OUT-04", "东侧绿化带", LocationKind.GREEN_AREA),
    ("OUT-05", "校门及门卫室", LocationKind.OTHER),
]
DEPARTMENTS = [
    ("校长室", DepartmentKind.OFFICE),
    ("办公室", DepartmentKind.OFFICE),
    ("教务处", DepartmentKind.OFFICE),
    ("德育处", DepartmentKind.OFFICE),
    ("后勤处", DepartmentKind.OFFICE),
    ("财务室", DepartmentKind.OFFICE),
    ("信息中心", DepartmentKind.OFFICE),
    ("语文教研组", DepartmentKind.TEACHING_GROUP),
    ("数学教研组", DepartmentKind.TEACHING_GROUP),
    ("英语教研组", DepartmentKind.TEACHING_GROUP),
    ("理化生教研组", DepartmentKind.TEACHING_GROUP),
    ("政史地教研组", DepartmentKind.TEACHING_GROUP),
    ("体艺组", DepartmentKind.TEACHING_GROUP),
    ("初一年级组", DepartmentKind.GRADE_GROUP),
    ("初二年级组", DepartmentKind.GRADE_GROUP),
    ("初三年级组", DepartmentKind.GRADE_GROUP),
]
# username, real name, department, roles, is Django staff (admin site)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", "信息中心", [Role.ADMINISTRATOR], True),
    (
        "staff",
        "李娜",
        "语文教研组",
        [Role.STAFF, Role.ON_DUTY, Role.ZONE_KEEPER],
        False,
    ),
    ("worker", "张建国", "后勤处", [Role.STAFF, Role.TECHNICIAN], False),
    (
        "head",
        "陈志强",
        "后勤处",
        [Role.STAFF, Role.LOGISTICS_HEAD, Role.ON_DUTY, Role.ZONE_KEEPER],
        True,
    ),
    (
        "keeper",
        "刘红梅",
        "后勤处",
        [Role.STAFF, Role.STOREKEEPER, Role.PRINT_ROOM],
        False,
    ),
    ("director", "赵明远", "校长室", [Role.STAFF, Role.DIRECTOR], False),
    ("accountant", "孙丽华", "财务室", [Role.STAFF, Role.ACCOUNTANT], False),
    ("gate", "王保安", "后勤处", [Role.GATE], False),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = [
    "伟",
    "芳",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "文",
    "华",
    "建华",
    "晓燕",
    "海燕",
    "志远",
    "思雨",
    "子涵",
    "雨桐",
    "浩然",
    "婷婷",
    "俊杰",
    "欣怡",
    "嘉怡",
    "宇轩",
    "梓萱",
]
TEACHING_GROUPS = [
    "语文教研组",
    "数学教研组",
    "英语教研组",
    "理化生教研组",
    "政史地教研组",
    "体艺组",
]


def seed_core(school, *, scale=0, stdout=None):
    """Places, organisation and people of the demo school."""
    rng = random.Random(20260901)
    campus, _ = Campus.objects.get_or_create(
        school=school,
        code="MAIN",
        defaults={"name": "本部校区", "address": school.address},
    )
    classrooms = []
    for code, name, floors, per_floor, kind in BUILDINGS:
        building, _ = Building.objects.get_or_create(
            school=school,
            code=code,
            defaults={"campus": campus, "name": name, "floors": floors},
        )
        for floor in range(1, floors + 1):
            rooms = SPECIAL_ROOMS.get((code, floor))
            if rooms is None:
                rooms = [(f"{floor}{n:02d}室", kind) for n in range(1, per_floor + 1)]
            for index, (room_name, room_kind) in enumerate(rooms, start=1):
                location, _ = Location.objects.get_or_create(
                    school=school,
                    code=f"{code}{floor}{index:02d}",
                    defaults={
                        "campus": campus,
                        "building": building,
                        "name": room_name,
                        "kind": room_kind,
                        "floor": floor,
                    },
                )
                if location.kind == LocationKind.CLASSROOM:
                    classrooms.append(location)
        for floor in WASHROOMS.get(code, ()):
            Location.objects.get_or_create(
                school=school,
                code=f"{code}{floor}WC",
                defaults={
                    "campus": campus,
                    "building": building,
                    "name": f"{floor}楼卫生间",
                    "kind": LocationKind.WASHROOM,
                    "floor": floor,
                },
            )
        Location.objects.get_or_create(
            school=school,
            code=f"{code}-GG",
            defaults={
                "campus": campus,
                "building": building,
                "name": COMMON_PARTS,
                "kind": LocationKind.CORRIDOR,
            },
        )
    for code, name, kind in OUTDOOR:
        Location.objects.get_or_create(
            school=school,
            code=code,
            defaults={"campus": campus, "name": name, "kind": kind},
        )

    departments = {}
    for name, kind in DEPARTMENTS:
        departments[name], _ = Department.objects.get_or_create(
            school=school, name=name, defaults={"kind": kind}
        )

    groups = {
        role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role
    }
    for number, (username, real_name, department, roles, is_staff) in enumerate(
        DEMO_ACCOUNTS
    ):
        user = _person(
            school,
            username=username,
            real_name=real_name,
            department=departments[department],
            employee_number=f"T{number + 1:04d}",
            phone=f"139{rng.randint(10000000, 99999999)}",
            password=DEMO_PASSWORD,
        )
        if username == "admin" and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        if is_staff and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(*(groups[role.value] for role in roles))

    Department.objects.filter(school=school, name="后勤处", head__isnull=True).update(
        head=User.objects.get(username="head")
    )

    # Teachers: head teachers of the 18 classes and the teaching groups' members.
    teachers = []
    for index in range(40):
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]
        teacher = _person(
            school,
            username=f"t{index + 1:03d}",
            real_name=name,
            department=departments[TEACHING_GROUPS[index % len(TEACHING_GROUPS)]],
            employee_number=f"T{index + 101:04d}",
            phone=f"138{rng.randint(10000000, 99999999)}",
            password=None,
        )
        teacher.groups.add(groups[Role.STAFF.value])
        teachers.append(teacher)

    head_teachers = [User.objects.get(username="staff"), *teachers]
    for index in range(18):
        grade, number = 7 + index // 6, index % 6 + 1
        SchoolClass.objects.get_or_create(
            school=school,
            grade=grade,
            number=number,
            defaults={
                "head_teacher": head_teachers[index],
                "home_room": classrooms[index] if index < len(classrooms) else None,
            },
        )

    if scale:
        _seed_scale(school, scale)


def _person(
    school, *, username, real_name, department, employee_number, phone, password
):
    user, created = User.objects.get_or_create(username=username)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.email = f"{username}@demo-school.cn"
        user.save()
    Profile.objects.get_or_create(
        user=user,
        defaults={
            "school": school,
            "real_name": real_name,
            "department": department,
            "employee_number": employee_number,
            "phone": phone,
        },
    )
    return user


def _seed_scale(school, scale):
    """Volumes for benchmarks: extra rooms and a long notification history."""
    campus = Campus.objects.get(school=school, code="MAIN")
    have = Location.objects.filter(school=school, code__startswith="BENCH-").count()
    Location.objects.bulk_create(
        Location(
            school=school,
            campus=campus,
            code=f"BENCH-{n:06d}",
            name=f"储物间{n}",
            kind=LocationKind.WAREHOUSE,
        )
        for n in range(have, scale)
    )
    staff = User.objects.get(username="staff")
    have = Notification.objects.filter(recipient=staff).count()
    now = timezone.now()
    Notification.objects.bulk_create(
        (
            Notification(
                school=school,
                recipient=staff,
                title=f"通知 {n}",
                body="这是一条用于性能测试的通知。",
                created_at=now - timezone.timedelta(minutes=n),
            )
            for n in range(have, scale)
        ),
        batch_size=5000,
    )
