"""The demo school's ledger: a few thousand believable assets in its rooms.

Classrooms hold desk-and-chair sets, projectors, whiteboards and air conditioners;
computer rooms hold rows of PCs; labs their instruments; offices PCs, printers and
furniture; dormitories beds; the library its books (not depreciated). Rows are made
with ``bulk_create``: running it twice changes nothing, and ``scale`` N makes sure
N extra assets exist for benchmarks.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from logistics.choices import LocationKind
from logistics.models import Department, Location, SchoolClass
from logistics.seed import COMMON_PARTS

from . import depreciation, services
from .choices import (
    AcquisitionMethod,
    AssetClass,
    AssetCondition,
    AssetStatus,
    ExpenseUse,
    FundingSource,
)
from .models import Asset, Category, Disposal, Stocktake

SCALE_MARK = "bench"

# (name, category code, unit, price range, brands, specification, count per room)
CLASSROOM = [
    ("学生课桌", "6010000", "张", (220, 290), ["冠美", "华育"], "单人升降式", 45),
    ("学生课椅", "6010000", "把", (120, 160), ["冠美", "华育"], "升降式", 45),
    ("学生储物柜", "6010000", "组", (560, 720), ["华育"], "十二门", 4),
    ("教室吊扇", "2200000", "台", (260, 340), ["美的"], "1400mm", 4),
    ("教师讲台", "6010000", "张", (650, 900), ["华育"], "钢木结构", 1),
    ("投影仪", "2020000", "台", (3800, 5200), ["爱普生", "明基"], "CB-X06 3LCD", 1),
    ("交互式电子白板", "2010000", "台", (9800, 14500), ["希沃", "鸿合"], "86英寸", 1),
    (
        "壁挂式空调",
        "2100000",
        "台",
        (3100, 3900),
        ["格力", "美的"],
        "1.5匹 KFR-35GW",
        2,
    ),
    ("教室扩音音箱", "2320000", "套", (1200, 1800), ["漫步者"], "有源壁挂", 1),
    ("图书柜", "6010000", "个", (480, 650), ["华育"], "钢制四门", 2),
]
COMPUTER_ROOM = [
    (
        "学生计算机",
        "2010000",
        "台",
        (3900, 4800),
        ["联想", "清华同方"],
        "启天M428 i5/8G/512G",
        55,
    ),
    ("教师计算机", "2010000", "台", (5200, 6200), ["联想"], "启天M455 i7/16G/1T", 1),
    ("网络交换机", "2010000", "台", (2600, 3800), ["华为", "H3C"], "48口千兆", 2),
    ("投影仪", "2020000", "台", (4200, 5600), ["爱普生"], "CB-FH52", 1),
    ("柜式空调", "2100000", "台", (7600, 9200), ["格力"], "3匹 KFR-72LW", 2),
    ("计算机桌", "6010000", "张", (380, 460), ["华育"], "双人位", 28),
]
LABS = {
    "物理": [
        ("物理实验桌", "6010000", "张", (1600, 2200), ["实验之家"], "全钢结构", 24),
        ("数字示波器", "2410000", "台", (2100, 3200), ["普源"], "DS1102Z-E", 12),
        ("学生电源", "2200000", "台", (320, 480), ["教学仪器厂"], "J1202", 24),
        ("数字化实验系统", "3600000", "套", (16800, 22800), ["朗威"], "DISLab 7.0", 2),
    ],
    "化学": [
        ("化学实验桌", "6010000", "张", (1800, 2400), ["实验之家"], "耐腐蚀台面", 24),
        ("通风橱", "3600000", "台", (9800, 12800), ["实验之家"], "1500型", 2),
        ("电子天平", "2420000", "台", (1100, 1600), ["梅特勒"], "0.01g", 12),
        ("药品柜", "6010000", "个", (1500, 2100), ["实验之家"], "防腐钢制", 4),
    ],
    "生物": [
        (
            "生物显微镜",
            "3600000",
            "台",
            (1200, 1800),
            ["奥林巴斯", "麦克奥迪"],
            "XSP-2CA",
            48,
        ),
        ("生物实验桌", "6010000", "张", (1500, 2000), ["实验之家"], "六人位", 8),
        ("恒温培养箱", "3600000", "台", (4200, 5600), ["一恒"], "DHP-9082", 1),
        ("人体模型", "3600000", "套", (2800, 3900), ["教学仪器厂"], "85cm 可拆", 2),
    ],
}
OFFICE = [
    ("办公计算机", "2010000", "台", (4200, 5600), ["联想", "戴尔"], "启天M455", 4),
    ("激光打印机", "2020000", "台", (1600, 2600), ["惠普", "兄弟"], "M405dn", 1),
    ("办公桌", "6010000", "张", (900, 1300), ["震旦"], "1.4米", 4),
    ("办公椅", "6010000", "把", (380, 560), ["震旦"], "网背转椅", 4),
    ("文件柜", "6010000", "个", (650, 900), ["震旦"], "钢制对开门", 2),
    ("壁挂式空调", "2100000", "台", (3100, 3900), ["格力", "美的"], "1.5匹", 1),
]
DORMITORY = [
    ("学生上下铺床", "6010000", "张", (680, 880), ["华育"], "钢制 0.9米", 4),
    ("学生书桌", "6010000", "张", (260, 340), ["华育"], "0.9米", 8),
    ("学生衣柜", "6010000", "组", (900, 1200), ["华育"], "八门", 1),
    ("壁挂式空调", "2100000", "台", (2900, 3500), ["美的"], "1.5匹", 1),
    ("电热水器", "2100000", "台", (1300, 1800), ["海尔"], "60升", 1),
]
SPECIAL = {
    "音乐教室": [
        ("立式钢琴", "3700000", "台", (18000, 26000), ["珠江", "星海"], "UP118", 1),
        ("电子琴", "3700000", "台", (1400, 2200), ["雅马哈"], "PSR-E473", 20),
    ],
    "美术教室": [
        ("画架", "3700000", "个", (160, 260), ["马利"], "木质", 40),
        ("石膏像", "3700000", "套", (1100, 1600), ["马利"], "教学套装", 2),
    ],
    "图书馆": [
        ("图书", "5010000", "册", (28, 46), [""], "", 0),
        ("书架", "6010000", "组", (1100, 1500), ["华育"], "双面钢制", 40),
        ("阅览桌椅", "6010000", "套", (1200, 1600), ["华育"], "六人位", 12),
        ("图书管理计算机", "2010000", "台", (4300, 5200), ["联想"], "启天M455", 3),
    ],
    "第一会议室": [
        ("会议桌", "6010000", "张", (8800, 12800), ["震旦"], "6米椭圆", 1),
        ("会议椅", "6010000", "把", (420, 620), ["震旦"], "皮面", 30),
        ("会议平板", "2010000", "台", (16800, 23800), ["希沃"], "86英寸", 1),
        ("柜式空调", "2100000", "台", (7600, 9200), ["格力"], "3匹", 2),
    ],
    "文印室": [
        (
            "数码复印机",
            "2020000",
            "台",
            (26000, 38000),
            ["理光", "柯尼卡美能达"],
            "MP 5055SP",
            2,
        ),
        ("一体化速印机", "2020000", "台", (21000, 28000), ["理想"], "SF5353", 1),
        ("装订机", "2020000", "台", (1400, 2300), ["得力"], "热熔", 2),
    ],
    "后厨": [
        ("商用蒸饭柜", "3140000", "台", (6800, 9200), ["德玛仕"], "24盘", 3),
        ("双头大锅灶", "3140000", "台", (5600, 7800), ["德玛仕"], "燃气", 4),
        ("消毒柜", "3140000", "台", (3800, 5200), ["康宝"], "RTP700", 4),
        ("冷藏冷冻柜", "2100000", "台", (5200, 7400), ["海尔"], "六门", 4),
    ],
    "一楼餐厅": [("餐桌椅", "6010000", "套", (680, 880), ["华育"], "八人位", 60)],
    "二楼餐厅": [("餐桌椅", "6010000", "套", (680, 880), ["华育"], "八人位", 50)],
    "器材室": [
        ("篮球架", "3710000", "副", (6800, 9800), ["泰山"], "移动式", 4),
        ("乒乓球台", "3710000", "张", (1800, 2600), ["红双喜"], "T2023", 8),
        ("跳高架", "3710000", "副", (1100, 1500), ["泰山"], "铝合金", 2),
        ("体操垫", "3710000", "块", (320, 480), ["泰山"], "2×1米", 30),
    ],
    "篮球馆": [("LED显示屏", "2320000", "块", (36000, 52000), ["洲明"], "P4 全彩", 1)],
    "校门及门卫室": [
        ("校园监控系统", "2310000", "套", (48000, 68000), ["海康威视"], "64路", 1),
        ("人脸识别闸机", "2310000", "台", (7800, 11800), ["海康威视"], "双通道", 4),
    ],
    "总务仓库": [
        ("备用学生计算机", "2010000", "台", (3900, 4800), ["联想"], "启天M428", 6),
        ("备用投影仪", "2020000", "台", (3800, 5200), ["爱普生"], "CB-X06", 4),
    ],
}
# School-wide assets and where they are: a building is located in its own common
# parts, the running track on the sports ground, the buses at the gate.
SCHOOL_WIDE = [
    (
        ("校车", "2030000", "辆", (420000, 520000), ["宇通"], "ZK6729DX 41座", 2),
        {"name": "校门及门卫室"},
    ),
    (
        ("明德楼", "1020000", "栋", (18800000, 18800000), [""], "钢混结构 3层", 1),
        {"building__name": "明德楼", "name": COMMON_PARTS},
    ),
    (
        ("格物楼", "1020000", "栋", (26500000, 26500000), [""], "钢混结构 4层", 1),
        {"building__name": "格物楼", "name": COMMON_PARTS},
    ),
    (
        ("田径运动场塑胶跑道", "1030000", "项", (2380000, 2380000), [""], "400米", 1),
        {"name": "田径运动场"},
    ),
]


def seed_assets(school, *, scale=0, stdout=None):
    """Build the demo ledger once; with ``scale`` make sure N bench assets exist."""
    rng = random.Random(20260902)
    base = Asset.objects.filter(school=school).exclude(notes=SCALE_MARK)
    if not base.exists():
        made = _seed_ledger(school, rng)
        _seed_workflows(school, rng)
        if stdout is not None:
            stdout.write(f"Assets: {made} cards on the demo ledger.")
    if scale:
        _seed_scale(school, scale, rng)


def _categories(school):
    return {
        c.code: c
        for c in Category.objects.filter(school=school).select_related("parent")
    }


def _people(school):
    users = get_user_model().objects.filter(profile__school=school)
    by_department = {}
    for user in users.select_related("profile"):
        by_department.setdefault(user.profile.department_id, []).append(user)
    return users, by_department


class _Builder:
    def __init__(self, school, rng):
        self.school = school
        self.rng = rng
        self.categories = _categories(school)
        self.rows = []
        self.today = datetime.date.today()

    def add(
        self, spec, *, location, department=None, custodian=None, klass=None, year=None
    ):
        name, code, unit, (low, high), brands, specification, count = spec
        category = self.categories[code]
        if code == "5010000":  # the library's books: a few batch cards
            for batch in range(8):
                quantity = self.rng.randint(800, 3000)
                price = Decimal(self.rng.randint(low * 100, high * 100)) / 100
                self._row(
                    name=f"图书（第{batch + 1}批）",
                    category=category,
                    unit=unit,
                    unit_price=price,
                    quantity=quantity,
                    brand="",
                    specification="中小学图书馆配书目录",
                    location=location,
                    department=department,
                    custodian=custodian,
                    klass=None,
                    year=2012 + batch * 2,
                    asset_class=AssetClass.FIXED,
                )
            return
        year = year or self.rng.randint(2013, self.today.year - 1)
        for _index in range(count):
            price = Decimal(self.rng.randint(low, high))
            self._row(
                name=name,
                category=category,
                unit=unit,
                unit_price=price,
                quantity=1,
                brand=self.rng.choice(brands),
                specification=specification,
                location=location,
                department=department,
                custodian=custodian,
                klass=klass,
                year=year,
                asset_class=None,
            )

    def _row(self, *, year, asset_class, klass, unit_price, quantity, **fields):
        acquired = datetime.date(
            year, self.rng.choice([3, 4, 8, 9, 11, 12]), self.rng.randint(1, 28)
        )
        if acquired > self.today:
            acquired = self.today - datetime.timedelta(days=30)
        value = unit_price * quantity
        asset = Asset(
            school=self.school,
            unit_price=unit_price,
            quantity=quantity,
            original_value=value,
            acquired_on=acquired,
            responsible_class=klass,
            asset_class=asset_class
            or services.asset_class_for(unit_price, school=self.school),
            acquisition_method=AcquisitionMethod.PURCHASE
            if self.rng.random() > 0.05
            else AcquisitionMethod.DONATION,
            funding_source=FundingSource.BUDGET
            if self.rng.random() > 0.15
            else FundingSource.SPECIAL,
            supplier=self.rng.choice(
                ["深圳市教育装备有限公司", "南山区政府采购中心", "广东华教科技有限公司"]
            ),
            invoice_number=f"44031{self.rng.randint(10**9, 10**10 - 1)}",
            serial_number=f"SN{self.rng.randint(10**9, 10**10 - 1)}"
            if unit_price >= 1000
            else "",
            warranty_until=acquired.replace(year=acquired.year + 3)
            if acquired.month != 2 or acquired.day < 29
            else None,
            status=AssetStatus.IN_USE,
            # Most is teaching; the offices' own equipment is administration.
            expense_use=ExpenseUse.ADMINISTRATION
            if len(self.rows) % 5 == 4
            else ExpenseUse.BUSINESS,
            condition=AssetCondition.GOOD
            if acquired.year > 2018
            else self.rng.choice([AssetCondition.GOOD, AssetCondition.FAIR]),
            **fields,
        )
        self.rows.append(asset)

    def save(self):
        by_year = {}
        for asset in self.rows:
            by_year.setdefault(asset.acquired_on.year, []).append(asset)
        for year, assets in sorted(by_year.items()):
            numbers = services.asset_numbers_allocate(
                school=self.school, count=len(assets), year=year
            )
            for asset, number in zip(assets, numbers, strict=True):
                asset.number = number
                depreciation.apply_schedule(asset)
        Asset.objects.bulk_create(self.rows, batch_size=1000)
        return len(self.rows)


def _seed_ledger(school, rng):
    builder = _Builder(school, rng)
    users, by_department = _people(school)
    departments = {d.name: d for d in Department.objects.filter(school=school)}
    classes = {
        c.home_room_id: c
        for c in SchoolClass.objects.filter(school=school).select_related(
            "head_teacher"
        )
    }
    logistics = departments.get("后勤处")
    head = users.filter(username="head").first()

    def someone(department_name):
        people = by_department.get(
            getattr(departments.get(department_name), "pk", None)
        )
        return rng.choice(people) if people else head

    locations = Location.objects.filter(school=school).select_related("building")
    for location in locations.order_by("code"):
        kind = location.kind
        if location.name in SPECIAL:
            department = {
                "图书馆": "教务处",
                "第一会议室": "办公室",
                "文印室": "办公室",
                "器材室": "体艺组",
                "篮球馆": "体艺组",
                "音乐教室": "体艺组",
                "美术教室": "体艺组",
            }.get(location.name, "后勤处")
            for spec in SPECIAL[location.name]:
                builder.add(
                    spec,
                    location=location,
                    department=departments.get(department),
                    custodian=someone(department),
                )
        elif kind == LocationKind.CLASSROOM:
            klass = classes.get(location.pk)
            teacher = klass.head_teacher if klass else someone("教务处")
            year = rng.randint(2015, 2024)
            for spec in CLASSROOM:
                builder.add(
                    spec,
                    location=location,
                    department=departments.get("教务处"),
                    custodian=teacher,
                    klass=klass,
                    year=year,
                )
        elif kind == LocationKind.COMPUTER_ROOM:
            year = rng.randint(2016, 2023)
            for spec in COMPUTER_ROOM:
                builder.add(
                    spec,
                    location=location,
                    department=departments.get("信息中心"),
                    custodian=someone("信息中心"),
                    year=year,
                )
        elif kind == LocationKind.LABORATORY:
            subject = next((s for s in LABS if location.name.startswith(s)), None)
            specs = LABS.get(subject) or LABS["物理"]
            for spec in specs:
                builder.add(
                    spec,
                    location=location,
                    department=departments.get("理化生教研组"),
                    custodian=someone("理化生教研组"),
                )
        elif kind == LocationKind.OFFICE:
            office = location.name if location.name in departments else "办公室"
            for spec in OFFICE:
                builder.add(
                    spec,
                    location=location,
                    department=departments.get(office),
                    custodian=someone(office),
                )
        elif kind == LocationKind.DORMITORY:
            year = rng.randint(2014, 2022)
            for spec in DORMITORY:
                builder.add(
                    spec,
                    location=location,
                    department=logistics,
                    custodian=head,
                    year=year,
                )
    for spec, place in SCHOOL_WIDE:
        builder.add(
            spec,
            location=locations.filter(**place).first(),
            department=logistics,
            custodian=head,
            year=2012 if spec[1] != "2030000" else 2019,
        )
    return builder.save()


def _seed_workflows(school, rng):
    """A few disposals at each step and a finished stocktake, made through services."""
    users = get_user_model().objects.filter(profile__school=school)
    head = users.filter(username="head").first()
    director = users.filter(username="director").first()
    if (
        head is None
        or director is None
        or Disposal.objects.filter(school=school).exists()
    ):
        return
    old = list(
        Asset.objects.filter(
            school=school, category__code="2010000", acquired_on__year__lte=2016
        ).order_by("number")[:9]
    )
    reasons = [
        "主板损坏，维修费用超过残值，无维修价值",
        "使用年限已满，性能无法满足教学需要",
        "屏幕碎裂无法修复",
    ]
    for index, asset in enumerate(old):
        disposal = services.disposal_propose(
            asset=asset, by=head, method="scrap", reason=reasons[index % 3]
        )
        if index < 3:
            continue
        services.disposal_approve(disposal=disposal, by=director, comment="同意报废")
        if index < 6:
            continue
        services.disposal_complete(
            disposal=disposal,
            by=head,
            disposed_on=datetime.date.today() - datetime.timedelta(days=20 * index),
            proceeds=Decimal("50.00"),
            comment="交由再生资源公司回收",
        )
    if not Stocktake.objects.filter(school=school).exists():
        library = Location.objects.filter(school=school, name="图书馆").first()
        if library is not None and library.building_id:
            stocktake = services.stocktake_open(
                school=school,
                by=head,
                name="上学期期末盘点（格物楼）",
                building=library.building,
            )
            services.stocktake_start(stocktake=stocktake, by=head)
            for line in stocktake.lines.select_related("asset")[:200]:
                result = "found" if rng.random() > 0.03 else "missing"
                services.stocktake_mark(line=line, by=head, result=result)


def _seed_scale(school, scale, rng):
    """N more assets spread over the school's rooms, for benchmarks."""
    have = Asset.objects.filter(school=school, notes=SCALE_MARK).count()
    if have >= scale:
        return
    categories = _categories(school)
    locations = list(
        Location.objects.filter(school=school).values_list("pk", flat=True)
    )
    departments = list(
        Department.objects.filter(school=school).values_list("pk", flat=True)
    )
    computers, furniture = categories["2010000"], categories["6010000"]
    count = scale - have
    numbers = services.asset_numbers_allocate(school=school, count=count, year=2020)
    rows = []
    for index, number in enumerate(numbers):
        is_pc = index % 3 == 0
        price = Decimal(rng.randint(3800, 6000) if is_pc else rng.randint(300, 1500))
        asset = Asset(
            school=school,
            number=number,
            name="计算机" if is_pc else "课桌椅",
            category=computers if is_pc else furniture,
            unit="台" if is_pc else "套",
            unit_price=price,
            original_value=price,
            acquired_on=datetime.date(
                2015 + index % 10, index % 12 + 1, 1 + index % 28
            ),
            asset_class=services.asset_class_for(price, school=school),
            location_id=locations[index % len(locations)] if locations else None,
            department_id=departments[index % len(departments)]
            if departments
            else None,
            expense_use=ExpenseUse.ADMINISTRATION
            if index % 5 == 0
            else ExpenseUse.BUSINESS,
            notes=SCALE_MARK,
        )
        depreciation.apply_schedule(asset)
        rows.append(asset)
    Asset.objects.bulk_create(rows, batch_size=2000)
